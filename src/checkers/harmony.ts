/**
 * harmoniOS's checker, `harmony`: harmony is never declared while the ground truth disagrees, and
 * never kept while it disagrees for longer than one evaluation. The ground truth is what the
 * checkers see, rebuilt here from the run's events and metrics (not from harmoniOS): world
 * statuses (atmOS's transitions), the leader (mythOS's leader_elected, role_changed, node_stopped),
 * each world's applied index and chain (entry_applied, snapshot_installed), partitions (the network
 * layer's events), alerts firing (anomOS's events), clock offsets (chronOS's metric), ledger entries
 * awaiting repair (karmOS's metric) and snapshot transfers in flight (oneirOS's metric).
 *
 * harmoniOS judges each metrics instant two quanta after it, so a disagreement is held against a
 * declaration only if it began at least three quanta before it; and against harmony kept only
 * once it lasted a metrics interval and three quanta without harmony_lost.
 */
import type { LoggedEvent, MetricSample } from '../kernel/types'
import { Found } from './found'
import { STATUS_AFTER } from './lifecycle'
import type { Checker, CheckerFactory } from './types'


export const harmonyChecker: CheckerFactory = (scenario) => {
  const found = new Found('harmony', scenario.seed)
  const n = scenario.nodes.count
  const settings = scenario.layers.harmoniOS
  const active = scenario.run.includes('harmoniOS')
  const q = scenario.quantumUs
  const declareSlack = 3 * q
  const keepSlack = scenario.metricsIntervalMs * 1000 + 3 * q

  const status: string[] = new Array<string>(n).fill('up')
  let leader: number | null = null
  const applied: number[] = new Array<number>(n).fill(0)
  const chains: Map<number, string>[] = Array.from({ length: n }, () => new Map())
  /** Index → chain → the worlds whose last 512 applied entries hold that chain there. */
  const holders = new Map<number, Map<string, Set<number>>>()
  const hold = (index: number, chain: string, w: number): void => {
    let byChain = holders.get(index)
    if (byChain === undefined) holders.set(index, (byChain = new Map()))
    let ws = byChain.get(chain)
    if (ws === undefined) byChain.set(chain, (ws = new Set()))
    ws.add(w)
  }
  const unhold = (index: number, chain: string, w: number): void => {
    const byChain = holders.get(index)
    const ws = byChain?.get(chain)
    if (byChain === undefined || ws === undefined) return
    ws.delete(w)
    if (ws.size === 0) byChain.delete(chain)
    if (byChain.size === 0) holders.delete(index)
  }
  const partitions = new Set<number>()
  let alerts = 0
  let offsets: (number | null)[] = []
  let corrupted = 0
  let transfers = 0
  let harmony = false
  let reportedKeep = false
  /** Each disagreement, by key, with the time it began. */
  const since = new Map<string, number>()

  const set = (key: string, bad: boolean, t: number): void => {
    if (bad && !since.has(key)) since.set(key, t)
    else if (!bad) since.delete(key)
  }

  /** The keys of "world w trails" and "world w's clock is off", made once. */
  const trailKey = Array.from({ length: n }, (_, w) => `world ${w} trails`)
  const clockKey = Array.from({ length: n }, (_, w) => `world ${w}'s clock is off`)
  /** Indices whose "worlds disagree at i" is in `since`. */
  const disagreeing = new Set<number>()
  /** The furthest applied index among up worlds (−1: none up); every world starts up at 0. */
  let furthest = n > 0 ? 0 : -1
  /**
   * Which worlds trail the furthest up world by more than lagEntries. Only world `changed` (whose
   * status or applied index just changed) can change its own verdict unless the furthest index
   * moved: then every world is judged again, in order, as a full pass would (one pass per new
   * entry, not one per world applying it — n² at thousands of worlds).
   */
  const consensus = (t: number, changed: number): void => {
    // Applied indices only grow, so an up world can only raise the furthest; a world no longer up
    // can lower it only if it held it (then every world is looked at).
    let f = furthest
    if (status[changed] === 'up') f = Math.max(furthest, applied[changed]!)
    else if (applied[changed]! >= furthest) {
      f = -1
      for (let w = 0; w < n; w++) if (status[w] === 'up') f = Math.max(f, applied[w]!)
    }
    if (f !== furthest) {
      furthest = f
      for (let w = 0; w < n; w++) set(trailKey[w]!, status[w] === 'up' && furthest - applied[w]! > settings.lagEntries, t)
    } else {
      set(trailKey[changed]!, status[changed] === 'up' && furthest - applied[changed]! > settings.lagEntries, t)
    }
  }

  const oldest = (): [string, number] | null => {
    let best: [string, number] | null = null
    for (const [k, t] of since) if (best === null || t < best[1]) best = [k, t]
    return best
  }

  const checker: Checker = {
    name: 'harmony',
    layer: 'harmoniOS',
    onEvent(e: LoggedEvent) {
      if (!active) return
      const t = e.t
      if (e.layer === 'atmOS' && STATUS_AFTER[e.type] !== undefined && e.node !== null) {
        status[e.node] = STATUS_AFTER[e.type]!
        set(`world ${e.node} is not up`, status[e.node] !== 'up' && status[e.node] !== 'decommissioned', t)
        if (e.node === leader && status[e.node] !== 'up') leader = null
        set('no leader', leader === null, t)
        consensus(t, e.node)
      } else if (e.layer === 'mythOS') {
        if (e.type === 'leader_elected') leader = e.node
        else if ((e.type === 'role_changed' && e.data['role'] !== 'leader') || e.type === 'node_stopped') {
          if (e.node === leader) leader = null
        } else if ((e.type === 'entry_applied' || e.type === 'snapshot_installed') && e.node !== null) {
          const index = e.data['index'] as number
          const chain = String(e.data['chain'])
          applied[e.node] = Math.max(applied[e.node]!, index)
          const mine = chains[e.node]!
          const before = mine.get(index)
          if (before !== undefined) unhold(index, before, e.node)
          mine.set(index, chain)
          hold(index, chain, e.node)
          if (mine.size > 512) {
            const [oldest, itsChain] = mine.entries().next().value!
            mine.delete(oldest)
            unhold(oldest, itsChain, e.node)
          }
          // Does an up world other than this one hold another chain at this index? (Usually the
          // index has one chain only: answered without looking at every world.)
          let differ = false
          for (const [c, ws] of holders.get(index)!) {
            if (c === chain) continue
            for (const w of ws) if (w !== e.node && status[w] === 'up') { differ = true; break }
            if (differ) break
          }
          // The key is made only where it is, or was, in `since` (an agreeing index is the rule).
          if (differ) { set(`worlds disagree at ${index}`, true, t); disagreeing.add(index) }
          else if (disagreeing.delete(index)) set(`worlds disagree at ${index}`, false, t)
          consensus(t, e.node)
        } else return
        set('no leader', leader === null, t)
      } else if ((e.layer === scenario.network) && (e.type === 'partition_started' || e.type === 'partition_healed')) {
        const id = e.data['id']
        if (e.type === 'partition_started' && typeof id === 'number') partitions.add(id)
        else if (typeof id === 'number') partitions.delete(id)
        else partitions.clear()
        set('a partition is in effect', partitions.size > 0, t)
      } else if (e.layer === 'anomOS' && (e.type === 'alert_firing' || e.type === 'alert_resolved')) {
        alerts += e.type === 'alert_firing' ? 1 : -1
        set('an alert fires', alerts > 0, t)
      } else if (e.layer === 'harmoniOS' && e.type === 'harmony_reached') {
        harmony = true
        reportedKeep = false
        const o = oldest()
        if (o !== null && o[1] <= t - declareSlack)
          found.add(t, `harmony declared at ${t} µs (offset ${e.offset}) while ${o[0]} since ${o[1]} µs`)
      } else if (e.layer === 'harmoniOS' && e.type === 'harmony_lost') harmony = false
    },
    onMetrics(m: MetricSample) {
      if (!active) return
      const v = m.values
      if (m.layer === 'chronOS' && Array.isArray(v['offsetUs'])) {
        offsets = v['offsetUs'] as (number | null)[]
        for (let w = 0; w < n; w++) set(clockKey[w]!, status[w] === 'up' && Math.abs(offsets[w] ?? 0) > settings.epsilonUs, m.t)
      } else if (m.layer === 'karmOS' && typeof v['corruptedEntries'] === 'number') {
        corrupted = v['corruptedEntries'] as number
        set('ledger entries await repair', corrupted > 0, m.t)
      } else if (m.layer === 'oneirOS' && typeof v['transfers'] === 'number') {
        transfers = v['transfers'] as number
        set('snapshots in flight', transfers > 0, m.t)
      }
    },
    onTime(now) {
      if (!harmony || reportedKeep) return
      const o = oldest()
      if (o !== null && o[1] <= now - keepSlack) {
        reportedKeep = true
        found.add(now, `harmony kept at ${now} µs while ${o[0]} since ${o[1]} µs (more than a metrics interval and three quanta)`)
      }
    },
    violations: () => found.list,
  }
  return checker
}
