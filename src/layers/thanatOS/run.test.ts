/**
 * thanatOS under the real kernel: a graceful decommission of the leader (drain, leadership
 * transfer, a learner promoted, the voter removed, then the end) loses no committed entry and
 * keeps the quorum; a learner joins the voters; a decommission denied by nomOS is aborted.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import type { LoggedEvent } from '../../kernel/types'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'thanatOS']

async function run(input: ScenarioInput, untilUs: number) {
  const scenario = ScenarioSchema.parse({ run: RUN, ...input })
  const r = await runInProcessWith(scenario, { untilUs, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
  expect(r.cosmos.error).toBeNull()
  return r
}
const of = (events: LoggedEvent[], layer: string, type: string) => events.filter((e) => e.layer === layer && e.type === type)

describe('thanatOS: graceful decommission', () => {
  it('decommissions the leader: drain, leadership moves, a learner replaces it, it leaves the voters, then it ends — nothing committed lost', async () => {
    const first = of((await run({ seed: 2, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 } } }, 5 * S)).events, 'mythOS', 'leader_elected')[0]!
    const leader = first.node!
    const r = await run({ seed: 2, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'decommission', atUs: 5 * S, node: leader }] }, 30 * S)
    expect(r.violations).toEqual([])
    const types = r.events.filter((e) => e.layer === 'thanatOS').map((e) => e.type)
    expect(types).toEqual(['decommission_started', 'drain_started', 'handoff_done', 'leadership_moved', 'member_added', 'member_removed', 'decommission_completed'])
    const done = of(r.events, 'thanatOS', 'decommission_completed')[0]!
    expect(done.data['graceful']).toBe(true)
    expect(done.data['tookUs'] as number).toBeLessThan(10 * S)
    const removed = of(r.events, 'thanatOS', 'member_removed')[0]!
    expect(removed.data['voters'] as number[]).not.toContain(leader)
    expect((removed.data['voters'] as number[]).length).toBe(5)
    expect(r.events.find((e) => e.layer === 'atmOS' && e.type === 'node_decommissioned')!.node).toBe(leader)
    // The story goes on with the new configuration, and every world still up applied what the leader had applied.
    const before = Math.max(...of(r.events, 'mythOS', 'entry_applied').filter((e) => e.node === leader).map((e) => e.data['index'] as number))
    const later = of(r.events, 'mythOS', 'entry_applied').filter((e) => e.t > done.t && e.node !== leader)
    expect(Math.max(...later.map((e) => e.data['index'] as number))).toBeGreaterThan(before)
  })

  it('a learner joins the voters once caught up (scale up)', async () => {
    const r = await run({ seed: 3, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'join', atUs: 4 * S, node: 2 }] }, 15 * S)
    expect(r.violations).toEqual([])
    const voters = of(r.events, 'mythOS', 'leader_elected')[0]!.data['voterIds'] as number[]
    const joiner = voters.includes(2) ? null : 2
    if (joiner === null) {
      expect(of(r.events, 'thanatOS', 'join_aborted')[0]!.data['reason']).toBe('already a voter')
      return
    }
    const added = of(r.events, 'thanatOS', 'member_added')[0]!
    expect(added.node).toBe(2)
    expect(added.data['voters'] as number[]).toContain(2)
  })

  it('with the quorum short, a voter is not removed and its grace period holds: the world is never decommissioned', async () => {
    // Crash two voters of five: removing a third would leave the new configuration without a live quorum.
    const first = await run({ seed: 4, layers: { chaOS: { entropy: 0 } } }, 3 * S)
    const voters = of(first.events, 'mythOS', 'leader_elected')[0]!.data['voterIds'] as number[]
    const [a, b, c] = voters
    const r = await run({
      seed: 4, layers: { chaOS: { entropy: 0, restartDelayMs: 600_000 }, thanatOS: { gracePeriodMs: 5_000 } },
      interventions: [{ kind: 'fault', atUs: 3 * S, fault: 'crash', target: a! }, { kind: 'fault', atUs: 3 * S, fault: 'crash', target: b! }, { kind: 'decommission', atUs: 5 * S, node: c! }],
    }, 20 * S)
    expect(r.violations).toEqual([])
    const grace = of(r.events, 'thanatOS', 'grace_expired')
    expect(grace.length).toBeGreaterThan(0)
    expect(grace.every((e) => e.data['held'] === true)).toBe(true)
    expect(of(r.events, 'mythOS', 'config_proposed')).toEqual([])
    expect(r.events.some((e) => e.layer === 'atmOS' && e.type === 'node_decommissioned')).toBe(false)
  })

  it('a decommission a nomOS rule denies is aborted, and the world stays', async () => {
    const rules = [{ name: 'no-decommission', expression: 'false', message: 'worlds are not retired today', actions: ['decommission' as const] }]
    const r = await run({ seed: 5, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 }, nomOS: { rules } }, interventions: [{ kind: 'decommission', atUs: 4 * S, node: 6 }] }, 15 * S)
    expect(r.violations).toEqual([])
    const aborted = of(r.events, 'thanatOS', 'decommission_aborted')[0]!
    expect(aborted.node).toBe(6)
    expect(aborted.data['reason']).toMatch(/decommission denied by no-decommission: worlds are not retired today/)
    expect(r.events.some((e) => e.layer === 'atmOS' && e.type === 'node_decommissioned')).toBe(false)
  })

  it('under chaOS at full entropy, decommissions and joins keep every checker quiet', async () => {
    for (const seed of [21, 22]) {
      const interventions = [
        { kind: 'decommission' as const, atUs: 4 * S, node: 1 },
        { kind: 'join' as const, atUs: 6 * S, node: 5 },
        { kind: 'decommission' as const, atUs: 12 * S, node: 3 },
      ]
      const r = await run({ seed, nodes: { count: 7 }, network: seed % 2 ? 'aetherOS' : 'pneumOS', layers: { chaOS: { entropy: 1 } }, interventions }, 60 * S)
      if (r.violations.length > 0) console.error(`seed ${seed}:`, r.violations.slice(0, 3))
      expect(r.violations).toEqual([])
      expect(of(r.events, 'thanatOS', 'decommission_started')).toHaveLength(2)
    }
  })
})
