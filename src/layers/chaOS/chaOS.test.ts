import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveRng } from '../../kernel/rng'
import { LayerRuntime } from '../../kernel/runtime'
import type { Delivery, Envelope, SimEvent } from '../../kernel/types'
import { ScenarioSchema, type FaultTarget, type Intervention, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { delivery } from '../net/__tests__/helpers'
import { chaosNetParams } from '../net/transport'
import type { ChaosView } from '../views'
import { CHAOS_TICK_US, drawPartition, partitionShapes, resolveTargets } from './faults'
import { clampSlider } from '../../scenario/sliders'
import { chaOS } from './index'

const Q = 10_000
const scenario = (over: ScenarioInput = {}): Scenario => ScenarioSchema.parse({ seed: 5, quantumUs: Q, ...over })
/** A scenario where nothing happens by itself: only interventions act. */
const manual = (over: ScenarioInput = {}): Scenario => scenario({ ...over, chaos: { entropy: 1, crashRatePerMin: 0, partitionRatePerMin: 0, ...over.chaos } })
const iv = (x: Intervention): Delivery => delivery('chaOS', 'intervention', x as never, x.atUs, 'cosmOS')
const fault = (atUs: number, f: 'crash' | 'restart' | 'partition' | 'heal', target: FaultTarget): Delivery => iv({ kind: 'fault', atUs, fault: f, target })
const leader = (atUs: number, term: number, node: number | null): Delivery => delivery('chaOS', 'leader', { term, node }, atUs, 'mythOS')

function run(s: Scenario, untilUs: number, inbox: Delivery[] = []) {
  const rt = LayerRuntime.create(chaOS, s)
  const r = rt.runWindow(0, untilUs, [...inbox].sort((a, b) => a.deliverAt - b.deliverAt))
  return { rt, out: r.outbox, events: r.events, view: rt.view() as unknown as ChaosView }
}
const ofType = (out: Envelope[], type: string) => out.filter((m) => m.type === type)
const evs = (events: SimEvent[], type: string) => events.filter((e) => e.type === type)

describe('chaOS at entropy 0', () => {
  it('injects nothing and draws nothing over an hour, whatever the other sliders', () => {
    const { rt, out, events } = run(scenario({ chaos: { entropy: 0, crashRatePerMin: 60, partitionRatePerMin: 60, lossRate: 1 } }), 3_600_000_000)
    expect(out).toEqual([])
    expect(events).toEqual([])
    expect(rt.nextEventUs()).toBe(null) // idle: no tick at all
    expect(rt.snapshot().rngs).toEqual({})
  })
})

describe('chaOS random faults', () => {
  const s = scenario({ nodes: { count: 5 }, chaos: { entropy: 1, crashRatePerMin: 6, restartDelayMs: 1_000, partitionRatePerMin: 6, partitionDurationMs: 2_000 } })
  const minutes = 30
  const r = run(s, minutes * 60_000_000)

  it('crashes worlds and partitions the cluster at roughly the configured rates', () => {
    const crashes = evs(r.events, 'fault_injected').filter((e) => e.data['kind'] === 'crash').length
    const partitions = evs(r.events, 'fault_injected').filter((e) => e.data['kind'] === 'partition').length
    // A world is down ~1.01 s after each crash (no draws then): up ~ 1 / (1 + 0.01 × 10.1) of the ticks.
    const expectedCrashes = 5 * 6 * minutes * (1 / (1 + 0.01 * 10.1))
    const expectedPartitions = 6 * minutes
    console.info(`measured ${crashes} crashes (expected ≈${expectedCrashes.toFixed(0)}), ${partitions} partitions (expected ≈${expectedPartitions})`)
    expect(Math.abs(crashes - expectedCrashes) / expectedCrashes).toBeLessThan(0.15)
    expect(Math.abs(partitions - expectedPartitions) / expectedPartitions).toBeLessThan(0.2)
    expect(ofType(r.out, 'node_crash').length).toBe(crashes)
    expect(ofType(r.out, 'partition_start').length).toBe(partitions)
  })

  it('announces every change one quantum ahead, decided on the 100 ms tick', () => {
    for (const m of r.out) expect(m.to).toBe('*')
    for (const m of [...ofType(r.out, 'node_crash'), ...ofType(r.out, 'partition_start')]) expect((m.at - Q) % CHAOS_TICK_US).toBe(0)
    for (const e of evs(r.events, 'fault_injected')) expect(e.t % CHAOS_TICK_US).toBe(Q)
  })

  it('restarts a crashed world after restartDelayMs: node_restarting one quantum before node_restart', () => {
    const crashAt = new Map<number, number>()
    const restarting = new Map<number, number>()
    let restarts = 0
    for (const m of [...r.out].sort((a, b) => a.at - b.at || a.seq - b.seq)) {
      const node = m.data['node'] as number
      if (m.type === 'node_crash') crashAt.set(node, m.at)
      if (m.type === 'node_restarting') restarting.set(node, m.at)
      if (m.type === 'node_restart') {
        expect(m.at).toBe(crashAt.get(node)! + 1_000_000)
        expect(restarting.get(node)).toBe(m.at - Q)
        restarts++
      }
    }
    expect(restarts).toBeGreaterThan(0)
    expect(restarts).toBeGreaterThanOrEqual(ofType(r.out, 'node_crash').length - 5)
  })

  it('heals every random partition after partitionDurationMs, in Jepsen shapes', () => {
    const heals = new Map(ofType(r.out, 'partition_heal').map((m) => [m.data['id'], m.at]))
    const sizes = new Set<number>()
    for (const m of ofType(r.out, 'partition_start')) {
      if (heals.has(m.data['id'])) expect(heals.get(m.data['id'])).toBe(m.at + 2_000_000)
      const [isolated, rest] = m.data['groups'] as number[][]
      expect([...isolated!, ...rest!].sort()).toEqual([0, 1, 2, 3, 4])
      sizes.add(isolated!.length)
    }
    expect([...sizes].sort()).toEqual([1, 2]) // one / minority-third isolate 1 of 5; majority bisects 2 | 3
    expect(evs(r.events, 'fault_healed').filter((e) => e.data['kind'] === 'partition').length).toBeGreaterThan(0)
  })

  it('is reproducible: the same seed gives the same faults, another seed different ones', () => {
    const again = run(s, minutes * 60_000_000)
    expect(again.out).toEqual(r.out)
    expect(again.events).toEqual(r.events)
    const other = run({ ...s, seed: 6 }, minutes * 60_000_000)
    expect(other.out).not.toEqual(r.out)
  })

  it('never partitions the ideal network', () => {
    const ideal = run({ ...s, network: 'aetherOS' }, 10 * 60_000_000)
    expect(ofType(ideal.out, 'partition_start')).toEqual([])
    expect(ofType(ideal.out, 'node_crash').length).toBeGreaterThan(0)
  })
})

describe('chaOS manual faults (Jepsen targets)', () => {
  it('crashes a world by id at the intervention time + one quantum, until a manual restart', () => {
    const { out, events, view } = run(manual(), 10_000_000, [fault(1_000_000, 'crash', 3)])
    expect(out.map((m) => [m.type, m.data, m.at])).toEqual([['node_crash', { node: 3 }, 1_000_000 + Q]])
    expect(evs(events, 'fault_injected').map((e) => [e.t, e.data])).toEqual([[1_000_000 + Q, { kind: 'crash', targets: [3], untilUs: null }]])
    expect(view.activeFaults).toEqual([{ kind: 'crash', targets: [3], untilUs: null }])
    expect(view.injected).toBe(1)
  })

  it("resolves 'leader' to the latest leader broadcast (highest term), and skips when none is known", () => {
    const none = run(manual(), 2_000_000, [fault(1_000_000, 'crash', 'leader')])
    expect(none.out).toEqual([])
    expect(evs(none.events, 'fault_skipped').map((e) => e.data)).toEqual([{ kind: 'crash', reason: 'leader: no leader is known yet' }])
    const known = run(manual(), 2_000_000, [leader(100_000, 2, 4), leader(200_000, 1, 1), fault(1_000_000, 'crash', 'leader')])
    expect(ofType(known.out, 'node_crash').map((m) => m.data['node'])).toEqual([4])
    const gone = run(manual(), 2_000_000, [leader(100_000, 2, 4), leader(200_000, 3, null), fault(1_000_000, 'partition', 'leader')])
    expect(gone.out).toEqual([])
  })

  it("resolves 'one' to an up world for a crash and to a down world for a restart", () => {
    const inbox = [0, 1, 2, 3].map((n) => fault(100_000 + n, 'crash', n))
    const { out } = run(manual(), 2_000_000, [...inbox, fault(500_000, 'crash', 'one'), fault(900_000, 'restart', 'one')])
    const crashed = ofType(out, 'node_crash').map((m) => m.data['node'])
    expect(crashed).toEqual([0, 1, 2, 3, 4])
    expect(ofType(out, 'node_restarting').length).toBe(1)
  })

  it("resolves 'minority' to ⌊(n−1)/2⌋ and 'majority' to ⌊n/2⌋+1 random worlds, and partitions isolate them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 3, max: 40 }), (seed, n) => {
        const { out, events } = run(manual({ seed, nodes: { count: n } }), 2_000_000, [fault(100_000, 'partition', 'minority'), fault(200_000, 'partition', 'majority')])
        const starts = ofType(out, 'partition_start')
        expect(starts.map((m) => (m.data['groups'] as number[][])[0]!.length)).toEqual([Math.floor((n - 1) / 2), Math.floor(n / 2) + 1])
        for (const m of starts) {
          const [isolated, rest] = m.data['groups'] as number[][]
          expect([...isolated!, ...rest!].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
          expect(m.at).toBe((m.data['id'] === 1 ? 100_000 : 200_000) + Q)
        }
        expect(evs(events, 'fault_injected').map((e) => e.data['untilUs'])).toEqual([null, null])
      }),
      { numRuns: 30 },
    )
  })

  it('crashes and restarts each target; a target already in that state is skipped with a reason', () => {
    const { out, events } = run(manual(), 3_000_000, [fault(100_000, 'crash', 1), fault(200_000, 'crash', 'majority'), fault(1_000_000, 'restart', 'majority'), fault(1_100_000, 'restart', 0)])
    const crashed = ofType(out, 'node_crash').map((m) => m.data['node'] as number)
    expect(crashed[0]).toBe(1)
    expect(new Set(crashed).size).toBe(crashed.length)
    expect(evs(events, 'fault_skipped').length).toBeGreaterThanOrEqual(1)
    for (const e of evs(events, 'fault_skipped')) expect(e.data['reason']).toMatch(/already down|not down/)
    for (const m of ofType(out, 'node_restart')) expect(ofType(out, 'node_restarting').some((x) => x.data['node'] === m.data['node'] && x.at === m.at - Q)).toBe(true)
  })

  it('heal heals every partition and restarts nothing', () => {
    const { out, events, view } = run(manual(), 3_000_000, [fault(100_000, 'crash', 0), fault(200_000, 'partition', 1), fault(300_000, 'partition', 'minority'), fault(1_000_000, 'heal', 'one')])
    expect(ofType(out, 'partition_heal').map((m) => [m.data, m.at])).toEqual([[{ id: null }, 1_000_000 + Q]])
    expect(ofType(out, 'node_restart')).toEqual([])
    expect(evs(events, 'fault_healed').map((e) => [e.t, e.data['kind']])).toEqual([[1_000_000 + Q, 'partition'], [1_000_000 + Q, 'partition']])
    expect(view.activeFaults).toEqual([{ kind: 'crash', targets: [0], untilUs: null }])
    const nothing = run(manual(), 1_000_000, [fault(100_000, 'heal', 'one')])
    expect(evs(nothing.events, 'fault_skipped').map((e) => e.data['kind'])).toEqual(['heal'])
  })

  it('refuses a manual partition on aetherOS with fault_skipped', () => {
    const { out, events } = run(manual({ network: 'aetherOS' }), 1_000_000, [fault(100_000, 'partition', 'one')])
    expect(out).toEqual([])
    expect(evs(events, 'fault_skipped').map((e) => e.data['kind'])).toEqual(['partition'])
  })

  it('a manual restart replaces a scheduled automatic one', () => {
    const s = scenario({ nodes: { count: 3 }, chaos: { entropy: 1, crashRatePerMin: 60, partitionRatePerMin: 0, restartDelayMs: 60_000 } })
    const first = run(s, 2_000_000).out.find((m) => m.type === 'node_crash')!
    const node = first.data['node'] as number
    const { out } = run(s, 200_000_000, [fault(first.at + 100_000, 'restart', node)])
    const restarts = ofType(out, 'node_restart').filter((m) => m.data['node'] === node && m.at < first.at + 60_000_000 + Q)
    expect(restarts.map((m) => m.at)).toEqual([first.at + 100_000 + 2 * Q])
  })
})

