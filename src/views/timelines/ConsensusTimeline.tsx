/**
 * mythOS consensus timeline: one lane per world with its Raft role as coloured bands (dark while
 * crashed or restarting), term boundaries as labelled vertical lines, commits (entry_applied) as
 * ticks, leader elections as markers, and pneumOS partitions as shaded spans across the lanes
 * (the isolated side stronger), and a snapshot band along the top of each lane: violet while the world
 * compacts its log (hypnOS), green while a snapshot is on its way to it (oneirOS), with a tick where
 * a snapshot was taken and a diamond where one was installed. Same axis, zoom, pan, follow and seek
 * as the log timeline (useTimeAxis). Bands and marks on one canvas; the math is in consensus.math.ts.
 *
 * Lanes fill the plot's height when they fit legibly (10 px or more); past that they scroll with
 * the wheel, and only the lanes in view are drawn (the canvas is the size of the view, moved to
 * the scroll offset; labels too): 2,000 worlds cost what 20 do. The gutter with term and
 * partition labels stays at the top.
 */
import { AxisRow } from './AxisRow'
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react'
import type { LoggedEvent } from '../../kernel/types'
import { atmosView, frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { drawCursor, drawSeekGoal, fitCanvas, reportMarks, TextWidths } from './canvas'
import {
  CONSENSUS_STATE_TYPES, buildLawMarks, buildPartitionSpans, buildRoleBands, buildSnapshotBand, buildTermBoundaries, describeBand, initialStates, isolatedSide, leaderMarks, partitionLabel,
  type AlertSpan, type Band, type BandState, type DenialMark, type PartitionSpan, type SnapshotMark, type SnapshotSpan, type TermBoundary,
} from './consensus.math'
import { LaneIndex } from './eventIndex'
import { ALERT_COLOR, BAND_COLORS, HALO_COLOR, HARMONY_COLOR, INK, LAW_COLOR, RIFT_COLOR, SNAPSHOT_COLORS } from './palette'
import {
  axisScale, fitWorldLanes, intervalVisible, laneAt, laneWindow, layoutLanes, lowerBound, nearestMark, pxToUs,
  spanOf, tickCountFor, upperBound, usToPx, visibleRange, type DrawnMark,
} from './timeline.math'
import { formatSimTime } from '../panels/format'
import { DetailsPopover } from './DetailsPopover'
import { Tooltip } from './Tooltip'
import { useTimeAxis, type Frame } from './useTimeAxis'
import './timelines.css'

/** The term labels' widths, measured once per label (not on every frame drawn). */
const termWidths = new TextWidths()

/** Room above the lanes for term and partition labels. */
const GUTTER_PX = 16
const LANE_GAP_PX = 1
/** Lanes never thinner than this (labels legible; more worlds scroll), nor taller than the max. */
const LANE_MIN_PX = 10
const LANE_MAX_PX = 24
/** The plot's height before it has been measured. */
const FALLBACK_VIEWPORT_PX = 200
const COMMIT_TICK_PX = 5
const BAND_STATES: readonly BandState[] = ['follower', 'precandidate', 'candidate', 'leader', 'crashed', 'restarting', 'unknown']

export interface ConsensusTimelineProps {
  className?: string
  title?: string
  /** Narrow (beside another timeline): the legend folds into a "legend" popover. */
  compact?: boolean
}

interface Built {
  version: number
  nodeCount: number
  firstOffset: number
  bands: Band[][]
  terms: TermBoundary[]
  partitions: PartitionSpan[]
  leaders: { t: number; node: number; term: number | null }[]
  snapshots: { spans: SnapshotSpan[]; marks: SnapshotMark[] }
  law: { alerts: AlertSpan[]; harmony: { startUs: number; endUs: number | null }[]; denials: DenialMark[] }
}

/** Height of the snapshot band at the top of a lane, px (at most a third of the lane). */
const SNAPSHOT_BAND_PX = 4

interface Hover {
  text: string
  /** Pointer position (viewport px); the tooltip is position: fixed. */
  x: number
  y: number
}

export function ConsensusTimeline({ className, title = 'mythOS — consensus by world', compact = false }: ConsensusTimelineProps) {
  const nodeCount = useTheos((s) => s.scenario.nodes.count)
  const rootRef = useRef<HTMLElement | null>(null)
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const stateIdxRef = useRef(new LaneIndex<'state'>((e) => (CONSENSUS_STATE_TYPES.has(e.type) ? 'state' : null)))
  const commitIdxRef = useRef(new LaneIndex<number>((e) => (e.type === 'entry_applied' && e.node !== null ? e.node : null)))
  const builtRef = useRef<Built | null>(null)
  const drawnCommitsRef = useRef(new Map<number, DrawnMark<LoggedEvent>[]>())
  /** The world names as last set, and the frameBuffer.version they were read at. */
  const namesRef = useRef<{ version: number; names: readonly string[] }>({ version: -1, names: [] })
  const [names, setNames] = useState<readonly string[]>([])
  const [hover, setHover] = useState<Hover | null>(null)
  /** The plot's height (the scroller's), px: the lanes fit it when they can. */
  const [viewportPx, setViewportPx] = useState(0)
  /** The lanes drawn (in view, and one either side): their labels are the only ones in the DOM. */
  const [win, setWin] = useState<[number, number]>(() => [0, Math.min(nodeCount, 24)])
  const winRef = useRef<[number, number]>([0, 0])

  const laneH = fitWorldLanes(nodeCount, viewportPx || FALLBACK_VIEWPORT_PX, GUTTER_PX, LANE_GAP_PX, LANE_MIN_PX, LANE_MAX_PX)
  const layout = useMemo(() => layoutLanes(Array.from({ length: nodeCount }, (_, i) => i), laneH, LANE_GAP_PX, GUTTER_PX), [nodeCount, laneH])

  const draw = useCallback((f: Frame) => {
    const stateIdx = stateIdxRef.current
    const commitIdx = commitIdxRef.current
    stateIdx.sync(f.log)
    commitIdx.sync(f.log)

    // World names change only with new views: look again only when frameBuffer.version moved.
    if (namesRef.current.version !== frameBuffer.version) {
      const worlds = atmosView()?.worlds ?? []
      const known = namesRef.current.names
      const same = worlds.length === known.length && worlds.every((w, i) => w.name === known[i])
      namesRef.current = { version: frameBuffer.version, names: same ? known : worlds.map((w) => w.name) }
      if (!same) setNames(namesRef.current.names)
    }

    let built = builtRef.current
    if (!built || built.version !== stateIdx.version || built.nodeCount !== nodeCount || built.firstOffset !== f.log.firstOffset) {
      const events = stateIdx.lanes.get('state') ?? []
      const complete = f.log.firstOffset === 0
      const fromUs = complete ? 0 : (f.log.get(f.log.firstOffset)?.t ?? 0)
      built = {
        version: stateIdx.version,
        nodeCount,
        firstOffset: f.log.firstOffset,
        // Before the retained window, logOS's compacted part still holds each world's last state.
        bands: buildRoleBands(events, { nodeCount, fromUs, initial: complete ? 'follower' : initialStates(f.log.compacted(), nodeCount) }),
        terms: buildTermBoundaries(events, complete ? 0 : null),
        partitions: buildPartitionSpans(events),
        leaders: leaderMarks(events),
        snapshots: buildSnapshotBand(events, nodeCount),
        law: buildLawMarks(events, nodeCount),
      }
      builtRef.current = built
    }

    const w = f.widthPx
    // The canvas covers the scroller's view of the stack, moved to its scroll offset; the lanes are
    // drawn at their place in the stack (translated), only those in view.
    const viewH = Math.max(GUTTER_PX + 1, Math.min(f.viewportPx > 0 ? f.viewportPx : layout.heightPx, layout.heightPx))
    const top = Math.max(0, Math.min(f.scrollTop, layout.heightPx - viewH))
    const canvas = canvasRef.current
    const ctx = canvas ? fitCanvas(canvas, w, viewH) : null
    if (!canvas || !ctx) return
    if (canvas.style.top !== `${top}px`) canvas.style.top = `${top}px`
    const [from, to] = laneWindow(layout.lanes, top + GUTTER_PX, top + viewH, 1)
    if (winRef.current[0] !== from || winRef.current[1] !== to) {
      winRef.current = [from, to]
      setWin([from, to])
    }
    const lanes = layout.lanes.slice(from, to)
    /** The lane of world n if it is drawn. */
    const laneOf = (n: number) => (n >= from && n < to ? layout.lanes[n] : undefined)
    const x = usToPx(f.view, w)
    const clipX = (px: number) => Math.max(-1, Math.min(w + 1, px))
    const now = f.simTimeUs
    /** Rows of the stack in view below the gutter: things that span every lane span these. */
    const y0 = top + GUTTER_PX
    const h = top + viewH
    let marks = 0

    ctx.save()
    ctx.translate(0, -top)
    ctx.beginPath()
    ctx.rect(0, y0, w, viewH - GUTTER_PX)
    ctx.clip()
    for (const lane of lanes) {
      ctx.fillStyle = lane.index % 2 === 0 ? INK.laneEven : INK.laneOdd
      ctx.fillRect(0, lane.y0, w, lane.y1 - lane.y0)
    }
    const scale = axisScale(f.view, w)
    ctx.fillStyle = INK.grid
    for (const s of scale.ticks(tickCountFor(w))) ctx.fillRect(Math.round(scale(s)), y0, 1, h - y0)

    // Role bands, one path per state; a band shorter than a pixel still shows as one.
    const paths = new Map<BandState, Path2D>(BAND_STATES.map((s) => [s, new Path2D()]))
    const crashEdges = new Path2D()
    for (const lane of lanes) {
      const top = lane.y0 + 1
      const height = Math.max(1, lane.y1 - lane.y0 - 2)
      for (const b of built.bands[lane.key] ?? []) {
        if (!intervalVisible(b.startUs, b.endUs, now, f.view)) continue
        const x0 = clipX(x(b.startUs))
        const x1 = clipX(x(b.endUs ?? now))
        if (x1 <= x0 && b.endUs !== null && b.endUs === b.startUs) continue
        paths.get(b.state)!.rect(x0, top, Math.max(1, x1 - x0), height)
        if (b.state === 'crashed') crashEdges.rect(x0, top, Math.max(1, x1 - x0), 1)
        marks++
      }
    }
    for (const [state, p] of paths) {
      ctx.fillStyle = BAND_COLORS[state]
      ctx.fill(p)
    }
    ctx.fillStyle = RIFT_COLOR
    ctx.fill(crashEdges)

    // Partitions: a faint span over every lane, the isolated side stronger (a majorities-ring has
    // none), labelled above (in the gutter, below).
    const partitionsInView: { x0: number; pw: number; p: PartitionSpan }[] = []
    for (const p of built.partitions) {
      if (!intervalVisible(p.startUs, p.endUs, now, f.view)) continue
      const x0 = clipX(x(p.startUs))
      const x1 = clipX(x(p.endUs ?? now))
      const pw = Math.max(1, x1 - x0)
      ctx.fillStyle = INK.partitionAll
      ctx.fillRect(x0, y0, pw, h - y0)
      ctx.fillStyle = INK.partitionIsolated
      for (const n of isolatedSide(p)) {
        const lane = laneOf(n)
        if (lane) ctx.fillRect(x0, lane.y0, pw, lane.y1 - lane.y0)
      }
      partitionsInView.push({ x0, pw, p })
      marks++
    }

    // Commits: a tick at the bottom of the applier's lane; one per pixel column.
    const drawnCommits = new Map<number, DrawnMark<LoggedEvent>[]>()
    const commitPath = new Path2D()
    const padUs = spanOf(f.view) / w
    for (const lane of lanes) {
      const entries = commitIdx.lanes.get(lane.key) ?? []
      const [from, to] = visibleRange(entries, f.view, padUs)
      const list: DrawnMark<LoggedEvent>[] = []
      const tick = Math.min(COMMIT_TICK_PX, lane.y1 - lane.y0 - 2)
      let lastCol = Number.NaN
      for (let i = from; i < to; i++) {
        const e = entries[i]!
        const px = x(e.t)
        const col = Math.round(px)
        if (col === lastCol) continue
        lastCol = col
        commitPath.rect(col, lane.y1 - 1 - tick, 1, tick)
        list.push({ x: px, item: e })
        marks++
      }
      drawnCommits.set(lane.key, list)
    }
    ctx.fillStyle = INK.commit
    ctx.fill(commitPath)
    drawnCommitsRef.current = drawnCommits

    // The snapshot band: a strip along the top of the lane while compacting or receiving a snapshot.
    for (const sp of built.snapshots.spans) {
      const lane = laneOf(sp.node)
      if (!lane || !intervalVisible(sp.startUs, sp.endUs, now, f.view)) continue
      const bh = Math.max(1, Math.min(SNAPSHOT_BAND_PX, Math.floor((lane.y1 - lane.y0) / 3)))
      const x0 = clipX(x(sp.startUs))
      const x1 = clipX(x(sp.endUs ?? now))
      ctx.fillStyle = SNAPSHOT_COLORS[sp.kind]
      ctx.fillRect(x0, lane.y0 + 1, Math.max(2, x1 - x0), bh)
      marks++
    }
    const snapMarks = built.snapshots.marks
    for (let i = lowerBound(snapMarks, f.view.startUs); i < upperBound(snapMarks, f.view.endUs); i++) {
      const m = snapMarks[i]!
      const lane = laneOf(m.node)
      if (!lane) continue
      const mx = Math.round(x(m.t))
      const lh = lane.y1 - lane.y0
      if (m.kind === 'taken') {
        ctx.fillStyle = SNAPSHOT_COLORS.compacting
        ctx.fillRect(mx, lane.y0 + 1, 1, Math.max(2, Math.floor(lh / 2)))
      } else {
        const r = Math.max(2, Math.min(5, lh / 3))
        const cy = lane.y0 + lh / 2
        ctx.fillStyle = SNAPSHOT_COLORS.receiving
        ctx.beginPath()
        ctx.moveTo(mx, cy - r)
        ctx.lineTo(mx + r, cy)
        ctx.lineTo(mx, cy + r)
        ctx.lineTo(mx - r, cy)
        ctx.closePath()
        ctx.fill()
      }
      marks++
    }

    // anomOS: an amber strip at the foot of a world's lane while an alert fires on it (a cluster
    // alert goes in the gutter, below). nomOS: a pale-blue bar across the lane where an action on
    // the world was denied.
    ctx.fillStyle = ALERT_COLOR
    for (const a of built.law.alerts) {
      if (a.node === null || !intervalVisible(a.startUs, a.endUs, now, f.view)) continue
      const lane = laneOf(a.node)
      if (!lane) continue
      const x0 = clipX(x(a.startUs))
      const x1 = clipX(x(a.endUs ?? now))
      ctx.fillRect(x0, lane.y1 - 3, Math.max(2, x1 - x0), 2)
      marks++
    }
    ctx.fillStyle = LAW_COLOR
    for (const d of built.law.denials) {
      const lane = laneOf(d.node)
      if (!lane || d.t < f.view.startUs || d.t > f.view.endUs) continue
      ctx.fillRect(Math.round(x(d.t)) - 1, lane.y0, 3, lane.y1 - lane.y0)
      marks++
    }

    // Leader elections: a small triangle at the top of the leader's lane.
    ctx.fillStyle = HALO_COLOR
    const leaders = built.leaders
    for (let i = lowerBound(leaders, f.view.startUs); i < upperBound(leaders, f.view.endUs); i++) {
      const m = leaders[i]!
      const lane = laneOf(m.node)
      if (!lane) continue
      const lx = x(m.t)
      const s = Math.min(4, (lane.y1 - lane.y0) / 3)
      ctx.beginPath()
      ctx.moveTo(lx - s, lane.y0)
      ctx.lineTo(lx + s, lane.y0)
      ctx.lineTo(lx, lane.y0 + s * 1.5)
      ctx.closePath()
      ctx.fill()
      marks++
    }

    // Term boundaries: a thin line over all lanes (labelled in the gutter, below).
    const terms = built.terms
    const termFrom = lowerBound(terms, f.view.startUs)
    const termTo = upperBound(terms, f.view.endUs)
    ctx.fillStyle = INK.term
    for (let i = termFrom; i < termTo; i++) {
      ctx.fillRect(Math.round(x(terms[i]!.t)), y0, 1, h - y0)
      marks++
    }

    const nx = x(now)
    if (nx >= 0 && nx <= w) drawCursor(ctx, nx, y0, h - y0, INK.now)
    if (f.seekUs !== null) drawSeekGoal(ctx, x(f.seekUs), y0, h - y0, INK.seekGoal)
    ctx.restore()

    // The gutter, pinned above the lanes however they scroll: partitions, harmony, cluster alerts,
    // term labels (unless they would collide).
    ctx.clearRect(0, 0, w, GUTTER_PX)
    ctx.font = '10px system-ui, sans-serif'
    ctx.textBaseline = 'middle'
    for (const { x0, pw, p } of partitionsInView) {
      ctx.fillStyle = RIFT_COLOR
      ctx.fillRect(x0, GUTTER_PX - 3, pw, 2)
      if (pw > 60) ctx.fillText(partitionLabel(p), Math.max(x0, 0) + 3, 6)
    }
    ctx.fillStyle = HARMONY_COLOR
    for (const hs of built.law.harmony) {
      if (!intervalVisible(hs.startUs, hs.endUs, now, f.view)) continue
      const x0 = clipX(x(hs.startUs))
      ctx.fillRect(x0, GUTTER_PX - 3, Math.max(2, clipX(x(hs.endUs ?? now)) - x0), 2)
      marks++
    }
    ctx.fillStyle = ALERT_COLOR
    for (const a of built.law.alerts) {
      if (a.node !== null || !intervalVisible(a.startUs, a.endUs, now, f.view)) continue
      const x0 = clipX(x(a.startUs))
      ctx.fillRect(x0, 0, Math.max(2, clipX(x(a.endUs ?? now)) - x0), 3)
      marks++
    }
    let lastLabelX = -Infinity
    for (let i = termFrom; i < termTo; i++) {
      const tb = terms[i]!
      const tx = Math.round(x(tb.t))
      ctx.fillStyle = INK.term
      ctx.fillRect(tx, GUTTER_PX - 4, 1, 4)
      const label = `term ${tb.term}`
      if (tx - lastLabelX > termWidths.width(ctx, label) + 8) {
        ctx.fillStyle = INK.termLabel
        ctx.fillText(label, tx + 3, 6)
        lastLabelX = tx
      }
    }
    reportMarks(rootRef.current, marks)
  }, [nodeCount, layout])

  const axis = useTimeAxis(draw)
  const { plotRef, scrollRef, viewRef, widthRef } = axis

  // The scroller's height decides the lanes' (they fill it when they fit legibly).
  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const ro = new ResizeObserver(() => setViewportPx(el.clientHeight))
    ro.observe(el)
    setViewportPx(el.clientHeight)
    // What was under the pointer has scrolled away.
    const onScroll = () => setHover(null)
    el.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      ro.disconnect()
      el.removeEventListener('scroll', onScroll)
    }
  }, [scrollRef])

  const onMouseMove = (ev: ReactMouseEvent<HTMLDivElement>) => {
    const el = plotRef.current
    const built = builtRef.current
    if (!el || !built || widthRef.current <= 0) return
    const r = el.getBoundingClientRect()
    const px = ev.clientX - r.left
    const scroller = scrollRef.current
    const inGutter = scroller !== null && ev.clientY - scroller.getBoundingClientRect().top < GUTTER_PX
    const lane = inGutter ? null : laneAt(layout, ev.clientY - r.top)
    let text: string | null = null
    if (lane) {
      const commit = nearestMark(drawnCommitsRef.current.get(lane.key) ?? [], px, 3)
      const t = pxToUs(viewRef.current, widthRef.current)(px)
      const inBand = ev.clientY - r.top - lane.y0 <= SNAPSHOT_BAND_PX + 1
      const span = inBand ? built.snapshots.spans.find((sp) => sp.node === lane.key && sp.startUs <= t && (sp.endUs === null || t <= sp.endUs)) : undefined
      const usPerPx = Math.max(1, (viewRef.current.endUs - viewRef.current.startUs) / widthRef.current)
      const snap = built.snapshots.marks.find((m) => m.node === lane.key && Math.abs(m.t - t) <= 3 * usPerPx)
      const denial = built.law.denials.find((d) => d.node === lane.key && Math.abs(d.t - t) <= 3 * usPerPx)
      const inAlert = lane.y1 - (ev.clientY - r.top) <= 4
      const alert = inAlert ? built.law.alerts.find((a) => a.node === lane.key && a.startUs <= t && (a.endUs === null || t <= a.endUs)) : undefined
      if (denial) {
        text = `world ${lane.key}: ${denial.text} · ${formatSimTime(denial.t)}`
      } else if (alert) {
        text = `world ${lane.key}: alert ${alert.alert} firing · ${formatSimTime(alert.startUs)}${alert.endUs !== null ? `–${formatSimTime(alert.endUs)}` : ' (now)'}`
      } else if (snap) {
        text = `world ${lane.key} ${snap.kind === 'taken' ? 'took a snapshot' : 'installed the leader\'s snapshot'} at index ${snap.index} · ${formatSimTime(snap.t)}`
      } else if (span) {
        text = `world ${lane.key}: ${span.text} · ${formatSimTime(span.startUs)}${span.endUs !== null ? `–${formatSimTime(span.endUs)}` : ' (now)'}`
      } else if (commit) {
        const e = commit.item
        text = `world ${lane.key} applied entry ${JSON.stringify(e.data['index'] ?? null)} (term ${JSON.stringify(e.data['term'] ?? null)}) at ${formatSimTime(e.t)}\n${JSON.stringify(e.data)}`
      } else {
        const band = (built.bands[lane.key] ?? []).find((b) => b.startUs <= t && (b.endUs === null || t < b.endUs))
        if (band) text = `world ${lane.key}${names[lane.key] ? ` (${names[lane.key]})` : ''}: ${describeBand(band, frameBuffer.simTimeUs)}`
      }
    }
    if (text === null) {
      if (hover) setHover(null)
      return
    }
    if (hover?.text === text) return
    setHover({ text, x: ev.clientX, y: ev.clientY })
  }

  const thin = laneH < 12
  // Only the lanes drawn have labels: built again when the window, the lanes or the names change, not on hover.
  const laneLabels = useMemo(() => layout.lanes.slice(win[0], win[1]).map((l) => (
    <div key={l.key} className={`tl-lane-label${thin ? ' tl-lane-label-compact' : ''}`} data-testid={`lane-node-${l.key}`}
      data-name={names[l.key] ?? ''} title={`world ${l.key}${names[l.key] ? ` · ${names[l.key]}` : ''}`}
      style={{ top: l.y0, height: l.y1 - l.y0 }}>
      {`${l.key}${names[l.key] ? ` · ${names[l.key]}` : ''}`}
    </div>
  )), [layout, names, thin, win])
  const scrolls = layout.heightPx > (viewportPx || FALLBACK_VIEWPORT_PX) + 1
  // The worlds wholly or partly in view (the window less its overscan), for the header's note.
  const firstInView = Math.min(nodeCount - 1, win[0] + (win[0] > 0 ? 1 : 0))
  const lastInView = Math.max(firstInView, win[1] - 1 - (win[1] < nodeCount ? 1 : 0))

  const legend = (
    <span className="tl-legend">
      {(['follower', 'precandidate', 'candidate', 'leader', 'crashed', 'restarting'] as const).map((s) => (
        <span key={s} className="tl-legend-item"><span className="tl-swatch" style={{ background: BAND_COLORS[s] }} />{s}</span>
      ))}
      <span className="tl-legend-item"><span className="tl-swatch tl-swatch-partition" style={{ background: INK.partitionSwatch }} />partition</span>
      <span className="tl-legend-item"><span className="tl-swatch tl-swatch-commit" style={{ background: INK.commit }} />commit</span>
      <span className="tl-legend-item"><span className="tl-swatch tl-swatch-leader" style={{ background: HALO_COLOR }} />elected</span>
      <span className="tl-legend-item" title="hypnOS: a world compacting its Raft log into a snapshot"><span className="tl-swatch tl-swatch-commit" style={{ background: SNAPSHOT_COLORS.compacting }} />compacting</span>
      <span className="tl-legend-item" title="oneirOS: a snapshot on its way from the leader, then installed"><span className="tl-swatch tl-swatch-commit" style={{ background: SNAPSHOT_COLORS.receiving }} />snapshot</span>
      <span className="tl-legend-item" title="anomOS: an alert firing on this world (at the top: a cluster alert)"><span className="tl-swatch tl-swatch-commit" style={{ background: ALERT_COLOR }} />alert</span>
      <span className="tl-legend-item" title="harmoniOS: the universe in harmony (the line under the term labels)"><span className="tl-swatch tl-swatch-commit" style={{ background: HARMONY_COLOR }} />harmony</span>
      <span className="tl-legend-item" title="nomOS: an action on this world denied by a rule"><span className="tl-swatch tl-swatch-commit" style={{ background: LAW_COLOR }} />denied</span>
      <span className="tl-legend-item" title="The sim time; drag it, or click the time axis, to go to another moment"><span className="tl-swatch tl-swatch-commit" style={{ background: INK.now }} />now</span>
    </span>
  )

  return (
    <section ref={rootRef} className={`tl tl-consensus${className ? ` ${className}` : ''}`} data-testid="consensus-timeline">
      <header className="tl-head">
        <h3 className="tl-title">{title}</h3>
        <button type="button" className="tl-btn" aria-pressed={axis.following} onClick={axis.follow} data-testid="consensus-follow"
          title="Keep the right edge on the sim clock">
          {axis.following ? '● Following' : 'Follow'}
        </button>
        {scrolls && (
          <span className="tl-note tl-lanes-note" data-testid="consensus-lanes-note" title="The wheel scrolls the worlds; Ctrl/⌘ + wheel zooms the time axis">
            worlds {firstInView}–{lastInView} of {nodeCount} · wheel scrolls
          </span>
        )}
        {!compact && (
          <span className="tl-hint" data-testid="consensus-hint">Ctrl/⌘+wheel: zoom · drag: pan · click the time axis or drag the cursor: go there</span>
        )}
        {compact ? (
          <DetailsPopover className="tl-legend-pop" summaryClassName="tl-btn tl-btn-small" summary="legend" testId="consensus-legend">
            {legend}
          </DetailsPopover>
        ) : legend}
      </header>
      <div className="tl-grid tl-grid-fill" ref={scrollRef} data-testid="consensus-lanes">
        <div className="tl-labels" style={{ height: layout.heightPx }}>
          <div className="tl-gutter-pad" style={{ height: GUTTER_PX }} />
          {laneLabels}
        </div>
        <div className="tl-plot" ref={plotRef} style={{ height: layout.heightPx }} onMouseMove={onMouseMove} onMouseLeave={() => setHover(null)}>
          <canvas ref={canvasRef} className="tl-canvas" />
          {hover && (
            <Tooltip x={hover.x} y={hover.y} testId="consensus-tooltip">
              <pre>{hover.text}</pre>
            </Tooltip>
          )}
        </div>
      </div>
      <AxisRow axis={axis} testId="consensus-axis" />
    </section>
  )
}
