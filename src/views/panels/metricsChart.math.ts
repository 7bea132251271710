/**
 * Metrics chart math: the catalogue of every known metric (declared by a layer module or seen in
 * the buffer), which series a choice of metric and worlds draws, their time and value extents,
 * the y domain, value-at-time lookup and min/max decimation for drawing. Pure: no DOM, no React
 * (metricsChart.math.test.ts). MetricsPanel.tsx only draws what these functions compute.
 */
import { scaleLinear } from 'd3'
import { US_PER_S } from '../../kernel/time'
import { seriesKey, type Series } from '../../store/metricsBuffer'
import { TYPE_PALETTE } from '../timelines/palette'

/** What a layer module declares about one metric (kernel/layer.ts MetricDef, structurally). */
export interface MetricDecl {
  readonly unit: string
  readonly per: 'world' | 'cluster'
  readonly description: string
}

/** One metric the chart can show. */
export interface MetricInfo {
  /** `layer.metric` (the MetricsBuffer's `metrics` key; the select's value). */
  readonly id: string
  readonly layer: string
  readonly metric: string
  readonly unit: string
  readonly per: 'world' | 'cluster'
  readonly description: string
  /** Declared by its layer module (false: only seen in the buffer). */
  readonly declared: boolean
  /** Worlds the buffer has values for (0 for a cluster metric, or before any sample). */
  readonly worlds: number
  /** The buffer holds at least one sample of it. */
  readonly sampled: boolean
}

/**
 * Every known metric: the declared ones in layer order then declaration order, then any the
 * buffer holds that no module declares (after its layer's declared ones, or at the end in name
 * order for a layer not in the list). `per` of an undeclared metric is read off the buffer.
 */
export function metricCatalogue(
  declared: Iterable<readonly [layer: string, metrics: Readonly<Record<string, MetricDecl>> | undefined]>,
  sampled: ReadonlyMap<string, number>,
): MetricInfo[] {
  const out: MetricInfo[] = []
  const seen = new Set<string>()
  const layers = new Set<string>()
  const undeclared = (layer: string | null) =>
    [...sampled.keys()]
      .filter((id) => !seen.has(id) && (layer === null || splitId(id)[0] === layer))
      .sort()
  const pushUndeclared = (id: string) => {
    const [layer, metric] = splitId(id)
    const worlds = sampled.get(id) ?? 0
    out.push({ id, layer, metric, unit: '', per: worlds > 0 ? 'world' : 'cluster', description: '', declared: false, worlds, sampled: true })
    seen.add(id)
  }
  for (const [layer, metrics] of declared) {
    layers.add(layer)
    for (const [metric, d] of Object.entries(metrics ?? {})) {
      const id = `${layer}.${metric}`
      if (seen.has(id)) continue
      seen.add(id)
      out.push({ id, layer, metric, unit: d.unit, per: d.per, description: d.description, declared: true, worlds: sampled.get(id) ?? 0, sampled: sampled.has(id) })
    }
    for (const id of undeclared(layer)) pushUndeclared(id)
  }
  for (const id of undeclared(null)) pushUndeclared(id)
  return out
}

/** `layer.metric` → [layer, metric] (a metric name may itself hold dots). */
export function splitId(id: string): [string, string] {
  const i = id.indexOf('.')
  return i < 0 ? [id, ''] : [id.slice(0, i), id.slice(i + 1)]
}

/** The catalogue by layer, in catalogue order (the select's option groups). */
export function groupByLayer(list: readonly MetricInfo[]): { layer: string; metrics: MetricInfo[] }[] {
  const groups: { layer: string; metrics: MetricInfo[] }[] = []
  for (const m of list) {
    const last = groups[groups.length - 1]
    if (last && last.layer === m.layer) last.metrics.push(m)
    else groups.push({ layer: m.layer, metrics: [m] })
  }
  return groups
}

/** "mythOS · term (term)"; a unitless metric has no parentheses ("chaOS · entropy"). */
export const metricLabel = (m: Pick<MetricInfo, 'layer' | 'metric' | 'unit'>): string =>
  `${m.layer} · ${m.metric}${m.unit ? ` (${m.unit})` : ''}`

/** A signature of what the select and the world picker show: React state changes only when it does. */
export const catalogueSig = (list: readonly MetricInfo[]): string =>
  list.map((m) => `${m.id}:${m.per}:${m.worlds}:${m.sampled ? 1 : 0}`).join('|')

/** The metric shown first: `preferred` when known, else the first sampled one, else the first. */
export function defaultMetric(list: readonly MetricInfo[], preferred: readonly string[]): string | null {
  for (const id of preferred) if (list.some((m) => m.id === id)) return id
  return (list.find((m) => m.sampled) ?? list[0])?.id ?? null
}

