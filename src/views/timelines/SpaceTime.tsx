/**
 * karmOS's space-time (Lamport) diagram: one lane per picked world, time to the right, and every
 * node-to-node message between picked worlds as an arrow from (sender lane, send time) to
 * (receiver lane, receive time) — mythOS's Raft RPCs and karmOS's anti-entropy exchanges, from the
 * packets their views carry (accumulated here, bounded: spaceTime.math.ts). Linked with the 3D
 * view both ways: the world selected there has its lane highlighted (and added), a click on a
 * lane selects its world, and hovering an arrow lights that packet's particle in the cosmos
 * (selection.ts highlightedPacket); clicking an arrow opens its message card (panels/MessageCard.tsx),
 * beside the arrow. Ledger corruptions (red) and repairs (green) are marked on their world's lane.
 */
import { useEffect, useMemo, useState, type MouseEvent } from 'react'
import { atmosView, frameBuffer } from '../../store/frameBuffer'
import { useSelectedWorld } from '../cosmos/selection'
import { useTick } from '../panels/useTick'
import { useMessageCard } from '../panels/messageCardState'
import { PacketHistory, defaultLanes, layoutSpaceTime, type SpaceTimeMsg } from './spaceTime.math'
import './timelines.css'

/** One history for the page: it keeps accumulating while the tab is closed only while mounted. */
const history = new PacketHistory()

const SPANS_MS = [500, 2_000, 10_000] as const
const LANE_GAP = 26
const TOP = 14
const LEFT = 56
const RIGHT_PAD = 10
const WIDTH = 900
const COLORS: Record<SpaceTimeMsg['layer'], string> = { mythOS: '#7fb3ff', karmOS: '#ffb347' }

/** Collect each new frame's packets (the views only hold what is in flight). */
function useCollect(): void {
  useEffect(() => {
    let seen = -1
    let id = 0
    const loop = () => {
      if (frameBuffer.version !== seen) {
        seen = frameBuffer.version
        history.add(frameBuffer.simTimeUs, 'mythOS', frameBuffer.views.mythOS?.inFlight)
        history.add(frameBuffer.simTimeUs, 'karmOS', frameBuffer.views.karmOS?.inFlight)
      }
      id = requestAnimationFrame(loop)
    }
    id = requestAnimationFrame(loop)
    return () => cancelAnimationFrame(id)
  }, [])
}