describe('chaOS sliders', () => {
  it('moves a slider, logs it, and broadcasts net_params one quantum ahead when the network changes', () => {
    const { out, events, view } = run(manual(), 2_000_000, [iv({ kind: 'slider', atUs: 500_000, name: 'lossRate', value: 0.5 }), iv({ kind: 'slider', atUs: 600_000, name: 'restartDelayMs', value: 100 })])
    expect(evs(events, 'slider_changed').map((e) => [e.t, e.data])).toEqual([[500_000, { name: 'lossRate', value: 0.5 }], [600_000, { name: 'restartDelayMs', value: 100 }]])
    const params = ofType(out, 'net_params')
    expect(params.length).toBe(1)
    expect(params[0]!.at).toBe(500_000 + Q)
    expect(params[0]!.data['params']).toEqual(chaosNetParams({ ...manual().chaos, lossRate: 0.5 }))
    expect(view.sliders.lossRate).toBe(0.5)
  })

  it('clamps an out-of-range value to the schema range, with a warning event', () => {
    const { events, view } = run(manual(), 2_000_000, [iv({ kind: 'slider', atUs: 100_000, name: 'entropy', value: 7 }), iv({ kind: 'slider', atUs: 200_000, name: 'restartDelayMs', value: 12.6 })])
    expect(evs(events, 'slider_clamped').map((e) => e.data)).toEqual([{ name: 'entropy', requested: 7, value: 1 }, { name: 'restartDelayMs', requested: 12.6, value: 13 }])
    expect(view.sliders.entropy).toBe(1)
  })

  it('wakes up when entropy rises from 0', () => {
    const s = scenario({ chaos: { entropy: 0, crashRatePerMin: 60 } })
    const { out } = run(s, 10_000_000, [iv({ kind: 'slider', atUs: 5_000_000, name: 'entropy', value: 1 })])
    const crashes = ofType(out, 'node_crash')
    expect(crashes.length).toBeGreaterThan(0)
    expect(Math.min(...crashes.map((m) => m.at))).toBeGreaterThan(5_000_000)
  })

  it('reports a malformed intervention instead of failing', () => {
    const { events } = run(manual(), 1_000_000, [delivery('chaOS', 'intervention', { kind: 'slider', atUs: 1, name: 'nope', value: 1 }, 1, 'cosmOS')])
    expect(evs(events, 'fault_skipped')[0]!.data['reason']).toMatch(/malformed intervention/)
  })
})