// ── worlds ───────────────────────────────────────────────────────────────────────────────────

/** How many worlds the picker offers by default. */
export const DEFAULT_WORLDS_MAX = 8

/** The default choice: worlds 0…min(count, max) − 1. */
export const defaultWorlds = (count: number, max = DEFAULT_WORLDS_MAX): number[] =>
  Array.from({ length: Math.max(0, Math.min(count, max)) }, (_, i) => i)

/**
 * The worlds drawn: the user's choice (null: the default) limited to the worlds that exist,
 * ascending.
 */
export function chosenWorlds(choice: ReadonlySet<number> | null, count: number, max = DEFAULT_WORLDS_MAX): number[] {
  if (choice === null) return defaultWorlds(count, max)
  return [...choice].filter((w) => Number.isInteger(w) && w >= 0 && w < count).sort((a, b) => a - b)
}

/** Toggle one world in a choice (null: the default, made explicit first). */
export function toggleWorld(choice: ReadonlySet<number> | null, world: number, count: number): Set<number> {
  const next = new Set(chosenWorlds(choice, count))
  if (next.has(world)) next.delete(world)
  else next.add(world)
  return next
}

/** One colour per world, fixed by its id (the timelines' categorical palette). */
export const worldColor = (world: number): string => TYPE_PALETTE[((world % TYPE_PALETTE.length) + TYPE_PALETTE.length) % TYPE_PALETTE.length]!

/** A cluster-wide metric's one line: the app's accent (app.css --accent). */
export const CLUSTER_COLOR = '#7aa2f7'

/** Line width, px. */
export const LINE_WIDTH_PX = 2
/** Length of one colour's dash where lines coincide, px. */
export const STRIPE_PX = 7

/**
 * Where lines coincide (five worlds at the same Raft term) only the top one would show. So each
 * line is drawn solid, then once more dashed: series `index` of `count` gets one dash in every
 * `count`, shifted by its index. Alone, a line's dashes fall on itself (it stays one colour);
 * lines on top of each other take turns, a striped line of every colour.
 */
export function stripeDash(index: number, count: number, stripePx = STRIPE_PX): { dash: number[]; offset: number } | null {
  if (count <= 1) return null
  return { dash: [stripePx, stripePx * (count - 1)], offset: -stripePx * index }
}

// ── series ───────────────────────────────────────────────────────────────────────────────────

export interface ChartSeries {
  /** The buffer's series key. */
  readonly key: string
  /** The world, or null for a cluster-wide metric. */
  readonly world: number | null
  readonly color: string
  readonly t: readonly number[]
  readonly v: readonly number[]
}

const EMPTY: Series = { t: [], v: [] }

/**
 * The series a chart of `metric` draws: one per chosen world for a per-world metric (empty where
 * the buffer has none yet), or the one cluster series.
 */
export function selectSeries(
  series: ReadonlyMap<string, Series>,
  metric: Pick<MetricInfo, 'layer' | 'metric' | 'per'>,
  worlds: readonly number[],
): ChartSeries[] {
  if (metric.per === 'cluster') {
    const key = seriesKey(metric.layer, metric.metric, null)
    const s = series.get(key) ?? EMPTY
    return [{ key, world: null, color: CLUSTER_COLOR, t: s.t, v: s.v }]
  }
  return worlds.map((w) => {
    const key = seriesKey(metric.layer, metric.metric, w)
    const s = series.get(key) ?? EMPTY
    return { key, world: w, color: worldColor(w), t: s.t, v: s.v }
  })
}

export const pointCount = (list: readonly Pick<ChartSeries, 't'>[]): number => list.reduce((n, s) => n + s.t.length, 0)

/** [first, last] sample time over all series (µs), or null when none has a sample. */
export function timeExtent(list: readonly Pick<ChartSeries, 't'>[]): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const s of list) {
    if (s.t.length === 0) continue
    lo = Math.min(lo, s.t[0]!)
    hi = Math.max(hi, s.t[s.t.length - 1]!)
  }
  return lo <= hi ? [lo, hi] : null
}

