/**
 * harmoniOS in the whole run: harmony is reached in a quiet run and never lost there; a crash loses
 * it (naming the world) and it comes back once the world is back and caught up; a partition loses
 * it until healed; a canary rollout of a sound version completes, one whose leader stops
 * heartbeating aborts on the election alert and rolls its canaries back; a second release while one
 * rolls out is refused; parts whose layer does not run are said to be unjudged.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000
const RUN = [...new Set([...DEFAULT_RUN, 'nomOS', 'harmoniOS', 'anomOS'])]

async function run(input: ScenarioInput, untilS: number, seed = 3) {
  const scenario = ScenarioSchema.parse({ run: RUN, seed, ...input, layers: { chaOS: { entropy: 0 }, ...input.layers } })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}
type Run = Awaited<ReturnType<typeof run>>
const of = (r: Run, type: string) => r.events.filter((e) => e.type === type)

describe('harmoniOS in the run', () => {
  it('a quiet run reaches harmony within seconds and keeps it', async () => {
    const r = await run({}, 120)
    expect(r.violations).toEqual([])
    const reached = of(r, 'harmony_reached')
    expect(reached).toHaveLength(1)
    expect(reached[0]!.t).toBeLessThan(6 * S)
    expect(of(r, 'harmony_lost')).toHaveLength(0)
    expect(reached[0]!.data['unjudged']).toEqual(['workloads, desired = actual (theOS is not built yet)'])
  })

  it('a crash loses harmony (naming the world) until the world is back and caught up; a partition until it heals', async () => {
    const crash = await run({ interventions: [{ kind: 'fault', atUs: 30 * S, fault: 'crash', target: 1 }, { kind: 'fault', atUs: 40 * S, fault: 'restart', target: 1 }] }, 60)
    expect(crash.violations).toEqual([])
    const lost = of(crash, 'harmony_lost')
    expect(lost[0]!.data['reason']).toBe('world 1 is crashed')
    expect(lost[0]!.t - 30 * S).toBeLessThanOrEqual(1.1 * S)
    const back = of(crash, 'harmony_reached').find((e) => e.t > 40 * S)!
    expect(back).toBeDefined()
    expect(back.data['lostFor']).toBe('world 1 is crashed')
    expect(back.t - 40 * S).toBeLessThan(6 * S)

    const part = await run({ interventions: [{ kind: 'fault', atUs: 30 * S, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: 40 * S, fault: 'heal', target: 'one' }] }, 60)
    expect(part.violations).toEqual([])
    expect(of(part, 'harmony_lost').length).toBeGreaterThan(0)
    expect(of(part, 'harmony_reached').filter((e) => e.t > 30 * S && e.t < 40 * S)).toHaveLength(0)
    expect(of(part, 'harmony_reached').some((e) => e.t > 40 * S)).toBe(true)
  })

  it('a sound release completes; one that silences its leader aborts on the alert and rolls back', async () => {
    const sound = await run({ interventions: [{ kind: 'release', atUs: 20 * S, version: { name: 'v2', heartbeatMs: 50 } }] }, 60)
    expect(sound.violations).toEqual([])
    expect(of(sound, 'rollout_step').map((e) => e.data['step'])).toEqual(['setWeight 20%', 'pause 5 s', 'analysis 5 s', 'setWeight 60%', 'pause 5 s', 'analysis 5 s', 'setWeight 100%', 'analysis 5 s'])
    expect(of(sound, 'rollout_completed')).toHaveLength(1)
    expect((sound.summaries.harmoniOS as { stable: string }).stable).toBe('v2')

    const bad = await run({ interventions: [{ kind: 'release', atUs: 20 * S, version: { name: 'v2-slow', heartbeatMs: 2_500 } }, { kind: 'release', atUs: 21 * S, version: { name: 'v3', heartbeatMs: 80 } }] }, 40)
    expect(bad.violations).toEqual([])
    expect(of(bad, 'rollout_rejected')[0]!.data['reason']).toMatch(/v2-slow is still rolling out/)
    const aborted = of(bad, 'rollout_aborted')
    expect(aborted).toHaveLength(1)
    expect(aborted[0]!.data['reason']).toMatch(/alert ElectionStorm fired/)
    expect(aborted[0]!.data['rolledBack']).toEqual([0])
    expect(of(bad, 'rollout_completed')).toHaveLength(0)
    expect((bad.summaries.harmoniOS as { stable: string }).stable).toBe('stable')
  })

  it('says which parts it cannot judge when their layers do not run', async () => {
    const scenario = ScenarioSchema.parse({ run: ['atmOS', 'chaOS', 'mythOS', 'harmoniOS'], seed: 3, layers: { chaOS: { entropy: 0 } } })
    const r = await runInProcessWith(scenario, { untilUs: 20 * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
    expect(r.violations).toEqual([])
    expect(of(r, 'harmony_reached')[0]!.data['unjudged']).toEqual(['clocks (chronOS does not run)', 'alerts (anomOS does not run)', 'ledgers (karmOS does not run)', 'snapshots (oneirOS does not run)', 'workloads, desired = actual (theOS is not built yet)'])
  })
})
