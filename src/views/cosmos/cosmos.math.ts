/**
 * Pure math of the cosmos view (STYLE.md "d3 is math, components render"): fitting the km layout
 * into the scene, arcs for packets in flight, the smooth sim clock between view updates, colour
 * choice, rift geometry and a deterministic star field. No three, no React: unit-tested in node.
 */
import { cutsLink } from '../../layers/net/partition'
import type { PartitionView, RaftRole, WorldStatus } from '../../layers/views'
import { PACKET_COLORS, PACKET_FALLBACK_COLOR, ROLE_COLORS, STATUS_COLORS } from './palette'
import { formatSimTime } from '../panels/format'

/** Radius of the scene the whole layout is fitted into, scene units. */
export const SCENE_RADIUS = 10

export interface Km3 {
  readonly x: number
  readonly y: number
  readonly z: number
}

/** How km map to the scene: p_scene = (p_km − centre) × scale. */
export interface SceneFit {
  cx: number
  cy: number
  cz: number
  /** Scene units per km. */
  scale: number
}

/**
 * The fit that centres the layout's bounding box at the origin and puts its farthest world at
 * `radius` scene units. A single world (or all at one point) sits at the origin with scale 1.
 */
export function fitLayout(worlds: readonly Km3[], radius = SCENE_RADIUS): SceneFit {
  if (worlds.length === 0) return { cx: 0, cy: 0, cz: 0, scale: 1 }
  let minX = Infinity, minY = Infinity, minZ = Infinity
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity
  for (const w of worlds) {
    if (w.x < minX) minX = w.x
    if (w.y < minY) minY = w.y
    if (w.z < minZ) minZ = w.z
    if (w.x > maxX) maxX = w.x
    if (w.y > maxY) maxY = w.y
    if (w.z > maxZ) maxZ = w.z
  }
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, cz = (minZ + maxZ) / 2
  let maxR2 = 0
  for (const w of worlds) {
    const dx = w.x - cx, dy = w.y - cy, dz = w.z - cz
    const r2 = dx * dx + dy * dy + dz * dz
    if (r2 > maxR2) maxR2 = r2
  }
  const maxR = Math.sqrt(maxR2)
  return { cx, cy, cz, scale: maxR > 1e-9 ? radius / maxR : 1 }
}

/** Scene positions of the worlds, packed x,y,z per world, in the order given. */
export function scenePositions(worlds: readonly Km3[], fit: SceneFit): Float32Array {
  const out = new Float32Array(worlds.length * 3)
  worlds.forEach((w, i) => {
    out[i * 3] = (w.x - fit.cx) * fit.scale
    out[i * 3 + 1] = (w.y - fit.cy) * fit.scale
    out[i * 3 + 2] = (w.z - fit.cz) * fit.scale
  })
  return out
}

/** Sphere radius bounds, scene units. */
export const WORLD_RADIUS_MIN = 0.05
export const WORLD_RADIUS_MAX = 0.75

/**
 * The radius of a world's sphere: about a third of the typical (median) distance to the nearest
 * neighbour, so spheres rarely overlap, clamped to stay visible. Samples at most `sample` worlds
 * (deterministic stride), so it stays cheap at 2000 worlds.
 */
export function worldRadius(pos: Float32Array, count: number, sample = 128): number {
  if (count < 2) return WORLD_RADIUS_MAX
  const stride = Math.max(1, Math.floor(count / sample))
  const nearest: number[] = []
  for (let i = 0; i < count; i += stride) {
    let best = Infinity
    for (let j = 0; j < count; j++) {
      if (j === i) continue
      const dx = pos[i * 3]! - pos[j * 3]!, dy = pos[i * 3 + 1]! - pos[j * 3 + 1]!, dz = pos[i * 3 + 2]! - pos[j * 3 + 2]!
      const d2 = dx * dx + dy * dy + dz * dz
      if (d2 < best) best = d2
    }
    nearest.push(Math.sqrt(best))
  }
  nearest.sort((a, b) => a - b)
  const median = nearest[Math.floor(nearest.length / 2)]!
  // Crowds stack in depth: the more worlds, the smaller a share of the gap each sphere takes.
  const share = Math.min(0.34, Math.max(0.2, 0.34 - 0.06 * Math.log10(count / 10)))
  return Math.min(WORLD_RADIUS_MAX, Math.max(WORLD_RADIUS_MIN, median * share))
}

