/**
 * logOS timeline: every retained event as a tick in its layer's lane, on a zoomable sim-time
 * axis that follows the clock. Marks on one canvas (lanes hold thousands); labels, axis, brush,
 * tooltip and the selected-range list in the DOM, as text. The math is in timeline.math.ts and
 * eventIndex.ts; this component only draws.
 *
 * The wheel scrolls the lanes, Ctrl/⌘ + wheel zooms, drag pans, shift+drag (or drag in "Select"
 * mode) selects a range of the run so far whose events are listed below; the time axis seeks
 * (useTimeAxis). Hover shows an event in full. "No events" is said only when none is drawn.
 */
import { AxisRow } from './AxisRow'
import { brushX, select, type BrushBehavior, type D3BrushEvent } from 'd3'
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent as ReactMouseEvent } from 'react'
import { LAYER_NAMES, PANTHEON } from '../../layers/pantheon'
import type { LayerName } from '../../kernel/types'
import type { LoggedEvent } from '../../kernel/types'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { drawCursor, drawSeekGoal, fitCanvas, reportMarks, TextWidths } from './canvas'
import { LaneIndex } from './eventIndex'
import { INK, TYPE_PALETTE, typeColor, typeColorIndex } from './palette'
import {
  axisScale, clampRange, filterEvents, intervalVisible, laneAt, layoutRowLanes, LOG_LANE_METRICS, nearestMark, orderKeys, pxToUs, rowAt,
  spanOf, tickCountFor, usToPx, visibleRange, type DrawnMark, type RowLaneLayout,
} from './timeline.math'
import { decimalsForSpan, formatSimTime } from '../panels/format'
import { DetailsPopover } from './DetailsPopover'
import { Tooltip } from './Tooltip'
import { useTimeAxis, type Frame } from './useTimeAxis'
import './timelines.css'

/** Each event type of a layer gets its own row in the layer's lane (the lanes' sizes: LOG_LANE_METRICS). */
const ROW_PX = LOG_LANE_METRICS.rowPx
/** The labels' fonts as timelines.css draws them (.tl's family; .tl-lane-label, .tl-row-label sizes). */
const LABEL_FAMILY = "system-ui, -apple-system, 'Segoe UI', sans-serif"
const LABEL_FONT = { name: `11px ${LABEL_FAMILY}`, row: `8px ${LABEL_FAMILY}` } as const
const EMPTY_HEIGHT_PX = 48
const MARK_WIDTH_PX = 2
/** The selected range lists at most this many events (the count says how many there are). */
const RANGE_ROWS_MAX = 500

export interface LogTimelineProps {
  /** Extra class on the root element. */
  className?: string
  /** Title shown in the header. */
  title?: string
  /** Narrow (beside another timeline): a shorter hint. */
  compact?: boolean
}

interface Hover {
  event: LoggedEvent
  /** Pointer position (viewport px) when the mark was hovered; the tooltip is position: fixed. */
  x: number
  y: number
}

const ROLE_OF = new Map<string, string>(PANTHEON.map((p) => [p.name, p.role]))

/** A layer's lane: its shown event types, one row each, in name order. */
interface LogLane {
  readonly layer: LayerName
  readonly rows: readonly string[]
}

/** Lanes for the layers present (pantheon order), each with the types not hidden as rows. */
function logLanes(laneTypes: ReadonlyMap<LayerName, ReadonlyMap<string, number>>, hidden: ReadonlySet<string>): LogLane[] {
  return orderKeys(laneTypes.keys(), LAYER_NAMES).map((layer) => ({
    layer,
    rows: [...(laneTypes.get(layer)?.keys() ?? [])].filter((t) => !hidden.has(t)).sort(),
  }))
}

/** Text widths as the page draws them (a canvas measures with the labels' fonts), cached per font. */
const labelWidths = { name: new TextWidths(1_024), row: new TextWidths(1_024) }
let measureCtx: CanvasRenderingContext2D | null | undefined
function measureLabel(text: string, kind: 'name' | 'row'): number {
  if (measureCtx === undefined) measureCtx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
  if (!measureCtx) return text.length * (kind === 'name' ? 11 : 8) * 0.65
  measureCtx.font = LABEL_FONT[kind]
  // A pixel to spare: the canvas and the DOM may round a glyph's advance differently.
  return labelWidths[kind].width(measureCtx, text) + 1
}

/**
 * The lanes with their labels placed (timeline.math.ts layoutRowLanes): the layer's name at the
 * top left, the rows' types right-aligned, a row moved below the name where its type would run
 * into it. `columnPx`: the labels column as laid out (0 before it is measured: as narrow as can be).
 */
