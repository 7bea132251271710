/**
 * Timeline math: the time axis (µs ↔ px, the d3-zoom transform ↔ the visible range), lane
 * layout, culling and hit testing. Pure: no DOM, no React, unit-tested (timeline.math.test.ts).
 * The components in this folder only draw what these functions compute.
 *
 * The visible range (`TimeView`, µs) is the source of truth; a d3-zoom transform is only its
 * encoding against a fixed base scale: at k = 1 the plot's width shows BASE_SPAN_US from t = 0.
 */
import { scaleLinear, type ScaleLinear } from 'd3'
import { US_PER_S } from '../../kernel/time'
import type { Box } from '../geometry'

/** At zoom k = 1 the plot shows this much sim time. */
export const BASE_SPAN_US = 10 * US_PER_S
/** The visible span when a timeline opens (and follows the clock). */
export const DEFAULT_SPAN_US = 10 * US_PER_S
/** Deepest zoom: one millisecond across the plot. */
export const MIN_SPAN_US = 1_000
/** Widest zoom: one sim day across the plot. */
export const MAX_SPAN_US = 24 * 3600 * US_PER_S

/** The visible sim-time range, µs. end > start. */
export interface TimeView {
  readonly startUs: number
  readonly endUs: number
}

/** The x part of a d3-zoom transform (x' = x·k + tx). */
export interface ZoomLike {
  readonly k: number
  readonly x: number
}

export const spanOf = (v: TimeView): number => v.endUs - v.startUs

/** The visible range a zoom transform shows on a plot `widthPx` wide. */
export function viewFromTransform(t: ZoomLike, widthPx: number, baseSpanUs = BASE_SPAN_US): TimeView {
  const usPerPx = baseSpanUs / widthPx
  return { startUs: ((0 - t.x) / t.k) * usPerPx, endUs: ((widthPx - t.x) / t.k) * usPerPx }
}

/** The zoom transform that shows `view` on a plot `widthPx` wide (inverse of viewFromTransform). */
export function transformFromView(view: TimeView, widthPx: number, baseSpanUs = BASE_SPAN_US): ZoomLike {
  const k = baseSpanUs / spanOf(view)
  return { k, x: 0 - (view.startUs / baseSpanUs) * widthPx * k }
}

/** d3-zoom's scaleExtent for the span limits. */
export const scaleExtentFor = (minSpanUs = MIN_SPAN_US, maxSpanUs = MAX_SPAN_US, baseSpanUs = BASE_SPAN_US): [number, number] =>
  [baseSpanUs / maxSpanUs, baseSpanUs / minSpanUs]

/**
 * The range shown while following the clock: `spanUs` wide, its right edge on the sim clock —
 * or, until the run is that long, [0, span] so the first seconds fill in from the left.
 */
export function followView(spanUs: number, simTimeUs: number): TimeView {
  const endUs = Math.max(simTimeUs, spanUs)
  return { startUs: endUs - spanUs, endUs }
}

export interface ClampOptions {
  /** The latest sim time there is data for (the clock). */
  dataEndUs: number
  minSpanUs?: number
  maxSpanUs?: number
  /** How far past the data one may pan, as a fraction of the span. */
  overscroll?: number
}

/**
 * Keep a view sensible: its span within limits, and not panned far before t = 0 or past the
 * clock (a little overscroll either side, so the edges can be seen).
 */
export function clampView(view: TimeView, o: ClampOptions): TimeView {
  const span = Math.min(Math.max(spanOf(view), o.minSpanUs ?? MIN_SPAN_US), o.maxSpanUs ?? MAX_SPAN_US)
  const pad = span * (o.overscroll ?? 0.05)
  const mid = (view.startUs + view.endUs) / 2
  let startUs = mid - span / 2
  const maxEnd = Math.max(o.dataEndUs, span) + pad
  if (startUs + span > maxEnd) startUs = maxEnd - span
  if (startUs < -pad) startUs = -pad
  return { startUs, endUs: startUs + span }
}

/**
 * The widest a person may zoom out: the run so far and a tenth more (never less than the base
 * span), so zooming out cannot show hours of empty future after a few minutes of data, nor a
 * brush select it.
 */
export const dataSpanLimit = (dataEndUs: number): number => Math.max(BASE_SPAN_US, Math.round(dataEndUs * 1.1))