/**
 * How far from the origin a camera looking at it from direction `dir` (a unit vector from the
 * origin towards the camera; world up is +y) must stand so that every world, padded by `pad`,
 * lies inside `margin` of the view. Exact for a perspective camera: a point at depth z towards
 * the camera with screen offsets x, y needs d ≥ z + |x| / tan(hfov/2) and d ≥ z + |y| / tan(vfov/2).
 * Samples at most `sample` worlds.
 */
export function fitCameraDistance(
  pos: ArrayLike<number>,
  count: number,
  dir: readonly [number, number, number],
  vfovDeg: number,
  aspect: number,
  pad: number,
  margin = 0.9,
  sample = 1000,
): number {
  const [fx, fy, fz] = dir
  // right = normalize(up × dir), up' = dir × right
  const rLen = Math.hypot(fz, fx)
  const rx = rLen < 1e-9 ? 1 : fz / rLen
  const rz = rLen < 1e-9 ? 0 : -fx / rLen
  const ux = fy * rz, uy = fz * rx - fx * rz, uz = -fy * rx
  const tanV = Math.tan((vfovDeg * Math.PI) / 360) * margin
  const tanH = tanV * aspect
  let d = pad * 3
  const stride = Math.max(1, Math.floor(count / sample))
  for (let i = 0; i < count; i += stride) {
    const px = pos[i * 3]!, py = pos[i * 3 + 1]!, pz = pos[i * 3 + 2]!
    const x = Math.abs(px * rx + pz * rz) + pad
    const y = Math.abs(px * ux + py * uy + pz * uz) + pad
    const z = px * fx + py * fy + pz * fz + pad
    d = Math.max(d, z + x / tanH, z + y / tanV)
  }
  return d
}

/** How high an arc rises above its chord, as a fraction of the chord's length. */
export const ARC_LIFT = 0.28
/** How far an arc leans sideways (so A→B and B→A travel distinct lanes), fraction of the chord. */
export const ARC_SIDE = 0.07

/**
 * The point at fraction t (0 = at a, 1 = at b) of the quadratic Bézier from world a to world b,
 * lifted above the chord (towards +y, the scene's up) and leaning a little to the sender's right.
 * Positions are packed x,y,z; writes out[o..o+2].
 */
export function arcPoint(pos: ArrayLike<number>, a: number, b: number, t: number, out: Float32Array | number[], o = 0): void {
  const ax = pos[a * 3]!, ay = pos[a * 3 + 1]!, az = pos[a * 3 + 2]!
  const bx = pos[b * 3]!, by = pos[b * 3 + 1]!, bz = pos[b * 3 + 2]!
  const dx = bx - ax, dy = by - ay, dz = bz - az
  const len = Math.sqrt(dx * dx + dy * dy + dz * dz)
  // side = normalize(d × up), up = (0, 1, 0): (−dz, 0, dx)
  const sideLen = Math.sqrt(dz * dz + dx * dx)
  const sx = sideLen > 1e-9 ? -dz / sideLen : 0
  const sz = sideLen > 1e-9 ? dx / sideLen : 0
  const cx = (ax + bx) / 2 + sx * len * ARC_SIDE
  const cy = (ay + by) / 2 + len * ARC_LIFT
  const cz = (az + bz) / 2 + sz * len * ARC_SIDE
  const u = 1 - t
  const w0 = u * u, w1 = 2 * u * t, w2 = t * t
  out[o] = w0 * ax + w1 * cx + w2 * bx
  out[o + 1] = w0 * ay + w1 * cy + w2 * by
  out[o + 2] = w0 * az + w1 * cz + w2 * bz
}

/** How far along its journey a packet is at sim time `simUs`, clamped to [0, 1]. */
export function packetFraction(simUs: number, sentUs: number, deliverUs: number): number {
  const span = deliverUs - sentUs
  if (!(span > 0)) return 1
  const f = (simUs - sentUs) / span
  return f < 0 ? 0 : f > 1 ? 1 : f
}

