/**
 * pandemoniOS's phi chart as geometry: each observer's phi over its last evaluations for one
 * world, on a symmetric-log y scale (phi runs from ~0 to 10⁶ once a world is silent), with the
 * threshold line. Pure: the component only draws.
 */
import { line, scaleLinear, scaleSymlog } from 'd3'
import type { PhiSeries } from '../../layers/pandemoniOS/view'
import { formatSimTime } from '../panels/format'

/** What the chart reads of a series (not which world it observes: all are of one). */
type ChartSeries = Pick<PhiSeries, 'observer' | 'phi' | 'lastUs'>

export interface PhiChart {
  paths: { observer: number; d: string; last: number }[]
  thresholdY: number
  yTicks: { y: number; label: string }[]
  xTicks: { x: number; label: string }[]
}

export function phiChart(series: readonly ChartSeries[], thresholdPhi: number, evalIntervalMs: number, width: number, height: number, pad = 28): PhiChart {
  const endUs = Math.max(0, ...series.map((s) => s.lastUs))
  const len = Math.max(2, ...series.map((s) => s.phi.length))
  const spanUs = (len - 1) * evalIntervalMs * 1_000
  const x = scaleLinear().domain([endUs - spanUs, endUs]).range([pad, width - 6])
  const top = Math.max(thresholdPhi * 4, ...series.flatMap((s) => s.phi))
  const y = scaleSymlog().domain([0, top]).range([height - 18, 6])
  const path = line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]))
  const paths = series.map((s) => {
    const pts = s.phi.map((v, i): [number, number] => [s.lastUs - (s.phi.length - 1 - i) * evalIntervalMs * 1_000, v])
    return { observer: s.observer, d: path(pts) ?? '', last: s.phi[s.phi.length - 1] ?? 0 }
  })
  const yTicks = [0, 1, thresholdPhi, 100, 1e4, 1e6].filter((v) => v <= top).map((v) => ({ y: y(v), label: v >= 1e4 ? `1e${Math.round(Math.log10(v))}` : String(v) }))
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const t = endUs - spanUs + f * spanUs
    return { x: x(t), label: formatSimTime(t, 0) }
  })
  return { paths, thresholdY: y(thresholdPhi), yTicks, xTicks }
}
