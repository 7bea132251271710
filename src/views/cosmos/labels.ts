/**
 * The worlds' name labels, as CosmosView (up to LABELS_MAX worlds, one label each) and crowd.ts
 * (more: a few named, the rest counted) both place them: plain DOM over the canvas.
 */
import * as THREE from 'three'
import type { CosmosModel } from './model'
import { labelBelowLeader } from './Worlds'

/** A label's height, px (11 px text). */
export const LABEL_HEIGHT_PX = 13

export const labelStyle =
  'position:absolute;left:0;top:0;transform:translate(-9999px,0);font:11px/1 ui-sans-serif,system-ui,sans-serif;' +
  'color:rgba(220,230,245,0.78);white-space:nowrap;text-shadow:0 0 3px #000,0 0 6px #000;'

/** Where a label goes (its top centre) and its world's centre, screen px. */
export interface LabelSpot {
  x: number
  y: number
  cx: number
  cy: number
}

const world = new THREE.Vector3()
const point = new THREE.Vector3()

/**
 * Places world i's name label into `out`: below the sphere along the camera's `up` axis (the halo
 * and the rings are billboards facing the camera; a leader's label goes below its halo's glow,
 * Worlds.tsx labelBelowLeader), or, with no room below (a world near the bottom edge), as far above
 * it. False when the world is behind the camera (`out` is then unchanged).
 */
export function placeLabel(out: LabelSpot, model: CosmosModel, i: number, leader: boolean, camera: THREE.Camera, up: THREE.Vector3, width: number, height: number): boolean {
  world.set(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!)
  point.copy(world).project(camera)
  if (point.z > 1) return false
  out.cx = ((point.x + 1) / 2) * width
  out.cy = ((1 - point.y) / 2) * height
  const below = leader ? labelBelowLeader(model.radius) : model.radius * 1.6
  point.copy(world).addScaledVector(up, -below).project(camera)
  out.x = ((point.x + 1) / 2) * width
  out.y = ((1 - point.y) / 2) * height
  if (out.y + LABEL_HEIGHT_PX > height) out.y = Math.max(0, out.cy - (out.y - out.cy) - LABEL_HEIGHT_PX)
  return true
}

/** Sets `el`'s screen position to the label spot's. */
export const moveLabel = (el: HTMLElement, at: LabelSpot): void => {
  el.style.transform = `translate(${at.x.toFixed(1)}px, ${at.y.toFixed(1)}px) translate(-50%, 0)`
}
