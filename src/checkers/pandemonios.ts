/**
 * pandemoniOS's checkers, from outside, on the events alone:
 *
 * - `fencing`: a fenced (quarantined) world never acts in Raft while fenced — it never becomes
 *   leader (mythOS leader_elected names it) and no election counts its vote (leader_elected
 *   grantedBy names it). Fenced from the instant after atmOS's node_quarantined until it is
 *   released, crashes or is decommissioned (world statuses followed from atmOS's events; an
 *   election logged at the very instant of the quarantine may have been decided before it).
 *   Whoever asked for the quarantine (pandemoniOS, the user), it is a fence.
 * - `conviction`: a node_convicted is backed by a quorum — the observers it names are observers of
 *   that world (every other world up to allObserveMaxWorlds worlds, else the next
 *   observersPerWorld ids on a ring), up, each with a standing suspicion of it (a phi_suspect not
 *   followed by a phi_trusted, nor forgotten: the observer crashed, or the world restarted as a new
 *   incarnation), at least a majority of `upObservers`, and `upObservers` is the number of its
 *   observers that are up (either side of a change at that very instant); and a world is not
 *   convicted twice without a node_rehabilitated between.
 * The observer topology is written here again, not imported from the layer: a checker must not
 * share the code it checks.
 */
import type { LoggedEvent } from '../kernel/types'
import { quorum as raftQuorum } from '../layers/mythOS/state'
import { Found } from './found'
import { STATUS_AFTER } from './lifecycle'
import type { Checker, CheckerFactory } from './types'

type Status = (typeof STATUS_AFTER)[string]

/** World statuses from atmOS's events, with the instant of each world's last change and the status before it. */
class Statuses {
  readonly now: Status[]
  readonly before: Status[]
  readonly changedAt: number[]
  constructor(n: number) {
    this.now = new Array<Status>(n).fill('up')
    this.before = new Array<Status>(n).fill('up')
    this.changedAt = new Array<number>(n).fill(-1)
  }
  /** Apply an atmOS transition event; the status it leads to, or null when it is not one. */
  apply(e: LoggedEvent): Status | null {
    if (e.layer !== 'atmOS' || e.node === null || e.node < 0 || e.node >= this.now.length) return null
    const to = STATUS_AFTER[e.type]
    if (to === undefined) return null
    if (this.changedAt[e.node] !== e.t) this.before[e.node] = this.now[e.node]!
    this.now[e.node] = to
    this.changedAt[e.node] = e.t
    return to
  }
}

export const fencingChecker: CheckerFactory = (scenario) => {
  const found = new Found('fencing', scenario.seed)
  const st = new Statuses(scenario.nodes.count)
  const fenced = (node: number, t: number): boolean => st.now[node] === 'quarantined' && st.changedAt[node]! < t
  const checker: Checker = {
    name: 'fencing',
    layer: 'pandemoniOS',
    onEvent(e) {
      if (st.apply(e) !== null) return
      if (e.layer !== 'mythOS' || e.type !== 'leader_elected' || e.node === null) return
      const term = String(e.data['term'])
      if (e.node >= 0 && e.node < st.now.length && fenced(e.node, e.t))
        found.add(e.t, `world ${e.node} became Raft leader of term ${term} at ${e.t} µs (offset ${e.offset}) while fenced (quarantined since ${st.changedAt[e.node]} µs)`)
      const granted = e.data['grantedBy']
      if (!Array.isArray(granted)) return
      for (const v of granted)
        if (typeof v === 'number' && v !== e.node && v >= 0 && v < st.now.length && fenced(v, e.t))
          found.add(e.t, `world ${e.node}'s election to term ${term} at ${e.t} µs (offset ${e.offset}) counted the vote of world ${v}, fenced (quarantined since ${st.changedAt[v]} µs)`)
    },
    violations: () => found.list,
  }
  return checker
}

/** The observers of world w (the layer's topology, written again). */
function observersOf(n: number, w: number, allMax: number, perWorld: number): number[] {
  if (n <= allMax) return Array.from({ length: n }, (_, i) => i).filter((o) => o !== w)
  const k = Math.min(perWorld, n - 1)
  return Array.from({ length: k }, (_, j) => (w + 1 + j) % n)
}

export const convictionChecker: CheckerFactory = (scenario) => {
  const found = new Found('conviction', scenario.seed)
  const n = scenario.nodes.count
  const set = scenario.layers.pandemoniOS
  const st = new Statuses(n)
  /** Standing suspicions: observer → the worlds it suspects. */
  const suspects: Set<number>[] = Array.from({ length: n }, () => new Set<number>())
  const convicted = new Set<number>()
  const checker: Checker = {
    name: 'conviction',
    layer: 'pandemoniOS',
    onEvent(e) {
      const to = st.apply(e)
      if (to !== null) {
        const w = e.node!
        // An observer that stops forgets what it suspected; a world that restarts (a new incarnation) or leaves is suspected afresh.
        if (to === 'crashed' || to === 'decommissioned') suspects[w]!.clear()
        if (e.type === 'node_restarted' || to === 'decommissioned') for (const s of suspects) s.delete(w)
        return
      }
      if (e.layer !== 'pandemoniOS' || e.node === null || e.node < 0 || e.node >= n) return
      const w = e.node
      const observer = e.data['observer']
      if (e.type === 'phi_suspect' && typeof observer === 'number' && observer >= 0 && observer < n) suspects[observer]!.add(w)
      else if (e.type === 'phi_trusted' && typeof observer === 'number' && observer >= 0 && observer < n) suspects[observer]!.delete(w)
      else if (e.type === 'node_rehabilitated') convicted.delete(w)
      else if (e.type === 'node_convicted') judge(e, w)
    },
    violations: () => found.list,
  }

  function judge(e: LoggedEvent, w: number): void {
    const at = `world ${w}: node_convicted at ${e.t} µs (offset ${e.offset})`
    if (convicted.has(w)) found.add(e.t, `${at} while already convicted (no node_rehabilitated since)`)
    convicted.add(w)
    const listed = e.data['observers']
    const base = e.data['upObservers']
    if (!Array.isArray(listed) || typeof base !== 'number') return found.add(e.t, `${at} does not name its observers and upObservers`)
    const mine = observersOf(n, w, set.allObserveMaxWorlds, set.observersPerWorld)
    let upNow = 0
    let upBefore = 0
    for (const o of mine) {
      if (st.now[o] === 'up') upNow++
      if ((st.changedAt[o] === e.t ? st.before[o] : st.now[o]) === 'up') upBefore++
    }
    if (base < Math.min(upNow, upBefore) || base > Math.max(upNow, upBefore))
      found.add(e.t, `${at} counts ${base} up observers, but ${upNow} of its observers are up`)
    const honest = new Set<number>()
    for (const o of listed) {
      if (typeof o !== 'number' || !mine.includes(o)) { found.add(e.t, `${at} names ${String(o)}, which does not observe it`); continue }
      const up = st.now[o] === 'up' || (st.changedAt[o] === e.t && st.before[o] === 'up')
      if (!up) { found.add(e.t, `${at} counts observer ${o}, which is ${st.now[o]}`); continue }
      if (!suspects[o]!.has(w)) { found.add(e.t, `${at} counts observer ${o}, which does not suspect it (no standing phi_suspect)`); continue }
      honest.add(o)
    }
    const quorum = raftQuorum(base)
    if (honest.size < quorum) found.add(e.t, `${at} with ${honest.size} suspecting up observer${honest.size === 1 ? '' : 's'} of ${base}: a quorum is ${quorum}`)
  }
  return checker
}