export function sameView(a: TimeView, b: TimeView, epsUs = 1e-6): boolean {
  return Math.abs(a.startUs - b.startUs) <= epsUs && Math.abs(a.endUs - b.endUs) <= epsUs
}

/** µs → px on a plot `widthPx` wide (a plain closure: it runs once per mark). */
export function usToPx(view: TimeView, widthPx: number): (us: number) => number {
  const k = widthPx / spanOf(view)
  const s = view.startUs
  return (us) => (us - s) * k
}

/** px → µs, the inverse of usToPx. */
export function pxToUs(view: TimeView, widthPx: number): (px: number) => number {
  const k = spanOf(view) / widthPx
  const s = view.startUs
  return (px) => s + px * k
}

/** The axis scale: sim seconds → px (d3 picks nice ticks on seconds, not µs). */
export function axisScale(view: TimeView, widthPx: number): ScaleLinear<number, number> {
  return scaleLinear().domain([view.startUs / US_PER_S, view.endUs / US_PER_S]).range([0, widthPx])
}

/** About one tick per 90 px, at least two. */
export const tickCountFor = (widthPx: number): number => Math.max(2, Math.floor(widthPx / 90))

/** Tick labels in sim seconds, with as many decimals as the tick step needs ("1.25 s"). */
export function secondsTickFormat(scale: ScaleLinear<number, number>, count: number): (s: number) => string {
  const f = scale.tickFormat(count)
  return (s) => `${f(s)} s`
}

// ── lanes ──────────────────────────────────────────────────────────────────────────────────────

export interface Lane<K> {
  readonly key: K
  readonly index: number
  /** Top and bottom edge, px from the top of the plot. */
  readonly y0: number
  readonly y1: number
}

export interface LaneLayout<K> {
  readonly lanes: readonly Lane<K>[]
  /** Total height, px: top gutter + lanes + gaps. */
  readonly heightPx: number
}

/**
 * Stack lanes top to bottom, `gapPx` apart, below a `topPx` gutter; each `laneHeightPx` tall (or
 * as tall as the function says for that lane).
 */
export function layoutLanes<K>(keys: readonly K[], laneHeightPx: number | ((key: K, index: number) => number), gapPx = 0, topPx = 0): LaneLayout<K> {
  const heightOf = typeof laneHeightPx === 'number' ? () => laneHeightPx : laneHeightPx
  const lanes: Lane<K>[] = []
  let y = topPx
  keys.forEach((key, index) => {
    const y0 = index === 0 ? y : y + gapPx
    y = y0 + heightOf(key, index)
    lanes.push({ key, index, y0, y1: y })
  })
  return { lanes, heightPx: y }
}

/**
 * Rows inside a lane: `rows` rows of `rowPx` under `padPx` of padding. Returns the row under y
 * (relative to the lane's top), or null in the padding.
 */
export function rowAt(yInLanePx: number, rows: number, rowPx: number, padPx: number): number | null {
  const r = Math.floor((yInLanePx - padPx) / rowPx)
  return r >= 0 && r < rows ? r : null
}

/**
 * Lane height for a lane of `rows` rows: rows × rowPx plus padding, at least minPx. The rows start
 * `rowsTopPx` below the lane's top (the padding unless something sits above them).
 */
export const laneHeightForRows = (rows: number, rowPx: number, padPx: number, minPx: number, rowsTopPx = padPx): number =>
  Math.max(minPx, rowsTopPx + Math.max(1, rows) * rowPx + padPx)

// ── labelled lanes with rows ───────────────────────────────────────────────────────────────────

/** A label's box, px: x from the left of the labels column, y from the top of the lane stack. */
export type LabelBox = Box

/** A lane to lay out: its key, the name its label shows, and its rows' labels (top to bottom). */
export interface RowLaneSpec<K> {
  readonly key: K
  readonly name: string
  readonly rows: readonly string[]
}

/** How the labels column of a lane stack with rows is drawn (px; the CSS must agree). */
export interface RowLabelMetrics {
  /** A text's width as drawn: a lane's name ('name') or a row's label ('row'). */
  readonly measure: (text: string, kind: 'name' | 'row') => number
  /** The labels column's width (as laid out); 0 or less: as narrow as the labels allow. */
  readonly columnPx: number
  readonly rowPx: number
  /** Padding above the first row (when nothing pushes it down) and below the last. */
  readonly padPx: number
  readonly minLanePx: number
  readonly gapPx: number
  /** The name's line: its top below the lane's top, and its height. */
  readonly nameTopPx: number
  readonly nameLinePx: number
  /** The name starts at the column's left edge plus this; the rows end this far from its right. */
  readonly insetLeftPx: number
  readonly insetRightPx: number
  /** The least room between a name and a row label beside it. */
  readonly spacePx: number
}

