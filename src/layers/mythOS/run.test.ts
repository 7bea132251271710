/**
 * Integration: mythOS with atmOS's workload, chaOS's faults and a network layer, under the real
 * kernel (in-process), with every checker watching.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import type { LoggedEvent } from '../../kernel/types'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000

async function run(input: ScenarioInput, untilUs: number, hosts = 0) {
  const scenario = ScenarioSchema.parse(input)
  return runInProcessWith(scenario, { untilUs, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), hosts })
}

const mythos = (events: LoggedEvent[], type: string) => events.filter((e) => e.layer === 'mythOS' && e.type === type)

describe('mythOS in the whole run', () => {
  it('default scenario: elects, tells the story, survives chaOS, and every checker is quiet', async () => {
    const r = await run({}, 90 * S)
    expect(r.violations).toEqual([])
    const leaders = mythos(r.events, 'leader_elected')
    expect(leaders.length).toBeGreaterThan(0)
    expect(leaders[0]!.t).toBeLessThan(6 * S)
    const applied = mythos(r.events, 'entry_applied').filter((e) => e.data['kind'] === 'happening')
    expect(applied.length).toBeGreaterThan(50)
    const m = r.summaries.mythOS!
    expect(m['proposalsReceived']).toBe(r.summaries.atmOS!['proposed'])
    console.log('default 90 s:', { leaders: leaders.length, happeningsApplied: applied.length, crashes: m['crashes'], dropped: m['proposalsDropped'], commitIndex: m['commitIndex'] })
  })

  it("chaOS's 'leader' target hits the leader mythOS announced, and a new one takes over", async () => {
    const r = await run({ seed: 5, layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'fault', atUs: 10 * S, fault: 'crash', target: 'leader' }] }, 20 * S)
    expect(r.violations).toEqual([])
    const before = mythos(r.events, 'leader_elected').filter((e) => e.t < 10 * S).at(-1)!
    const crashed = r.events.find((e) => e.layer === 'chaOS' && e.type === 'fault_injected')!
    expect(crashed.data['targets']).toEqual([before.node])
    const stopped = mythos(r.events, 'node_stopped')
    expect(stopped.map((e) => e.node)).toEqual([before.node])
    const after = mythos(r.events, 'leader_elected').filter((e) => e.t > crashed.t)
    expect(after.length).toBeGreaterThan(0)
    expect(after[0]!.data['term']).toBeGreaterThan(before.data['term'] as number)
  })

  it('heavy entropy over several seeds: no safety violation, and liveness after the final heal', async () => {
    for (const seed of [1, 2, 3]) {
      // Faults at entropy 1 for 30 s, then the master knob to 0 and a manual heal of everything.
      const r = await run(
        {
          seed,
          layers: { chaOS: { entropy: 1, crashRatePerMin: 6, partitionRatePerMin: 6, restartDelayMs: 2_000, partitionDurationMs: 3_000 } },
          interventions: [
            { kind: 'slider', atUs: 30 * S, name: 'entropy', value: 0 },
            { kind: 'fault', atUs: 40 * S, fault: 'heal', target: 'majority' },
          ],
        },
        70 * S,
      )
      expect(r.violations, `seed ${seed}`).toEqual([])
      // entropy 0 stops new faults, so the liveness checker did judge the last 25 s
      expect(r.events.filter((e) => e.type === 'fault_injected' && e.t > 31 * S)).toEqual([])
      expect(mythos(r.events, 'entry_applied').filter((e) => e.t > 45 * S).length, `seed ${seed}`).toBeGreaterThan(0)
    }
  })

  it('the same scenario gives the same fingerprint, whatever the placement', async () => {
    const a = await run({ seed: 9 }, 20 * S)
    const b = await run({ seed: 9 }, 20 * S, 3)
    expect(b.fingerprint).toBe(a.fingerprint)
    expect(mythos(b.events, 'entry_applied').length).toBe(mythos(a.events, 'entry_applied').length)
  })

  it('a failed fsync stops the Raft process and asks atmOS to crash its world, which every layer then sees down', async () => {
    const r = await run({ seed: 9, layers: { chaOS: { entropy: 0 }, atmOS: { disk: { writeFailRate: 0.02 } } } }, 20 * S)
    const failed = mythos(r.events, 'disk_write_failed')
    expect(failed.length).toBeGreaterThan(0)
    const crashed = r.events.filter((e) => e.layer === 'atmOS' && e.type === 'node_crashed')
    for (const f of failed) {
      const c = crashed.find((e) => e.node === f.node && e.t > f.t && e.t <= f.t + 2 * 10_000)
      expect(c, `world ${f.node} crashed by atmOS after its disk failed at ${f.t}`).toBeDefined()
      expect(c!.data['requester']).toBe('mythOS')
    }
    expect(r.violations).toEqual([])
  })
})
