/** Canvas plumbing shared by the timelines (DOM; no math here). */

/**
 * Size a canvas to cssW × cssH CSS pixels at the device pixel ratio and return its context,
 * scaled so drawing code works in CSS pixels. Resizing only when the size changed keeps the
 * backing store (and the GPU texture) between frames.
 */
export function fitCanvas(canvas: HTMLCanvasElement, cssW: number, cssH: number): CanvasRenderingContext2D | null {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1))
  const w = Math.max(1, Math.round(cssW * dpr))
  const h = Math.max(1, Math.round(cssH * dpr))
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w
    canvas.height = h
    canvas.style.width = `${cssW}px`
    canvas.style.height = `${cssH}px`
  }
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.clearRect(0, 0, cssW, cssH)
  return ctx
}

/** Write the number of marks drawn in the last frame where e2e tests read it. */
export function reportMarks(root: HTMLElement | null, marks: number): void {
  if (root && root.dataset['marks'] !== String(marks)) root.dataset['marks'] = String(marks)
}
