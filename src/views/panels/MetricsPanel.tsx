/**
 * The metrics chart (DESIGN §3.2, the metrics channel): any metric of any layer, over sim time.
 * Pick a metric (every layer's declared metrics, by layer), pick worlds for a per-world metric
 * (default: every world, up to 8), read one line per world — or the one line of a cluster-wide
 * metric — with a legend of the latest values (or the values under the pointer).
 *
 * Data: frameBuffer.metrics (MetricsBuffer), read in one requestAnimationFrame loop that redraws
 * only when its version, the buffer itself (a new run), the size, the choice or the pointer
 * changed. Lines on a canvas, axes by d3 in SVG; the math is in metricsChart.math.ts. React state
 * changes only when the list of metrics or the world names change (signatures), never per frame.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3'
import { useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react'
import { US_PER_S } from '../../kernel/time'
import { MANIFESTS } from '../../layers/manifests'
import { frameBuffer } from '../../store/frameBuffer'
import { seriesKey, type MetricsBuffer } from '../../store/metricsBuffer'
import { useTheos } from '../../store/theos'
import { fitCanvas } from '../timelines/canvas'
import { INK } from '../timelines/palette'
import { secondsTickFormat } from '../timelines/timeline.math'
import '../timelines/timelines.css'
import { formatSimTime } from './format'
import { isIdle } from './layerStatus'
import {
  CLUSTER_COLOR, allIntegers, catalogueSig, chosenWorlds, decimate, defaultMetric, formatValue, groupByLayer, latestValue, metricCatalogue,
  metricLabel, pointCount, selectSeries, timeExtent, toggleWorld, stripeDash, valueAt, valueExtent, worldColor, xDomain, yDomain, yTicks, LINE_WIDTH_PX,
  type MetricInfo,
} from './metricsChart.math'
import './metrics.css'

/** The metric shown first, when the run has it. */
const PREFERRED = ['mythOS.commitIndex', 'mythOS.term', 'atmOS.worldsUp']
/** Plot margins inside the chart, px: room for the y axis on the left and the x axis below. */
const M = { top: 18, right: 16, bottom: 24, left: 56 }
/** The axes stand this far off the plot, px, so a line on an edge (a count of 0) stays visible. */
const AXIS_GAP_PX = 4
/** Samples are drawn as dots when a series has fewer than one per this many pixels. */
const DOT_SPACING_PX = 10

interface WorldName {
  readonly id: number
  readonly name: string
}

const readCatalogue = (buf: MetricsBuffer): MetricInfo[] =>
  metricCatalogue(MANIFESTS.map((m) => [m.name, m.metrics] as const), buf.metrics)

const readWorlds = (): WorldName[] =>
  (frameBuffer.views.atmOS?.worlds ?? []).map((w) => ({ id: w.id, name: w.name })).sort((a, b) => a.id - b.id)

const worldsSig = (ws: readonly WorldName[]): string => ws.map((w) => `${w.id}:${w.name}`).join('|')

/** What the frame loop draws from (refs: the loop never waits on React). */
interface DrawInput {
  readonly info: MetricInfo | null
  readonly worlds: readonly number[]
  readonly idle: boolean
  readonly intervalMs: number
}