/**
 * The displayed sim clock: view updates arrive at 20–60 Hz, and between them the clock runs on
 * by real time × achieved speed, so packets glide instead of hopping. It never runs more than
 * about one update's worth of sim time ahead of the last view, never goes backwards within a run,
 * and snaps to the view's time when the run is not playing (pause, step) or goes back (reset).
 */
export interface SimClock {
  /** Version of the frame buffer last seen (−1: none). */
  version: number
  /** Sim time of the last view, µs. */
  baseUs: number
  /** Real time at which it arrived, ms. */
  baseRealMs: number
  /** Sim time between the last two views, µs (how far ahead the clock may run). */
  stepUs: number
  /** The time shown, µs. */
  displayUs: number
}

export const newSimClock = (): SimClock => ({ version: -1, baseUs: 0, baseRealMs: 0, stepUs: 0, displayUs: 0 })

/** How far past the last view the clock may run, in view steps (a little slack for jitter). */
export const CLOCK_LEAD_STEPS = 1.25

/**
 * Advance the clock to real time `nowMs` and return the sim time to show, µs.
 * `speed` is the achieved speed (sim seconds per real second); `running` whether the run plays.
 */
export function advanceSimClock(
  clock: SimClock,
  frameSimUs: number,
  frameVersion: number,
  nowMs: number,
  speed: number,
  running: boolean,
): number {
  if (frameVersion !== clock.version) {
    const wentBack = frameSimUs < clock.baseUs || clock.version === -1
    if (!wentBack && frameSimUs > clock.baseUs) clock.stepUs = frameSimUs - clock.baseUs
    if (wentBack) {
      clock.stepUs = 0
      clock.displayUs = frameSimUs
    }
    clock.version = frameVersion
    clock.baseUs = frameSimUs
    clock.baseRealMs = nowMs
  }
  if (!running || !(speed > 0) || !Number.isFinite(speed)) {
    clock.displayUs = clock.baseUs
    return clock.displayUs
  }
  const elapsedMs = Math.max(0, nowMs - clock.baseRealMs)
  const ahead = Math.min(elapsedMs * 1000 * speed, clock.stepUs * CLOCK_LEAD_STEPS)
  const target = clock.baseUs + ahead
  clock.displayUs = Math.max(clock.displayUs, target, clock.baseUs)
  return clock.displayUs
}

/**
 * A world's colour: its lifecycle status when it is not simply up (crashed, restarting, draining,
 * quarantined), else its Raft role; a world whose Raft node is down is drawn as crashed.
 */
export function worldColor(role: RaftRole | undefined, status: WorldStatus | undefined, raftUp = true): string {
  if (status !== undefined && status !== 'up') return STATUS_COLORS[status]
  if (!raftUp) return STATUS_COLORS.crashed
  if (role !== undefined) return ROLE_COLORS[role]
  return STATUS_COLORS.up
}

/** Is a world of this status drawn dimmed (smaller and darker)? */
export const isDimmed = (status: WorldStatus | undefined): boolean => status === 'crashed' || status === 'restarting'

/** A Raft learner's sphere, relative to a voter's: the few voters stand out among thousands of worlds. */
export const LEARNER_SCALE = 0.55
/** A dimmed (crashed, restarting) world's sphere, and the hovered world's. */
export const DIMMED_SCALE = 0.72
export const HOVERED_SCALE = 1.3

/**
 * A world's sphere radius relative to the base radius: learners (voter === false) smaller than
 * voters, dimmed worlds smaller, the hovered one larger. voter undefined (mythOS not reporting):
 * drawn as a voter.
 */
export function worldScale(status: WorldStatus | undefined, voter: boolean | undefined, hovered: boolean): number {
  return (voter === false ? LEARNER_SCALE : 1) * (isDimmed(status) ? DIMMED_SCALE : 1) * (hovered ? HOVERED_SCALE : 1)
}

/** A packet's colour by its kind. */
/** How long a chronOS jolt (a step or a jump) rings around its world, µs of sim time. */
export const JOLT_SHOW_US = 3_000_000

/**
 * The ring of a jolt `ageUs` after it: its size in scene units, widening from 2.4 to 6 world radii
 * over JOLT_SHOW_US; null before the jolt and once it has faded.
 */
