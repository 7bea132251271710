/**
 * Partitions as a reachability relation between worlds (DESIGN §3.2), in two kinds:
 *
 *  - 'groups': disjoint groups of worlds; traffic between different groups is cut. Worlds not listed
 *    form one more group. Transitive: "a reaches b, b reaches c ⇒ a reaches c".
 *  - 'ring': Jepsen's majorities-ring (jepsen.nemesis/majorities-ring): the worlds sit on a ring in
 *    `order`; the world at ring position p reaches the worlds at positions p±1 … p±reach (cyclic)
 *    and nothing else. Not transitive: every world sees a majority, no two the same one.
 *
 * The rule for the ring's reach (majoritiesRingReach): the smallest symmetric window that holds a
 * strict majority, r = ⌈⌊n/2⌋ / 2⌉, so each world sees 2r + 1 ≥ ⌊n/2⌋ + 1 worlds counting itself.
 * When ⌊n/2⌋ + 1 is odd (n ≡ 0, 1 mod 4: 4, 5, 8, 9 …) the window is exactly a majority, as in
 * Jepsen's majorities-ring-perfect (a window of m = majority(n) consecutive ring worlds, centred on
 * the world that keeps it; Jepsen uses that variant up to 5 nodes); otherwise it is one world
 * larger than a majority (n = 6, 7: 5 worlds), which keeps the relation symmetric where Jepsen
 * switches to its stochastic variant. Two worlds see the same set only if the window is the whole
 * ring (2r + 1 ≥ n), so the ring cuts something and is a true majorities-ring from 4 worlds on;
 * with 3 or fewer every window is the whole cluster and the ring degenerates to "no cut"
 * (MAJORITIES_RING_MIN_WORLDS).
 *
 * Pure and plain data: used by the transport (per packet), by the network checker and by the views.
 */
import type { JsonObject, NodeId } from '../../kernel/types'

export type Partition =
  | {
      readonly id: number
      readonly kind: 'groups'
      /** Disjoint groups of worlds; traffic between different groups is cut. Worlds not listed form one more group. */
      readonly groups: NodeId[][]
    }
  | {
      readonly id: number
      readonly kind: 'ring'
      /** Every world, in ring order. */
      readonly order: NodeId[]
      /** The world at ring position p reaches positions p±1 … p±reach (cyclic), nothing further. */
      readonly reach: number
    }

/** The fewest worlds on which a majorities-ring cuts anything (see the module comment). */
export const MAJORITIES_RING_MIN_WORLDS = 4

/** The reach of a majorities-ring of n worlds: ⌈⌊n/2⌋ / 2⌉ (see the module comment). */
export const majoritiesRingReach = (n: number): number => Math.ceil(Math.floor(n / 2) / 2)

/**
 * Where each world sits in a partition: its group index ('groups', −1 for the implicit group of
 * unlisted worlds) or its ring position ('ring', −1 for a world not on the ring), indexed by world
 * id. A pure cache keyed by the partition object (the same answer in every run, nothing simulated),
 * so a per-packet cutsLink costs two array reads instead of a scan of the groups.
 */
const PLACES = new WeakMap<Partition, Int32Array>()

function placesOf(p: Partition): Int32Array {
  let places = PLACES.get(p)
  if (places !== undefined) return places
  const lists = p.kind === 'groups' ? p.groups : [p.order]
  let max = -1
  for (const l of lists) for (const w of l) if (w > max) max = w
  places = new Int32Array(max + 1).fill(-1)
  if (p.kind === 'groups') p.groups.forEach((g, gi) => g.forEach((w) => (places![w] = gi)))
  else p.order.forEach((w, pos) => (places![w] = pos))
  PLACES.set(p, places)
  return places
}

const placeOf = (places: Int32Array, w: NodeId): number => (w >= 0 && w < places.length ? places[w]! : -1)

/**
 * Whether partition p cuts the link a–b (a symmetric relation; a world is never cut from itself).
 * 'groups': a and b are in different groups (unlisted worlds forming one more). 'ring': their
 * cyclic distance on the ring exceeds `reach`; a world not on the ring is not cut by it.
 */
export function cutsLink(p: Partition, a: NodeId, b: NodeId): boolean {
  if (a === b) return false
  const places = placesOf(p)
  const pa = placeOf(places, a)
  const pb = placeOf(places, b)
  if (p.kind === 'groups') return pa !== pb
  if (pa < 0 || pb < 0) return false
  const d = Math.abs(pa - pb)
  return Math.min(d, p.order.length - d) > p.reach
}

/** The worlds (0 … n−1) that `a` reaches despite every partition in `partitions`, itself included. */
export function reachableFrom(partitions: readonly Partition[], a: NodeId, n: number): NodeId[] {
  const out: NodeId[] = []
  for (let b = 0; b < n; b++) if (!partitions.some((p) => cutsLink(p, a, b))) out.push(b)
  return out
}

/** A deep copy (plain data, nothing shared with the original). */
export function copyPartition(p: Partition): Partition {
  return p.kind === 'groups' ? { id: p.id, kind: 'groups', groups: p.groups.map((g) => g.slice()) } : { id: p.id, kind: 'ring', order: p.order.slice(), reach: p.reach }
}

/** A partition as announcement / event data: {id, kind, groups} or {id, kind, order, reach} (a copy). */
export const partitionData = (p: Partition): JsonObject => copyPartition(p)

const isWorld = (x: unknown, n: number): x is number => Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) < n

/**
 * Parse a partition from announcement or event data, for a cluster of n worlds; null when it is
 * malformed. 'groups' (also when `kind` is absent: the form announcements had before rings):
 * arrays of world ids, no world in two groups. 'ring': `order` lists every world exactly once and
 * `reach` is an integer ≥ 1. The id is any safe integer.
 */
export function parsePartition(data: unknown, n: number): Partition | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null
  const d = data as { readonly [key: string]: unknown }
  const id = d['id']
  if (!Number.isSafeInteger(id)) return null
  const kind = d['kind'] ?? 'groups'
  if (kind === 'groups') {
    const raw = d['groups']
    if (!Array.isArray(raw)) return null
    const seen = new Set<number>()
    const groups: NodeId[][] = []
    for (const g of raw as unknown[]) {
      if (!Array.isArray(g)) return null
      const group: NodeId[] = []
      for (const w of g as unknown[]) {
        if (!isWorld(w, n) || seen.has(w)) return null
        seen.add(w)
        group.push(w)
      }
      groups.push(group)
    }
    return { id: id as number, kind: 'groups', groups }
  }
  if (kind === 'ring') {
    const raw = d['order']
    const reach = d['reach']
    if (!Array.isArray(raw) || raw.length !== n || !Number.isSafeInteger(reach) || (reach as number) < 1) return null
    const seen = new Set<number>()
    for (const w of raw as unknown[]) {
      if (!isWorld(w, n) || seen.has(w)) return null
      seen.add(w)
    }
    return { id: id as number, kind: 'ring', order: (raw as number[]).slice(), reach: reach as number }
  }
  return null
}
