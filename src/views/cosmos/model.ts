/**
 * The cosmos model: what the 3D components share, derived from the frame buffer's views once per
 * view update (not per frame) — the worlds' scene positions, the id ↔ index map, roles, statuses,
 * leaders — plus the smooth sim clock. A plain mutable object, never React state.
 */
import type { AtmosView, MythosView, NetworkView, RaftNodeView, WorldView } from '../../layers/views'
import { fitLayout, newSimClock, scenePositions, worldRadius, type SceneFit, type SimClock } from './cosmos.math'

/**
 * The most worlds a scenario may have (scenario/base.ts MAX_WORLDS, which crowd.test.ts checks
 * it equals): instance buffers hold this many. A literal: importing the schema here would move it
 * between chunks.
 */
export const WORLDS_CAPACITY = 10_000

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
  /**
   * pandemoniOS's pandemonium zone: where quarantined (fenced) worlds are pulled, beside the
   * cluster — its centre and radius in scene units — or null while no world is quarantined.
   */
  zone: { x: number; y: number; z: number; r: number } | null
  /** Packets drawn as particles in the last frame (Packets.tsx; crowd.ts tells the sampling). */
  packetsDrawn: number
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
    zone: null,
    packetsDrawn: 0,
  }
}

/**
 * Pull the quarantined worlds (indices) into the pandemonium zone: a ring beside the cluster on its
 * +x side, one slot each. Returns the zone, or null when there are none.
 */
export function pullIntoZone(pos: Float32Array, n: number, radius: number, quarantined: readonly number[]): CosmosModel['zone'] {
  if (quarantined.length === 0 || n === 0) return null
  let maxX = -Infinity, cy = 0, cz = 0
  for (let i = 0; i < n; i++) {
    maxX = Math.max(maxX, pos[i * 3]!)
    cy += pos[i * 3 + 1]!
    cz += pos[i * 3 + 2]!
  }
  cy /= n
  cz /= n
  const ring = radius * Math.max(2.5, quarantined.length * 0.9)
  const zone = { x: maxX + ring + radius * 6, y: cy, z: cz, r: ring + radius * 2.5 }
  quarantined.forEach((i, k) => {
    const a = (2 * Math.PI * k) / quarantined.length
    pos[i * 3] = zone.x + (quarantined.length === 1 ? 0 : ring * Math.cos(a))
    pos[i * 3 + 1] = zone.y + (quarantined.length === 1 ? 0 : ring * Math.sin(a))
    pos[i * 3 + 2] = zone.z
  })
  return zone
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
  // The quarantined worlds move to the pandemonium zone: part of the layout.
  const quarantined: number[] = []
  for (let i = 0; i < worlds.length; i++) if (worlds[i]!.status === 'quarantined') quarantined.push(i)
  const key = `${layoutKeyOf(worlds)}|q${quarantined.join(',')}`
  if (key !== m.layoutKey) {
    m.layoutKey = key
    m.fit = fitLayout(worlds)
    m.pos = scenePositions(worlds, m.fit)
    m.radius = worldRadius(m.pos, worlds.length)
    m.zone = pullIntoZone(m.pos, worlds.length, m.radius, quarantined)
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
