/** The harmony checker on crafted histories: a declaration against the ground truth, harmony kept too long, and a lawful history. */
import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent, MetricSample } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { harmonyChecker } from './harmony'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'harmoniOS', 'anomOS'] })
let offset = 0
const ev = (t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const reached = (t: number) => ev(t, 'harmoniOS', null, 'harmony_reached', { afterUs: null, lostFor: null, unjudged: [] })
const lost = (t: number) => ev(t, 'harmoniOS', null, 'harmony_lost', { reason: 'x', reasons: ['x'], heldUs: 0 })
const elected = (t: number, node: number) => ev(t, 'mythOS', node, 'leader_elected', { term: 1 })
const applied = (t: number, node: number, index: number, chain = `c${index}`) => ev(t, 'mythOS', node, 'entry_applied', { index, term: 1, digest: 'd', chain, appliedInTerm: 1, kind: 'happening', id: null })
const crashed = (t: number, node: number) => ev(t, 'atmOS', node, 'node_crashed', { from: 'up', to: 'crashed', reason: 'x', requester: 'chaOS' })
const offsets = (t: number, us: number[]): MetricSample => ({ t: simUs(t), layer: 'chronOS', values: { offsetUs: us } })

function run(c: Checker, items: (LoggedEvent | MetricSample)[], endUs: number) {
  for (const x of items) {
    if ('values' in x) c.onMetrics!(x)
    else c.onEvent(x)
    c.onTime!(simUs(x.t))
  }
  c.onTime!(simUs(endUs))
  return c.violations()
}

const calm = (t0: number) => [elected(t0, 0), ...[0, 1, 2, 3, 4].map((w) => applied(t0 + 1, w, 1))]

describe('harmony checker', () => {
  it('accepts harmony declared on a calm cluster and lost in time after a crash', () => {
    expect(run(harmonyChecker(scenario), [...calm(1e6), reached(3e6), crashed(5e6, 2), lost(6.02e6)], 10e6)).toEqual([])
  })
  it('finds harmony declared while a world is down', () => {
    const v = run(harmonyChecker(scenario), [...calm(1e6), crashed(2e6, 3), reached(4e6)], 5e6)
    expect(v[0]!.message).toMatch(/harmony declared at 4000000 µs .* while world 3 is not up since 2000000/)
  })
  it('finds harmony declared while worlds applied different stories, or a clock is far off', () => {
    const split = run(harmonyChecker(scenario), [elected(1e6, 0), applied(1.1e6, 0, 1, 'a'), applied(1.2e6, 1, 1, 'b'), reached(3e6)], 4e6)
    expect(split[0]!.message).toMatch(/worlds disagree at 1/)
    const clock = run(harmonyChecker(scenario), [...calm(1e6), offsets(2e6, [0, 0, 60_000, 0, 0]), reached(3e6)], 4e6)
    expect(clock[0]!.message).toMatch(/world 2's clock is off/)
  })
  it('finds harmony kept for longer than an evaluation after a world trails or an alert fires', () => {
    const trail = [...calm(1e6), reached(2e6), ...[2, 3, 4, 5, 6, 7].map((i) => applied(3e6, 0, i)), ...[2, 3, 4, 5, 6, 7].map((i) => applied(3e6, 1, i)), ...[2, 3, 4, 5, 6, 7].map((i) => applied(3e6, 2, i))]
    const v = run(harmonyChecker(scenario), trail, 6e6)
    expect(v[0]!.message).toMatch(/harmony kept at .* while world 3 trails since 3000000/)
    const alert = run(harmonyChecker(scenario), [...calm(1e6), reached(2e6), ev(3e6, 'anomOS', null, 'alert_firing', { alert: 'A' })], 6e6)
    expect(alert[0]!.message).toMatch(/an alert fires/)
  })
})
