/**
 * chronOS clocks panel: the offset of every picked world's clock from cosmic time over the run
 * (local − cosmic, µs), its ±root-distance band while it says it is synchronised, and a mark at
 * every step or jump. History is sampled from the frame buffer on the main thread from the page's
 * start (clockSampler.ts), not from when the tab opens.
 */
import { area, line, scaleLinear } from 'd3'
import { useEffect, useMemo, useRef, useState } from 'react'
import { frameBuffer } from '../../store/frameBuffer'
import { formatSimTime } from '../panels/format'
import { useTick } from '../panels/useTick'
import { offsetExtent, offsetLine, type ClockPoint } from './clocks.math'
import { clockHistory as history, sampleClocks } from './clockSampler'
import { TYPE_PALETTE } from './palette'

const M = { l: 64, r: 12, t: 10, b: 24 }
const color = (w: number): string => TYPE_PALETTE[w % TYPE_PALETTE.length]!
const fmtUs = (v: number): string => (Math.abs(v) >= 10_000 ? `${(v / 1000).toFixed(0)} ms` : `${Math.round(v)} µs`)

/** The chart's size in CSS pixels: it fills what the panel leaves under the picker (at least 120 px tall). */
function useChartSize(shown: boolean): [React.RefObject<HTMLDivElement | null>, number, number] {
  const ref = useRef<HTMLDivElement>(null)
  const [size, setSize] = useState<[number, number]>([900, 200])
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const ro = new ResizeObserver(() => setSize([Math.max(300, el.clientWidth), Math.max(120, el.clientHeight)]))
    ro.observe(el)
    return () => ro.disconnect()
  }, [shown])
  return [ref, size[0], size[1]]
}

export function ClocksTimeline() {
  useTick(500)
  const [chartRef, W, H] = useChartSize(frameBuffer.views.chronOS !== undefined)
  useEffect(sampleClocks, [])
  const v = frameBuffer.views.chronOS
  const n = v?.worlds.length ?? 0
  const [picked, setPicked] = useState<number[] | null>(null)
  const shown = useMemo(() => picked ?? (v ? v.worlds.filter((w) => !w.reference).slice(0, 8).map((w) => w.id) : []), [picked, v])
  if (!v) return <p className="muted" data-testid="clocks-waiting">chronOS is not running in this scenario (add it to run, with atmOS and chaOS).</p>
  const pts: readonly ClockPoint[] = history.points
  const t0 = pts[0]?.t ?? 0, t1 = Math.max(t0 + 1, pts[pts.length - 1]?.t ?? 1)
  const x = scaleLinear().domain([t0, t1]).range([M.l, W - M.r])
  const ext = offsetExtent(pts, shown, true)
  const y = scaleLinear().domain([-ext, ext]).range([H - M.b, M.t]).nice()
  const toggle = (id: number) => setPicked(shown.includes(id) ? shown.filter((s) => s !== id) : [...shown, id].sort((a, b) => a - b))
  return (
    <div className="clocks-panel" data-testid="clocks-panel" style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 180 }}>
      <div className="clocks-picker" role="group" aria-label="Worlds shown">
        {Array.from({ length: n }, (_, id) => (
          <label key={id} style={{ color: color(id), marginRight: 8 }}>
            <input type="checkbox" checked={shown.includes(id)} onChange={() => toggle(id)} data-testid={`clocks-pick-${id}`} /> {id}
            {v.worlds[id]!.reference ? ' (ref)' : ''}
          </label>
        ))}
      </div>
      <div ref={chartRef} style={{ flex: 1, minHeight: 120, position: 'relative' }}>
      {pts.length < 2 ? <p className="muted" data-testid="clocks-sampling">The clocks are sampled as the run goes: run or step it to draw their offsets from cosmic time.</p> : (
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} style={{ position: 'absolute', inset: 0 }} role="img" aria-label="Clock offset of each world from cosmic time" data-testid="clocks-chart">
        {y.ticks(5).map((tk) => (
          <g key={tk}>
            <line x1={M.l} x2={W - M.r} y1={y(tk)} y2={y(tk)} stroke={tk === 0 ? '#8899aa' : '#2a3340'} strokeWidth={tk === 0 ? 1 : 0.5} />
            <text x={M.l - 6} y={y(tk) + 4} textAnchor="end" fontSize={10} fill="#9aa7b4">{fmtUs(tk)}</text>
          </g>
        ))}
        {x.ticks(6).map((tk) => (
          <text key={tk} x={x(tk)} y={H - 6} textAnchor="middle" fontSize={10} fill="#9aa7b4">{formatSimTime(tk)}</text>
        ))}
        {shown.map((w) => {
          const band = area<ClockPoint>().defined((p) => p.synced[w] === true).x((p) => x(p.t)).y0((p) => y(p.offsetUs[w]! - p.rootDistanceUs[w]!)).y1((p) => y(p.offsetUs[w]! + p.rootDistanceUs[w]!))(pts as ClockPoint[])
          return band ? <path key={`b${w}`} d={band} fill={color(w)} opacity={0.12} /> : null
        })}
        {shown.map((w) => {
          const d = line<[number, number]>().x((p) => x(p[0])).y((p) => y(Math.max(-ext, Math.min(ext, p[1]))))(offsetLine(pts, w, v.jolts))
          return d ? <path key={`l${w}`} d={d} fill="none" stroke={color(w)} strokeWidth={1.5} data-testid="clocks-line" /> : null
        })}
        {v.jolts.filter((j) => j.atUs >= t0 && shown.includes(j.node)).map((j, i) => (
          <g key={i} data-testid="clocks-jolt">
            <line x1={x(j.atUs)} x2={x(j.atUs)} y1={M.t} y2={H - M.b} stroke={color(j.node)} strokeDasharray={j.kind === 'jump' ? '3 3' : undefined} />
            <text x={x(j.atUs) + 3} y={M.t + 10} fontSize={10} fill={color(j.node)}>{j.kind} {fmtUs(j.amountUs)} @{j.node}</text>
          </g>
        ))}
      </svg>
      )}
      </div>
      <p className="muted" style={{ fontSize: 11, margin: '2px 4px' }}>Offset = world clock − cosmic time. Band: ± the root distance NTP computes, while synchronised. Solid mark: step by the discipline; dashed: a hardware jump (chaOS).</p>
    </div>
  )
}