function layoutLogLanes(lanes: readonly LogLane[], columnPx: number): RowLaneLayout<LayerName> {
  return layoutRowLanes(lanes.map((l) => ({ key: l.layer, name: l.layer, rows: l.rows })), { ...LOG_LANE_METRICS, measure: measureLabel, columnPx })
}

/**
 * The lanes a frame draws and their layout, and what they were made from: the index's types
 * (LaneIndex.typesVersion), the hidden types, the labels column. Remade only when one of them
 * changed (placing the labels measures them): most frames draw new events in the same lanes.
 */
interface DrawnLanes {
  readonly typesVersion: number
  readonly hidden: ReadonlySet<string> | null
  readonly columnPx: number
  readonly lanes: readonly LogLane[]
  /** Per lane, each type's row. */
  readonly rowOf: readonly ReadonlyMap<string, number>[]
  readonly layout: RowLaneLayout<LayerName>
}
const NO_LANES: DrawnLanes = { typesVersion: -1, hidden: null, columnPx: -1, lanes: [], rowOf: [], layout: layoutLogLanes([], 0) }

/** What the plot says when it draws no mark (empty when it draws some). */
function emptyText(marks: number, logEmpty: boolean, rowsShown: number): string {
  if (marks > 0) return ''
  if (logEmpty) return 'no events yet'
  if (rowsShown === 0) return 'no event types shown'
  return 'no events in view'
}

const HINT = 'wheel: scroll lanes · Ctrl/⌘+wheel: zoom · drag: pan · Shift+drag: select · click the time axis: go there'