/**
 * The logOS timeline's lanes (LogTimeline; timelines.css draws its labels to match): 9 px rows
 * under 3 px of padding, lanes at least 22 px tall and 2 px apart; the layer's name on a 14 px line
 * 1 px below the lane's top at the column's left edge; the rows' labels 6 px from its right edge,
 * at least 6 px clear of a name beside them.
 */
export const LOG_LANE_METRICS = {
  rowPx: 9, padPx: 3, minLanePx: 22, gapPx: 2, nameTopPx: 1, nameLinePx: 14, insetLeftPx: 0, insetRightPx: 6, spacePx: 6,
} as const satisfies Omit<RowLabelMetrics, 'measure' | 'columnPx'>

/** A lane with its name at the top left and its rows' labels right-aligned, none overlapping. */
export interface RowLane<K> extends Lane<K> {
  /** The first row's top, px below the lane's top: below the name when a row's label would run into it. */
  readonly rowsTopPx: number
  readonly nameBox: LabelBox
  readonly rowBoxes: readonly LabelBox[]
}

export interface RowLaneLayout<K> {
  readonly lanes: readonly RowLane<K>[]
  readonly heightPx: number
  /** The narrowest labels column that holds every label whole. */
  readonly minColumnPx: number
  /** The column width the boxes were laid out for (columnPx, or minColumnPx when that is wider). */
  readonly columnPx: number
}

/**
 * Lanes with a row per type (the logOS timeline's): each lane's name at its top left, its rows'
 * labels right-aligned in the labels column, one per row. A row whose label would run into the
 * name beside it moves down — with the rows under it — just far enough to clear the name's line,
 * and the lane grows by as much; rows whose labels fit beside the name stay where they are. The
 * rows' marks are drawn at the same heights as their labels (rowsTopPx + r × rowPx), and rowAt
 * with rowsTopPx finds them. Labels are right- or left-aligned, so a column wider than the one
 * laid out for only moves them further apart.
 */
export function layoutRowLanes<K>(specs: readonly RowLaneSpec<K>[], m: RowLabelMetrics): RowLaneLayout<K> {
  const widths = specs.map((s) => ({ name: Math.ceil(m.measure(s.name, 'name')), rows: s.rows.map((r) => Math.ceil(m.measure(r, 'row'))) }))
  const widest = widths.reduce((w, l) => Math.max(w, l.name, ...l.rows), 0)
  const minColumnPx = m.insetLeftPx + widest + m.insetRightPx
  const columnPx = Math.max(m.columnPx, minColumnPx)
  const nameBottom = m.nameTopPx + m.nameLinePx
  const rowsTop = specs.map((s, i) => {
    const w = widths[i]!
    let top = m.padPx
    w.rows.forEach((rw, r) => {
      // Beside the name: its left edge must clear the name's right edge by spacePx.
      const fits = columnPx - m.insetRightPx - rw >= m.insetLeftPx + w.name + m.spacePx
      if (!fits) top = Math.max(top, nameBottom - r * m.rowPx)
    })
    return top
  })
  const base = layoutLanes(specs.map((s) => s.key), (_k, i) => laneHeightForRows(specs[i]!.rows.length, m.rowPx, m.padPx, m.minLanePx, rowsTop[i]), m.gapPx)
  const lanes = base.lanes.map((lane, i): RowLane<K> => {
    const w = widths[i]!
    const top = rowsTop[i]!
    const right = columnPx - m.insetRightPx
    return {
      ...lane,
      rowsTopPx: top,
      nameBox: { x0: m.insetLeftPx, y0: lane.y0 + m.nameTopPx, x1: m.insetLeftPx + w.name, y1: lane.y0 + nameBottom },
      rowBoxes: w.rows.map((rw, r) => ({ x0: right - rw, y0: lane.y0 + top + r * m.rowPx, x1: right, y1: lane.y0 + top + (r + 1) * m.rowPx })),
    }
  })
  return { lanes, heightPx: base.heightPx, minColumnPx, columnPx }
}

