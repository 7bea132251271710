import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ScenarioSchema, type Scenario } from '../scenario/schema'
import { simUs } from '../kernel/time'
import type { JsonObject } from '../kernel/types'
import { decodeScenario, encodeScenario } from '../scenario/url'
import { explicitFaults, withExplicitFaults } from './explicit'
import { NotFailingError, runForShrink, shrink, type ShrinkProgress } from './shrink'

const scenarioFile = (name: string): Scenario => ScenarioSchema.parse(JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8')))

describe('random faults made explicit', () => {
  it('turns chaOS\'s random crashes, partitions and clock jumps into timed interventions', () => {
    const ev = (t: number, type: string, data: JsonObject) => ({ t: simUs(t), layer: 'chaOS' as const, type, data })
    const faults = explicitFaults([
      ev(1_000_000, 'fault_injected', { kind: 'crash', targets: [2], untilUs: 4_000_000 }),
      ev(2_000_000, 'fault_injected', { kind: 'crash', targets: [3], untilUs: null }), // manual: already an intervention
      ev(3_010_000, 'fault_injected', { kind: 'partition', targets: [0, 4], untilUs: 8_010_000 }),
      ev(5_000_000, 'clock_jumped', { node: 1, jumpUs: -120_400, random: true }),
    ], 10_000, 5)
    // Exact: the crash restarts by itself when the random one did; the partition isolates worlds 0
    // and 4 together (one group) and heals by itself when the random one did.
    expect(faults).toEqual([
      { kind: 'fault', atUs: 1_000_000, fault: 'crash', target: 2, durationUs: 3_000_000 },
      { kind: 'fault', atUs: 3_000_000, fault: 'partition', target: 0, worlds: [0, 4], durationUs: 5_000_000 },
      { kind: 'fault', atUs: 5_000_000, fault: 'clock_jump', target: 1, jumpMs: -120 },
    ])
    // A majorities-ring keeps its order.
    expect(explicitFaults([ev(1_010_000, 'fault_injected', { kind: 'partition', targets: [3, 0, 4, 1, 2], untilUs: 2_010_000 })], 10_000, 5))
      .toEqual([{ kind: 'fault', atUs: 1_000_000, fault: 'partition', target: 'majorities-ring', worlds: [3, 0, 4, 1, 2], durationUs: 1_000_000 }])
    const s = withExplicitFaults(ScenarioSchema.parse({ interventions: [{ kind: 'slider', atUs: 0, name: 'crashRatePerMin', value: 9 }, { kind: 'slider', atUs: 500_000, name: 'lossRate', value: 0.1 }] }), faults)
    expect(s.layers.chaOS.crashRatePerMin).toBe(0)
    expect(s.layers.chaOS.partitionRatePerMin).toBe(0)
    expect(s.interventions.map((iv) => iv.atUs)).toEqual([500_000, 1_000_000, 3_000_000, 5_000_000])
    expect(ScenarioSchema.safeParse(s).success).toBe(true)
  })
})

describe('shrink: a failing run to a minimal fault schedule', () => {
  it('shrinks a skipLogCheck run to a few interventions, in a link that still fails', async () => {
    const s = scenarioFile('raft-bug-skip-log-check')
    const phases = new Set<string>()
    const r = await shrink(s, { untilUs: s.stopUs!, onProgress: (p: ShrinkProgress) => phases.add(p.phase) })
    expect(r.original.violation.checker).toBe('raft')
    expect(r.madeExplicit).toBe(true)
    expect(r.explicit).toBeGreaterThan(4)
    expect(r.interventions).toBeLessThan(r.explicit)
    expect(r.scenario.layers.chaOS.crashRatePerMin).toBe(0)
    expect([...phases]).toEqual(['original', 'shorten', 'explicit', 'ddmin', 'verify', 'done'])
    expect(r.scenario.stopUs).toBeLessThanOrEqual(r.original.violation.t + 2 * s.quantumUs)
    // The link, decoded as a receiver would, still fails the same way by its stop time.
    const back = decodeScenario(encodeScenario(r.scenario))
    if (!back.ok) throw new Error(back.error)
    const again = await runForShrink(back.scenario, back.scenario.stopUs!)
    expect(again.violations.some((v) => v.checker === 'raft')).toBe(true)
    // 1-minimal: without any one of its interventions it no longer fails.
    for (let k = 0; k < r.scenario.interventions.length; k++) {
      const without = { ...r.scenario, interventions: r.scenario.interventions.filter((_, j) => j !== k) }
      expect((await runForShrink(without, without.stopUs!)).violations.filter((v) => v.checker === 'raft'), `without intervention ${k}`).toEqual([])
    }
  }, 120_000)

  it('says so when the run does not fail', async () => {
    const s = ScenarioSchema.parse({ run: ['atmOS', 'chaOS', 'mythOS'], stopUs: 3_000_000 })
    await expect(shrink(s, { untilUs: 3_000_000 })).rejects.toBeInstanceOf(NotFailingError)
  })
})
