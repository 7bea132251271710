/** nomOS's checkers on crafted histories: each is made to fail once, and stays quiet on a lawful one. */
import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { admissionChecker, admittedQuorumChecker } from './nomos'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'mythOS', 'nomOS'] })
let offset = 0
const ev = (t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const crash = (t: number, node: number, review?: string, requester = 'chaOS'): LoggedEvent =>
  ev(t, 'atmOS', node, 'node_crashed', { from: 'up', to: 'crashed', reason: 'manual crash', requester, ...(review ? { review } : {}) })
const denied = (t: number, review: string, target: number) => ev(t, 'nomOS', target, 'admission_denied', { review, action: 'crash', target, requester: 'chaOS', rule: 'r', message: 'm', failedClosed: false })
const run = (c: Checker, events: LoggedEvent[]) => {
  for (const e of events) c.onEvent(e)
  return c.violations()
}

describe('admission checker', () => {
  it('accepts admitted actions, denials that stay denied, and a failed fsync reported by the world itself', () => {
    expect(run(admissionChecker(scenario), [denied(1e6, 'atmOS#1', 0), crash(2e6, 1, 'atmOS#2'), crash(3e6, 2, undefined, 'mythOS')])).toEqual([])
  })
  it('finds a denied action that happened', () => {
    const v = run(admissionChecker(scenario), [denied(1e6, 'atmOS#1', 0), crash(1.1e6, 0, 'atmOS#1')])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/carries out atmOS#1, which nomOS denied/)
  })
  it('finds an action that skipped admission (a lifecycle change, a partition)', () => {
    const v = run(admissionChecker(scenario), [crash(1e6, 0), ev(2e6, 'chaOS', null, 'fault_injected', { kind: 'partition', targets: [1], untilUs: null })])
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/names no admission review: it skipped nomOS/), expect.stringMatching(/partition .* skipped nomOS/)])
  })
  it('lets chaos above the law act unjudged, only for its random faults', () => {
    const above = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'mythOS', 'nomOS'], layers: { nomOS: { chaosAboveLaw: true } } })
    const random = ev(1e6, 'atmOS', 0, 'node_crashed', { from: 'up', to: 'crashed', reason: 'random crash', requester: 'chaOS' })
    expect(run(admissionChecker(above), [random])).toEqual([])
    expect(run(admissionChecker(above), [crash(1e6, 0)])).toHaveLength(1)
  })
})

describe('admitted-quorum checker', () => {
  it('accepts admitted crashes that keep a quorum of the five voters', () => {
    expect(run(admittedQuorumChecker(scenario), [crash(1e6, 0, 'atmOS#1'), crash(2e6, 1, 'atmOS#2')])).toEqual([])
  })
  it('finds an admitted crash that broke the quorum', () => {
    const v = run(admittedQuorumChecker(scenario), [crash(1e6, 0, 'atmOS#1'), crash(2e6, 1, 'atmOS#2'), crash(3e6, 2, 'atmOS#3')])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/admitted by atmOS#3, left 2 of 5 Raft voters .*\(quorum 3; there were 3\)/)
  })
  it('finds an admitted partition that left no side with a quorum, given one crash', () => {
    const part = ev(2e6, 'pneumOS', null, 'partition_started', { id: 1, kind: 'groups', groups: [[0, 1], [2, 3, 4]] })
    const v = run(admittedQuorumChecker(scenario), [crash(1e6, 4, 'atmOS#1'), part])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/partition_started .* left 2 of 5/)
  })
  it('excuses a loss when an unjudged failure struck within the pending window, and says nothing once the rule is removed', () => {
    const failure = crash(1.99e6, 1, undefined, 'mythOS')
    expect(run(admittedQuorumChecker(scenario), [crash(1e6, 0, 'atmOS#1'), failure, crash(2e6, 2, 'atmOS#3')])).toEqual([])
    const removed = ev(0.5e6, 'nomOS', null, 'rule_removed', { name: 'raft-quorum-budget' })
    expect(run(admittedQuorumChecker(scenario), [removed, crash(1e6, 0, 'atmOS#1'), crash(2e6, 1, 'atmOS#2'), crash(3e6, 2, 'atmOS#3')])).toEqual([])
  })
})
