/**
 * The Raft log view (Diego Ongaro's RaftScope): each shown world's log as a row of boxes, one per
 * index, aligned by index across worlds, each box coloured and labelled by its entry's term. Solid:
 * committed on that world; hollow and dashed: not committed there yet; a white bar after each
 * world's commit index and a triangle over the cluster's; red outline: the entry diverges (another
 * world holds another term at the same index — a deposed leader's entries, about to be replaced);
 * grey: compacted into the world's snapshot. A down world's row is greyed; a learner is marked.
 * Hover a box for its index, term, kind and whether it is committed and applied on that world;
 * click a row to select the world.
 *
 * It shows the newest indices mythOS's view carries (view.ts: at most 16 worlds — the voters and
 * the leader first — and the 40 newest indices of the longest log). Refreshed 4 times a second
 * from the frame buffer; boxes on one canvas, the math in raftLog.math.ts.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react'
import { atmosView, mythosView } from '../../store/frameBuffer'
import { useSelectedWorld } from '../cosmos/selection'
import { useTick } from '../panels/useTick'
import { fitCanvas } from './canvas'
import { HALO_COLOR, INK, RIFT_COLOR, withAlpha } from './palette'
import {
  LOG_HEADER_PX, boxX, buildLogGrid, describeCell, hitCell, layoutLog, newestIndex, rowBadges, rowY, rulerIndices, termColor, termInk,
  type LogGrid, type LogLayout,
} from './raftLog.math'
import { Tooltip } from './Tooltip'
import './timelines.css'
import './RaftLog.css'

/** The most indices drawn: what mythOS's view carries for an up-to-date world (view.ts LOG_VIEW_ENTRIES). */
const MAX_COLUMNS = 40
/** Room the header, legend and padding take from the slot's height, px. */
const CHROME_PX = 58
/** Row height in an inspector, px. */
const COMPACT_ROW_PX = 18
const COMPACTED_FILL = '#2a3140'
const DOWN_ALPHA = 0.35

interface Hover {
  text: string
  x: number
  y: number
}

export interface RaftLogProps {
  /** The heading ('' for none: where the page already has one). */
  title?: string
  /** Narrow placement (an inspector): a shorter legend. */
  compact?: boolean
}

