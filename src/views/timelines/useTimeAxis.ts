/**
 * The time axis both timelines share: d3-zoom on x (wheel zooms, drag pans), following the sim
 * clock, the d3-axis in sim seconds, and one requestAnimationFrame loop that redraws only when
 * the log, the view, the size or the clock changed. Per-frame values live in refs, never in React
 * state; React state changes only when "following" flips.
 *
 * Semantics: while following, the right edge tracks frameBuffer.simTimeUs at the current span.
 * Any zoom or pan by the user stops following; follow() resumes it at the span the user chose.
 * A new run (a new frameBuffer.log) resumes following.
 */
import { axisBottom, select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3'
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { EventLog } from '../../layers/logOS/log'
import { frameBuffer } from '../../store/frameBuffer'
import {
  DEFAULT_SPAN_US, axisScale, clampView, dataSpanLimit, keyView, followView, sameView, scaleExtentFor, secondsTickFormat, spanOf, tickCountFor,
  transformFromView, viewFromTransform, type TimeView,
} from './timeline.math'

/** What a timeline draws from, once per changed frame. */
export interface Frame {
  readonly view: TimeView
  readonly widthPx: number
  readonly simTimeUs: number
  readonly log: EventLog
  readonly logVersion: number
}

export interface TimeAxisOptions {
  /** May this pointer-down start a pan? (The log timeline leaves shift+drag to its brush.) */
  canPan?: (ev: MouseEvent | TouchEvent) => boolean
}

export interface TimeAxis {
  /** The plot element: zoom and pan attach here; its width is the axis width. */
  readonly plotRef: RefObject<HTMLDivElement | null>
  /** The <g> the axis is drawn into. */
  readonly axisRef: RefObject<SVGGElement | null>
  readonly following: boolean
  follow(): void
  /** Redraw on the next frame (a filter or selection changed). */
  invalidate(): void
  /** The view of the latest frame. */
  readonly viewRef: RefObject<TimeView>
  readonly widthRef: RefObject<number>
}

const toZoomTransform = (view: TimeView, widthPx: number, y = 0): ZoomTransform => {
  const t = transformFromView(view, widthPx)
  return zoomIdentity.translate(t.x, y).scale(t.k)
}

function renderAxis(g: SVGGElement | null, view: TimeView, widthPx: number): void {
  if (!g) return
  const scale = axisScale(view, widthPx)
  const count = tickCountFor(widthPx)
  const format = secondsTickFormat(scale, count)
  select(g).call(axisBottom(scale).ticks(count).tickSizeOuter(0).tickFormat((d) => format(Number(d))))
}

export function useTimeAxis(draw: (frame: Frame) => void, options: TimeAxisOptions = {}): TimeAxis {
  const plotRef = useRef<HTMLDivElement | null>(null)
  const axisRef = useRef<SVGGElement | null>(null)
  const viewRef = useRef<TimeView>(followView(DEFAULT_SPAN_US, frameBuffer.simTimeUs))
  const widthRef = useRef(0)
  const followingRef = useRef(true)
  const dirtyRef = useRef(true)
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null)
  const drawRef = useRef(draw)
  const canPanRef = useRef(options.canPan)
  const [following, setFollowing] = useState(true)

  useEffect(() => {
    drawRef.current = draw
    canPanRef.current = options.canPan
  })

  const setFollow = useCallback((on: boolean) => {
    if (followingRef.current === on) return
    followingRef.current = on
    dirtyRef.current = true
    setFollowing(on)
  }, [])

  /** Tell d3-zoom where the view is now, so the next gesture starts from it (no user event). */
  const syncZoom = useCallback(() => {
    const el = plotRef.current
    const z = zoomRef.current
    if (!el || !z || widthRef.current <= 0) return
    z.transform(select(el), toZoomTransform(viewRef.current, widthRef.current))
  }, [])

  // Zoom and pan on x.
  useEffect(() => {
    const el = plotRef.current
    if (!el) return
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent(scaleExtentFor())
      .filter((ev: MouseEvent | TouchEvent | WheelEvent) => {
        if (ev.type === 'wheel') return true
        if (ev.ctrlKey || ('button' in ev && ev.button)) return false
        return canPanRef.current ? canPanRef.current(ev) : true
      })
      .constrain((t) => {
        const w = widthRef.current
        if (w <= 0) return t
        return toZoomTransform(clampView(viewFromTransform(t, w), { dataEndUs: frameBuffer.simTimeUs, maxSpanUs: dataSpanLimit(frameBuffer.simTimeUs) }), w, t.y)
      })
      .on('zoom', (ev: D3ZoomEvent<HTMLDivElement, unknown>) => {
        if (!ev.sourceEvent) return // our own syncZoom
        viewRef.current = viewFromTransform(ev.transform, widthRef.current)
        dirtyRef.current = true
        setFollow(false)
      })
    zoomRef.current = z
    select(el).call(z).on('dblclick.zoom', null)
    syncZoom()
    // The keyboard zooms and pans too (timeline.math.ts keyView): the plot takes focus with Tab.
    el.tabIndex = 0
    if (!el.hasAttribute('aria-label')) el.setAttribute('aria-label', 'Timeline: + and − zoom, ← and → pan, Home and End jump')
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      const next = keyView(viewRef.current, e.key, frameBuffer.simTimeUs)
      if (next === null) return
      e.preventDefault()
      viewRef.current = next
      dirtyRef.current = true
      setFollow(false)
      syncZoom()
    }
    el.addEventListener('keydown', onKey)
    return () => {
      el.removeEventListener('keydown', onKey)
      select(el).on('.zoom', null)
      zoomRef.current = null
    }
  }, [setFollow, syncZoom])

  // Width of the plot (the base scale depends on it, so re-sync the zoom transform).
  useEffect(() => {
    const el = plotRef.current
    if (!el) return
    const measure = (w: number) => {
      const width = Math.floor(w)
      if (width === widthRef.current) return
      widthRef.current = width
      dirtyRef.current = true
      syncZoom()
    }
    measure(el.clientWidth)
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) measure(e.contentRect.width)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [syncZoom])

  // The frame loop.
  useEffect(() => {
    let raf = 0
    let lastLog: EventLog | null = null
    let lastLogVersion = -1
    let lastView: TimeView | null = null
    let lastWidth = -1
    let lastSimUs = -1
    const frame = () => {
      raf = requestAnimationFrame(frame)
      const widthPx = widthRef.current
      if (widthPx <= 0) return
      const log = frameBuffer.log
      if (log !== lastLog) {
        if (lastLog !== null) setFollow(true)
        lastLog = log
        dirtyRef.current = true
      }
      const simTimeUs = frameBuffer.simTimeUs
      if (followingRef.current) {
        const v = followView(spanOf(viewRef.current), simTimeUs)
        if (!sameView(v, viewRef.current)) {
          viewRef.current = v
          syncZoom()
        }
      }
      const view = viewRef.current
      const logVersion = frameBuffer.logVersion
      const unchanged = !dirtyRef.current && logVersion === lastLogVersion && widthPx === lastWidth &&
        simTimeUs === lastSimUs && lastView !== null && sameView(view, lastView)
      if (unchanged) return
      dirtyRef.current = false
      lastLogVersion = logVersion
      lastView = view
      lastWidth = widthPx
      lastSimUs = simTimeUs
      renderAxis(axisRef.current, view, widthPx)
      drawRef.current({ view, widthPx, simTimeUs, log, logVersion })
    }
    raf = requestAnimationFrame(frame)
    return () => cancelAnimationFrame(raf)
  }, [setFollow, syncZoom])

  const follow = useCallback(() => setFollow(true), [setFollow])
  const invalidate = useCallback(() => {
    dirtyRef.current = true
  }, [])

  return { plotRef, axisRef, following, follow, invalidate, viewRef, widthRef }
}