/** [min, max] of the finite values over all series, or null when there is none. */
export function valueExtent(list: readonly Pick<ChartSeries, 'v'>[]): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const s of list) {
    for (const v of s.v) {
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  return lo <= hi ? [lo, hi] : null
}

/** The shortest x span drawn: a run's first sample alone still gets an axis. */
export const MIN_X_SPAN_US = US_PER_S

/** The x domain, µs: the samples' extent, at least MIN_X_SPAN_US wide (grown to the right). */
export function xDomain(extent: readonly [number, number] | null, minSpanUs = MIN_X_SPAN_US): [number, number] {
  if (!extent) return [0, minSpanUs]
  const [lo, hi] = extent
  return hi - lo >= minSpanUs ? [lo, hi] : [lo, lo + minSpanUs]
}

/**
 * The y domain: the values' extent, with zero included when the values are all on one side of
 * it and not far from it (counters, gauges: a line near its top must not look like a cliff), a
 * flat line drawn from zero, a little headroom away from zero, then rounded to nice ticks.
 */
export function yDomain(extent: readonly [number, number] | null, ticks = 4): [number, number] {
  if (!extent) return [0, 1]
  let [lo, hi] = extent
  if (lo >= 0 && lo <= hi / 2) lo = 0
  else if (hi <= 0 && hi >= lo / 2) hi = 0
  if (lo === hi) {
    // Flat: from zero to the value (a steady count of 5 worlds reads as 5 of 5, not as noise).
    if (lo === 0) return [0, 1]
    if (lo > 0) lo = 0
    else hi = 0
  }
  const pad = (hi - lo) * 0.05
  if (lo !== 0) lo -= pad
  if (hi !== 0) hi += pad
  const [a, b] = scaleLinear().domain([lo, hi]).nice(ticks).domain() as [number, number]
  return [a, b]
}

/** Every value is a whole number (counts, terms, indices): the y axis then ticks whole numbers only. */
export const allIntegers = (list: readonly Pick<ChartSeries, 'v'>[]): boolean => list.every((s) => s.v.every((v) => Number.isInteger(v)))

/**
 * The y ticks: d3's nice ticks over the domain, about `count` of them; for whole-number data only
 * the whole ones (no "0.2 terms"), at least the domain's whole ends.
 */
export function yTicks(domain: readonly [number, number], count: number, integers: boolean): number[] {
  const ticks = scaleLinear().domain(domain).ticks(count)
  if (!integers) return ticks
  const whole = ticks.filter((v) => Number.isInteger(v))
  if (whole.length >= 2) return whole
  const lo = Math.ceil(domain[0])
  const hi = Math.floor(domain[1])
  return lo < hi ? [lo, hi] : lo === hi ? [lo] : []
}

/** The index of the last sample at or before `at`, or −1 (binary search: t ascending). */
export function indexAtOrBefore(t: readonly number[], at: number): number {
  let lo = 0
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (t[mid]! <= at) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** The value a series held at `at` (its last sample at or before it), or null before its first. */
export function valueAt(s: Pick<ChartSeries, 't' | 'v'>, at: number): number | null {
  const i = indexAtOrBefore(s.t, at)
  return i < 0 ? null : s.v[i]!
}

/** The latest value of a series, or null when it has none. */
export const latestValue = (s: Pick<ChartSeries, 'v'>): number | null => (s.v.length === 0 ? null : s.v[s.v.length - 1]!)

/**
 * Min/max decimation for drawing: within each pixel column keep the first, the lowest, the highest
 * and the last sample (in time order), so a line of thousands of samples draws as at most four
 * points a column and keeps every spike. `toPx` maps a time to its x in pixels. Series short enough
 * (≤ 4 points a column on average) come back as they are.
 */
export function decimate(t: readonly number[], v: readonly number[], toPx: (t: number) => number, columns: number): { t: number[]; v: number[] } {
  const n = t.length
  if (n <= Math.max(4, columns * 4)) return { t: t.slice(), v: v.slice() }
  const outT: number[] = []
  const outV: number[] = []
  let i = 0
  while (i < n) {
    const col = Math.floor(toPx(t[i]!))
    let j = i
    let lo = i
    let hi = i
    while (j + 1 < n && Math.floor(toPx(t[j + 1]!)) === col) {
      j++
      if (v[j]! < v[lo]!) lo = j
      if (v[j]! > v[hi]!) hi = j
    }
    for (const k of [...new Set([i, lo, hi, j])].sort((a, b) => a - b)) {
      outT.push(t[k]!)
      outV.push(v[k]!)
    }
    i = j + 1
  }
  return { t: outT, v: outV }
}

/** A value as the legend and the y axis read it: integers in full, others to 3 significant digits. */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—'
  if (Number.isInteger(v)) return Math.abs(v) >= 1e6 ? v.toExponential(2) : v.toLocaleString('en-US')
  const a = Math.abs(v)
  if (a >= 1e6 || a < 1e-3) return v.toExponential(2)
  return Number(v.toPrecision(3)).toString()
}
