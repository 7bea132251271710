/**
 * The cosmos model: what the 3D components share, derived from the frame buffer's views once per
 * view update (not per frame) — the worlds' scene positions, the id ↔ index map, roles, statuses,
 * leaders — plus the smooth sim clock. A plain mutable object, never React state.
 */
import type { AtmosView, MythosView, NetworkView, RaftNodeView, WorldView } from '../../layers/views'
import { fitLayout, newSimClock, scenePositions, worldRadius, type SceneFit, type SimClock } from './cosmos.math'

/** The most worlds a scenario may have (NodesSchema.count max): instance buffers hold this many. */
export const WORLDS_CAPACITY = 2000

export interface CosmosModel {
  /** frameBuffer.version last ingested (−1: none). */
  version: number
  /** Bumped when the worlds' positions change (a new run): rebuild matrices, bounds, rifts. */
  layoutVersion: number
  layoutKey: string
  fit: SceneFit
  /** Worlds in view order (index = instance id). */
  worlds: WorldView[]
  /** Scene positions, packed x,y,z per index. */
  pos: Float32Array
  /** World sphere radius, scene units. */
  radius: number
  indexById: Map<number, number>
  /** Raft node of each index (undefined until mythOS reports it). */
  nodes: (RaftNodeView | undefined)[]
  /** Indices of worlds whose Raft role is leader (several during a split brain). */
  leaders: number[]
  mythos: MythosView | undefined
  network: NetworkView | undefined
  /** Bumped when the set of active partitions changes. */
  partitionsVersion: number
  partitionsKey: string
  clock: SimClock
  /** Sim time to draw this frame, µs. */
  displayUs: number
}

export function newCosmosModel(): CosmosModel {
  return {
    version: -1,
    layoutVersion: 0,
    layoutKey: '',
    fit: { cx: 0, cy: 0, cz: 0, scale: 1 },
    worlds: [],
    pos: new Float32Array(0),
    radius: 0.5,
    indexById: new Map(),
    nodes: [],
    leaders: [],
    mythos: undefined,
    network: undefined,
    partitionsVersion: 0,
    partitionsKey: '',
    clock: newSimClock(),
    displayUs: 0,
  }
}

/** A cheap key that changes when the layout does (count and a sum of coordinates). */
function layoutKeyOf(worlds: readonly WorldView[]): string {
  let sum = 0
  for (let i = 0; i < worlds.length; i++) {
    const w = worlds[i]!
    sum += w.x * 1.000001 + w.y * 2.000003 + w.z * 3.000007 + w.id * 0.5
  }
  return `${worlds.length}:${sum}`
}

const hashIds = (ids: readonly number[]): string => {
  let h = ids.length
  for (const id of ids) h = (Math.imul(h, 31) + id) | 0
  return `${ids.length}:${h},`
}

/** A cheap key that changes when the active partitions do (their ids, kinds and members). */
function partitionsKeyOf(net: NetworkView | undefined): string {
  if (net === undefined || net.partitions.length === 0) return ''
  let key = ''
  for (const p of net.partitions) {
    key += `|${p.id}${p.kind === 'groups' ? 'g' : `r${p.reach}`}:`
    if (p.kind === 'groups') for (const g of p.groups) key += hashIds(g)
    else key += hashIds(p.order)
  }
  return key
}

/** Ingest a new set of views (call when frameBuffer.version changes). */
export function ingestViews(
  m: CosmosModel,
  version: number,
  atmos: AtmosView | undefined,
  mythos: MythosView | undefined,
  network: NetworkView | undefined,
): void {
  m.version = version
  const worlds = atmos?.worlds ?? []
  m.worlds = worlds
  const key = layoutKeyOf(worlds)
  if (key !== m.layoutKey) {
    m.layoutKey = key
    m.fit = fitLayout(worlds)
    m.pos = scenePositions(worlds, m.fit)
    m.radius = worldRadius(m.pos, worlds.length)
    m.indexById = new Map(worlds.map((w, i) => [w.id, i]))
    m.layoutVersion++
    m.partitionsKey = '\u0000' // force the rifts to rebuild against the new positions
  }
  m.mythos = mythos
  m.nodes = new Array<RaftNodeView | undefined>(worlds.length)
  m.leaders = []
  for (const n of mythos?.nodes ?? []) {
    const i = m.indexById.get(n.id)
    if (i === undefined) continue
    m.nodes[i] = n
    if (n.up && n.role === 'leader') m.leaders.push(i)
  }
  m.network = network
  const pkey = partitionsKeyOf(network)
  if (pkey !== m.partitionsKey) {
    m.partitionsKey = pkey
    m.partitionsVersion++
  }
}
