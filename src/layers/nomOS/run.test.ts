/**
 * nomOS in the whole run: a rule denies a crash of the leader (the crash never happens, chaOS says
 * why), the built-in quorum budget stops a majority crash at the third world, a rule that fails at
 * evaluation denies (fail closed), effects warn / audit / dryrun admit, a rule that does not compile
 * changes nothing, and chaos above the law is not judged.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'nomOS']

async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ run: RUN, seed: 4, ...input, layers: { chaOS: { entropy: 0 }, ...input.layers } })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}
type Run = Awaited<ReturnType<typeof run>>
const of = (r: Run, type: string) => r.events.filter((e) => e.type === type)

const NOT_THE_LEADER = { name: 'spare-the-leader', expression: 'request.action != "crash" || !target.leader', message: 'the leader may not be crashed', effect: 'deny' as const }

describe('nomOS in the run', () => {
  it('a rule denies a crash of the leader: no crash happens, chaOS reports the denial, other worlds can still be crashed', async () => {
    const r = await run({
      interventions: [
        { kind: 'rule', atUs: 1 * S, op: 'add', rule: NOT_THE_LEADER },
        { kind: 'fault', atUs: 5 * S, fault: 'crash', target: 'leader' },
        { kind: 'fault', atUs: 6 * S, fault: 'crash', target: 'one' },
      ],
    }, 10)
    expect(r.violations).toEqual([])
    expect(of(r, 'rule_added').map((e) => e.data['name'])).toContain('spare-the-leader')
    const denied = of(r, 'admission_denied')
    expect(denied).toHaveLength(1)
    expect(denied[0]!.data).toMatchObject({ action: 'crash', rule: 'spare-the-leader', requester: 'chaOS', failedClosed: false })
    const leader = denied[0]!.data['target'] as number
    expect(of(r, 'node_crashed').filter((e) => e.node === leader)).toHaveLength(0)
    expect(of(r, 'fault_skipped').some((e) => String(e.data['reason']).includes('spare-the-leader'))).toBe(true)
    // 'one' picks a live world at random: the leader is denied, another admitted (with its review).
    const crashed = of(r, 'node_crashed')
    for (const c of crashed) {
      expect(c.node).not.toBe(leader)
      expect(String(c.data['review'])).toMatch(/^atmOS#\d+$/)
    }
  })

  it('the built-in quorum budget admits two crashes of five voters and denies the third', async () => {
    const r = await run({ interventions: [{ kind: 'fault', atUs: 4 * S, fault: 'crash', target: 'majority' }] }, 8)
    expect(r.violations).toEqual([])
    expect(of(r, 'node_crashed')).toHaveLength(2)
    const denied = of(r, 'admission_denied')
    expect(denied).toHaveLength(1)
    expect(denied[0]!.data['rule']).toBe('raft-quorum-budget')
    // With the rule removed, the majority goes down.
    const lawless = await run({ interventions: [{ kind: 'rule', atUs: 1 * S, op: 'remove', name: 'raft-quorum-budget' }, { kind: 'fault', atUs: 4 * S, fault: 'crash', target: 'majority' }] }, 8)
    expect(of(lawless, 'rule_removed')).toHaveLength(1)
    expect(of(lawless, 'node_crashed')).toHaveLength(3)
    expect(of(lawless, 'admission_denied')).toHaveLength(0)
  })

  it('a rule that fails at evaluation denies and says why (fail closed); warn, audit and dryrun admit', async () => {
    const broken = await run({ interventions: [
      { kind: 'rule', atUs: 1 * S, op: 'add', rule: { name: 'needs-a-metric', expression: 'metrics["nosuch.metric"] < 1.0', message: 'x', effect: 'warn' } },
      { kind: 'fault', atUs: 3 * S, fault: 'crash', target: 1 },
    ] }, 5)
    const d = of(broken, 'admission_denied')
    expect(d).toHaveLength(1)
    expect(d[0]!.data).toMatchObject({ rule: 'needs-a-metric', failedClosed: true })
    expect(String(d[0]!.data['message'])).toMatch(/fail closed.*nosuch/s)
    expect(of(broken, 'node_crashed')).toHaveLength(0)

    const never = (name: string, effect: string) => ({ kind: 'rule' as const, atUs: 1 * S, op: 'add' as const, rule: { name, expression: 'request.action != "crash"', message: `${effect}!`, effect: effect as 'warn' } })
    const soft = await run({ interventions: [never('w', 'warn'), never('a', 'audit'), never('d', 'dryrun'), { kind: 'fault', atUs: 3 * S, fault: 'crash', target: 1 }] }, 5)
    expect(soft.violations).toEqual([])
    expect(of(soft, 'node_crashed')).toHaveLength(1)
    expect(of(soft, 'admission_warned').map((e) => e.data['rule'])).toEqual(['w'])
    expect(of(soft, 'admission_audited').map((e) => e.data['rule'])).toEqual(['a'])
    const rules = (soft.summaries.nomOS as { rules: string[] }).rules
    expect(rules).toEqual(['raft-quorum-budget', 'ejection-cap', 'w', 'a', 'd'])
  })

  it('a rule that does not compile, one too many, or a removal of nothing is rejected and changes nothing', async () => {
    const r = await run({ interventions: [
      { kind: 'rule', atUs: 1 * S, op: 'add', rule: { name: 'typo', expression: 'request.actoin == "crash"', message: '', effect: 'deny' } },
      { kind: 'rule', atUs: 1 * S, op: 'add', rule: { name: 'syntax', expression: 'request.action ==', message: '', effect: 'deny' } },
      { kind: 'rule', atUs: 1 * S, op: 'add', rule: { name: 'not-bool', expression: 'cluster.worlds + 1', message: '', effect: 'deny' } },
      { kind: 'rule', atUs: 1 * S, op: 'remove', name: 'nothing-here' },
      { kind: 'fault', atUs: 3 * S, fault: 'crash', target: 1 },
    ] }, 5)
    const rejected = of(r, 'rule_rejected')
    expect(rejected.map((e) => e.data['name'])).toEqual(['typo', 'syntax', 'not-bool', 'nothing-here'])
    expect(String(rejected[0]!.data['error'])).toMatch(/No such key: actoin/)
    expect(String(rejected[1]!.data['error'])).toMatch(/Unexpected token/)
    expect(String(rejected[2]!.data['error'])).toMatch(/bool/)
    expect((r.summaries.nomOS as { rules: string[] }).rules).toEqual(['raft-quorum-budget', 'ejection-cap'])
    expect(of(r, 'node_crashed')).toHaveLength(1)
  })

  it('a partition that leaves no side with a quorum of voters is denied; chaos above the law is not judged', async () => {
    // Partition of 'majority' isolates three of five: the three keep a quorum (admitted); with a rule
    // demanding every voter reachable it is denied.
    const all = { name: 'no-split', expression: 'request.action != "partition" || after.votersAvailable == cluster.voters', message: 'no voter may be cut off', effect: 'deny' as const }
    const r = await run({ interventions: [{ kind: 'rule', atUs: 1 * S, op: 'add', rule: all }, { kind: 'fault', atUs: 3 * S, fault: 'partition', target: 'minority' }] }, 5)
    expect(of(r, 'admission_denied').map((e) => e.data['rule'])).toEqual(['no-split'])
    expect(of(r, 'partition_started')).toHaveLength(0)
    const ok = await run({ interventions: [{ kind: 'fault', atUs: 3 * S, fault: 'partition', target: 'minority' }] }, 5)
    expect(of(ok, 'partition_started')).toHaveLength(1)
    expect(of(ok, 'fault_injected')[0]!.data['review']).toMatch(/^chaOS#\d+$/)

    // Random crashes at a high rate: judged (some denied) unless chaos is above the law.
    const stormy = { chaOS: { entropy: 1, crashRatePerMin: 60, restartDelayMs: 8000 } }
    const judged = await run({ layers: stormy }, 30)
    expect(judged.violations).toEqual([])
    expect(of(judged, 'admission_denied').length).toBeGreaterThan(0)
    const above = await run({ layers: { ...stormy, nomOS: { chaosAboveLaw: true } } }, 30)
    expect(above.violations).toEqual([])
    expect(of(above, 'admission_denied')).toHaveLength(0)
  })

  it('under review, an automatic restart never overtakes its crash; a crash refused meanwhile is not injected; a heal cancels a partition awaiting review', async () => {
    // Restart delay 10 ms, well under the review's round trip: every admitted random crash is restarted.
    const r = await run({ layers: { chaOS: { entropy: 1, crashRatePerMin: 6, partitionRatePerMin: 0, restartDelayMs: 10 } } }, 60)
    expect(r.violations).toEqual([])
    const crashes = of(r, 'node_crashed').filter((e) => e.t < 55 * S)
    expect(crashes.length).toBeGreaterThan(0)
    for (const c of crashes) expect(of(r, 'node_restarted').some((e) => e.node === c.node && e.t > c.t), `world ${c.node} crashed at ${c.t}`).toBe(true)

    const both = await run({ interventions: [{ kind: 'lifecycle', atUs: 5 * S, node: 3, action: 'crash' }, { kind: 'fault', atUs: 5 * S, fault: 'crash', target: 3 }] }, 8)
    expect(both.violations).toEqual([])
    expect(of(both, 'node_crashed')).toHaveLength(1)
    expect(of(both, 'fault_injected')).toHaveLength(0)
    expect(of(both, 'fault_skipped').map((e) => String(e.data['reason']))).toEqual([expect.stringMatching(/world 3: refused by atmOS: crashed → crashed/)])

    const healed = await run({ interventions: [{ kind: 'fault', atUs: 5 * S, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: 5 * S, fault: 'heal', target: 'one' }] }, 8)
    expect(of(healed, 'partition_started')).toHaveLength(0)
    expect(of(healed, 'fault_skipped').map((e) => String(e.data['reason']))).toEqual([expect.stringMatching(/healed before nomOS answered/)])
  })
})
