/**
 * The time axis both timelines share: d3-zoom on x (wheel zooms, drag pans), following the sim
 * clock, the d3-axis in sim seconds, and one requestAnimationFrame loop that redraws only when
 * the log, the view, the size, the clock or the draw callback changed. Per-frame values live in
 * refs, never in React state; React state changes only when "following" flips.
 *
 * Semantics: while following, the right edge tracks frameBuffer.simTimeUs at the current span.
 * Any zoom or pan by the user stops following; follow() resumes it at the span the user chose.
 * A new run (a new frameBuffer.log) resumes following — unless it is a seek's replay.
 *
 * Gestures: the wheel scrolls the lanes (the plot's scroller), Ctrl/⌘ + wheel zooms, Shift + wheel
 * or a sideways swipe pans, drag pans (the log timeline leaves Shift+drag to its brush). The time
 * axis under the plot is the seek strip: click or drag on it (or drag the cursor line in the plot,
 * or double-click the plot) and the whole sandbox goes to that moment (seek.ts); focused, it seeks
 * with ← / → / Home, and a focused plot with Shift+← / Shift+→. A seek whose goal is in view stops
 * following, so the picture stays put while the cursor moves to the goal.
 */
import { axisBottom, select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3'
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { EventLog } from '../../layers/logOS/log'
import { frameBuffer } from '../../store/frameBuffer'
import { seekBaseUs, seekGoalUs } from '../../store/seekQueue'
import { useTheos } from '../../store/theos'
import { formatSimTime } from '../panels/format'
import { requestSeek } from './seek'
import {
  DEFAULT_SPAN_US, axisScale, clampView, dataSpanLimit, keyView, followView, pxToUs, sameView, scaleExtentFor, secondsTickFormat, seekStepUs, spanOf, tickCountFor,
  transformFromView, usToPx, viewFromTransform, wheelIntent, wheelPanView, type TimeView,
} from './timeline.math'

/** What a timeline draws from, once per changed frame. */
export interface Frame {
  readonly view: TimeView
  readonly widthPx: number
  readonly simTimeUs: number
  readonly log: EventLog
  readonly logVersion: number
  /** Where a seek is going (or where the cursor is being dragged to), µs; null when none. */
  readonly seekUs: number | null
  /** The scroller's scroll offset and height, px: the lanes in view (virtualisation). */
  readonly scrollTop: number
  readonly viewportPx: number
}

/** How close to the cursor line (px) a press in the plot drags the cursor instead of panning. */
const CURSOR_GRAB_PX = 5

export interface TimeAxisOptions {
  /** May this pointer-down start a pan? (The log timeline leaves shift+drag to its brush.) */
  canPan?: (ev: MouseEvent | TouchEvent) => boolean
}

/** The refs AxisRow fills: the seek strip, the axis drawn into it, and its markers. */
export interface AxisRefs {
  /** The <g> the axis is drawn into. */
  readonly axisRef: RefObject<SVGGElement | null>
  /** The axis <svg>: the seek strip (click, drag, keys). */
  readonly stripRef: RefObject<SVGSVGElement | null>
  /** The cursor at the sim time, the goal of a seek, and the moment under the pointer. */
  readonly cursorRef: RefObject<SVGGElement | null>
  readonly goalRef: RefObject<SVGGElement | null>
  readonly hoverRef: RefObject<SVGGElement | null>
}

export interface TimeAxis extends AxisRefs {
  /** The plot element: zoom and pan attach here; its width is the axis width. */
  readonly plotRef: RefObject<HTMLDivElement | null>
  /** The element the lanes scroll in (the wheel scrolls it); its scroll offset goes to each frame. */
  readonly scrollRef: RefObject<HTMLDivElement | null>
  readonly following: boolean
  follow(): void
  /** Redraw on the next frame, for what the draw callback reads but does not depend on (a new callback redraws by itself). */
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

const show = (el: Element | null, on: boolean) => {
  if (el && (el.getAttribute('display') === 'none') === on) el.setAttribute('display', on ? 'inline' : 'none')
}

const place = (el: Element | null, x: number | null, widthPx: number) => {
  if (!el) return
  const on = x !== null && x >= -0.5 && x <= widthPx + 0.5
  show(el, on)
  if (on) el.setAttribute('transform', `translate(${Math.round(x) + 0.5},0)`)
}

export function useTimeAxis(draw: (frame: Frame) => void, options: TimeAxisOptions = {}): TimeAxis {
  const plotRef = useRef<HTMLDivElement | null>(null)
  const scrollRef = useRef<HTMLDivElement | null>(null)
  const axisRef = useRef<SVGGElement | null>(null)
  const stripRef = useRef<SVGSVGElement | null>(null)
  const cursorRef = useRef<SVGGElement | null>(null)
  const goalRef = useRef<SVGGElement | null>(null)
  const hoverRef = useRef<SVGGElement | null>(null)
  /** The cursor being dragged (on the axis or in the plot): where it would seek to. */
  const scrubRef = useRef<number | null>(null)
  /** A seek began and the frame loop has not yet seen it end: a new log now is its replay's
   * (a seek back starts one, or more), which keeps the view, unlike a new run's. */
  const seekingRef = useRef(false)
  const viewRef = useRef<TimeView>(followView(DEFAULT_SPAN_US, frameBuffer.simTimeUs))
  const widthRef = useRef(0)
  const followingRef = useRef(true)
  const dirtyRef = useRef(true)
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null)
  const drawRef = useRef(draw)
  const canPanRef = useRef(options.canPan)
  const [following, setFollowing] = useState(true)

  // A new draw callback (what it draws from changed: a filter, a selection, the lanes) draws on
  // the next frame: a timeline need not invalidate() for what its callback depends on.
  useEffect(() => {
    drawRef.current = draw
    dirtyRef.current = true
  }, [draw])
  useEffect(() => {
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
        // Only Ctrl/⌘ + wheel (or a pinch) zooms: a plain wheel scrolls the lanes (wheelIntent).
        if (ev.type === 'wheel') return wheelIntent(ev as WheelEvent) === 'zoom'
        if (ev.ctrlKey || ('button' in ev && ev.button)) return false
        return canPanRef.current ? canPanRef.current(ev) : true
      })
      // d3's default speeds Ctrl + wheel up ×10 (meant for a pinch's small deltas): a mouse
      // notch with Ctrl would zoom ×4. Only small deltas (a pinch) get the boost here.
      .wheelDelta((ev: WheelEvent) => -ev.deltaY * (ev.deltaMode === 1 ? 0.05 : ev.deltaMode ? 1 : 0.002) * (Math.abs(ev.deltaY) < 20 ? 10 : 1))
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
    // Shift + wheel or a sideways swipe pans the time axis (a plain wheel scrolls the lanes).
    const onWheel = (e: WheelEvent) => {
      if (wheelIntent(e) !== 'pan' || widthRef.current <= 0) return
      e.preventDefault()
      const delta = Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY
      viewRef.current = wheelPanView(viewRef.current, delta * (e.deltaMode === 1 ? 16 : 1), widthRef.current, frameBuffer.simTimeUs)
      dirtyRef.current = true
      setFollow(false)
      syncZoom()
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    // The keyboard zooms and pans too (timeline.math.ts keyView), and seeks with Shift: the plot
    // takes focus with Tab.
    el.tabIndex = 0
    if (!el.hasAttribute('aria-label')) el.setAttribute('aria-label', 'Timeline: + and − zoom, ← and → pan, Home and End jump, Shift+← and Shift+→ go back or on in time')
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      if (e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        e.preventDefault()
        requestSeek(seekBaseUs() + (e.key === 'ArrowLeft' ? -1 : 1) * seekStepUs(viewRef.current))
        dirtyRef.current = true
        return
      }
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
      el.removeEventListener('wheel', onWheel)
      select(el).on('.zoom', null)
      zoomRef.current = null
    }
  }, [setFollow, syncZoom])

  // Seeking: the axis strip (click, drag, keys), the cursor line in the plot (drag), a
  // double-click in the plot. While dragging, the goal follows the pointer; the release seeks.
  useEffect(() => {
    const plot = plotRef.current
    const strip = stripRef.current
    if (!plot) return
    const usAt = (clientX: number) => {
      const w = widthRef.current
      const px = Math.max(0, Math.min(w, clientX - plot.getBoundingClientRect().left))
      return Math.max(0, pxToUs(viewRef.current, w)(px))
    }
    const nearCursor = (clientX: number) => {
      const w = widthRef.current
      if (w <= 0) return false
      const cx = usToPx(viewRef.current, w)(frameBuffer.simTimeUs)
      return Math.abs(clientX - plot.getBoundingClientRect().left - cx) <= CURSOR_GRAB_PX
    }
    const startScrub = (e: PointerEvent, target: Element) => {
      target.setPointerCapture(e.pointerId)
      scrubRef.current = usAt(e.clientX)
      dirtyRef.current = true
    }
    const moveScrub = (e: PointerEvent) => {
      if (scrubRef.current === null) return
      scrubRef.current = usAt(e.clientX)
      dirtyRef.current = true
    }
    const endScrub = (e: PointerEvent) => {
      const us = scrubRef.current
      if (us === null) return
      scrubRef.current = null
      dirtyRef.current = true
      if (e.type === 'pointerup') requestSeek(us)
    }
    const cancelScrub = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || scrubRef.current === null) return
      scrubRef.current = null
      dirtyRef.current = true
    }
    // The plot: a press on (or next to) the cursor line drags it; elsewhere the plot pans/brushes.
    const onPlotDown = (e: PointerEvent) => {
      if (e.button !== 0 || e.shiftKey || e.ctrlKey || !nearCursor(e.clientX)) return
      e.preventDefault() // no compatibility mouse events: d3's pan and brush stay out of it
      e.stopPropagation()
      startScrub(e, plot)
    }
    const onPlotHover = (e: PointerEvent) => {
      if (scrubRef.current !== null) return moveScrub(e)
      const near = e.buttons === 0 && nearCursor(e.clientX)
      plot.classList.toggle('tl-plot--on-cursor', near)
    }
    const onPlotDbl = (e: MouseEvent) => {
      if (e.button !== 0) return
      requestSeek(usAt(e.clientX))
    }
    // One signal removes every listener of this effect when it ends.
    const ac = new AbortController()
    const on = { signal: ac.signal }
    plot.addEventListener('pointerdown', onPlotDown, { capture: true, signal: ac.signal })
    plot.addEventListener('pointermove', onPlotHover, on)
    plot.addEventListener('pointerup', endScrub, on)
    plot.addEventListener('pointercancel', endScrub, on)
    plot.addEventListener('dblclick', onPlotDbl, on)
    window.addEventListener('keydown', cancelScrub, on)

    // The strip: a press anywhere seeks there (drag to choose); the pointer's moment is labelled.
    const hoverLabel = (clientX: number | null) => {
      const g = hoverRef.current
      if (!g) return
      if (clientX === null || widthRef.current <= 0) return show(g, false)
      const us = usAt(clientX)
      const x = usToPx(viewRef.current, widthRef.current)(us)
      place(g, x, widthRef.current)
      const text = g.querySelector('text')
      const bg = g.querySelector('rect')
      const label = `go to ${formatSimTime(us)}`
      if (text && text.textContent !== label) text.textContent = label
      const labelW = label.length * 6 + 8
      // Keep the label inside the strip: right of the pointer, or left of it near the right edge.
      const dx = x + 4 + labelW > widthRef.current ? -4 - labelW : 4
      text?.setAttribute('x', String(dx + 4))
      bg?.setAttribute('x', String(dx))
      bg?.setAttribute('width', String(labelW))
    }
    const onStripDown = (e: PointerEvent) => {
      if (e.button !== 0 || !strip) return
      e.preventDefault() // no focus ring from a click (Tab focuses the strip for ← →)
      startScrub(e, strip)
    }
    const onStripMove = (e: PointerEvent) => {
      moveScrub(e)
      hoverLabel(e.clientX)
    }
    const onStripLeave = () => {
      if (scrubRef.current === null) hoverLabel(null)
    }
    const onStripUp = (e: PointerEvent) => {
      endScrub(e)
      if (!strip?.matches(':hover')) hoverLabel(null)
    }
    const onStripKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      let us: number | null = null
      if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') us = seekBaseUs() - seekStepUs(viewRef.current)
      else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') us = seekBaseUs() + seekStepUs(viewRef.current)
      else if (e.key === 'Home') us = 0
      if (us === null) return
      e.preventDefault()
      requestSeek(us)
      dirtyRef.current = true
    }
    if (strip) {
      strip.addEventListener('pointerdown', onStripDown, on)
      strip.addEventListener('pointermove', onStripMove, on)
      strip.addEventListener('pointerleave', onStripLeave, on)
      strip.addEventListener('pointerup', onStripUp, on)
      strip.addEventListener('pointercancel', onStripUp, on)
      strip.addEventListener('keydown', onStripKey, on)
    }
    return () => ac.abort()
  }, [])

  // A seek began (here, on the other timeline, Run to, a link): if its goal is in view, stay put
  // and let the cursor go there. Told by the store as it happens, not on the next frame, which a
  // busy page may draw only after the seek.
  useEffect(() => useTheos.subscribe((s, prev) => {
    if (s.seeking === prev.seeking || s.seeking === null) return
    seekingRef.current = true
    const goal = s.seeking.targetUs
    const v = viewRef.current
    if (followingRef.current && goal >= v.startUs && goal <= v.endUs) setFollow(false)
    dirtyRef.current = true
  }), [setFollow])

  // The lanes' scroller: a scroll redraws (only the lanes in view are drawn).
  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const onScroll = () => {
      dirtyRef.current = true
    }
    el.addEventListener('scroll', onScroll, { passive: true })
    const ro = new ResizeObserver(onScroll)
    ro.observe(el)
    return () => {
      el.removeEventListener('scroll', onScroll)
      ro.disconnect()
    }
  }, [])

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
    let lastSeekUs: number | null = null
    const frame = () => {
      raf = requestAnimationFrame(frame)
      const widthPx = widthRef.current
      if (widthPx <= 0) return
      const log = frameBuffer.log
      const goal = seekGoalUs()
      if (log !== lastLog) {
        // A new run follows the clock; a seek's replay (a new log too) keeps the view.
        if (lastLog !== null && !seekingRef.current) setFollow(true)
        lastLog = log
        dirtyRef.current = true
      }
      if (goal === null) seekingRef.current = false
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
      const seekUs = scrubRef.current ?? goal
      // A scroll or a resize of the lanes marks the view dirty (their listener above): their
      // position is read only for a frame that draws.
      const unchanged = !dirtyRef.current && logVersion === lastLogVersion && widthPx === lastWidth &&
        simTimeUs === lastSimUs && lastView !== null && sameView(view, lastView) && seekUs === lastSeekUs
      if (unchanged) return
      const scroller = scrollRef.current
      const scrollTop = scroller?.scrollTop ?? 0
      const viewportPx = scroller?.clientHeight ?? 0
      dirtyRef.current = false
      lastLogVersion = logVersion
      lastView = view
      lastWidth = widthPx
      lastSimUs = simTimeUs
      lastSeekUs = seekUs
      renderAxis(axisRef.current, view, widthPx)
      const x = usToPx(view, widthPx)
      place(cursorRef.current, x(simTimeUs), widthPx)
      place(goalRef.current, seekUs === null ? null : x(seekUs), widthPx)
      const strip = stripRef.current
      if (strip) {
        strip.setAttribute('aria-valuenow', (simTimeUs / 1e6).toFixed(3))
        strip.setAttribute('aria-valuemax', (Math.max(simTimeUs, seekUs ?? 0, view.endUs) / 1e6).toFixed(3))
        strip.setAttribute('aria-valuetext', seekUs === null ? formatSimTime(simTimeUs) : `${formatSimTime(simTimeUs)}, going to ${formatSimTime(seekUs)}`)
      }
      drawRef.current({ view, widthPx, simTimeUs, log, logVersion, seekUs, scrollTop, viewportPx })
    }
    raf = requestAnimationFrame(frame)
    return () => cancelAnimationFrame(raf)
  }, [setFollow, syncZoom])

  const follow = useCallback(() => setFollow(true), [setFollow])
  const invalidate = useCallback(() => {
    dirtyRef.current = true
  }, [])

  return { plotRef, scrollRef, axisRef, stripRef, cursorRef, goalRef, hoverRef, following, follow, invalidate, viewRef, widthRef }
}
