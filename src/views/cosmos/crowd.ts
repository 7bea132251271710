/**
 * The cosmos with many worlds (more than CosmosView's LABELS_MAX): a lazy chunk, fetched only when
 * a run has that many, so the first frame of a small run does not pay for it.
 *
 * - Labels: never one per world. The worlds that matter are named — the leaders, the selected and
 *   the hovered world, then the Raft voters — at most NAMED_MAX; the others are counted: the
 *   screen is cut into CELL_PX squares and the CLUSTERS_MAX fullest get "×k" at their worlds' mean
 *   screen position (recomputed only when the camera, the viewport or the layout moves).
 * - Particles: the layers list a bounded sample of their packets in flight (net/packetViews.ts
 *   VIEW_PACKETS_MAX each, the most recent) and Packets.tsx draws them (at most PACKETS_CAPACITY); the
 *   network's per-layer counters tell how many are really in flight (sent + duplicated − delivered
 *   − dropped, as of each layer's last net_stats report), so a note says "1 in k drawn".
 */
import type { RootState } from '@react-three/fiber'
import * as THREE from 'three'
import type { NetTotalsView } from '../../layers/views'
import type { CosmosModel } from './model'
import { useSelectedWorld } from './selection'
import { labelStyle, moveLabel, placeLabel, type LabelSpot } from './labels'

/** World names shown at most. */
export const NAMED_MAX = 16
/** Cluster counts shown at most. */
export const CLUSTERS_MAX = 24
/** A cluster cell's side, CSS px. */
export const CELL_PX = 110

/** A view-projection element's change below which the clusters are not counted again. */
const VIEW_EPSILON = 1e-4

/** The layers whose packets are drawn as particles (Packets.tsx). */
const DRAWN_LAYERS = ['mythOS', 'karmOS', 'oneirOS'] as const

/**
 * The scene indices to name, in priority order, without repeats, at most `max`: the leaders, the
 * selected and the hovered world (−1: none), then the voters.
 */
export function namedWorlds(leaders: readonly number[], selected: number, hovered: number, voters: readonly number[], max = NAMED_MAX): number[] {
  const out: number[] = []
  for (const list of [leaders, [selected, hovered], voters])
    for (const i of list) if (i >= 0 && out.length < max && !out.includes(i)) out.push(i)
  return out
}

export interface Cluster {
  /** Mean screen position of its worlds, CSS px. */
  x: number
  y: number
  count: number
}

/**
 * Counts of worlds per screen cell: `xy` holds n screen positions (x, y pairs; NaN: off screen or
 * behind the camera). Returns the `max` fullest cells holding at least `min` worlds, fullest first
 * (ties: the cell nearer the top left), each at its worlds' mean position.
 */
export function clusterCounts(xy: Float32Array, n: number, width: number, height: number, cellPx = CELL_PX, max = CLUSTERS_MAX, min = 2): Cluster[] {
  const cols = Math.max(1, Math.ceil(width / cellPx))
  const rows = Math.max(1, Math.ceil(height / cellPx))
  const count = new Uint32Array(cols * rows)
  const sx = new Float64Array(cols * rows)
  const sy = new Float64Array(cols * rows)
  for (let i = 0; i < n; i++) {
    const x = xy[i * 2]!, y = xy[i * 2 + 1]!
    if (!(x >= 0 && x < width && y >= 0 && y < height)) continue
    const c = Math.floor(y / cellPx) * cols + Math.floor(x / cellPx)
    count[c]!++
    sx[c]! += x
    sy[c]! += y
  }
  const cells: number[] = []
  for (let c = 0; c < count.length; c++) if (count[c]! >= min) cells.push(c)
  cells.sort((a, b) => count[b]! - count[a]! || a - b)
  return cells.slice(0, max).map((c) => ({ x: sx[c]! / count[c]!, y: sy[c]! / count[c]!, count: count[c]! }))
}

/** Packets in flight by the network's counters, over the layers drawn (0 when unknown). */
export function inFlightCount(byLayer: Readonly<Record<string, NetTotalsView>> | undefined): number {
  let k = 0
  for (const l of DRAWN_LAYERS) {
    const t = byLayer?.[l]
    if (t !== undefined) k += Math.max(0, t.sent + t.duplicated - t.delivered - t.dropped)
  }
  return k
}

/** The sampling note: "" while every packet in flight is drawn (or nearly: within 10 %). */
export function samplingNote(inFlight: number, drawn: number): string {
  if (drawn <= 0 || inFlight <= drawn * 1.1) return ''
  return `≈ ${inFlight.toLocaleString('en')} packets in flight · 1 in ${Math.round(inFlight / drawn).toLocaleString('en')} drawn`
}

const clusterStyle = `${labelStyle}color:rgba(150,175,215,0.62);font-size:10px;`
const noteStyle =
  'position:absolute;right:10px;bottom:8px;font:11px/1.3 ui-sans-serif,system-ui,sans-serif;color:rgba(200,215,240,0.7);text-shadow:0 0 3px #000;'

/** What the crowd's labels keep between frames (per labels container). */
interface CrowdState {
  layout: number
  version: number
  voters: number[]
  /** The camera's view-projection (16) and the viewport (width, height) when the clusters were counted. */
  seen: Float64Array
  xy: Float32Array
  named: HTMLElement[]
  clusters: HTMLElement[]
  /** The clusters shown, screen px (x, y pairs). */
  at: number[]
  note: HTMLElement | null
}

const newCrowdState = (): CrowdState => ({ layout: -1, version: -1, voters: [], seen: new Float64Array(18).fill(NaN), xy: new Float32Array(0), named: [], clusters: [], at: [], note: null })
const states = new WeakMap<HTMLElement, CrowdState>()

