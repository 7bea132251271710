/** Boxes on the page, px: do two overlap, and where a card goes beside what it points at. Pure. */

/** A box by its edges (x0 < x1, y0 < y1). */
export interface Box {
  readonly x0: number
  readonly y0: number
  readonly x1: number
  readonly y1: number
}

/** A box by its top left corner and size, as the DOM gives one. */
export interface Rect {
  left: number
  top: number
  width: number
  height: number
}

export interface Size {
  width: number
  height: number
}

/** Where a card's top left corner goes. */
export interface Spot {
  left: number
  top: number
}

/** Do two boxes overlap (by more than `slackPx` both ways)? Boxes that only touch do not. */
export const boxesOverlap = (a: Box, b: Box, slackPx = 0): boolean =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > slackPx && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > slackPx

const boxOf = (r: Rect, grow = 0): Box => ({ x0: r.left - grow, y0: r.top - grow, x1: r.left + r.width + grow, y1: r.top + r.height + grow })

export interface CardPlacing {
  /** Room kept between the card and its target. */
  gap: number
  /** The card's least distance from the viewport's edges. */
  margin: number
  /** The card's top beside the target (right or left of it). */
  top: number
  /** The card's left above or below the target. */
  left: number
  /** When no side is clear of the target: a smaller box the card should still leave uncovered. */
  keep?: Rect
  /** When nothing is clear: where the card goes (pushed inside the viewport); else right of the target. */
  last?: Spot
}

/**
 * Where a card of `size` goes beside `target`, never over it: right of it, else left, below,
 * above — the first side where the card, pushed inside the viewport, stays `gap` clear of the
 * target; failing that the first that leaves `keep` uncovered; failing that `last`.
 */
export function placeCard(target: Rect, size: Size, viewport: Size, o: CardPlacing): Spot {
  const clamp = (s: Spot): Spot => ({
    left: Math.max(o.margin, Math.min(s.left, viewport.width - size.width - o.margin)),
    top: Math.max(o.margin, Math.min(s.top, viewport.height - size.height - o.margin)),
  })
  const box = boxOf(target, o.gap)
  const spots = [
    { left: box.x1, top: o.top }, // right
    { left: box.x0 - size.width, top: o.top }, // left
    { left: o.left, top: box.y1 }, // below
    { left: o.left, top: box.y0 - size.height }, // above
  ].map(clamp)
  for (const clear of o.keep ? [box, boxOf(o.keep)] : [box]) for (const s of spots) if (!boxesOverlap(boxOf({ ...s, ...size }), clear)) return s
  return o.last ? clamp(o.last) : spots[0]!
}
