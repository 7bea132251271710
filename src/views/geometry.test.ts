import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { boxesOverlap, placeCard, type Rect, type Size } from './geometry'
import { tourSpot } from './panels/Tour'

const VIEWPORT = { width: 1440, height: 900 }
/** The tour's card (12 px from the target and the edges, aligned with the target's top or left). */
const tour = (t: Rect, card: Size) => tourSpot(t, card, VIEWPORT)
const over = (at: { left: number; top: number }, size: Size, r: Rect) => boxesOverlap({ x0: at.left, y0: at.top, x1: at.left + size.width, y1: at.top + size.height }, { x0: r.left, y0: r.top, x1: r.left + r.width, y1: r.top + r.height })

describe('boxesOverlap', () => {
  it('is true only for boxes that share an area (more than the slack both ways)', () => {
    const a = { x0: 0, y0: 0, x1: 10, y1: 10 }
    expect(boxesOverlap(a, { x0: 5, y0: 5, x1: 15, y1: 15 })).toBe(true)
    expect(boxesOverlap(a, { x0: 2, y0: 2, x1: 4, y1: 4 })).toBe(true)
    expect(boxesOverlap(a, { x0: 10, y0: 0, x1: 20, y1: 10 })).toBe(false) // touching
    expect(boxesOverlap(a, { x0: 0, y0: 11, x1: 10, y1: 20 })).toBe(false)
    expect(boxesOverlap(a, { x0: 9.6, y0: 0, x1: 20, y1: 10 }, 0.5)).toBe(false)
    expect(boxesOverlap(a, { x0: 9.4, y0: 0, x1: 20, y1: 10 }, 0.5)).toBe(true)
  })
})

describe('placeCard', () => {
  const card = { width: 340, height: 200 }

  it('puts the card right of the target, else left, below, above; inside the target only when it fills the viewport', () => {
    expect(tour({ left: 100, top: 100, width: 200, height: 50 }, card)).toEqual({ left: 312, top: 100 })
    expect(tour({ left: 1200, top: 100, width: 200, height: 50 }, card)).toEqual({ left: 848, top: 100 })
    // A bar across the top: below it, pushed inside the viewport.
    expect(tour({ left: 0, top: 0, width: 1440, height: 40 }, card)).toEqual({ left: 12, top: 52 })
    // A panel across the bottom: above it.
    expect(tour({ left: 0, top: 500, width: 1440, height: 400 }, card)).toEqual({ left: 12, top: 288 })
    // The target fills the viewport: the card sits inside it, bottom right.
    expect(tour({ left: 0, top: 0, width: 1440, height: 900 }, card)).toEqual({ left: 1088, top: 688 })
    // Beside a target low on the screen, the card's top is pulled up into the viewport.
    expect(tour({ left: 100, top: 850, width: 100, height: 40 }, card)).toEqual({ left: 212, top: 688 })
  })

  it('stays inside the viewport, and clear of the target whenever one side has room (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 0, max: 880 }), fc.integer({ min: 1, max: 1440 }), fc.integer({ min: 1, max: 900 }), fc.integer({ min: 100, max: 400 }), fc.integer({ min: 80, max: 400 }), (left, top, w, h, cw, ch) => {
        const t = { left, top, width: Math.min(w, 1440 - left), height: Math.min(h, 900 - top) }
        const size = { width: cw, height: ch }
        const at = tour(t, size)
        expect(at.left).toBeGreaterThanOrEqual(12)
        expect(at.top).toBeGreaterThanOrEqual(12)
        expect(at.left + cw).toBeLessThanOrEqual(1428)
        expect(at.top + ch).toBeLessThanOrEqual(888)
        const room = t.left + t.width + 12 + cw <= 1428 || t.left - 12 - cw >= 12 || t.top + t.height + 12 + ch <= 888 || t.top - 12 - ch >= 12
        if (room) expect(over(at, size, { left: t.left - 12, top: t.top - 12, width: t.width + 24, height: t.height + 24 })).toBe(false)
      }),
      { seed: 7 },
    )
  })

  it('leaves `keep` uncovered when no side is clear of the whole target', () => {
    // A target as tall as the viewport and too wide for a card on either side: only a spot clear of keep is left.
    const target = { left: 300, top: 0, width: 900, height: 900 }
    const keep = { left: 340, top: 400, width: 12, height: 12 }
    const at = placeCard(target, card, VIEWPORT, { gap: 18, margin: 4, top: 400 - 24, left: 346 - 170, keep })
    expect(over(at, card, target)).toBe(true)
    expect(over(at, card, keep)).toBe(false)
    expect(at).toEqual({ left: 1096, top: 376 })
  })
})
