/**
 * mythOS's switches that break Raft on purpose (settings.bugs): each one, in the scenario that
 * teaches it (scenarios/raft-bug-*.json), makes the outside checkers (src/checkers/raft.ts) report a
 * violation on a small fixed set of seeds — and the same seeds with the switch off report none.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type Scenario } from '../../scenario/schema'
import { encodeScenario, decodeScenario } from '../../scenario/url'
import { RAFT_BUGS, type RaftBug } from './settings'

const scenarioFile = (name: string): Scenario => ScenarioSchema.parse(JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8')))

async function violations(s: Scenario): Promise<{ checker: string; message: string }[]> {
  const r = await runInProcessWith(s, { untilUs: s.stopUs!, registry, layers: activeLayers(s), checkers: allCheckers(s), validate: false })
  return r.violations.map((v) => ({ checker: v.checker, message: v.message }))
}

const withBugs = (s: Scenario, seed: number, bugs: RaftBug[] | null): Scenario => {
  const { bugs: _, ...mythOS } = s.layers.mythOS
  return { ...s, seed, layers: { ...s.layers, mythOS: bugs === null ? mythOS : { ...mythOS, bugs } } } as Scenario
}

const CASES: { bug: RaftBug; file: string; seeds: number[]; expect: RegExp }[] = [
  { bug: 'figure8', file: 'raft-bug-figure8', seeds: [29, 30, 31], expect: /leader completeness|state machine safety/ },
  { bug: 'forgetVote', file: 'raft-bug-forget-vote', seeds: [4, 5], expect: /election safety: term \d+ has two leaders/ },
  { bug: 'skipLogCheck', file: 'raft-bug-skip-log-check', seeds: [1, 2, 3, 4], expect: /leader completeness/ },
]

describe('mythOS bug switches: Raft broken on purpose, caught by the raft checker', () => {
  for (const c of CASES) {
    it(`${c.bug}: seeds ${c.seeds.join(', ')} violate Raft safety with it on, and none does with it off`, async () => {
      const base = scenarioFile(c.file)
      expect(base.layers.mythOS.bugs).toEqual([c.bug])
      const on: string[] = []
      for (const seed of c.seeds) {
        const vs = await violations(withBugs(base, seed, [c.bug]))
        if (vs.some((v) => v.checker === 'raft' && c.expect.test(v.message))) on.push(`seed ${seed}`)
      }
      expect(on.length, `no seed of ${c.seeds.join(', ')} broke Raft with ${c.bug} on`).toBeGreaterThan(0)
      for (const seed of c.seeds) expect(await violations(withBugs(base, seed, null)), `seed ${seed} with ${c.bug} off`).toEqual([])
    }, 60_000)
  }

  it('is optional with no default: a scenario without it neither writes it nor changes its link', () => {
    const s = ScenarioSchema.parse({})
    expect('bugs' in s.layers.mythOS).toBe(false)
    expect(JSON.stringify(s)).not.toContain('bugs')
    const on = ScenarioSchema.parse({ layers: { mythOS: { bugs: [...RAFT_BUGS] } } })
    const back = decodeScenario(encodeScenario(on))
    expect(back.ok && back.scenario.layers.mythOS.bugs).toEqual([...RAFT_BUGS])
  })

  it('refuses an unknown or repeated bug with a message naming it', () => {
    const unknown = ScenarioSchema.safeParse({ layers: { mythOS: { bugs: ['byzantine'] } } })
    expect(unknown.success).toBe(false)
    expect(JSON.stringify(unknown.error?.issues)).toContain('bugs')
    const twice = ScenarioSchema.safeParse({ layers: { mythOS: { bugs: ['figure8', 'figure8'] } } })
    expect(twice.success).toBe(false)
    expect(JSON.stringify(twice.error?.issues)).toContain('figure8 is listed twice')
  })
})