const up = new THREE.Vector3()
const spot: LabelSpot = { x: 0, y: 0, cx: 0, cy: 0 }
const vp = new THREE.Matrix4()

function pool(root: HTMLElement, list: HTMLElement[], k: number, style: string, testId: string): void {
  while (list.length < k) {
    const el = document.createElement('div')
    el.style.cssText = style
    el.dataset.testid = testId
    root.append(el)
    list.push(el)
  }
}

const hide = (el: HTMLElement): void => {
  if (el.style.display !== 'none') el.style.display = 'none'
}

/**
 * One frame of the crowd's labels in `root` (its own children: they are all replaced when the
 * layout changes, or when CosmosView took the container back): named worlds under their spheres
 * (a leader's below its halo), cluster counts, the sampling note.
 */
export function drawCrowd(root: HTMLElement, model: CosmosModel, state: RootState): void {
  const { camera } = state
  const { width, height } = state.size
  let st = states.get(root)
  if (st === undefined) states.set(root, (st = newCrowdState()))
  const n = model.worlds.length
  if (st.layout !== model.layoutVersion || !root.contains(st.note)) {
    Object.assign(st, newCrowdState(), { layout: model.layoutVersion, xy: new Float32Array(n * 2) })
    root.replaceChildren()
    st.note = document.createElement('div')
    st.note.style.cssText = noteStyle
    st.note.dataset.testid = 'packets-sampled'
    root.append(st.note)
  }
  if (st.version !== model.version) {
    st.version = model.version
    st.voters.length = 0
    for (let i = 0; i < n && st.voters.length < NAMED_MAX; i++) if (model.nodes[i]?.voter === true) st.voters.push(i)
    const note = samplingNote(inFlightCount(model.network?.byLayer), model.packetsDrawn)
    if (st.note!.textContent !== note) st.note!.textContent = note
  }

  // Clusters: recounted when the camera, the viewport or the layout moved.
  vp.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse)
  const e = vp.elements
  if (moved(st.seen, e, width, height)) {
    for (let i = 0; i < n; i++) {
      const x = model.pos[i * 3]!, y = model.pos[i * 3 + 1]!, z = model.pos[i * 3 + 2]!
      const w = e[3]! * x + e[7]! * y + e[11]! * z + e[15]!
      if (!(w > 1e-6)) {
        st.xy[i * 2] = NaN
        continue
      }
      st.xy[i * 2] = (((e[0]! * x + e[4]! * y + e[8]! * z + e[12]!) / w + 1) / 2) * width
      st.xy[i * 2 + 1] = ((1 - (e[1]! * x + e[5]! * y + e[9]! * z + e[13]!) / w) / 2) * height
    }
    const cells = clusterCounts(st.xy, n, width, height)
    st.at = cells.flatMap((c) => [c.x, c.y])
    pool(root, st.clusters, cells.length, clusterStyle, 'world-cluster-label')
    st.clusters.forEach((el, k) => {
      const c = cells[k]
      if (c === undefined) return hide(el)
      el.style.transform = `translate(${c.x.toFixed(1)}px, ${c.y.toFixed(1)}px) translate(-50%, -50%)`
      const text = `×${c.count}`
      if (el.textContent !== text) el.textContent = text
      el.dataset.count = String(c.count)
    })
  }

  // Named worlds: projected every frame (the leader's label follows its halo).
  const sel = useSelectedWorld.getState()
  const at = (id: number | null): number => (id === null ? -1 : (model.indexById.get(id) ?? -1))
  const named = namedWorlds(model.leaders, at(sel.selected), at(sel.hovered), st.voters)
  up.setFromMatrixColumn(camera.matrixWorld, 1).normalize()
  pool(root, st.named, named.length, labelStyle, 'world-label')
  const shown: number[] = []
  st.named.forEach((el, k) => {
    const i = named[k]
    if (i === undefined) return hide(el)
    const leader = model.leaders.includes(i)
    if (!placeLabel(spot, model, i, leader, camera, up, width, height)) return hide(el)
    shown.push(spot.x, spot.y)
    if (el.style.display !== '') el.style.display = ''
    moveLabel(el, spot)
    const w = model.worlds[i]!
    if (el.textContent !== w.name) el.textContent = w.name
    const id = String(w.id)
    if (el.dataset.world !== id) el.dataset.world = id
    if (leader !== (el.dataset.leader === 'true')) el.dataset.leader = String(leader)
  })
  // A count is not drawn over a name.
  st.clusters.forEach((el, k) => {
    const x = st.at[k * 2]
    const d = x === undefined || nearName(x, st.at[k * 2 + 1]!, shown) ? 'none' : ''
    if (el.style.display !== d) el.style.display = d
  })
}

/**
 * Whether the view-projection `e` or the viewport differs from what `seen` holds (by more than
 * VIEW_EPSILON an element: an orbit's damping settling is not a move); if so `seen` takes them.
 */
function moved(seen: Float64Array, e: readonly number[], width: number, height: number): boolean {
  let same = seen[16] === width && seen[17] === height
  for (let k = 0; k < 16 && same; k++) same = Math.abs(e[k]! - seen[k]!) <= VIEW_EPSILON
  if (same) return false
  seen.set(e)
  seen[16] = width
  seen[17] = height
  return true
}

/** Whether a count at (x, y) would overlap a name whose top centre is at (nx, ny), px. */
const nearName = (x: number, y: number, shown: readonly number[]): boolean => {
  for (let k = 0; k < shown.length; k += 2) if (Math.abs(x - shown[k]!) < 50 && y - shown[k + 1]! > -12 && y - shown[k + 1]! < 20) return true
  return false
}

