/**
 * Who observes whom. Up to allObserveMaxWorlds worlds, every other world observes each (Akka's
 * small clusters: every member monitors every other); above, a bounded set — the next k ids on a
 * ring (Akka's cluster monitors `monitored-by-nr-of-members` = 5 neighbours on a ring of the
 * members) — so heartbeats, detectors and evaluations cost O(worlds · k).
 */
export interface Topology {
  n: number
  /** Every other world observes each. */
  all: boolean
  /** Observers per world (n − 1 when all). */
  k: number
}

export function topology(n: number, allMax: number, perWorld: number): Topology {
  const all = n <= allMax
  return { n, all, k: all ? Math.max(0, n - 1) : Math.min(perWorld, n - 1) }
}

/** The j-th observer of world w (0 ≤ j < k). */
export function observerAt(t: Topology, w: number, j: number): number {
  if (t.all) return j < w ? j : j + 1
  return (w + 1 + j) % t.n
}

/** The slot of observer o in world w's list, or −1 when o does not observe w. */
export function slotOf(t: Topology, w: number, o: number): number {
  if (o === w || o < 0 || o >= t.n || w < 0 || w >= t.n) return -1
  if (t.all) return o < w ? o : o - 1
  const j = (o - w - 1 + t.n) % t.n
  return j < t.k ? j : -1
}

/** The worlds observer o watches, each with o's slot in its list. */
export function watchedBy(t: Topology, o: number): { w: number; j: number }[] {
  const out: { w: number; j: number }[] = []
  if (t.all) {
    for (let w = 0; w < t.n; w++) if (w !== o) out.push({ w, j: o < w ? o : o - 1 })
    return out
  }
  for (let j = 0; j < t.k; j++) out.push({ w: (o - 1 - j + t.n * 2) % t.n, j })
  return out
}