/** The lane under y, or null (in a gap or outside). */
export function laneAt<L extends Lane<unknown>>(layout: { readonly lanes: readonly L[] }, y: number): L | null {
  const lanes = layout.lanes
  let lo = 0
  let hi = lanes.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const lane = lanes[mid]!
    if (y < lane.y0) hi = mid - 1
    else if (y >= lane.y1) lo = mid + 1
    else return lane
  }
  return null
}

/** Lane height for `count` lanes sharing about `budgetPx`, within [minPx, maxPx]. */
export function fitLaneHeight(count: number, budgetPx: number, minPx: number, maxPx: number): number {
  if (count <= 0) return maxPx
  return Math.max(minPx, Math.min(maxPx, Math.floor(budgetPx / count)))
}

/**
 * Lane height for one lane per world in a plot `availablePx` tall (the lanes start below a `topPx`
 * gutter, `gapPx` apart): every lane in view when they fit at `minPx` or more (up to `maxPx`); for
 * more worlds, `minPx` (labels stay legible) and the lanes scroll. Only the lanes in view are
 * drawn (laneWindow), so a tall stack of 2,000 worlds costs no more than a short one.
 */
export function fitWorldLanes(count: number, availablePx: number, topPx = 0, gapPx = 0, minPx = 10, maxPx = 24): number {
  if (count <= 0) return maxPx
  const per = Math.floor((availablePx - topPx + gapPx) / count) - gapPx
  return Math.max(minPx, Math.min(maxPx, per))
}

/**
 * Lane virtualisation: the index range [from, to) of the lanes (sorted top to bottom) that overlap
 * the rows y0..y1 (px from the top of the stack: the scrolled-to part), widened by `overscan`
 * lanes either side.
 */
export function laneWindow<K>(lanes: readonly Lane<K>[], y0: number, y1: number, overscan = 0): [number, number] {
  let lo = 0
  let hi = lanes.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (lanes[mid]!.y1 <= y0) lo = mid + 1
    else hi = mid
  }
  const from = lo
  hi = lanes.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (lanes[mid]!.y0 < y1) lo = mid + 1
    else hi = mid
  }
  return [Math.max(0, from - overscan), Math.min(lanes.length, lo + overscan)]
}

/** Keys in the order of `order` (e.g. LAYER_NAMES), unknown keys last in their own order. */
export function orderKeys<K>(present: Iterable<K>, order: readonly K[]): K[] {
  const rank = (k: K) => {
    const i = order.indexOf(k)
    return i < 0 ? order.length : i
  }
  return [...present].sort((a, b) => rank(a) - rank(b))
}

// ── culling and hit testing ────────────────────────────────────────────────────────────────────

/** First index whose t >= us in a list sorted by t. */
export function lowerBound(items: readonly { readonly t: number }[], us: number): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (items[mid]!.t < us) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose t > us in a list sorted by t. */
export function upperBound(items: readonly { readonly t: number }[], us: number): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (items[mid]!.t <= us) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The index range [from, to) of marks (sorted by t) inside the view, widened by `padUs` either
 * side so a mark straddling the edge is still drawn.
 */
export function visibleRange(items: readonly { readonly t: number }[], view: TimeView, padUs = 0): [number, number] {
  return [lowerBound(items, view.startUs - padUs), upperBound(items, view.endUs + padUs)]
}

/** Does [startUs, endUs) (endUs null = still open, up to `nowUs`) overlap the view? */
export const intervalVisible = (startUs: number, endUs: number | null, nowUs: number, view: TimeView): boolean =>
  startUs <= view.endUs && (endUs ?? nowUs) >= view.startUs

/** A mark as drawn in the last frame: its x (px, sorted ascending within a lane) and what it is. */
export interface DrawnMark<T> {
  readonly x: number
  readonly item: T
}

/** The drawn mark nearest to x within `maxDistPx`, or null. `marks` sorted by x. */
export function nearestMark<T>(marks: readonly DrawnMark<T>[], x: number, maxDistPx: number): DrawnMark<T> | null {
  let lo = 0
  let hi = marks.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (marks[mid]!.x < x) lo = mid + 1
    else hi = mid
  }
  let best: DrawnMark<T> | null = null
  let bestDist = maxDistPx
  for (const i of [lo - 1, lo]) {
    const m = marks[i]
    if (!m) continue
    const d = Math.abs(m.x - x)
    if (d <= bestDist) {
      best = m
      bestDist = d
    }
  }
  return best
}

// ── filtering ──────────────────────────────────────────────────────────────────────────────────