export function joltRing(ageUs: number, radius: number): number | null {
  if (!(ageUs >= 0) || ageUs >= JOLT_SHOW_US) return null
  return radius * (2.4 + (3.6 * ageUs) / JOLT_SHOW_US)
}

export const packetColor = (kind: string): string => PACKET_COLORS[kind] ?? PACKET_FALLBACK_COLOR

/** The tooltip of a world: name and id, then role (voter or learner), term and status. */
export function describeWorld(
  world: { id: number; name: string; status: WorldStatus } | undefined,
  node: { role: RaftRole; term: number; up: boolean; voter?: boolean } | undefined,
  clock?: { localUs: number; offsetUs: number; synced: boolean; reference: boolean; stratum: number },
): string[] {
  if (world === undefined) return []
  const role = node === undefined ? '—' : node.up ? node.role : 'down'
  const term = node === undefined ? '—' : String(node.term)
  const kind = node?.voter === undefined ? '' : node.voter ? ' (voter)' : ' (learner)'
  const lines = [`${world.name} · #${world.id}`, `role ${role}${kind} · term ${term}`, `status ${world.status}`]
  if (clock !== undefined) {
    // chronOS: what the world's clock reads against cosmic time, and how it keeps it.
    const cosmic = clock.localUs - clock.offsetUs
    const off = `${clock.offsetUs >= 0 ? '+' : '−'}${(Math.abs(clock.offsetUs) / 1_000).toFixed(3)} ms`
    const how = clock.reference ? 'reference clock (stratum 1)' : clock.synced ? `NTP stratum ${clock.stratum}` : 'not synchronised'
    lines.push(`local ${formatSimTime(clock.localUs, 6)} · cosmic ${formatSimTime(cosmic, 6)}`, `offset ${off} · ${how}`)
  }
  return lines
}

/**
 * Cut links of a partition: pairs of world indices (packed a,b,a,b…) in different groups.
 * All pairs when there are at most `cap`; else, for a stride sample of the worlds, the link to
 * the nearest world of another group — the wires that cross the rift. `indexOf` maps a world id
 * to its index in `pos` (−1 when unknown).
 */
export function cutLinks(groups: readonly (readonly number[])[], pos: ArrayLike<number>, indexOf: (id: number) => number, cap = 240): number[] {
  const idx = groups.map((g) => g.map(indexOf).filter((i) => i >= 0))
  let total = 0
  for (let i = 0; i < idx.length; i++) for (let j = i + 1; j < idx.length; j++) total += idx[i]!.length * idx[j]!.length
  const out: number[] = []
  if (total <= cap) {
    for (let i = 0; i < idx.length; i++)
      for (let j = i + 1; j < idx.length; j++) for (const a of idx[i]!) for (const b of idx[j]!) out.push(a, b)
    return out
  }
  const all: { i: number; g: number }[] = []
  idx.forEach((g, gi) => g.forEach((i) => all.push({ i, g: gi })))
  const stride = Math.max(1, Math.floor(all.length / cap))
  for (let k = 0; k < all.length && out.length < cap * 2; k += stride) {
    const { i: a, g } = all[k]!
    let best = -1, bestD = Infinity
    for (const { i: b, g: h } of all) {
      if (h === g) continue
      const dx = pos[a * 3]! - pos[b * 3]!, dy = pos[a * 3 + 1]! - pos[b * 3 + 1]!, dz = pos[a * 3 + 2]! - pos[b * 3 + 2]!
      const d2 = dx * dx + dy * dy + dz * dz
      if (d2 < bestD) {
        bestD = d2
        best = b
      }
    }
    if (best >= 0) out.push(a, best)
  }
  return out
}

/**
 * Cut links of a majorities-ring (a non-transitive cut: no wall can separate it, so every cut pair
 * is a wire): pairs of world indices (packed a,b,a,b…) that the ring cuts (cutsLink). All of them
 * when there are at most `cap`; else, for a stride sample of the ring, the link to the world
 * opposite on the ring (always cut when the ring cuts anything). Unknown world ids are skipped.
 */
