/**
 * The room's math (Room.tsx): the camera view offset that centres the image in the part of the
 * view that docked panels leave free. Pure, unit-tested.
 */

/** The view, px, and how far docked panels reach into it from the left and the right. */
export interface Room {
  width: number
  height: number
  left: number
  right: number
}

/** The free part is never narrower than this share of the view (panels wider than that overlap). */
export const ROOM_MIN_SHARE = 0.25

/**
 * The arguments of camera.setViewOffset(fullWidth, fullHeight, x, y, width, height) (width and
 * height: the view's) that draw the image the camera would draw in a view of the free part's size
 * — same vertical field of view — centred on the free part; the camera's aspect must be
 * fullWidth / fullHeight. Null when nothing is docked: no offset.
 */
export function roomOffset(r: Room): { fullWidth: number; fullHeight: number; x: number; y: number } | null {
  const left = Math.max(0, r.left)
  const right = Math.max(0, r.right)
  if (left + right < 1 || r.width <= 0 || r.height <= 0) return null
  const free = Math.max(r.width * ROOM_MIN_SHARE, r.width - left - right)
  // When panels leave less than the minimum, keep the free part's centre between them.
  const start = r.width - left - right >= free ? left : Math.max(0, (left + (r.width - right)) / 2 - free / 2)
  return { fullWidth: free, fullHeight: r.height, x: -start, y: 0 }
}

/** Where the centre of the image lands in the view with this offset, px from the view's left. */
export const roomCentreX = (r: Room): number => {
  const o = roomOffset(r)
  return o === null ? r.width / 2 : -o.x + o.fullWidth / 2
}