export interface RangeFilter {
  fromUs: number
  toUs: number
  /** Types not to show. */
  hiddenTypes?: ReadonlySet<string>
}

/** Events with fromUs <= t <= toUs whose type is not hidden, in the order given. */
export function filterEvents<E extends { readonly t: number; readonly type: string }>(events: Iterable<E>, f: RangeFilter): E[] {
  const out: E[] = []
  for (const e of events) {
    if (e.t < f.fromUs || e.t > f.toUs) continue
    if (f.hiddenTypes?.has(e.type)) continue
    out.push(e)
  }
  return out
}

/** A stable small integer for a string (FNV-1a), e.g. to give each event type its own colour. */
export function hashIndex(s: string, n: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % n
}

/**
 * The keyboard's way through a timeline: + (or =) zooms in ×1.5 about the middle, − zooms out,
 * ← and → pan a fifth of the span, Home shows the start, End the latest data; null for any other
 * key. The result is clamped like a gesture's.
 */
export function keyView(view: TimeView, key: string, dataEndUs: number): TimeView | null {
  const span = spanOf(view)
  const mid = (view.startUs + view.endUs) / 2
  let next: TimeView
  switch (key) {
    case '+':
    case '=':
      next = { startUs: mid - span / 3, endUs: mid + span / 3 }
      break
    case '-':
    case '_':
      next = { startUs: mid - span * 0.75, endUs: mid + span * 0.75 }
      break
    case 'ArrowLeft':
      next = { startUs: view.startUs - span / 5, endUs: view.endUs - span / 5 }
      break
    case 'ArrowRight':
      next = { startUs: view.startUs + span / 5, endUs: view.endUs + span / 5 }
      break
    case 'Home':
      next = { startUs: 0, endUs: span }
      break
    case 'End':
      next = { startUs: dataEndUs - span, endUs: dataEndUs }
      break
    default:
      return null
  }
  return clampView(next, { dataEndUs, maxSpanUs: dataSpanLimit(dataEndUs) })
}

// ── the wheel ──────────────────────────────────────────────────────────────────────────────────

/** What a wheel turn over a timeline does: scroll its lanes, zoom its time axis, or pan it. */
export type WheelIntent = 'scroll' | 'zoom' | 'pan'

/**
 * The wheel scrolls the lanes (as on any page); Ctrl or ⌘ + wheel (and a trackpad's pinch, which
 * the browser sends as a wheel with ctrlKey) zooms the time axis; Shift + wheel, or a sideways
 * swipe, pans it.
 */
export function wheelIntent(e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; deltaX: number; deltaY: number }): WheelIntent {
  if (e.ctrlKey || e.metaKey) return 'zoom'
  if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) return 'pan'
  return 'scroll'
}

/** The view panned by a horizontal wheel of `deltaPx` (px of the plot), clamped like a gesture. */
export function wheelPanView(view: TimeView, deltaPx: number, widthPx: number, dataEndUs: number): TimeView {
  const d = (deltaPx / Math.max(1, widthPx)) * spanOf(view)
  return clampView({ startUs: view.startUs + d, endUs: view.endUs + d }, { dataEndUs, maxSpanUs: dataSpanLimit(dataEndUs) })
}

// ── seeking and selecting ──────────────────────────────────────────────────────────────────────

/** The sim time a seek asks for: whole µs, not before 0, not past `maxUs` (a scenario's stop time). */
export function seekTarget(us: number, maxUs: number | null = null): number {
  const t = Number.isFinite(us) ? Math.round(us) : 0
  return Math.max(0, maxUs === null ? t : Math.min(maxUs, t))
}

/** A keyboard seek's step: about a tenth of the visible span, a round number (1, 2 or 5 × 10ⁿ µs). */
export function seekStepUs(view: TimeView): number {
  const raw = Math.max(1, spanOf(view) / 10)
  const p = 10 ** Math.floor(Math.log10(raw))
  const m = raw / p
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p
}

export { seekProgress } from './seekProgress'

/**
 * A brushed range, ordered and clamped to the run so far (0 … `dataEndUs`): there are no events
 * in the future to select. Null when nothing of it is left.
 */
export function clampRange(a: number, b: number, dataEndUs: number): [number, number] | null {
  const from = Math.max(0, Math.min(a, b))
  const to = Math.min(dataEndUs, Math.max(a, b))
  return to > from ? [from, to] : null
}