export function RaftLog({ title = 'mythOS — Raft logs by world', compact = false }: RaftLogProps) {
  useTick(250)
  const rootRef = useRef<HTMLElement | null>(null)
  const plotRef = useRef<HTMLDivElement | null>(null)
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const [size, setSize] = useState({ w: 0, h: 240 })
  const [hover, setHover] = useState<Hover | null>(null)
  const selected = useSelectedWorld((s) => s.selected)

  useEffect(() => {
    const plot = plotRef.current
    const root = rootRef.current
    if (!plot || !root) return
    const measure = () => {
      const w = Math.floor(plot.clientWidth)
      const h = Math.floor(root.parentElement?.clientHeight ?? root.clientHeight)
      setSize((s) => (s.w === w && s.h === h ? s : { w, h }))
    }
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(plot)
    if (root.parentElement) ro.observe(root.parentElement)
    return () => ro.disconnect()
  }, [])

  const v = mythosView()
  const worlds = atmosView()?.worlds
  const logs = v?.logs
  const nodes = v?.nodes
  const hi = logs ? newestIndex(logs) : 0
  const rows = logs?.length ?? 0
  // In a panel of fixed height the rows share what it leaves; in an inspector (which grows with its
  // content) they have a fixed height, so that the height does not feed back into itself.
  const budget = compact ? LOG_HEADER_PX + rows * COMPACT_ROW_PX : Math.max(120, size.h - CHROME_PX)
  const layout = useMemo(() => layoutLog(hi, rows, size.w, budget, MAX_COLUMNS), [hi, rows, size.w, budget])
  const grid = useMemo(() => (logs && nodes ? buildLogGrid(logs, nodes, layout.lo, layout.hi) : null), [logs, nodes, layout])

  useLayoutEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || !grid || layout.widthPx <= 0) return
    const ctx = fitCanvas(canvas, layout.widthPx, layout.heightPx)
    if (ctx) drawLog(ctx, layout, grid, selected)
  }, [grid, layout, selected])

  /** The world's row and the entry under the pointer, if any. */
  const cellAt = (ev: ReactMouseEvent<HTMLDivElement>) => {
    const el = plotRef.current
    if (!el || !grid) return null
    const r = el.getBoundingClientRect()
    const hit = hitCell(layout, grid.rows.length, ev.clientX - r.left, ev.clientY - r.top)
    const row = hit ? grid.rows[hit.row] : undefined
    return row && hit ? { row, cell: row.cells[hit.index - grid.lo] } : null
  }
  const onMouseMove = (ev: ReactMouseEvent<HTMLDivElement>) => {
    const at = cellAt(ev)
    if (!at?.cell) {
      if (hover) setHover(null)
      return
    }
    const text = describeCell(at.row, at.cell, worlds?.find((w) => w.id === at.row.id)?.name)
    if (hover?.text !== text) setHover({ text, x: ev.clientX, y: ev.clientY })
  }
  const onClick = (ev: ReactMouseEvent<HTMLDivElement>) => {
    const row = cellAt(ev)?.row
    if (row) useSelectedWorld.getState().setSelected(row.id)
  }

  const shown = grid?.rows.length ?? 0
  const total = nodes?.length ?? 0
  return (
    <section
      ref={rootRef}
      className={`tl tl-raftlog${compact ? ' tl-raftlog--compact' : ''}`}
      data-testid="raft-log"
      data-worlds={shown}
      data-entries={grid?.entries ?? 0}
      data-terms={grid?.terms.join(',') ?? ''}
      data-commit={grid?.commitIndex ?? 0}
      data-divergent={grid?.divergent ?? 0}
      data-range={grid && grid.hi >= grid.lo ? `${grid.lo}-${grid.hi}` : ''}
    >
      <header className="tl-head">
        {title !== '' && <h3 className="tl-title">{title}</h3>}
        <span className="tl-legend">
          {(grid?.terms ?? []).slice(-6).map((t) => (
            <span key={t} className="tl-legend-item">
              <span className="tl-swatch" style={{ background: termColor(t) }} />
              term {t}
            </span>
          ))}
          <span className="tl-legend-item" title="Committed on that world: a solid box">
            <span className="tl-swatch" style={{ background: '#cdd6e4' }} />
            committed
          </span>
          <span className="tl-legend-item" title="Not committed on that world yet: a hollow, dashed box">
            <span className="tl-swatch raftlog-swatch-uncommitted" />
            uncommitted
          </span>
          {!compact && (
            <>
              <span className="tl-legend-item" title="Each world's commit index: a white bar after it; the cluster's: a triangle above">
                <span className="tl-swatch tl-swatch-commit" style={{ background: INK.commit }} />
                commit
              </span>
              <span className="tl-legend-item" title="Another world holds another term at this index: it will be replaced (or it replaces)">
                <span className="tl-swatch raftlog-swatch-divergent" />
                diverges
              </span>
              <span className="tl-legend-item" title="Compacted into the world's snapshot">
                <span className="tl-swatch" style={{ background: COMPACTED_FILL }} />
                snapshot
              </span>
            </>
          )}
        </span>
        {total > shown && (
          <span className="tl-note" title="mythOS's view carries a bounded number of logs: the voters and the leader first, then learners by id">
            {shown} of {total} worlds
          </span>
        )}
      </header>
      <div className="tl-grid raftlog-grid">
        <div className="tl-labels" style={{ height: layout.heightPx }}>
          {grid?.rows.map((row, r) => {
            const name = worlds?.find((w) => w.id === row.id)?.name
            const badges = rowBadges(row)
            return (
              <div
                key={row.id}
                className={`tl-lane-label raftlog-label${row.up ? '' : ' raftlog-label--down'}${selected === row.id ? ' raftlog-label--selected' : ''}`}
                data-testid={`raftlog-row-${row.id}`}
                data-badges={badges.join(' ')}
                title={`world ${row.id}${name ? ` · ${name}` : ''} · last ${row.lastIndex} (term ${row.lastTerm}) · commit ${row.commitIndex} · applied ${row.appliedIndex}${row.baseIndex > 0 ? ` · snapshot at ${row.baseIndex}` : ''}`}
                style={{ top: rowY(layout, r), height: layout.rowH }}
                onClick={() => useSelectedWorld.getState().setSelected(row.id)}
              >
                <span className="raftlog-name">
                  {row.id}
                  {name ? ` · ${name}` : ''}
                </span>
                {badges.map((b) => (
                  <span key={b} className={`raftlog-badge raftlog-badge--${b}`}>
                    {b}
                  </span>
                ))}
              </div>
            )
          })}
        </div>
        <div ref={plotRef} className="tl-plot raftlog-plot" style={{ height: layout.heightPx }} onMouseMove={onMouseMove} onMouseLeave={() => setHover(null)} onClick={onClick}>
          <canvas ref={canvasRef} className="tl-canvas" data-testid="raft-log-canvas" />
          {(!v || hi === 0) && <p className="tl-empty">{v ? 'no entries yet' : 'waiting for mythOS…'}</p>}
        </div>
      </div>
      {hover && (
        <Tooltip x={hover.x} y={hover.y} testId="raft-log-tooltip">
          <pre>{hover.text}</pre>
        </Tooltip>
      )}
    </section>
  )
}

