/**
 * anomOS — the watcher. Alerts on the metrics channel (settings.ts): each alert reads one metric of
 * one layer, per world or for the cluster, as a gauge, a rate or a ratio of two counters' increases,
 * scores every value with its streaming detector (detectors.ts: EWMA z-score or MAD's modified z),
 * and moves as Prometheus' alerting rules do: inactive → pending when the score passes the threshold
 * (alert_pending), → firing once it stayed past it for `forMs` (alert_firing), → resolved when it is
 * back (alert_resolved; a pending alert that clears just goes back to inactive). Alerts come from the
 * scenario (the defaults: one per fault kind) and from `alert` interventions (the alerts panel, carried
 * in the link). An alert whose layer does not run, is not built yet (pandemoniOS's phi) or has no
 * such metric is listed as unavailable, with the reason, and never evaluated.
 *
 * Cross-layer: consumes every layer's metrics samples; sends alert_state (firing and resolved
 * changes, with the count firing) to nomOS's rules and harmoniOS's harmony and rollout analysis.
 */
import type { MetricSampleMsg } from '../../kernel/metrics'
import { defineLayer } from '../define'
import { MANIFESTS } from '../manifests'
import { ANOMOS_CONSUMES, ANOMOS_INTERVENTIONS, ANOMOS_SENDS, type AnomosCtx } from './contract'
import { anomalous, newDetector, observe } from './detectors'
import { ANOMOS_EVENTS } from './events'
import { anomOSManifest } from './manifest'
import { MAX_ALERTS, type AlertSpec } from './settings'
import { anomosView, type AlertState, type AnomosState, type AnomosView, type Instance } from './view'

export type { AnomosState, AnomosView } from './view'

const MARKS = 400

/** Why an alert cannot be evaluated in this run, or null. */
function unavailability(spec: AlertSpec, ctx: AnomosCtx): string | null {
  const layer = spec.layer === 'network' ? ctx.scenario.network : spec.layer
  const manifest = MANIFESTS.find((m) => m.name === layer)
  if (!manifest) return `${layer} is not built yet: there is no ${spec.metric} to watch`
  if (layer !== ctx.scenario.network && !ctx.scenario.run.includes(layer)) return `${layer} does not run in this scenario`
  const metrics = manifest.metrics as Readonly<Record<string, unknown>>
  for (const name of spec.source === 'ratio' ? [spec.metric, spec.over ?? ''] : [spec.metric])
    if (!Object.hasOwn(metrics, name)) return `${layer} has no metric ${JSON.stringify(name)} (it has ${Object.keys(metrics).join(', ')})`
  return null
}

function addAlert(s: AnomosState, ctx: AnomosCtx, spec: AlertSpec, quiet: boolean): void {
  if (spec.source === 'ratio' && !spec.over) {
    ctx.emit('alert_rejected', null, { name: spec.name, error: 'a ratio needs `over`, the counter it divides by' })
    return
  }
  const at = s.alerts.findIndex((a) => a.spec.name === spec.name)
  if (at < 0 && s.alerts.length >= MAX_ALERTS) {
    ctx.emit('alert_rejected', null, { name: spec.name, error: `there are already ${MAX_ALERTS} alerts (remove one first)` })
    return
  }
  const unavailable = unavailability(spec, ctx)
  if (unavailable !== null && !quiet) {
    // Added by the user now: say why it cannot work rather than keep a dead alert.
    ctx.emit('alert_rejected', null, { name: spec.name, error: unavailable })
    return
  }
  if (at >= 0) resolveAll(s, ctx, s.alerts[at]!)
  const entry: AlertState = { spec, unavailable, instances: {}, fired: 0 }
  if (at >= 0) s.alerts[at] = entry
  else s.alerts.push(entry)
  if (!quiet) ctx.emit('alert_added', null, { name: spec.name, layer: spec.layer, metric: spec.metric, replaced: at >= 0 })
}

/** An alert removed or replaced: what it had firing is resolved. */
function resolveAll(s: AnomosState, ctx: AnomosCtx, a: AlertState): void {
  for (const i of Object.values(a.instances)) if (i.state === 'firing') transition(s, ctx, a, i, 'inactive', i.value ?? 0, i.score ?? 0)
}

function transition(s: AnomosState, ctx: AnomosCtx, a: AlertState, i: Instance, to: Instance['state'], value: number, score: number): void {
  const base = { alert: a.spec.name, metric: `${a.spec.layer}.${a.spec.metric}`, world: i.world, value, score }
  const from = i.state
  const since = i.sinceUs
  i.state = to
  i.sinceUs = ctx.now
  if (to === 'pending') return ctx.emit('alert_pending', i.world, { ...base, forMs: a.spec.forMs })
  if (to === 'firing') {
    s.firing++
    s.fired++
    a.fired++
    ctx.emit('alert_firing', i.world, { ...base, pendingUs: from === 'pending' ? ctx.now - since : 0 })
    mark(s, { alert: a.spec.name, world: i.world, state: 'firing', atUs: ctx.now, value, score })
    ctx.send('alert_state', { alert: a.spec.name, world: i.world, state: 'firing', firing: s.firing })
    return
  }
  if (from === 'firing') {
    s.firing--
    ctx.emit('alert_resolved', i.world, { ...base, firedUs: ctx.now - since })
    mark(s, { alert: a.spec.name, world: i.world, state: 'resolved', atUs: ctx.now, value, score })
    ctx.send('alert_state', { alert: a.spec.name, world: i.world, state: 'resolved', firing: s.firing })
  }
}

