/** pandemoniOS's checkers on crafted histories: each is made to fail, and stays quiet on a lawful one. */
import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { convictionChecker, fencingChecker } from './pandemonios'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'pandemoniOS'] })
let offset = 0
const ev = (t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const status = (t: number, node: number, type: string, from: string, to: string, requester = 'pandemoniOS') => ev(t, 'atmOS', node, type, { from, to, reason: 'r', requester })
const quarantined = (t: number, node: number) => status(t, node, 'node_quarantined', 'up', 'quarantined')
const released = (t: number, node: number) => status(t, node, 'node_released', 'quarantined', 'up')
const crashed = (t: number, node: number, from = 'up') => status(t, node, 'node_crashed', from, 'crashed', 'chaOS')
const restarted = (t: number, node: number) => status(t, node, 'node_restarted', 'restarting', 'up', 'atmOS')
const elected = (t: number, node: number, term: number, grantedBy: number[]) =>
  ev(t, 'mythOS', node, 'leader_elected', { term, lastIndex: 0, lastTerm: 0, lastChain: 'x', committedIndex: 0, chainIndex: 0, committedChain: null, votes: grantedBy.length, voters: 5, grantedBy, transfer: false })
const suspect = (t: number, node: number, observer: number) => ev(t, 'pandemoniOS', node, 'phi_suspect', { observer, phi: 9 })
const trusted = (t: number, node: number, observer: number) => ev(t, 'pandemoniOS', node, 'phi_trusted', { observer, phi: 0.1 })
const convicted = (t: number, node: number, observers: number[], upObservers = 4) => ev(t, 'pandemoniOS', node, 'node_convicted', { phi: 12, sinceLastHeartbeatUs: 4_600_000, observers, upObservers })
const rehabilitated = (t: number, node: number) => ev(t, 'pandemoniOS', node, 'node_rehabilitated', { probationUs: 10_000_000, released: true })
const run = (c: Checker, events: LoggedEvent[]) => {
  for (const e of events) c.onEvent(e)
  return c.violations().map((v) => v.message)
}

describe('fencing checker', () => {
  it('accepts leaders and votes of worlds that are not fenced, before the fence and after the release', () => {
    expect(run(fencingChecker(scenario), [elected(1e6, 2, 1, [2, 3, 4]), quarantined(5e6, 2), elected(5e6, 0, 2, [0, 1, 2]), elected(6e6, 0, 3, [0, 1, 3]), released(9e6, 2), elected(10e6, 2, 4, [2, 3, 4])])).toEqual([])
  })
  it('finds a fenced world elected leader', () => {
    const v = run(fencingChecker(scenario), [quarantined(5e6, 2), elected(6e6, 2, 2, [2, 3, 4])])
    expect(v).toEqual([expect.stringMatching(/world 2 became Raft leader of term 2 .* while fenced \(quarantined since 5000000 µs\)/)])
  })
  it('finds the vote of a fenced world counted in an election', () => {
    const v = run(fencingChecker(scenario), [quarantined(5e6, 4), elected(6e6, 0, 2, [0, 1, 4])])
    expect(v).toEqual([expect.stringMatching(/world 0's election to term 2 .* counted the vote of world 4, fenced/)])
  })
  it('a fence ends when the world crashes (it is down, not fenced, after its restart)', () => {
    expect(run(fencingChecker(scenario), [quarantined(5e6, 1), crashed(6e6, 1, 'quarantined'), status(7e6, 1, 'node_restarting', 'crashed', 'restarting', 'chaOS'), restarted(7.01e6, 1), elected(8e6, 1, 2, [1, 2, 3])])).toEqual([])
  })
})

describe('conviction checker', () => {
  it('accepts a conviction by a quorum of suspecting up observers, and a second one after a rehabilitation', () => {
    expect(run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1.1e6, 2, 1), suspect(1.2e6, 2, 3), convicted(1.2e6, 2, [0, 1, 3]), rehabilitated(20e6, 2), convicted(30e6, 2, [0, 1, 3])])).toEqual([])
  })
  it('finds a conviction without a quorum of suspicions', () => {
    const v = run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1.1e6, 2, 1), convicted(1.2e6, 2, [0, 1])])
    expect(v).toEqual([expect.stringMatching(/world 2: node_convicted .* with 2 suspecting up observers of 4: a quorum is 3/)])
  })
  it('finds an observer counted whose suspicion no longer stands (trusted again, or it crashed)', () => {
    const v = run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1e6, 2, 1), suspect(1e6, 2, 3), trusted(1.1e6, 2, 3), convicted(1.2e6, 2, [0, 1, 3])])
    expect(v).toEqual([expect.stringMatching(/counts observer 3, which does not suspect it/), expect.stringMatching(/a quorum is 3/)])
    const w = run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1e6, 2, 1), suspect(1e6, 2, 3), crashed(1.1e6, 3), convicted(1.2e6, 2, [0, 1, 3], 3)])
    expect(w[0]).toMatch(/counts observer 3, which is crashed/)
  })
  it('finds suspicions forgotten by a restart of the world, a false base, a stranger and a double conviction', () => {
    const restart = run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1e6, 2, 1), suspect(1e6, 2, 3), crashed(2e6, 2), restarted(5e6, 2), convicted(6e6, 2, [0, 1, 3])])
    expect(restart.length).toBeGreaterThan(0)
    expect(restart[0]).toMatch(/counts observer 0, which does not suspect it/)
    expect(run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1e6, 2, 1), convicted(1.2e6, 2, [0, 1], 2)])).toEqual([expect.stringMatching(/counts 2 up observers, but 4 of its observers are up/)])
    expect(run(convictionChecker(scenario), [suspect(1e6, 2, 2), convicted(1.2e6, 2, [2], 4)])[0]).toMatch(/names 2, which does not observe it/)
    const twice = run(convictionChecker(scenario), [suspect(1e6, 2, 0), suspect(1e6, 2, 1), suspect(1e6, 2, 3), convicted(1.2e6, 2, [0, 1, 3]), convicted(2e6, 2, [0, 1, 3])])
    expect(twice).toEqual([expect.stringMatching(/while already convicted/)])
  })
  it('knows the ring of observers above 16 worlds', () => {
    const big = ScenarioSchema.parse({ seed: 5, nodes: { count: 40 }, run: ['atmOS', 'pandemoniOS'] })
    const ok = [11, 12, 13, 14, 15]
    expect(run(convictionChecker(big), [...ok.map((o) => suspect(1e6, 10, o)), convicted(1.2e6, 10, ok, 8)])).toEqual([])
    expect(run(convictionChecker(big), [...[9, 11, 12, 13, 14].map((o) => suspect(1e6, 10, o)), convicted(1.2e6, 10, [9, 11, 12, 13, 14], 8)])[0]).toMatch(/names 9, which does not observe it/)
  })
})