export function ringCutLinks(p: Extract<PartitionView, { kind: 'ring' }>, indexOf: (id: number) => number, cap = 240): number[] {
  const order = p.order
  const n = order.length
  const out: number[] = []
  const farthest = Math.floor(n / 2)
  if (farthest <= p.reach) return out // the ring cuts nothing
  // Pairs at each cyclic distance d in (reach, n/2]: n of them, n/2 at d = n/2 for even n.
  let total = 0
  for (let d = p.reach + 1; d <= farthest; d++) total += 2 * d === n ? n / 2 : n
  const push = (a: number, b: number): void => {
    const ia = indexOf(a), ib = indexOf(b)
    if (ia >= 0 && ib >= 0) out.push(ia, ib)
  }
  if (total <= cap) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (cutsLink(p, order[i]!, order[j]!)) push(order[i]!, order[j]!)
    return out
  }
  const stride = Math.max(1, Math.ceil(n / cap))
  for (let i = 0; i < n && out.length < cap * 2; i += stride) push(order[i]!, order[(i + farthest) % n]!)
  return out
}

/** Cut links of any partition (see cutLinks for 'groups', ringCutLinks for 'ring'). */
export const partitionCutLinks = (p: PartitionView, pos: ArrayLike<number>, indexOf: (id: number) => number, cap = 240): number[] =>
  p.kind === 'groups' ? cutLinks(p.groups, pos, indexOf, cap) : ringCutLinks(p, indexOf, cap)

export interface RiftWall {
  /** Centre of the wall, scene units. */
  center: [number, number, number]
  /** Unit normal, pointing from the first group towards the second. */
  normal: [number, number, number]
  /** Whether the wall separates the groups cleanly (else it only marks the split). */
  separates: boolean
}

/**
 * A wall between two groups of worlds (indices into `pos`): perpendicular to the line between
 * their centroids, placed in the gap between the groups along that line when there is one (so an
 * isolated world gets a wall beside it, not through the middle of the majority), else midway
 * between the centroids. Null when a group is empty or the centroids coincide.
 */
export function riftWall(a: readonly number[], b: readonly number[], pos: ArrayLike<number>): RiftWall | null {
  if (a.length === 0 || b.length === 0) return null
  const centroid = (g: readonly number[]): [number, number, number] => {
    let x = 0, y = 0, z = 0
    for (const i of g) {
      x += pos[i * 3]!
      y += pos[i * 3 + 1]!
      z += pos[i * 3 + 2]!
    }
    return [x / g.length, y / g.length, z / g.length]
  }
  const ca = centroid(a), cb = centroid(b)
  const d: [number, number, number] = [cb[0] - ca[0], cb[1] - ca[1], cb[2] - ca[2]]
  const len = Math.hypot(d[0], d[1], d[2])
  if (len < 1e-9) return null
  const n: [number, number, number] = [d[0] / len, d[1] / len, d[2] / len]
  const project = (i: number) => (pos[i * 3]! - ca[0]) * n[0] + (pos[i * 3 + 1]! - ca[1]) * n[1] + (pos[i * 3 + 2]! - ca[2]) * n[2]
  let maxA = -Infinity, minB = Infinity
  for (const i of a) maxA = Math.max(maxA, project(i))
  for (const i of b) minB = Math.min(minB, project(i))
  const separates = maxA < minB
  const along = separates ? (maxA + minB) / 2 : len / 2
  return { center: [ca[0] + n[0] * along, ca[1] + n[1] * along, ca[2] + n[2] * along], normal: n, separates }
}

/** A fixed linear congruential generator (Numerical Recipes constants): deterministic decoration. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

/** A star field: positions on a thick shell (packed x,y,z) and a brightness in [0.25, 1] each. */
export function starField(count: number, seed = 7, rMin = 80, rMax = 160): { positions: Float32Array; brightness: Float32Array } {
  const rnd = lcg(seed)
  const positions = new Float32Array(count * 3)
  const brightness = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    // Uniform direction: z uniform in [−1, 1], azimuth uniform.
    const z = rnd() * 2 - 1
    const phi = rnd() * Math.PI * 2
    const rho = Math.sqrt(1 - z * z)
    const r = rMin + (rMax - rMin) * rnd()
    positions[i * 3] = r * rho * Math.cos(phi)
    positions[i * 3 + 1] = r * z
    positions[i * 3 + 2] = r * rho * Math.sin(phi)
    const b = rnd()
    brightness[i] = 0.25 + 0.75 * b * b
  }
  return { positions, brightness }
}