/** Draw the boxes, the commit marks and the ruler (CSS px, the canvas already cleared). */
function drawLog(ctx: CanvasRenderingContext2D, l: LogLayout, g: LogGrid, selected: number | null): void {
  const w = l.widthPx
  g.rows.forEach((_, r) => {
    const y = rowY(l, r)
    ctx.fillStyle = r % 2 === 0 ? INK.laneEven : INK.laneOdd
    ctx.fillRect(0, y, w, l.rowH)
    if (g.rows[r]!.id === selected) {
      ctx.fillStyle = INK.selection
      ctx.fillRect(0, y, w, l.rowH)
    }
  })
  if (l.hi < l.lo) return

  // The ruler: every few indices, centred over their boxes.
  ctx.font = '10px system-ui, sans-serif'
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'center'
  ctx.fillStyle = INK.termLabel
  for (const i of rulerIndices(l)) ctx.fillText(String(i), boxX(l, i) + l.boxW / 2, 6)

  const pad = l.boxW >= 20 ? 2 : 1
  const bw = l.boxW - 2 * pad
  const bh = Math.max(4, l.rowH - 2 * pad - 1)
  const label = l.boxW >= 14 && l.rowH >= 13
  ctx.font = `${Math.min(11, l.rowH - 5)}px ui-monospace, Menlo, Consolas, monospace`
  for (let r = 0; r < g.rows.length; r++) {
    const row = g.rows[r]!
    const y = rowY(l, r) + pad
    ctx.globalAlpha = row.up ? 1 : DOWN_ALPHA
    for (const c of row.cells) {
      const x = boxX(l, c.index) + pad
      if (c.state === 'absent') continue
      if (c.state === 'unseen') {
        ctx.setLineDash([1, 2])
        ctx.strokeStyle = COMPACTED_FILL
        ctx.strokeRect(x + 0.5, y + 0.5, bw - 1, bh - 1)
        ctx.setLineDash([])
        continue
      }
      if (c.state === 'compacted') {
        ctx.fillStyle = COMPACTED_FILL
        ctx.fillRect(x, y, bw, bh)
        ctx.strokeStyle = 'rgba(255,255,255,0.08)'
        ctx.beginPath()
        ctx.moveTo(x, y + bh)
        ctx.lineTo(x + bw, y)
        ctx.stroke()
        continue
      }
      const term = c.term!
      const color = termColor(term)
      if (c.committed) {
        ctx.fillStyle = color
        ctx.fillRect(x, y, bw, bh)
      } else {
        ctx.fillStyle = withAlpha(color, 0.18)
        ctx.fillRect(x, y, bw, bh)
        ctx.setLineDash([3, 2])
        ctx.strokeStyle = color
        ctx.lineWidth = 1
        ctx.strokeRect(x + 0.5, y + 0.5, bw - 1, bh - 1)
        ctx.setLineDash([])
      }
      if (c.committed && !c.applied) {
        // Committed, not applied yet: a notch in the corner.
        ctx.fillStyle = '#0b0f17'
        ctx.fillRect(x + bw - 3, y, 3, 3)
      }
      if (c.divergent) {
        ctx.strokeStyle = RIFT_COLOR
        ctx.lineWidth = 2
        ctx.strokeRect(x + 1, y + 1, bw - 2, bh - 2)
        ctx.lineWidth = 1
      }
      if (label) {
        ctx.fillStyle = c.committed ? termInk(term) : color
        ctx.fillText(String(term), x + bw / 2, y + bh / 2 + 0.5)
      }
    }
    // This world's commit index: a bar after its box (at the left edge when it is older than the window).
    if (row.commitIndex >= l.lo - 1 && row.commitIndex <= l.hi) {
      ctx.fillStyle = INK.commit
      ctx.fillRect(Math.min(w - 2, boxX(l, row.commitIndex + 1) - 1), y - pad, 2, l.rowH)
    }
    // A log that ends before the window: say where.
    if (row.lastIndex < l.lo) {
      ctx.textAlign = 'left'
      ctx.fillStyle = INK.termLabel
      ctx.fillText(`◂ log ends at ${row.lastIndex}${row.lastIndex > 0 ? ` (term ${row.lastTerm})` : ''}`, 4, y + bh / 2 + 0.5)
      ctx.textAlign = 'center'
    }
    ctx.globalAlpha = 1
  }

  // The cluster's commit index: a triangle on the ruler over the boundary.
  if (g.commitIndex >= l.lo - 1 && g.commitIndex <= l.hi) {
    const cx = Math.min(w - 4, boxX(l, g.commitIndex + 1))
    ctx.fillStyle = HALO_COLOR
    ctx.beginPath()
    ctx.moveTo(cx - 5, l.headerH - 7)
    ctx.lineTo(cx + 5, l.headerH - 7)
    ctx.lineTo(cx, l.headerH - 1)
    ctx.closePath()
    ctx.fill()
  }
}