describe('chaOS fault shapes (pure)', () => {
  it('draws Jepsen partition shapes: one, majority (⌊n/2⌋ | rest), minority-third (⌊(n−1)/3⌋ | rest)', () => {
    const rng = deriveRng(1, 'test')
    expect(partitionShapes(1)).toEqual([])
    expect(partitionShapes(3)).toEqual(['one', 'majority'])
    expect(partitionShapes(7)).toEqual(['one', 'majority', 'minority-third'])
    expect(drawPartition(rng, 7, 'one').isolated.length).toBe(1)
    expect(drawPartition(rng, 7, 'majority').isolated.length).toBe(3)
    expect(drawPartition(rng, 7, 'minority-third').isolated.length).toBe(2)
    const { isolated, rest } = drawPartition(rng, 7, 'majority')
    expect([...isolated, ...rest].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('resolves targets with Jepsen sizes and refuses what cannot be', () => {
    const rng = deriveRng(1, 'test')
    const up = [true, false, true, true, false]
    expect(resolveTargets(2, 'crash', rng, up, null)).toEqual({ targets: [2] })
    expect(resolveTargets(9, 'crash', rng, up, null)).toHaveProperty('skip')
    expect(resolveTargets('leader', 'crash', rng, up, 3)).toEqual({ targets: [3] })
    for (let i = 0; i < 20; i++) expect([[1], [4]]).toContainEqual((resolveTargets('one', 'restart', rng, up, null) as { targets: number[] }).targets)
    expect(resolveTargets('minority', 'crash', rng, [true], null)).toHaveProperty('skip')
    expect((resolveTargets('majority', 'crash', rng, [true], null) as { targets: number[] }).targets).toEqual([0])
  })

  it('clamps sliders to the schema ranges', () => {
    expect(clampSlider('lossRate', -1)).toEqual({ value: 0, clamped: true })
    expect(clampSlider('latencyMultiplier', 0.5)).toEqual({ value: 1, clamped: true })
    expect(clampSlider('crashRatePerMin', 3)).toEqual({ value: 3, clamped: false })
    expect(clampSlider('partitionDurationMs', Number.NaN).value).toBe(0)
  })
})
