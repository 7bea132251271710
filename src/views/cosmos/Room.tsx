/**
 * The room the worlds are drawn in: the part of the cosmos view that panels docked over its sides
 * leave free. The layer inspector (left), the world inspector (right) and the legend (left) float
 * over the view; instead of drawing worlds under them, the camera's image is shifted (and, if it
 * must, shrunk) into the free part, so an open inspector never covers the leader.
 *
 * How: a perspective camera's view offset (camera.setViewOffset) renders the canvas as a window
 * onto a larger virtual image whose centre is the centre of the free part; the vertical field of
 * view is kept, so a world keeps its size unless the free part is too narrow for the cluster, and
 * then camera.zoom shrinks it just enough (decided when the room or the layout changes, never while
 * the person zooms). Labels, hover and clicks use the same camera, so they follow.
 *
 * Docked panels are found in the DOM a few times a second: any element of the view's container
 * with data-cosmos-dock, and the inspectors (.inspector); a panel counts on the side of the
 * container its centre is on.
 */
import { useFrame } from '@react-three/fiber'
import { useRef } from 'react'
import * as THREE from 'three'
import { roomOffset, type Room as RoomRect } from './cosmos.room'
import type { CosmosModel } from './model'

const DOCK_SELECTOR = '[data-cosmos-dock], .inspector'
/** Measure the docked panels every this many frames (a few rectangles: cheap). */
const MEASURE_EVERY = 2
/** Pixels kept between a panel and the worlds. */
const GAP_PX = 12

const scratch = new THREE.Vector3()

/** The room and layout a zoom was fitted to, or the camera's projection set for (with that zoom and aspect). */
interface Fitted {
  left: number
  right: number
  width: number
  height: number
  layout: number
  zoom: number
  aspect: number
}

/** Whether `f` was made for this room and layout (compared field by field: no key string per frame). */
const sameRoom = (f: Fitted | null, left: number, right: number, width: number, height: number, layout: number): f is Fitted =>
  f !== null && f.left === left && f.right === right && f.width === width && f.height === height && f.layout === layout

export function Room({ model }: { model: CosmosModel }): null {
  const state = useRef({ frame: 0, docks: { left: 0, right: 0 }, fitted: null as Fitted | null, applied: null as Fitted | null })

  useFrame((three) => {
    const camera = three.camera
    if (!(camera instanceof THREE.PerspectiveCamera)) return
    const s = state.current
    const { width, height } = three.size
    if (width < 16 || height < 16) return
    // Straight to the new room (no glide): a click right after a panel opens lands where it looks.
    if (s.frame++ % MEASURE_EVERY === 0) s.docks = measureDocks(three.gl.domElement, GAP_PX)
    const { left, right } = s.docks
    const layout = model.layoutVersion
    // The zoom that fits the cluster into the free width: only when the room or the layout changes.
    if (!sameRoom(s.fitted, left, right, width, height, layout)) {
      const zoom = fitZoom(model, camera, width, height, width - left - right)
      s.fitted = { left, right, width, height, layout, zoom, aspect: 0 }
    }
    const zoom = s.fitted.zoom
    if (sameRoom(s.applied, left, right, width, height, layout) && s.applied.zoom === zoom && s.applied.aspect === camera.aspect) return
    const o = roomOffset({ width, height, left, right } satisfies RoomRect)
    if (o === null) {
      if (camera.view !== null) camera.clearViewOffset()
      camera.aspect = width / height
    } else {
      camera.aspect = o.fullWidth / o.fullHeight
      camera.setViewOffset(o.fullWidth, o.fullHeight, o.x, o.y, width, height)
    }
    camera.zoom = zoom
    camera.updateProjectionMatrix()
    s.applied = { left, right, width, height, layout, zoom, aspect: camera.aspect }
  })
  return null
}

/** How far the docked panels reach into the view from each side, px (0: nothing docked). */
function measureDocks(canvas: HTMLCanvasElement, gap: number): { left: number; right: number } {
  const box = canvas.getBoundingClientRect()
  const container = canvas.closest('.hero') ?? canvas.parentElement?.parentElement ?? null
  let left = 0
  let right = 0
  if (container === null || box.width === 0) return { left, right }
  for (const el of Array.from(container.querySelectorAll<HTMLElement>(DOCK_SELECTOR))) {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0 || r.width > box.width * 0.8) continue
    if (r.left + r.width / 2 < box.left + box.width / 2) left = Math.max(left, r.right - box.left + gap)
    else right = Math.max(right, box.right - r.left + gap)
  }
  return { left: Math.max(0, Math.round(left)), right: Math.max(0, Math.round(right)) }
}

/**
 * The camera zoom (≤ 1) at which every world, as the camera sees it now without any offset, lies
 * within `freeWidth` horizontally (its pixel offsets from the centre scale with the zoom; the
 * vertical field of view is the same in the room as in the whole view).
 */
function fitZoom(model: CosmosModel, camera: THREE.PerspectiveCamera, width: number, height: number, freeWidth: number): number {
  const n = model.worlds.length
  if (n === 0 || freeWidth >= width - 1) return 1
  const probe = camera.clone()
  probe.clearViewOffset()
  probe.aspect = width / height
  probe.zoom = 1
  probe.updateProjectionMatrix()
  probe.updateMatrixWorld()
  let half = 0
  const stride = Math.max(1, Math.floor(n / 256))
  for (let i = 0; i < n; i += stride) {
    scratch.set(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!).project(probe)
    if (scratch.z > 1) continue
    half = Math.max(half, Math.abs(scratch.x) * (width / 2))
  }
  // A world's own radius and its label beside it: a little margin.
  const need = half + 40
  return Math.min(1, Math.max(0.2, (freeWidth / 2) / need))
}
