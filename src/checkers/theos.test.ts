/** theOS's checkers on crafted histories: each is made to fail, and stays quiet on a lawful one. */
import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { budgetChecker, convergenceBoundUs, convergenceChecker } from './theos'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ seed: 9, run: ['atmOS', 'chaOS', 'mythOS', 'theOS'] })
const S = 1_000_000
let offset = 0
const ev = (t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const transition = (t: number, node: number, type: string, from: string, to: string) => ev(t, 'atmOS', node, type, { from, to, reason: 'test', requester: 'user' })
const pod = (service: string, replica: number) => ({ service, replica })
const scheduled = (t: number, node: number, service: string, replica: number, cpuMilli = 500) => ev(t, 'theOS', node, 'pod_scheduled', { ...pod(service, replica), score: 90, fit: 80, spread: 100, feasible: 5, cpuMilli, memMb: 512 })
const ready = (t: number, node: number, service: string, replica: number) => ev(t, 'theOS', node, 'pod_ready', { ...pod(service, replica), afterUs: 2 * S })
const evicted = (t: number, node: number, service: string, replica: number, kind: string, ready: number) => ev(t, 'theOS', node, 'pod_evicted', { ...pod(service, replica), kind, reason: 'test', wasReady: true, ready, minAvailable: 2 })
const deleted = (t: number, node: number, service: string, replica: number) => ev(t, 'theOS', node, 'pod_deleted', { ...pod(service, replica), reason: 'grace' })

/** The start: 5 worlds of 1 unit each, one service api ×3 (minAvailable 2), its pods ready on worlds 0, 1, 2. */
const start = (units = [1, 1, 1, 1, 1]): LoggedEvent[] => [
  ev(0, 'theOS', null, 'capacity_known', { cpuMilli: units.map((u) => u * 1000), memMb: units.map((u) => u * 1024) }),
  ev(0, 'theOS', null, 'service_set', { name: 'api', replicas: 3, cpuMilli: 500, memMb: 512, minAvailable: 2, cause: 'settings' }),
  scheduled(0, 0, 'api', 0), scheduled(0, 1, 'api', 1), scheduled(0, 2, 'api', 2),
  ready(2 * S, 0, 'api', 0), ready(2 * S, 1, 'api', 1), ready(2 * S, 2, 'api', 2),
]

/** Feed the events, calling onTime every 10 ms up to `untilUs`, as the coordinator does after each window. */
function run(c: Checker, events: LoggedEvent[], untilUs: number) {
  let i = 0
  for (let t = 0; t <= untilUs; t += 10_000) {
    while (i < events.length && events[i]!.t <= t) c.onEvent(events[i++]!)
    c.onTime?.(simUs(t))
  }
  return c.violations()
}

describe('convergence checker', () => {
  const bound = convergenceBoundUs(scenario.layers.theOS)
  it('the bound is 15 s with the default settings', () => expect(bound).toBe(15 * S))

  it('accepts a crash whose pod is rescheduled and ready within the bound', () => {
    const h = [...start(), transition(10 * S, 1, 'node_crashed', 'up', 'crashed'), evicted(10.1 * S, 1, 'api', 1, 'lost', 2), scheduled(10.1 * S, 3, 'api', 3), ready(12.1 * S, 3, 'api', 3)]
    expect(run(convergenceChecker(scenario), h, 40 * S)).toEqual([])
  })

  it('finds a crash whose pod is never replaced though another world has room', () => {
    const h = [...start(), transition(10 * S, 1, 'node_crashed', 'up', 'crashed')]
    const v = run(convergenceChecker(scenario), h, 40 * S)
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/service api has 2 ready pods for 3 desired .* after the last change \(node_crashed of world 1 .*world \d has room/)
    expect(v[0]!.t).toBe(10 * S + bound)
  })

  it('does not count pods theOS still believes in on a crashed world (it must learn and replace them)', () => {
    // theOS never evicts the lost pod: by its events api still has 3 ready pods, but one is dead.
    const h = [...start(), transition(10 * S, 1, 'node_crashed', 'up', 'crashed'), scheduled(10.1 * S, 3, 'cache', 0, 250)]
    expect(run(convergenceChecker(scenario), h, 40 * S)).toHaveLength(1)
  })

  it('excuses a shortfall while no up world has room (capacity does not allow)', () => {
    // Three worlds of 1 unit, each full (two api pods of 500 m would fit, but they hold a big pod each).
    const units = [1, 1, 1, 0, 0]
    const h = [
      ...start(units),
      scheduled(0, 0, 'big', 0, 500), scheduled(0, 1, 'big', 1, 500), scheduled(0, 2, 'big', 2, 500),
      transition(10 * S, 1, 'node_crashed', 'up', 'crashed'),
      evicted(10.1 * S, 1, 'api', 1, 'lost', 2), evicted(10.1 * S, 1, 'big', 1, 'lost', 0),
    ]
    expect(run(convergenceChecker(scenario), h, 40 * S)).toEqual([])
  })

  it('finds more ready pods than desired after a scale-down', () => {
    const h = [...start(), ev(10 * S, 'theOS', null, 'service_set', { name: 'api', replicas: 2, cpuMilli: 500, memMb: 512, minAvailable: 2, cause: 'scale' })]
    const v = run(convergenceChecker(scenario), h, 40 * S)
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/3 ready pods for 2 desired/)
  })

  it('restarts the clock at every drain eviction (a drain is budget-limited), and judges once they stop', () => {
    const drain = [transition(10 * S, 0, 'node_draining', 'up', 'draining'), evicted(10.1 * S, 0, 'api', 0, 'drain', 2), scheduled(10.1 * S, 3, 'api', 3), ready(12.1 * S, 3, 'api', 3), deleted(11.1 * S, 0, 'api', 0)]
    expect(run(convergenceChecker(scenario), [...start(), ...drain].sort((a, b) => a.t - b.t), 40 * S)).toEqual([])
    // The replacement never comes: found a bound after the eviction, not after the drain began.
    const stuck = [...start(), transition(10 * S, 0, 'node_draining', 'up', 'draining'), evicted(20 * S, 0, 'api', 0, 'drain', 2)]
    const v = run(convergenceChecker(scenario), stuck, 60 * S)
    expect(v).toHaveLength(1)
    expect(v[0]!.t).toBe(20 * S + bound)
    expect(v[0]!.message).toMatch(/drain eviction of api#0/)
  })

  it('says nothing when theOS does not run', () => {
    const without = ScenarioSchema.parse({ seed: 9, run: ['atmOS', 'chaOS', 'mythOS'] })
    expect(run(convergenceChecker(without), [...start(), transition(10 * S, 1, 'node_crashed', 'up', 'crashed')], 40 * S)).toEqual([])
  })
})

describe('budget checker', () => {
  it('accepts drain evictions one at a time, each once the replacement is ready', () => {
    const h = [
      ...start(), transition(10 * S, 0, 'node_draining', 'up', 'draining'),
      evicted(10.1 * S, 0, 'api', 0, 'drain', 2), scheduled(10.1 * S, 3, 'api', 3), ready(12.1 * S, 3, 'api', 3),
    ]
    expect(run(budgetChecker(scenario), h, 20 * S)).toEqual([])
  })

  it('finds a drain eviction that takes the service under minAvailable', () => {
    const h = [
      ...start(), transition(10 * S, 0, 'node_draining', 'up', 'draining'),
      evicted(10.1 * S, 0, 'api', 0, 'drain', 2), scheduled(10.1 * S, 3, 'api', 3),
      // The replacement is still starting: a second eviction leaves 1 ready, under 2.
      evicted(10.4 * S, 0, 'api', 1, 'drain', 1),
    ]
    const v = run(budgetChecker(scenario), h, 20 * S)
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/drain eviction of api#1 from world 0 .* left 1 ready pods of api, under its minAvailable 2/)
  })

  it('does not hold lost pods, scale-downs or a pod not ready yet against the budget', () => {
    const h = [
      ...start(), transition(10 * S, 1, 'node_crashed', 'up', 'crashed'), evicted(10.1 * S, 1, 'api', 1, 'lost', 2),
      evicted(10.2 * S, 2, 'api', 2, 'scale_down', 1),
      transition(11 * S, 3, 'node_draining', 'up', 'draining'), scheduled(11 * S, 3, 'api', 5), evicted(11.1 * S, 3, 'api', 5, 'drain', 1),
    ]
    expect(run(budgetChecker(scenario), h, 20 * S)).toEqual([])
  })
})
