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

/** The cursor at the sim time: a 2 px line from y0 down h px (the strip under the plot drags it). */
export function drawCursor(ctx: CanvasRenderingContext2D, x: number, y0: number, h: number, color: string): void {
  ctx.fillStyle = color
  ctx.fillRect(Math.round(x) - 1, y0, 2, h)
}

/** Where a seek is going (or the cursor is being dragged to): a dashed line. */
export function drawSeekGoal(ctx: CanvasRenderingContext2D, x: number, y0: number, h: number, color: string): void {
  ctx.save()
  ctx.strokeStyle = color
  ctx.lineWidth = 1
  ctx.setLineDash([4, 3])
  ctx.beginPath()
  ctx.moveTo(Math.round(x) + 0.5, y0)
  ctx.lineTo(Math.round(x) + 0.5, y0 + h)
  ctx.stroke()
  ctx.restore()
}

/**
 * Widths of texts in a context's current font, each measured once (a label drawn every frame costs
 * a lookup, not a measureText); all forgotten when the font changes (the page loads no web fonts, so
 * a font's widths never change under it) or when more than `max` texts have been measured.
 */
export class TextWidths {
  private readonly widths = new Map<string, number>()
  private font = ''

  constructor(private readonly max = 256) {}

  width(ctx: Pick<CanvasRenderingContext2D, 'font' | 'measureText'>, text: string): number {
    if (ctx.font !== this.font) {
      this.font = ctx.font
      this.widths.clear()
    }
    let w = this.widths.get(text)
    if (w === undefined) {
      if (this.widths.size >= this.max) this.widths.clear()
      w = ctx.measureText(text).width
      this.widths.set(text, w)
    }
    return w
  }
}
