/** anomOS's checkers on crafted histories: each made to fail, and quiet on a lawful history. */
import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { DETECT_BOUND_US, alertDetectionChecker, alertStatesChecker } from './anomos'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'mythOS', 'anomOS'] })
let offset = 0
const ev = (t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const pending = (t: number, forMs = 1000, alert = 'A') => ev(t, 'anomOS', null, 'alert_pending', { alert, metric: 'm', world: null, value: 1, score: 9, forMs })
const firing = (t: number, pendingUs: number, alert = 'A') => ev(t, 'anomOS', null, 'alert_firing', { alert, metric: 'm', world: null, value: 1, score: 9, pendingUs })
const resolved = (t: number, alert = 'A') => ev(t, 'anomOS', null, 'alert_resolved', { alert, metric: 'm', world: null, value: 0, score: 0, firedUs: 1 })
const crash = (t: number, node: number) => ev(t, 'atmOS', node, 'node_crashed', { from: 'up', to: 'crashed', reason: 'x', requester: 'chaOS' })
const restarting = (t: number, node: number) => ev(t, 'atmOS', node, 'node_restarting', { from: 'crashed', to: 'restarting', reason: 'x', requester: 'chaOS' })

function run(c: Checker, events: LoggedEvent[], endUs = 0) {
  for (const e of events) {
    c.onEvent(e)
    c.onTime?.(simUs(e.t))
  }
  c.onTime?.(simUs(endUs))
  return c.violations()
}

describe('alert-states checker', () => {
  it('accepts pending → firing after its for → resolved, and a pending that cleared silently', () => {
    expect(run(alertStatesChecker(scenario), [pending(1e6), pending(3e6), firing(4e6, 1e6), resolved(6e6), pending(7e6, 0), firing(7e6, 0)])).toEqual([])
  })
  it('finds a firing without pending, one before its for, a false pendingUs, and a resolve of nothing', () => {
    const v = run(alertStatesChecker(scenario), [firing(1e6, 0), resolved(2e6), pending(3e6, 2000), firing(4e6, 1e6), resolved(5e6), resolved(6e6), pending(7e6, 0), firing(8e6, 5)])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/fired without being pending/),
      expect.stringMatching(/pending only 1000000 µs, less than its for \(2000 ms\)/),
      expect.stringMatching(/resolved without firing/),
      expect.stringMatching(/says it was pending 5 µs, but it was 1000000/),
    ])
  })
})

describe('alert-detection checker', () => {
  it('accepts a crash in a quiet run followed by an alert within the bound; ignores a short crash and a busy run', () => {
    expect(run(alertDetectionChecker(scenario), [crash(90e6, 2), pending(91e6), firing(92e6, 1e6)], 100e6)).toEqual([])
    expect(run(alertDetectionChecker(scenario), [crash(90e6, 2), restarting(91e6, 2)], 100e6)).toEqual([])
    expect(run(alertDetectionChecker(scenario), [crash(30e6, 1), restarting(33e6, 1), crash(60e6, 2)], 100e6)).toEqual([])
  })
  it('finds a crash in a quiet run that no alert noticed', () => {
    const v = run(alertDetectionChecker(scenario), [crash(90e6, 2)], 90e6 + DETECT_BOUND_US + 1)
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/world 2 crashed at 90000000 µs in a quiet run .* but no alert fired within 4.5 s/)
  })
  it('holds only while the default alerts are in force', () => {
    const changed = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'mythOS', 'anomOS'], layers: { anomOS: { alerts: [] } } })
    expect(run(alertDetectionChecker(changed), [crash(90e6, 2)], 100e6)).toEqual([])
  })
})