export function SpaceTime() {
  useCollect()
  useTick(250)
  const selected = useSelectedWorld((s) => s.selected)
  const setSelected = useSelectedWorld((s) => s.setSelected)
  const setHighlighted = useSelectedWorld((s) => s.setHighlightedPacket)
  const count = atmosView()?.worlds.length ?? 0
  const [picked, setPicked] = useState<number[] | null>(null)
  const [spanMs, setSpanMs] = useState<number>(2_000)
  const [hover, setHover] = useState<SpaceTimeMsg | null>(null)
  const lanes = useMemo(() => {
    const base = picked ?? defaultLanes(count, null)
    return selected !== null && selected < count && !base.includes(selected) ? [...base, selected] : base
  }, [picked, count, selected])
  useEffect(() => () => setHighlighted(null), [setHighlighted])

  const nowUs = frameBuffer.simTimeUs
  const fromUs = Math.max(0, nowUs - spanMs * 1_000)
  const height = TOP + Math.max(1, lanes.length) * LANE_GAP
  const layout = layoutSpaceTime(history.all(), lanes, fromUs, nowUs, LEFT, WIDTH - RIGHT_PAD, TOP, LANE_GAP)
  const marks = frameBuffer.log.query({ layers: ['karmOS'], types: ['ledger_corrupted', 'ledger_repaired'], fromUs, limit: 400 })
  const laneY = new Map(layout.lanes.map((l) => [l.world, l.y]))
  const openCard = (msg: SpaceTimeMsg, e: MouseEvent<SVGGElement>) => {
    const { layer, ...packet } = msg
    const r = e.currentTarget.getBoundingClientRect()
    useMessageCard.getState().show({ layer, packet, nth: 0, anchor: { x: e.clientX, y: e.clientY }, avoid: { left: r.left, top: r.top, width: r.width, height: r.height } })
  }
  const toggle = (w: number) => setPicked((p) => {
    const cur = p ?? lanes
    return cur.includes(w) ? cur.filter((x) => x !== w) : [...cur, w].sort((a, b) => a - b)
  })

  return (
    <div className="tl spacetime" data-testid="spacetime">
      <div className="tl-head">
        <span className="tl-title">karmOS space-time</span>
        <span className="tl-hint">arrows: messages (blue Raft, amber anti-entropy) · click a lane to select its world · hover an arrow to light its particle · click it to read the message</span>
        {SPANS_MS.map((ms) => (
          <button key={ms} type="button" className="tl-btn tl-btn-small" aria-pressed={spanMs === ms} onClick={() => setSpanMs(ms)}>
            {ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}
          </button>
        ))}
      </div>
      <div className="spacetime-picker" aria-label="Worlds shown as lanes">
        {Array.from({ length: Math.min(count, 64) }, (_, w) => (
          <button key={w} type="button" className="tl-btn tl-btn-small" aria-pressed={lanes.includes(w)} data-testid={`spacetime-pick-${w}`} onClick={() => toggle(w)}>
            w{w}
          </button>
        ))}
      </div>
      <svg className="spacetime-svg" viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="none" width="100%" height={height} role="img" aria-label="Space-time diagram of the picked worlds">
        <defs>
          {Object.entries(COLORS).map(([layer, c]) => (
            <marker key={layer} id={`st-head-${layer}`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill={c} />
            </marker>
          ))}
          <marker id="st-head-hl" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" fill="#fff" />
          </marker>
          <clipPath id="st-clip">
            <rect x={LEFT} y={0} width={WIDTH - RIGHT_PAD - LEFT} height={height} />
          </clipPath>
        </defs>
        {layout.lanes.map((l) => (
          <g key={l.world} data-testid={`spacetime-lane-${l.world}`} data-selected={l.world === selected ? 'true' : 'false'} className={`spacetime-lane${l.world === selected ? ' spacetime-lane--selected' : ''}`} onClick={() => setSelected(l.world)}>
            <rect x={0} y={l.y - LANE_GAP / 2} width={WIDTH} height={LANE_GAP} className="spacetime-lane-bg" />
            <line x1={LEFT} x2={WIDTH - RIGHT_PAD} y1={l.y} y2={l.y} className="spacetime-lane-line" />
            <text x={6} y={l.y + 4} className="spacetime-lane-label">
              w{l.world}
            </text>
          </g>
        ))}
        <g clipPath="url(#st-clip)">
          {layout.arrows.map((a, i) => {
            const lit = hover === a.msg
            const enter = () => {
              setHover(a.msg)
              setHighlighted({ from: a.msg.from, to: a.msg.to, sentUs: a.msg.sentUs })
            }
            const leave = () => {
              setHover(null)
              setHighlighted(null)
            }
            return (
              <g key={i} data-testid="spacetime-arrow" className="spacetime-arrow" onMouseOver={enter} onMouseOut={leave} onClick={(e) => openCard(a.msg, e)}>
                <line x1={a.x1} y1={a.y1} x2={a.x2} y2={a.y2} stroke={lit ? '#fff' : COLORS[a.msg.layer]} strokeWidth={lit ? 2.5 : 1.2} strokeOpacity={hover && !lit ? 0.35 : 0.9} markerEnd={`url(#st-head-${lit ? 'hl' : a.msg.layer})`} />
                {/* A wider, invisible line to point at. */}
                <line x1={a.x1} y1={a.y1} x2={a.x2} y2={a.y2} stroke="transparent" strokeWidth={7} pointerEvents="stroke" />
                <title>{`${a.msg.layer} ${a.msg.kind}: w${a.msg.from} → w${a.msg.to}, sent ${(a.msg.sentUs / 1e6).toFixed(4)} s, received ${(a.msg.deliverUs / 1e6).toFixed(4)} s`}</title>
              </g>
            )
          })}
          {marks.map((e) => {
            const y = e.node === null ? undefined : laneY.get(e.node)
            if (y === undefined) return null
            const bad = e.type === 'ledger_corrupted'
            return (
              <circle key={e.offset} cx={layout.x(e.t)} cy={y} r={5} className={bad ? 'spacetime-corrupt' : 'spacetime-repair'} data-testid={bad ? 'spacetime-corrupt' : 'spacetime-repair'}>
                <title>{`${e.type} w${e.node} entry ${String(e.data['index'])} at ${(e.t / 1e6).toFixed(3)} s`}</title>
              </circle>
            )
          })}
        </g>
      </svg>
      <p className="tl-note" data-testid="spacetime-hover">
        {hover ? `${hover.layer} ${hover.kind}: w${hover.from} → w${hover.to}, ${((hover.deliverUs - hover.sentUs) / 1000).toFixed(1)} ms in flight` : `${layout.arrows.length} messages in the last ${spanMs / 1000} s between ${lanes.length} worlds (${history.size} kept)`}
      </p>
    </div>
  )
}
