/**
 * The metrics channel as the page keeps it: every sample the coordinator reports, as one series
 * per (layer, metric, world), bounded in points per series (the oldest half is thinned out when a
 * series is full, so a long run keeps its whole shape at a coarser grain). Plain data, read by the
 * metrics chart in animation callbacks (never React state).
 */
import type { MetricSample } from '../kernel/types'

/** Points kept per series before the older half is thinned. */
export const MAX_POINTS_PER_SERIES = 4_000

export interface Series {
  /** Sim times, µs, ascending. */
  t: number[]
  v: number[]
}

/** `layer.metric`, or `layer.metric#world` for a per-world value. */
export const seriesKey = (layer: string, metric: string, world: number | null): string => (world === null ? `${layer}.${metric}` : `${layer}.${metric}#${world}`)

export class MetricsBuffer {
  readonly series = new Map<string, Series>()
  /** Per `layer.metric`: how many worlds it has values for (0: a cluster-wide metric). */
  readonly metrics = new Map<string, number>()
  version = 0

  push(samples: readonly MetricSample[]): void {
    for (const s of samples) {
      for (const [name, value] of Object.entries(s.values)) {
        const id = `${s.layer}.${name}`
        if (typeof value === 'number') {
          if (!this.metrics.has(id)) this.metrics.set(id, 0)
          this.add(seriesKey(s.layer, name, null), s.t, value)
        } else {
          this.metrics.set(id, Math.max(this.metrics.get(id) ?? 0, value.length))
          value.forEach((v, w) => { if (v !== null) this.add(seriesKey(s.layer, name, w), s.t, v) })
        }
      }
    }
    this.version++
  }

  /** Forget the samples at or after tUs (the run went back to tUs; they will come again, or others will). */
  truncateFrom(tUs: number): void {
    for (const [key, s] of this.series) {
      let n = s.t.length
      while (n > 0 && s.t[n - 1]! >= tUs) n--
      if (n === s.t.length) continue
      if (n === 0) this.series.delete(key)
      else this.series.set(key, { t: s.t.slice(0, n), v: s.v.slice(0, n) })
    }
    this.version++
  }

  private add(key: string, t: number, v: number): void {
    let s = this.series.get(key)
    if (!s) this.series.set(key, (s = { t: [], v: [] }))
    s.t.push(t)
    s.v.push(v)
    if (s.t.length > MAX_POINTS_PER_SERIES) {
      // Keep every other point of the older half: bounded memory, the whole run still drawn.
      const half = s.t.length >> 1
      const keep = (_: number, i: number) => i >= half || i % 2 === 0
      s.t = s.t.filter(keep)
      s.v = s.v.filter(keep)
      this.series.set(key, s)
    }
  }
}