function mark(s: AnomosState, m: AnomosState['marks'][number]): void {
  s.marks.push(m)
  if (s.marks.length > MARKS) s.marks.splice(0, s.marks.length - MARKS)
}

/** One reading of one instance: the value to score (null: none this time — a first reading, a ratio over nothing). */
function reading(i: Instance, spec: AlertSpec, t: number, v: number, den: number): number | null {
  const prev = i.prev
  i.prev = { t, v, den }
  let x: number | null
  switch (spec.source) {
    case 'gauge': x = v; break
    case 'rate': x = prev !== null && t > prev.t ? ((v - prev.v) * 1e6) / (t - prev.t) : null; break
    case 'ratio': x = prev !== null && den > prev.den ? (v - prev.v) / (den - prev.den) : null; break
  }
  return x !== null && spec.abs ? Math.abs(x) : x
}

function evaluate(s: AnomosState, ctx: AnomosCtx, a: AlertState, key: string, world: number | null, t: number, v: number, den: number): void {
  let i = a.instances[key]
  if (i === undefined) i = a.instances[key] = { world, detector: newDetector(), prev: null, state: 'inactive', sinceUs: t, value: null, score: null }
  const x = reading(i, a.spec, t, v, den)
  if (x === null || !Number.isFinite(x)) return
  const score = observe(i.detector, a.spec, x)
  i.value = x
  i.score = score
  if (score === null) return
  const bad = anomalous(a.spec, score)
  if (bad && i.state === 'inactive') transition(s, ctx, a, i, 'pending', x, score)
  if (bad && i.state === 'pending' && ctx.now - i.sinceUs >= a.spec.forMs * 1_000) transition(s, ctx, a, i, 'firing', x, score)
  if (!bad && i.state !== 'inactive') transition(s, ctx, a, i, 'inactive', x, score)
}

/**
 * A series that has no value now (its world is down or gone): as Prometheus does when a series
 * disappears, a firing alert on it resolves and a pending one is dropped; it starts afresh when the
 * series comes back (a new baseline: the world restarted).
 */
function vanished(s: AnomosState, ctx: AnomosCtx, a: AlertState, key: string): void {
  const i = a.instances[key]
  if (i === undefined) return
  if (i.state === 'firing') transition(s, ctx, a, i, 'inactive', i.value ?? 0, i.score ?? 0)
  delete a.instances[key]
}

function onSample(s: AnomosState, ctx: AnomosCtx, m: MetricSampleMsg): void {
  for (const a of s.alerts) {
    if (a.unavailable !== null) continue
    const layer = a.spec.layer === 'network' ? ctx.scenario.network : a.spec.layer
    if (m.layer !== layer) continue
    const v = m.values[a.spec.metric]
    const den = a.spec.source === 'ratio' ? m.values[a.spec.over!] : undefined
    if (v === undefined) continue
    if (Array.isArray(v)) {
      for (let w = 0; w < v.length; w++) {
        const x = v[w]
        const d = Array.isArray(den) ? den[w] : 0
        if (x === null || x === undefined || d === null || d === undefined) {
          vanished(s, ctx, a, String(w))
          continue
        }
        evaluate(s, ctx, a, String(w), w, m.t, x, d)
      }
    } else if (typeof v === 'number') evaluate(s, ctx, a, 'c', null, m.t, v, typeof den === 'number' ? den : 0)
  }
}

export const anomOS = defineLayer({
  ...anomOSManifest,
  consumes: ANOMOS_CONSUMES,
  interventions: ANOMOS_INTERVENTIONS,
  sends: ANOMOS_SENDS,
  events: ANOMOS_EVENTS,
  init(ctx): AnomosState {
    const s: AnomosState = { alerts: [], firing: 0, fired: 0, marks: [] }
    for (const spec of ctx.settings.alerts) addAlert(s, ctx, spec, true)
    return s
  },

  onMessage(s, msg, ctx) {
    if (msg.type === 'metrics') return onSample(s, ctx, msg.data)
    const d = msg.data
    if (d.op === 'add') {
      if (!d.alert) return ctx.emit('alert_rejected', null, { name: d.name ?? '', error: 'an added alert needs its definition {name, layer, metric, …}' })
      return addAlert(s, ctx, d.alert, false)
    }
    const name = d.name ?? d.alert?.name ?? ''
    const at = s.alerts.findIndex((a) => a.spec.name === name)
    if (at < 0) return ctx.emit('alert_rejected', null, { name, error: `there is no alert named ${JSON.stringify(name)} to remove` })
    resolveAll(s, ctx, s.alerts[at]!)
    s.alerts.splice(at, 1)
    ctx.emit('alert_removed', null, { name })
  },

  onTimer() {
    // anomOS acts on the samples it receives; it sets no timers.
  },

  sample: (s) => ({ firing: s.firing, fired: s.fired }),

  view(s): AnomosView {
    return anomosView(s)
  },

  summary(s) {
    return { firing: s.firing, fired: s.fired, byAlert: Object.fromEntries(s.alerts.map((a) => [a.spec.name, a.unavailable ?? a.fired])) }
  },
})