export function LogTimeline({ className, title = 'logOS — events by layer', compact = false }: LogTimelineProps) {
  const logRetention = useTheos((s) => s.logRetention)
  const rootRef = useRef<HTMLElement | null>(null)
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const brushGRef = useRef<SVGGElement | null>(null)
  const noteRef = useRef<HTMLSpanElement | null>(null)
  const emptyRef = useRef<HTMLDivElement | null>(null)
  const labelsRef = useRef<HTMLDivElement | null>(null)
  const indexRef = useRef(new LaneIndex<LayerName>((e) => e.layer))
  const lanesRef = useRef(NO_LANES)
  /** Marks drawn in the last frame, per lane, per row (for hover). */
  const drawnRef = useRef(new Map<LayerName, DrawnMark<LoggedEvent>[][]>())
  const selectModeRef = useRef(false)
  const brushRef = useRef<BrushBehavior<unknown> | null>(null)
  const brushSizeRef = useRef('')

  const [laneTypes, setLaneTypes] = useState<ReadonlyMap<LayerName, ReadonlyMap<string, number>>>(() => new Map())
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set())
  const [range, setRange] = useState<[number, number] | null>(null)
  const [rangeTick, setRangeTick] = useState(0)
  const [selectMode, setSelectMode] = useState(false)
  const [hover, setHover] = useState<Hover | null>(null)
  /** The labels column's width, px (CSS decides it, at least the widest label's): 0 until measured. */
  const [columnPx, setColumnPx] = useState(0)

  const draw = useCallback((f: Frame) => {
    const idx = indexRef.current
    idx.sync(f.log)

    let drawnLanes = lanesRef.current
    const typesChanged = idx.typesVersion !== drawnLanes.typesVersion
    // The types per layer as plain data for React state (the labels, the filter's list).
    if (typesChanged) setLaneTypes(new Map([...idx.laneTypeCounts].map(([k, v]) => [k, new Map(v)])))
    if (typesChanged || hidden !== drawnLanes.hidden || columnPx !== drawnLanes.columnPx) {
      const lanes = logLanes(idx.laneTypeCounts, hidden)
      const rowOf = lanes.map((l) => new Map(l.rows.map((t, r) => [t, r])))
      drawnLanes = lanesRef.current = { typesVersion: idx.typesVersion, hidden, columnPx, lanes, rowOf, layout: layoutLogLanes(lanes, columnPx) }
    }
    const { lanes, layout } = drawnLanes
    if (noteRef.current) {
      const last = f.log.nextOffset - 1
      const kept = logRetention.toLocaleString('en-US')
      const offsets = f.log.nextOffset === 0 ? 'none yet' : `${compact ? '' : 'offsets '}${f.log.firstOffset.toLocaleString('en-US')}–${last.toLocaleString('en-US')}`
      const text = compact ? `last ${kept} kept (${offsets})` : `browser keeps the last ${kept} events (${offsets})`
      if (noteRef.current.textContent !== text) noteRef.current.textContent = text
    }

    const w = f.widthPx
    const h = Math.max(layout.heightPx, EMPTY_HEIGHT_PX)
    const canvas = canvasRef.current
    const ctx = canvas ? fitCanvas(canvas, w, h) : null
    if (!ctx) return

    // The brush covers the plot; its extent follows the plot's size.
    const sizeKey = `${w}x${h}`
    if (brushRef.current && brushGRef.current && brushSizeRef.current !== sizeKey) {
      brushSizeRef.current = sizeKey
      select(brushGRef.current).call(brushRef.current.extent([[0, 0], [w, h]]))
    }

    const x = usToPx(f.view, w)
    for (const lane of layout.lanes) {
      ctx.fillStyle = lane.index % 2 === 0 ? INK.laneEven : INK.laneOdd
      ctx.fillRect(0, lane.y0, w, lane.y1 - lane.y0)
    }
    const scale = axisScale(f.view, w)
    ctx.fillStyle = INK.grid
    for (const s of scale.ticks(tickCountFor(w))) ctx.fillRect(Math.round(scale(s)), 0, 1, h)

    // Before the oldest retained event: dropped by retention, said so.
    const oldest = f.log.firstOffset > 0 ? f.log.get(f.log.firstOffset) : undefined
    if (oldest && oldest.t > f.view.startUs) {
      const x1 = Math.min(w, x(oldest.t))
      ctx.fillStyle = INK.dropped
      ctx.fillRect(0, 0, x1, h)
      ctx.fillStyle = INK.droppedText
      ctx.font = '10px system-ui, sans-serif'
      if (x1 > 130) ctx.fillText('older events dropped (retention)', 6, h - 6)
    }

    const sel = range
    if (sel && intervalVisible(sel[0], sel[1], f.simTimeUs, f.view)) {
      const x0 = x(sel[0])
      const x1 = x(sel[1])
      ctx.fillStyle = INK.selection
      ctx.fillRect(x0, 0, Math.max(1, x1 - x0), h)
      ctx.fillStyle = INK.selectionEdge
      ctx.fillRect(x0, 0, 1, h)
      ctx.fillRect(x1, 0, 1, h)
    }

    // Marks: one path per colour; a row per type; at most one mark per pixel column and row.
    const paths = TYPE_PALETTE.map(() => new Path2D())
    const padUs = (spanOf(f.view) / w) * MARK_WIDTH_PX
    const drawn = new Map<LayerName, DrawnMark<LoggedEvent>[][]>()
    let marks = 0
    lanes.forEach(({ layer, rows }, i) => {
      const lane = layout.lanes[i]!
      const rowOf = drawnLanes.rowOf[i]!
      const lists: DrawnMark<LoggedEvent>[][] = rows.map(() => [])
      const lastCol = rows.map(() => Number.NaN)
      const events = idx.lanes.get(layer) ?? []
      const [from, to] = visibleRange(events, f.view, padUs)
      for (let k = from; k < to; k++) {
        const e = events[k]!
        const r = rowOf.get(e.type)
        if (r === undefined) continue // hidden type
        const px = x(e.t)
        const col = Math.round(px)
        if (lastCol[r] === col) continue
        lastCol[r] = col
        paths[typeColorIndex(e.type)]!.rect(col - 1, lane.y0 + lane.rowsTopPx + r * ROW_PX + 1, MARK_WIDTH_PX, ROW_PX - 2)
        lists[r]!.push({ x: px, item: e })
        marks++
      }
      drawn.set(layer, lists)
    })
    paths.forEach((p, c) => {
      ctx.fillStyle = TYPE_PALETTE[c]!
      ctx.fill(p)
    })
    drawnRef.current = drawn

    const now = x(f.simTimeUs)
    if (now >= 0 && now <= w) drawCursor(ctx, now, 0, h, INK.now)
    if (f.seekUs !== null) drawSeekGoal(ctx, x(f.seekUs), 0, h, INK.seekGoal)
    reportMarks(rootRef.current, marks)
    const empty = emptyRef.current
    if (empty) {
      const text = emptyText(marks, f.log.nextOffset === 0, lanes.reduce((n, l) => n + l.rows.length, 0))
      if (empty.textContent !== text) empty.textContent = text
      if (empty.hidden !== (text === '')) empty.hidden = text === ''
    }
  }, [logRetention, compact, hidden, range, columnPx])

  const axis = useTimeAxis(draw, {
    canPan: (ev) => !selectModeRef.current && !ev.shiftKey,
  })
  const { plotRef, scrollRef, viewRef, widthRef, invalidate } = axis

  // The brush: selects a range (in µs); the range is drawn on the canvas, d3's own rect cleared.
  useEffect(() => {
    const g = brushGRef.current
    if (!g) return
    const brush = brushX<unknown>()
      .filter((ev: MouseEvent) => !ev.button && !ev.ctrlKey && (selectModeRef.current || ev.shiftKey))
      .on('end', (ev: D3BrushEvent<unknown>) => {
        if (!ev.sourceEvent) return
        const s = ev.selection as [number, number] | null
        if (s && widthRef.current > 0) {
          // Only the run so far: there is nothing to select in the future.
          const toUs = pxToUs(viewRef.current, widthRef.current)
          const r = clampRange(toUs(s[0]), toUs(s[1]), frameBuffer.simTimeUs)
          if (r) setRange(r)
        }
        select(g).call(brush.move, null)
      })
    brushRef.current = brush
    brushSizeRef.current = ''
    select(g).call(brush)
    invalidate()
    return () => {
      select(g).on('.brush', null)
      brushRef.current = null
    }
  }, [invalidate, viewRef, widthRef])

  useEffect(() => {
    selectModeRef.current = selectMode
  }, [selectMode])

  // The labels column's width: the rows' labels are placed in it (right-aligned, clear of the name).
  useEffect(() => {
    const el = labelsRef.current
    if (!el) return
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) setColumnPx(Math.floor(e.contentRect.width))
    })
    ro.observe(el)
    setColumnPx(Math.floor(el.clientWidth))
    return () => ro.disconnect()
  }, [])

  const rows = useMemo(() => {
    void rangeTick // recompute on "refresh"
    if (!range) return null
    const all = filterEvents(frameBuffer.log.all(), { fromUs: range[0], toUs: range[1], hiddenTypes: hidden })
    return { total: all.length, shown: all.slice(0, RANGE_ROWS_MAX) }
  }, [range, hidden, rangeTick])

  const onMouseMove = (ev: ReactMouseEvent<HTMLDivElement>) => {
    const el = plotRef.current
    if (!el) return
    const r = el.getBoundingClientRect()
    const px = ev.clientX - r.left
    const py = ev.clientY - r.top
    const { lanes, layout } = lanesRef.current
    const lane = laneAt(layout, py)
    const rows = lane ? lanes[lane.index]?.rows.length ?? 0 : 0
    const row = lane ? rowAt(py - lane.y0, rows, ROW_PX, lane.rowsTopPx) : null
    const m = lane && row !== null ? nearestMark(drawnRef.current.get(lane.key)?.[row] ?? [], px, 4) : null
    if (!m || !lane) {
      if (hover) setHover(null)
      return
    }
    if (hover?.event === m.item) return
    setHover({ event: m.item, x: ev.clientX, y: ev.clientY })
  }

  const lanes = useMemo(() => logLanes(laneTypes, hidden), [laneTypes, hidden])
  /** Every event type of every lane, in name order (the filter's list). */
  const types = useMemo(() => [...new Set([...laneTypes.values()].flatMap((m) => [...m.keys()]))].sort(), [laneTypes])
  const layout = useMemo(() => layoutLogLanes(lanes, columnPx), [lanes, columnPx])
  const plotHeight = Math.max(layout.heightPx, EMPTY_HEIGHT_PX)
  const toggleType = (t: string) =>
    setHidden((h) => {
      const next = new Set(h)
      if (next.has(t)) next.delete(t)
      else next.add(t)
      return next
    })
  const shownTypes = types.filter((t) => !hidden.has(t)).length
  const rangeDecimals = range ? decimalsForSpan(range[1] - range[0]) : 3

  return (
    <section
      ref={rootRef}
      className={`tl tl-log${selectMode ? ' tl-selecting' : ''}${className ? ` ${className}` : ''}`}
      style={{ '--tl-label-need': `${layout.minColumnPx}px` } as CSSProperties}
      data-testid="log-timeline"
    >
      <header className="tl-head">
        <h3 className="tl-title" title={HINT}>{title}</h3>
        <button type="button" className="tl-btn" aria-pressed={axis.following} onClick={axis.follow} data-testid="log-follow"
          title="Keep the right edge on the sim clock">
          {axis.following ? '● Following' : 'Follow'}
        </button>
        <button type="button" className="tl-btn" aria-pressed={selectMode} onClick={() => setSelectMode((s) => !s)}
          data-testid="log-select-mode" title="Drag to select a time range (or hold Shift)">
          Select range
        </button>
        <span className="tl-hint" title={HINT} data-testid="log-hint">{compact ? 'Ctrl+wheel: zoom · axis: go to' : HINT}</span>
      </header>

      <div className="tl-subhead">
        <DetailsPopover className="tl-filter" testId="log-type-filter" summary={`Event types (${shownTypes} of ${types.length} shown)`}>
          <div className="tl-filter-actions">
            <button type="button" className="tl-btn tl-btn-small" onClick={() => setHidden(new Set())}>all</button>
            <button type="button" className="tl-btn tl-btn-small" onClick={() => setHidden(new Set(types))}>none</button>
          </div>
          <div className="tl-filter-list">
            {types.map((t) => (
              <label key={t} className="tl-check">
                <input type="checkbox" checked={!hidden.has(t)} onChange={() => toggleType(t)} data-testid={`type-${t}`} />
                <span className="tl-swatch" style={{ background: typeColor(t) }} />
                {t}
              </label>
            ))}
          </div>
        </DetailsPopover>
        <span className="tl-note" ref={noteRef} data-testid="log-retention" />
      </div>

      <div className="tl-grid" ref={scrollRef} data-testid="log-lanes">
        <div className="tl-labels" ref={labelsRef} style={{ height: plotHeight }}>
          {layout.lanes.map((l) => (
            <div key={l.key} className="tl-lane-label tl-lane-label-top" data-testid={`lane-${l.key}`} title={ROLE_OF.get(l.key) ?? l.key}
              style={{ top: l.nameBox.y0, height: l.nameBox.y1 - l.nameBox.y0 }}>
              {l.key}
            </div>
          ))}
          {layout.lanes.flatMap((l) => (lanes[l.index]?.rows ?? []).map((t, r) => (
            <div key={`${l.key}:${t}`} className="tl-row-label" style={{ top: l.rowBoxes[r]?.y0, height: ROW_PX }}>
              {t}
            </div>
          )))}
        </div>
        <div className="tl-plot" ref={plotRef} style={{ height: plotHeight }} onMouseMove={onMouseMove} onMouseLeave={() => setHover(null)}>
          <canvas ref={canvasRef} className="tl-canvas" />
          <svg className="tl-overlay" width="100%" height={plotHeight}>
            <g ref={brushGRef} className="tl-brush" />
          </svg>
          <div className="tl-empty" ref={emptyRef} data-testid="log-empty" hidden />
          {hover && (
            <Tooltip x={hover.x} y={hover.y} testId="log-tooltip">
              <div className="tl-tooltip-head">{hover.event.layer} · {hover.event.type} · {formatSimTime(hover.event.t)}</div>
              <pre>{JSON.stringify(hover.event, null, 2)}</pre>
            </Tooltip>
          )}
        </div>
      </div>
      <AxisRow axis={axis} testId="log-axis" />

      {range && rows && (
        <div className="tl-range" data-testid="log-range">
          <div className="tl-range-head">
            <span>
              {formatSimTime(range[0], rangeDecimals)} – {formatSimTime(range[1], rangeDecimals)}: {rows.total.toLocaleString('en-US')} events
              {rows.total > rows.shown.length ? ` (first ${rows.shown.length} listed)` : ''}
            </span>
            <button type="button" className="tl-btn tl-btn-small" onClick={() => setRangeTick((n) => n + 1)}>refresh</button>
            <button type="button" className="tl-btn tl-btn-small" onClick={() => setRange(null)} data-testid="log-range-clear">clear</button>
          </div>
          <RangeTable events={rows.shown} />
        </div>
      )}
    </section>
  )
}

/**
 * The selected range's events (up to RANGE_ROWS_MAX rows, each with its data as JSON). Memoized:
 * `events` only changes with the range, the hidden types or a refresh, so hovering the plot does
 * not re-render it.
 */
const RangeTable = memo(function RangeTable({ events }: { events: readonly LoggedEvent[] }) {
  return (
    <div className="tl-range-scroll">
      <table className="tl-table">
        <thead>
          <tr><th>offset</th><th>t</th><th>layer</th><th>node</th><th>type</th><th>data</th></tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.offset}>
              <td>{e.offset}</td>
              <td>{formatSimTime(e.t, 6)}</td>
              <td>{e.layer}</td>
              <td>{e.node ?? '—'}</td>
              <td><span className="tl-swatch" style={{ background: typeColor(e.type) }} />{e.type}</td>
              <td className="tl-data">{JSON.stringify(e.data)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
})