export function MetricsPanel() {
  const scenario = useTheos((s) => s.scenario)
  const [catalogue, setCatalogue] = useState<MetricInfo[]>(() => readCatalogue(frameBuffer.metrics))
  const [worldNames, setWorldNames] = useState<WorldName[]>(readWorlds)
  const [picked, setPicked] = useState<string | null>(null)
  /** The user's worlds (null: the default, every world up to 8). */
  const [choice, setChoice] = useState<ReadonlySet<number> | null>(null)

  const rootRef = useRef<HTMLElement | null>(null)
  const plotRef = useRef<HTMLDivElement | null>(null)
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const xAxisRef = useRef<SVGGElement | null>(null)
  const yAxisRef = useRef<SVGGElement | null>(null)
  const unitRef = useRef<SVGTextElement | null>(null)
  const axesRef = useRef<SVGSVGElement | null>(null)
  const emptyRef = useRef<HTMLDivElement | null>(null)
  const noteRef = useRef<HTMLSpanElement | null>(null)
  const legendAtRef = useRef<HTMLSpanElement | null>(null)
  const valueRefs = useRef(new Map<string, HTMLSpanElement>())
  const hoverPxRef = useRef<number | null>(null)
  const dirtyRef = useRef(true)
  const inputRef = useRef<DrawInput>({ info: null, worlds: [], idle: false, intervalMs: 0 })

  const metricId = picked !== null && catalogue.some((m) => m.id === picked) ? picked : defaultMetric(catalogue, PREFERRED)
  const info = catalogue.find((m) => m.id === metricId) ?? null
  const perWorld = info?.per === 'world'
  const worldCount = perWorld ? Math.max(info.worlds, worldNames.length) : 0
  const chosen = useMemo(() => (perWorld ? chosenWorlds(choice, worldCount) : []), [perWorld, choice, worldCount])
  const nameOf = useMemo(() => {
    const byId = new Map(worldNames.map((w) => [w.id, w.name]))
    return (id: number) => byId.get(id) ?? `world ${id}`
  }, [worldNames])
  const groups = useMemo(() => groupByLayer(catalogue), [catalogue])
  const idle = info !== null && isIdle(info.layer, scenario)

  useEffect(() => {
    inputRef.current = { info, worlds: chosen, idle, intervalMs: scenario.metricsIntervalMs }
    dirtyRef.current = true
  }, [info, chosen, idle, scenario.metricsIntervalMs])

  // The frame loop: picks up new samples, a new run, a new size; redraws only then.
  useEffect(() => {
    let raf = 0
    let lastBuf: MetricsBuffer | null = null
    let lastVersion = -1
    let lastViews = -1
    let lastCatSig = ''
    let lastWorldsSig = ''
    let lastW = -1
    let lastH = -1
    const frame = () => {
      raf = requestAnimationFrame(frame)
      const buf = frameBuffer.metrics
      if (buf !== lastBuf || buf.version !== lastVersion) {
        lastBuf = buf
        lastVersion = buf.version
        dirtyRef.current = true
        const cat = readCatalogue(buf)
        const sig = catalogueSig(cat)
        if (sig !== lastCatSig) {
          lastCatSig = sig
          setCatalogue(cat)
        }
      }
      if (frameBuffer.version !== lastViews) {
        lastViews = frameBuffer.version
        const ws = readWorlds()
        const sig = worldsSig(ws)
        if (sig !== lastWorldsSig) {
          lastWorldsSig = sig
          setWorldNames(ws)
        }
      }
      const el = plotRef.current
      if (!el) return
      const w = el.clientWidth
      const h = el.clientHeight
      if (w !== lastW || h !== lastH) {
        lastW = w
        lastH = h
        dirtyRef.current = true
      }
      if (!dirtyRef.current || w <= 0 || h <= 0) return
      dirtyRef.current = false
      draw(buf, w, h)
    }

    const draw = (buf: MetricsBuffer, w: number, h: number) => {
      const { info, worlds, idle, intervalMs } = inputRef.current
      const canvas = canvasRef.current
      const ctx = canvas ? fitCanvas(canvas, w, h) : null
      if (!ctx) return
      const series = info ? selectSeries(buf.series, info, worlds) : []
      const points = pointCount(series)
      const drawn = series.filter((s) => s.t.length > 0).length
      const [t0, t1] = xDomain(timeExtent(series))
      const [v0, v1] = yDomain(valueExtent(series))
      const plotW = Math.max(1, w - M.left - M.right)
      const plotH = Math.max(1, h - M.top - M.bottom)
      const xs = scaleLinear().domain([t0 / US_PER_S, t1 / US_PER_S]).range([M.left, M.left + plotW])
      const x = (us: number) => xs(us / US_PER_S)
      const y = scaleLinear().domain([v0, v1]).range([M.top + plotH, M.top])
      const xTicks = Math.max(2, Math.floor(plotW / 90))
      const integers = allIntegers(series)
      const yTickValues = yTicks([v0, v1], Math.max(2, Math.floor(plotH / 34)), integers)

      // Axes (d3, SVG) and the grid (canvas); none without a sample (no made-up extent).
      if (axesRef.current) axesRef.current.style.visibility = points > 0 ? 'visible' : 'hidden'
      if (points > 0 && xAxisRef.current) {
        const fmt = secondsTickFormat(xs, xTicks)
        select(xAxisRef.current).attr('transform', `translate(0,${M.top + plotH + AXIS_GAP_PX})`)
          .call(axisBottom(xs).ticks(xTicks).tickSizeOuter(0).tickFormat((d) => fmt(Number(d))))
      }
      if (points > 0 && yAxisRef.current) {
        const yFmt = integers ? (v: number) => v.toLocaleString('en-US') : y.tickFormat(yTickValues.length)
        select(yAxisRef.current).attr('transform', `translate(${M.left - AXIS_GAP_PX},0)`)
          .call(axisLeft(y).tickValues(yTickValues).tickSizeOuter(0).tickFormat((d) => yFmt(Number(d))))
      }
      if (unitRef.current) unitRef.current.textContent = info ? info.unit || info.metric : ''
      if (points > 0) {
        ctx.fillStyle = INK.grid
        for (const v of yTickValues) ctx.fillRect(M.left, Math.round(y(v)), plotW, 1)
        for (const s of xs.ticks(xTicks)) ctx.fillRect(Math.round(xs(s)), M.top, 1, plotH)
      }

      // Lines, clipped to the plot; sparse samples also as dots.
      ctx.save()
      ctx.beginPath()
      ctx.rect(M.left - 3, M.top - 3, plotW + 6, plotH + 6)
      ctx.clip()
      ctx.lineJoin = 'round'
      ctx.lineCap = 'round'
      // Solid lines, later worlds first (world 0 on top); then a dashed pass so lines that
      // coincide (a shared Raft term) show every colour in turn instead of only the top one.
      const paths = series.map((s) => {
        if (s.t.length === 0) return null
        const d = decimate(s.t, s.v, x, plotW)
        const p = new Path2D()
        d.t.forEach((t, i) => (i === 0 ? p.moveTo(x(t), y(d.v[i]!)) : p.lineTo(x(t), y(d.v[i]!))))
        return { p, d }
      })
      ctx.lineWidth = LINE_WIDTH_PX
      for (let i = series.length - 1; i >= 0; i--) {
        const path = paths[i]
        if (!path) continue
        ctx.strokeStyle = series[i]!.color
        ctx.stroke(path.p)
      }
      const withData = paths.filter((p) => p !== null).length
      let nth = 0
      series.forEach((s, i) => {
        const path = paths[i]
        if (!path) return
        const stripe = stripeDash(nth++, withData)
        if (!stripe) return
        ctx.setLineDash(stripe.dash)
        ctx.lineDashOffset = stripe.offset
        ctx.lineCap = 'butt'
        ctx.strokeStyle = s.color
        ctx.stroke(path.p)
      })
      ctx.setLineDash([])
      for (let i = series.length - 1; i >= 0; i--) {
        const path = paths[i]
        if (!path) continue
        const { d } = path
        if (d.t.length === 1 || d.t.length * DOT_SPACING_PX < plotW) {
          ctx.fillStyle = series[i]!.color
          d.t.forEach((t, k) => {
            ctx.beginPath()
            ctx.arc(x(t), y(d.v[k]!), 2.5, 0, Math.PI * 2)
            ctx.fill()
          })
        }
      }
      ctx.restore()

      // The pointer: a crosshair at its time, the legend reads the values there.
      const hx = hoverPxRef.current
      const hoverUs = hx !== null && hx >= M.left && hx <= M.left + plotW && points > 0 ? xs.invert(hx) * US_PER_S : null
      if (hoverUs !== null) {
        ctx.fillStyle = INK.now
        ctx.fillRect(Math.round(x(hoverUs)), M.top, 1, plotH)
        for (const s of series) {
          const v = valueAt(s, hoverUs)
          if (v === null) continue
          ctx.fillStyle = s.color
          ctx.beginPath()
          ctx.arc(x(hoverUs), y(v), 3.5, 0, Math.PI * 2)
          ctx.fill()
        }
      }
      for (const s of series) {
        const el = valueRefs.current.get(s.key)
        if (el) el.textContent = formatValue(hoverUs === null ? latestValue(s) : valueAt(s, hoverUs))
      }
      if (legendAtRef.current) {
        const last = timeExtent(series)?.[1]
        legendAtRef.current.textContent = hoverUs !== null ? `at ${formatSimTime(hoverUs, 2)}` : last !== undefined ? `latest, ${formatSimTime(last, 1)}` : 'latest'
      }

      // Honest emptiness.
      const every = intervalMs >= 1000 ? `${intervalMs / 1000} s` : `${intervalMs} ms`
      let empty: string | null = null
      if (!info) empty = 'no metrics known'
      else if (idle) empty = `${info.layer} is not in this run: no samples`
      else if (series.length === 0) empty = 'no world chosen: tick one above'
      else if (points === 0) empty = buf.metrics.size === 0 ? `no samples yet (sampled every ${every} of sim time)` : `no samples yet for ${info.layer} · ${info.metric}`
      const emptyEl = emptyRef.current
      if (emptyEl) {
        emptyEl.hidden = empty === null
        emptyEl.textContent = empty ?? ''
      }
      if (noteRef.current) noteRef.current.textContent = `sampled every ${every} of sim time · ${points.toLocaleString('en-US')} points shown`
      const root = rootRef.current
      if (root) {
        root.dataset['series'] = String(drawn)
        root.dataset['points'] = String(points)
        root.dataset['metric'] = info?.id ?? ''
      }
    }

    raf = requestAnimationFrame(frame)
    return () => cancelAnimationFrame(raf)
  }, [])

  const onMouseMove = (ev: ReactMouseEvent<HTMLDivElement>) => {
    hoverPxRef.current = ev.clientX - ev.currentTarget.getBoundingClientRect().left
    dirtyRef.current = true
  }
  const onMouseLeave = () => {
    hoverPxRef.current = null
    dirtyRef.current = true
  }
  const setValueRef = (key: string) => (el: HTMLSpanElement | null) => {
    if (el) valueRefs.current.set(key, el)
    else valueRefs.current.delete(key)
    dirtyRef.current = true
  }

  const legend = info
    ? perWorld
      ? chosen.map((wd) => ({ key: seriesKey(info.layer, info.metric, wd), world: wd as number | null, label: nameOf(wd), color: worldColor(wd) }))
      : [{ key: seriesKey(info.layer, info.metric, null), world: null, label: 'whole cluster', color: CLUSTER_COLOR }]
    : []
  const worldIds = Array.from({ length: worldCount }, (_, i) => i)

  return (
    <section ref={rootRef} className="tl mx" data-testid="metrics-panel" aria-label="Metrics chart">
      <header className="tl-head mx-head">
        <h3 className="tl-title">Metrics</h3>
        <label className="mx-pick">
          <span className="tl-hint">metric</span>
          <select
            data-testid="metrics-select"
            value={metricId ?? ''}
            title={info?.description || undefined}
            onChange={(e) => setPicked(e.target.value)}
            disabled={catalogue.length === 0}
          >
            {groups.map((g) => (
              <optgroup key={g.layer} label={g.layer}>
                {g.metrics.map((m) => (
                  <option key={m.id} value={m.id} title={m.description || undefined}>
                    {metricLabel(m)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {info?.description && <span className="tl-hint mx-desc">{info.description}{perWorld ? ', per world' : ', whole cluster'}</span>}
        <span className="tl-note" ref={noteRef} data-testid="metrics-note" />
      </header>

      <fieldset className="mx-worlds" data-testid="metrics-worlds" disabled={!perWorld}>
        <legend className="tl-hint">worlds</legend>
        {perWorld ? (
          <>
            {worldIds.map((id) => (
              <label key={id} className="tl-check">
                <input type="checkbox" checked={chosen.includes(id)} onChange={() => setChoice((c) => toggleWorld(c, id, worldCount))}
                  data-testid={`metrics-world-${id}`} />
                <span className="tl-swatch" style={{ background: worldColor(id) }} />
                {nameOf(id)}
              </label>
            ))}
            {worldCount === 0 && <span className="tl-hint">none yet</span>}
            <span className="mx-world-actions">
              <button type="button" className="tl-btn tl-btn-small" onClick={() => setChoice(new Set(worldIds))}>all</button>
              <button type="button" className="tl-btn tl-btn-small" onClick={() => setChoice(new Set())}>none</button>
              {choice !== null && <button type="button" className="tl-btn tl-btn-small" onClick={() => setChoice(null)} title="every world, up to 8">reset</button>}
            </span>
          </>
        ) : (
          <span className="tl-hint">{info ? 'a cluster-wide metric: one value for the whole cluster' : '—'}</span>
        )}
      </fieldset>

      <div className="mx-body">
        <div className="mx-plot" ref={plotRef} data-testid="metrics-chart" onMouseMove={onMouseMove} onMouseLeave={onMouseLeave}>
          <canvas ref={canvasRef} className="tl-canvas" role="img"
            aria-label={info ? `${metricLabel(info)} over sim time${perWorld ? `, ${chosen.length} worlds` : ''}` : 'no metric'} />
          <svg ref={axesRef} className="mx-axes" width="100%" height="100%">
            <g ref={yAxisRef} className="tl-axis" />
            <g ref={xAxisRef} className="tl-axis" />
            <text ref={unitRef} className="mx-unit" x={M.left - AXIS_GAP_PX} y={9} textAnchor="start" />
          </svg>
          <div className="tl-empty mx-empty" ref={emptyRef} data-testid="metrics-empty" hidden />
        </div>
        <div className="mx-legend" data-testid="metrics-legend">
          <div className="tl-hint mx-legend-head">
            <span ref={legendAtRef}>latest</span>
          </div>
          <ul>
            {legend.map((l) => (
              <li key={l.key} className="mx-legend-item" data-testid="metrics-legend-item" data-world={l.world ?? 'cluster'}>
                <span className="tl-swatch mx-legend-swatch" style={{ background: l.color }} />
                <span className="mx-legend-name" title={l.label}>{l.label}</span>
                <span className="mx-legend-value" ref={setValueRef(l.key)}>—</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  )
}
