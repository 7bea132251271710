/**
 * pandemoniOS in the whole run (atmOS, chaOS at entropy 0, mythOS, nomOS): a crashed world is
 * convicted within seconds (and not fenced: atmOS refuses to quarantine a crashed world); a world
 * cut off by a partition is convicted, fenced, and rehabilitated after the heal and its probation;
 * a restarted world is a new incarnation, rehabilitated after probation; a world whose heartbeater
 * daemon (daemOS) crash-loops is convicted though up; a quiet run convicts nobody.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'pandemoniOS']

async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ seed: 3, run: RUN, ...input, layers: { chaOS: { entropy: 0 }, ...input.layers } })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}
type Run = Awaited<ReturnType<typeof run>>
const of = (r: Run, type: string, node?: number) => r.events.filter((e) => e.type === type && (node === undefined || e.node === node))
const summary = (r: Run) => r.summaries.pandemoniOS as Record<string, number>

describe('pandemoniOS in the run', () => {
  it('convicts a crashed world within a few seconds; atmOS refuses to fence it', async () => {
    const r = await run({ interventions: [{ kind: 'fault', atUs: 10 * S, fault: 'crash', target: 2 }] }, 30)
    expect(r.violations).toEqual([])
    const crash = of(r, 'node_crashed', 2)[0]!
    const conviction = of(r, 'node_convicted')
    expect(conviction.map((e) => e.node)).toEqual([2])
    const delay = conviction[0]!.t - crash.t
    expect(delay).toBeGreaterThan(3 * S) // the acceptable pause: 3 s
    expect(delay).toBeLessThan(6 * S)
    expect((conviction[0]!.data['observers'] as number[]).length).toBeGreaterThanOrEqual(3)
    expect(of(r, 'lifecycle_refused', 2).map((e) => e.data['requester'])).toEqual(['pandemoniOS'])
    expect(of(r, 'node_fenced')).toHaveLength(0)
    expect(summary(r)).toMatchObject({ convictions: 1, downConvictions: 1, falseConvictions: 0, convictedNow: 1 })
    // The metric: world 2's phi is high (capped, finite), the others' low.
    const last = r.metrics.filter((m) => m.layer === 'pandemoniOS').at(-1)!
    const phi = last.values['phi'] as number[]
    expect(phi[2]).toBeGreaterThan(8)
    expect(phi[2]).toBeLessThanOrEqual(1e6)
    for (const w of [0, 1, 3, 4]) expect(phi[w]).toBeLessThan(1)
    expect(last.values['convicted']).toBe(1)
  })

  it('convicts, fences (quarantines) and rehabilitates a world cut off by a partition', async () => {
    const r = await run({ interventions: [{ kind: 'fault', atUs: 10 * S, fault: 'partition', target: 2 }, { kind: 'fault', atUs: 30 * S, fault: 'heal', target: 2 }] }, 50)
    expect(r.violations).toEqual([])
    expect(of(r, 'node_convicted').map((e) => e.node)).toEqual([2])
    const fenced = of(r, 'node_fenced', 2)
    expect(fenced).toHaveLength(1)
    const q = of(r, 'node_quarantined', 2)
    expect(q).toHaveLength(1)
    expect(q[0]!.data).toMatchObject({ requester: 'pandemoniOS' })
    expect(q[0]!.t).toBeLessThan(16 * S)
    const started = of(r, 'probation_started', 2)[0]!
    expect(started.t).toBeGreaterThan(30 * S)
    expect(started.t).toBeLessThan(33 * S)
    const rehab = of(r, 'node_rehabilitated', 2)
    expect(rehab).toHaveLength(1)
    expect(rehab[0]!.t - started.t).toBeGreaterThanOrEqual(10 * S)
    expect(rehab[0]!.data).toMatchObject({ released: true })
    expect(of(r, 'node_released', 2)[0]!.data).toMatchObject({ requester: 'pandemoniOS' })
    expect(summary(r)).toMatchObject({ convictions: 1, partitionedConvictions: 1, falseConvictions: 0, fenced: 1, rehabilitated: 1, convictedNow: 0 })
  })

  it('a restarted world is a new incarnation: rehabilitated after its probation', async () => {
    const r = await run({ interventions: [{ kind: 'fault', atUs: 10 * S, fault: 'crash', target: 1 }, { kind: 'fault', atUs: 25 * S, fault: 'restart', target: 1 }] }, 50)
    expect(r.violations).toEqual([])
    expect(of(r, 'node_convicted').map((e) => e.node)).toEqual([1])
    const up = of(r, 'node_restarted', 1)[0]!
    const rehab = of(r, 'node_rehabilitated', 1)
    expect(rehab).toHaveLength(1)
    expect(rehab[0]!.data).toMatchObject({ released: false })
    expect(rehab[0]!.t - up.t).toBeGreaterThanOrEqual(10 * S)
    expect(rehab[0]!.t - up.t).toBeLessThan(13 * S)
    expect(of(r, 'conviction' as string)).toHaveLength(0) // a message, not an event
  })

  it('a world whose heartbeater crash-loops (daemOS) is convicted though up, fenced, and its probations fail while the loop goes on', async () => {
    const r = await run({ run: [...RUN, 'daemOS'], interventions: [{ kind: 'daemon_fault', atUs: 5 * S, node: 1, daemon: 'heartbeater', mode: 'crashloop' }] }, 60)
    expect(r.violations).toEqual([])
    expect(of(r, 'node_convicted').map((e) => e.node)).toEqual([1])
    expect(of(r, 'node_fenced', 1)).toHaveLength(1)
    expect(of(r, 'probation_failed', 1).length).toBeGreaterThan(0)
    expect(of(r, 'node_rehabilitated')).toHaveLength(0)
    expect(summary(r)).toMatchObject({ convictions: 1, silentConvictions: 1, falseConvictions: 0, convictedNow: 1 })
  })

  it('is deterministic: the same seed gives the same fingerprint', async () => {
    const input = { interventions: [{ kind: 'fault' as const, atUs: 5 * S, fault: 'partition' as const, target: 1 }, { kind: 'fault' as const, atUs: 15 * S, fault: 'heal' as const, target: 1 }] }
    const [a, b] = [await run(input, 30), await run(input, 30)]
    expect(a.fingerprint).toBe(b.fingerprint)
    expect(of(a, 'node_convicted')).toHaveLength(1)
  })

  it('convicts nobody on a quiet run (entropy 0, 10 minutes)', async () => {
    const r = await run({}, 600)
    expect(r.violations).toEqual([])
    expect(of(r, 'phi_suspect')).toHaveLength(0)
    expect(summary(r)).toMatchObject({ convictions: 0, suspicions: 0 })
  }, 120_000)
})
