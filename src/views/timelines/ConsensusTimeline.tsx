/**
 * mythOS consensus timeline: one lane per world with its Raft role as coloured bands (dark while
 * crashed or restarting), term boundaries as labelled vertical lines, commits (entry_applied) as
 * ticks, leader elections as markers, and pneumOS partitions as shaded spans across the lanes
 * (the isolated side stronger), and a snapshot band along the top of each lane: violet while the world
 * compacts its log (hypnOS), green while a snapshot is on its way to it (oneirOS), with a tick where
 * a snapshot was taken and a diamond where one was installed. Same axis, zoom, pan and follow as the log timeline
 * (useTimeAxis). Bands and marks on one canvas; the math is in consensus.math.ts.
 */
import { AxisRow } from './AxisRow'
import { useCallback, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react'
import type { LoggedEvent } from '../../kernel/types'
import { atmosView, frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { fitCanvas, reportMarks } from './canvas'
import {
  CONSENSUS_STATE_TYPES, buildLawMarks, buildPartitionSpans, buildRoleBands, buildSnapshotBand, buildTermBoundaries, describeBand, initialStates, isolatedSide, leaderMarks, partitionLabel,
  type AlertSpan, type Band, type BandState, type DenialMark, type PartitionSpan, type SnapshotMark, type SnapshotSpan, type TermBoundary,
} from './consensus.math'
import { LaneIndex } from './eventIndex'
import { ALERT_COLOR, BAND_COLORS, HALO_COLOR, HARMONY_COLOR, INK, LAW_COLOR, RIFT_COLOR, SNAPSHOT_COLORS } from './palette'
import {
  axisScale, intervalVisible, laneAt, layoutLanes, lowerBound, nearestMark, pxToUs,
  spanOf, tickCountFor, upperBound, usToPx, visibleRange, worldLaneHeight, type DrawnMark,
} from './timeline.math'
import { formatSimTime } from '../panels/format'
import { Tooltip } from './Tooltip'
import { useTimeAxis, type Frame } from './useTimeAxis'
import './timelines.css'

/** Room above the lanes for term and partition labels. */
const GUTTER_PX = 16
const LANE_GAP_PX = 1
const LANES_BUDGET_PX = 260
const COMMIT_TICK_PX = 5
const BAND_STATES: readonly BandState[] = ['follower', 'precandidate', 'candidate', 'leader', 'crashed', 'restarting', 'unknown']

export interface ConsensusTimelineProps {
  className?: string
  title?: string
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

const laneHeightFor = (n: number) => worldLaneHeight(n, LANES_BUDGET_PX)
/** Lanes thinner than this share their labels: every k-th one is written. */
const LABEL_MIN_PX = 9
const gapFor = (laneHeightPx: number) => (laneHeightPx >= 6 ? LANE_GAP_PX : 0)

export function ConsensusTimeline({ className, title = 'mythOS — consensus by world' }: ConsensusTimelineProps) {
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

  const laneH = laneHeightFor(nodeCount)
  const layout = useMemo(() => layoutLanes(Array.from({ length: nodeCount }, (_, i) => i), laneH, gapFor(laneH), GUTTER_PX), [nodeCount, laneH])

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
    const h = layout.heightPx
    const canvas = canvasRef.current
    const ctx = canvas ? fitCanvas(canvas, w, h) : null
    if (!ctx) return
    const x = usToPx(f.view, w)
    const clipX = (px: number) => Math.max(-1, Math.min(w + 1, px))
    const now = f.simTimeUs
    let marks = 0

    for (const lane of layout.lanes) {
      ctx.fillStyle = lane.index % 2 === 0 ? INK.laneEven : INK.laneOdd
      ctx.fillRect(0, lane.y0, w, lane.y1 - lane.y0)
    }
    const scale = axisScale(f.view, w)
    ctx.fillStyle = INK.grid
    for (const s of scale.ticks(tickCountFor(w))) ctx.fillRect(Math.round(scale(s)), GUTTER_PX, 1, h - GUTTER_PX)

    // Role bands, one path per state; a band shorter than a pixel still shows as one.
    const paths = new Map<BandState, Path2D>(BAND_STATES.map((s) => [s, new Path2D()]))
    const crashEdges = new Path2D()
    for (const lane of layout.lanes) {
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
    // none), labelled above.
    ctx.font = '10px system-ui, sans-serif'
    ctx.textBaseline = 'middle'
    for (const p of built.partitions) {
      if (!intervalVisible(p.startUs, p.endUs, now, f.view)) continue
      const x0 = clipX(x(p.startUs))
      const x1 = clipX(x(p.endUs ?? now))
      const pw = Math.max(1, x1 - x0)
      ctx.fillStyle = INK.partitionAll
      ctx.fillRect(x0, GUTTER_PX, pw, h - GUTTER_PX)
      ctx.fillStyle = INK.partitionIsolated
      for (const n of isolatedSide(p)) {
        const lane = layout.lanes[n]
        if (lane) ctx.fillRect(x0, lane.y0, pw, lane.y1 - lane.y0)
      }
      ctx.fillStyle = RIFT_COLOR
      ctx.fillRect(x0, GUTTER_PX - 3, pw, 2)
      if (pw > 60) ctx.fillText(partitionLabel(p), Math.max(x0, 0) + 3, 6)
      marks++
    }

    // Commits: a tick at the bottom of the applier's lane; one per pixel column.
    const drawnCommits = new Map<number, DrawnMark<LoggedEvent>[]>()
    const commitPath = new Path2D()
    const padUs = spanOf(f.view) / w
    for (const lane of layout.lanes) {
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
      const lane = layout.lanes[sp.node]
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
      const lane = layout.lanes[m.node]
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

    // harmoniOS: a calm line along the foot of the gutter while in harmony. anomOS: an amber strip at
    // the foot of a world's lane while an alert fires on it, at the top of the gutter for a cluster
    // alert. nomOS: a pale-blue bar across the lane where an action on the world was denied.
    ctx.fillStyle = HARMONY_COLOR
    for (const h of built.law.harmony) {
      if (!intervalVisible(h.startUs, h.endUs, now, f.view)) continue
      const x0 = clipX(x(h.startUs))
      ctx.fillRect(x0, GUTTER_PX - 3, Math.max(2, clipX(x(h.endUs ?? now)) - x0), 2)
      marks++
    }
    ctx.fillStyle = ALERT_COLOR
    for (const a of built.law.alerts) {
      if (!intervalVisible(a.startUs, a.endUs, now, f.view)) continue
      const x0 = clipX(x(a.startUs))
      const x1 = clipX(x(a.endUs ?? now))
      const lane = a.node === null ? null : layout.lanes[a.node]
      if (a.node !== null && !lane) continue
      if (lane) ctx.fillRect(x0, lane.y1 - 3, Math.max(2, x1 - x0), 2)
      else ctx.fillRect(x0, 0, Math.max(2, x1 - x0), 3)
      marks++
    }
    ctx.fillStyle = LAW_COLOR
    for (const d of built.law.denials) {
      const lane = layout.lanes[d.node]
      if (!lane || d.t < f.view.startUs || d.t > f.view.endUs) continue
      ctx.fillRect(Math.round(x(d.t)) - 1, lane.y0, 3, lane.y1 - lane.y0)
      marks++
    }

    // Leader elections: a small triangle at the top of the leader's lane.
    ctx.fillStyle = HALO_COLOR
    const leaders = built.leaders
    for (let i = lowerBound(leaders, f.view.startUs); i < upperBound(leaders, f.view.endUs); i++) {
      const m = leaders[i]!
      const lane = layout.lanes[m.node]
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

    // Term boundaries: a thin line over all lanes, labelled unless labels would collide.
    const terms = built.terms
    let lastLabelX = -Infinity
    for (let i = lowerBound(terms, f.view.startUs); i < upperBound(terms, f.view.endUs); i++) {
      const tb = terms[i]!
      const tx = Math.round(x(tb.t))
      ctx.fillStyle = INK.term
      ctx.fillRect(tx, GUTTER_PX - 4, 1, h - GUTTER_PX + 4)
      const label = `term ${tb.term}`
      if (tx - lastLabelX > ctx.measureText(label).width + 8) {
        ctx.fillStyle = INK.termLabel
        ctx.fillText(label, tx + 3, 6)
        lastLabelX = tx
      }
      marks++
    }

    const nx = x(now)
    if (nx >= 0 && nx <= w) {
      ctx.fillStyle = INK.now
      ctx.fillRect(Math.round(nx) - 1, GUTTER_PX, 2, h - GUTTER_PX)
    }
    reportMarks(rootRef.current, marks)
  }, [nodeCount, layout])

  const axis = useTimeAxis(draw)
  const { plotRef, axisRef, viewRef, widthRef } = axis

  const onMouseMove = (ev: ReactMouseEvent<HTMLDivElement>) => {
    const el = plotRef.current
    const built = builtRef.current
    if (!el || !built || widthRef.current <= 0) return
    const r = el.getBoundingClientRect()
    const px = ev.clientX - r.left
    const lane = laneAt(layout, ev.clientY - r.top)
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

  const compact = laneH < 12
  /** With thin lanes, write every k-th label (the others stay, empty of text, for tests and titles). */
  const labelEvery = laneH >= LABEL_MIN_PX ? 1 : Math.ceil(LABEL_MIN_PX * 1.5 / (laneH + gapFor(laneH)))
  // Up to thousands of labels: built again only when the lanes or the names change, not on hover.
  const laneLabels = useMemo(() => layout.lanes.map((l) => (
    <div key={l.key} className={`tl-lane-label${compact ? ' tl-lane-label-compact' : ''}`} data-testid={`lane-node-${l.key}`}
      data-name={names[l.key] ?? ''} title={`world ${l.key}${names[l.key] ? ` · ${names[l.key]}` : ''}`}
      style={{ top: l.y0, height: l.y1 - l.y0 }}>
      {l.key % labelEvery === 0 ? `${l.key}${names[l.key] ? ` · ${names[l.key]}` : ''}` : ''}
    </div>
  )), [layout, names, compact, labelEvery])

  return (
    <section ref={rootRef} className={`tl tl-consensus${className ? ` ${className}` : ''}`} data-testid="consensus-timeline">
      <header className="tl-head">
        <h3 className="tl-title">{title}</h3>
        <button type="button" className="tl-btn" aria-pressed={axis.following} onClick={axis.follow} data-testid="consensus-follow"
          title="Keep the right edge on the sim clock">
          {axis.following ? '● Following' : 'Follow'}
        </button>
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
        </span>
      </header>
      <div className="tl-grid">
        <div className="tl-labels" style={{ height: layout.heightPx }}>
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
      <AxisRow axisRef={axisRef} testId="consensus-axis" />
    </section>
  )
}
