/**
 * Membership changes under the real kernel: a learner is promoted, a voter (the leader itself
 * included) is removed, one change at a time, and every checker (the raft checker follows the
 * configurations) stays quiet — also under chaOS at full entropy.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import type { LoggedEvent } from '../../kernel/types'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'
import { parseConf, confText } from './conf'

const S = 1_000_000

async function run(input: ScenarioInput, untilUs: number) {
  const scenario = ScenarioSchema.parse(input)
  return runInProcessWith(scenario, { untilUs, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}
const of = (events: LoggedEvent[], type: string) => events.filter((e) => e.layer === 'mythOS' && e.type === type)

describe('conf entries', () => {
  it('name a voter set canonically and refuse anything else', () => {
    expect(confText([4, 0, 2])).toBe('voters 0,2,4')
    expect(parseConf('voters 0,2,4')).toEqual([0, 2, 4])
    expect(parseConf('voters ')).toEqual([])
    for (const bad of ['voters 2,1', 'voters 1,1', 'voters 01', 'voters -1', 'voter 1', 'voters 1,,2', 'voters 1e3']) expect(parseConf(bad)).toBeNull()
  })
})

describe('membership changes (single-server, dissertation §4.1)', () => {
  it('promotes a learner, then removes a voter; the cluster commits under each configuration', async () => {
    // 7 worlds, 5 voters (0, 1, 3, 4, 6 or the spread voterIds picks): add a learner, remove a voter.
    const scenario = ScenarioSchema.parse({ seed: 3, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 } } })
    const probe = await runInProcessWith(scenario, { untilUs: 1, registry, layers: activeLayers(scenario) })
    const initial = (probe.summaries.mythOS as { voters?: number[] } | undefined)?.voters
    const voters = (of((await run({ seed: 3, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 } } }, 5 * S)).events, 'leader_elected')[0]!.data['voterIds'] as number[])
    expect(initial ?? voters).toEqual(voters)
    const learner = [0, 1, 2, 3, 4, 5, 6].find((i) => !voters.includes(i))!
    const removed = voters.find((v) => v !== learner)!
    const r = await run({
      seed: 3, nodes: { count: 7 }, layers: { chaOS: { entropy: 0 } },
      interventions: [{ kind: 'voters', atUs: 5 * S, node: learner, action: 'add' }, { kind: 'voters', atUs: 8 * S, node: removed, action: 'remove' }],
    }, 20 * S)
    expect(r.cosmos.error).toBeNull()
    expect(r.violations).toEqual([])
    const committed = of(r.events, 'config_committed').map((e) => e.data['voters'])
    expect(committed).toEqual([[...voters, learner].sort((a, b) => a - b), [...voters, learner].filter((v) => v !== removed).sort((a, b) => a - b)])
    // The cluster keeps committing happenings after both changes.
    const last = of(r.events, 'config_committed').at(-1)!
    expect(of(r.events, 'entry_applied').some((e) => e.t > last.t + 2 * S && e.data['kind'] === 'happening')).toBe(true)
  })

  it('refuses a second change while one is pending, and a change without a leader', async () => {
    const r = await run({
      seed: 4, layers: { chaOS: { entropy: 0 } },
      interventions: [{ kind: 'voters', atUs: 0, node: 1, action: 'remove' }, { kind: 'voters', atUs: 6 * S, node: 1, action: 'remove' }, { kind: 'voters', atUs: 6 * S, node: 2, action: 'remove' }],
    }, 10 * S)
    expect(r.cosmos.error).toBeNull()
    expect(r.violations).toEqual([])
    const refused = of(r.events, 'config_refused').map((e) => e.data['reason'])
    expect(refused[0]).toBe('no leader')
    expect(refused).toContain('another membership change is pending')
    expect(of(r.events, 'config_committed')).toHaveLength(1)
  })

  it('a leader that removes itself steps down once the change commits, and another is elected', async () => {
    const first = of((await run({ seed: 6, layers: { chaOS: { entropy: 0 } } }, 5 * S)).events, 'leader_elected')[0]!
    const r = await run({ seed: 6, layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'voters', atUs: 5 * S, node: first.node!, action: 'remove' }] }, 15 * S)
    expect(r.cosmos.error).toBeNull()
    expect(r.violations).toEqual([])
    const committed = of(r.events, 'config_committed')[0]!
    expect(committed.data['voters']).not.toContain(first.node)
    const stepDown = r.events.find((e) => e.layer === 'mythOS' && e.type === 'role_changed' && e.node === first.node && e.data['reason'] === 'removed from the configuration')
    expect(stepDown).toBeDefined()
    const next = of(r.events, 'leader_elected').find((e) => e.t > committed.t)!
    expect(next.node).not.toBe(first.node)
    expect(next.data['voterIds']).toEqual(committed.data['voters'])
  })

  it('a fenced (quarantined) leader steps down and neither leads nor votes until released', async () => {
    const first = of((await run({ seed: 2, layers: { chaOS: { entropy: 0 } } }, 5 * S)).events, 'leader_elected')[0]!
    const r = await run({ seed: 2, layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'lifecycle', atUs: 5 * S, node: first.node!, action: 'quarantine' }, { kind: 'lifecycle', atUs: 12 * S, node: first.node!, action: 'release' }] }, 20 * S)
    expect(r.cosmos.error).toBeNull()
    expect(r.violations).toEqual([])
    const fenced = r.events.find((e) => e.layer === 'mythOS' && e.type === 'fenced' && e.data['fenced'] === true)!
    expect(fenced.node).toBe(first.node)
    const during = of(r.events, 'leader_elected').filter((e) => e.t > fenced.t && e.t < 12 * S)
    expect(during.length).toBeGreaterThan(0)
    for (const e of during) {
      expect(e.node).not.toBe(first.node)
      expect(e.data['grantedBy']).not.toContain(first.node)
    }
  })

  it('at full entropy with changes requested every few seconds, every checker stays quiet', async () => {
    const interventions = Array.from({ length: 12 }, (_, k) => ({ kind: 'voters' as const, atUs: (3 + 2 * k) * S, node: k % 7, action: (k % 2 === 0 ? 'remove' : 'add') as 'add' | 'remove' }))
    let committed = 0
    for (const seed of [11, 12]) {
      const r = await run({ seed, nodes: { count: 7 }, layers: { chaOS: { entropy: 1 } }, interventions }, 30 * S)
      if (r.violations.length > 0) console.error(`seed ${seed}:`, r.violations.slice(0, 3))
      expect(r.cosmos.error).toBeNull()
      expect(r.violations).toEqual([])
      committed += of(r.events, 'config_committed').length
    }
    expect(committed).toBeGreaterThan(2)
  })
})
