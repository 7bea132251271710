/**
 * hypnOS's and oneirOS's invariants, checked from outside the layers:
 *
 * 1. quiet-hours (hypnOS): a compaction job never starts while its world's load is at or above
 *    the threshold — unless it is forced because stopFactor × snapshotCount entries piled up since
 *    the world's last snapshot (RocksDB's stop trigger), which is checked too. The load is
 *    recomputed here from mythOS's own `received` metric (Raft messages delivered to each world,
 *    cumulative) as the rate between its last two samples at or before the job's start — what
 *    hypnOS must have read — and the job's reported load must be that one; the backlog from
 *    mythOS's appliedIndex and snapshotIndex at the same sample.
 * 2. replay-equivalence (hypnOS): a snapshot holds the state the full log gives at its index: the
 *    chain a compaction reports for its snapshot (index X) equals the chain its world applied at
 *    X (entry_applied, or the snapshot it installed there), so a world restarting from the
 *    snapshot plus the suffix replays to what the full log gives (the raft checker then sees
 *    every later entry extend that chain).
 * 3. snapshot-install (oneirOS): a world installs only a snapshot some world took (a compaction at
 *    that index with that chain, itself checked by 2) — the installed state equals the leader's.
 */
import type { Json, LoggedEvent, MetricSample } from '../kernel/types'
import type { Scenario } from '../scenario/schema'
import { perWorld } from '../kernel/metrics'
import { Found } from './found'
import type { Checker, CheckerFactory } from './types'

/** Applied chains kept per world for replay-equivalence (a compaction snapshots what was applied moments before). */
const RECENT_APPLIED = 4_096
/** Snapshots remembered for snapshot-install (a transfer carries the leader's latest). */
const SNAPSHOTS_KEPT = 4_096

const num = (v: Json | undefined): number | null => (typeof v === 'number' ? v : null)
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null)


export const quietHoursChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const found = new Found('quiet-hours', scenario.seed)
  const { loadThreshold: threshold, stopFactor, snapshotCount } = scenario.layers.hypnOS
  /** Per world: [last received, its sample time, the rate over the interval before it (null: unknown)]. */
  const last: ([number, number, number | null] | undefined)[] = []
  /** Per world: applied − snapshot index at the last sample. */
  const backlog: number[] = []
  return {
    name: 'quiet-hours',
    layer: 'hypnOS',
    onMetrics(m: MetricSample) {
      if (m.layer !== 'mythOS') return
      for (let w = 0; w < scenario.nodes.count; w++) {
        const applied = perWorld(m, 'appliedIndex', w)
        const snap = perWorld(m, 'snapshotIndex', w)
        if (applied !== null && snap !== null) backlog[w] = applied - snap
        const r = perWorld(m, 'received', w)
        if (r === null) continue
        const prev = last[w]
        last[w] = [r, m.t, prev && m.t > prev[1] ? ((r - prev[0]) * 1e6) / (m.t - prev[1]) : null]
      }
    },
    onEvent(e: LoggedEvent) {
      if (e.layer !== 'hypnOS' || e.type !== 'compaction_started' || e.node === null) return
      const load = last[e.node]?.[2] ?? null
      const reported = num(e.data['load'])
      if (load === null) return found.add(e.t, `quiet-hours: world ${e.node} started a compaction before its load was measured`)
      const forcedAllowed = (backlog[e.node] ?? 0) >= stopFactor * snapshotCount
      if (load >= threshold && !forcedAllowed) found.add(e.t, `quiet-hours: world ${e.node} started a compaction with load ${load.toFixed(1)} msg/s, at or above the threshold ${threshold}, with ${backlog[e.node] ?? 0} entries since its snapshot (forced only from ${stopFactor * snapshotCount})`)
      else if (e.data['forced'] !== (load >= threshold)) found.add(e.t, `quiet-hours: world ${e.node}'s compaction says forced: ${String(e.data['forced'])}, but its load ${load.toFixed(1)} was ${load >= threshold ? 'at or above' : 'below'} the threshold`)
      else if (reported !== load) found.add(e.t, `quiet-hours: world ${e.node}'s compaction reports load ${String(reported)}, but its load over the last interval was ${load}`)
    },
    violations: () => found.list,
  }
}

/** Per world, the chains it applied most recently (index → chain), bounded. */
class RecentChains {
  private readonly byWorld = new Map<number, Map<number, string>>()
  note(w: number, index: number, chain: string): void {
    let m = this.byWorld.get(w)
    if (!m) this.byWorld.set(w, (m = new Map()))
    m.set(index, chain)
    if (m.size > RECENT_APPLIED) m.delete(m.keys().next().value!)
  }
  get(w: number, index: number): string | undefined {
    return this.byWorld.get(w)?.get(index)
  }
}

export const replayEquivalenceChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const found = new Found('replay-equivalence', scenario.seed)
  const applied = new RecentChains()
  return {
    name: 'replay-equivalence',
    layer: 'hypnOS',
    onEvent(e: LoggedEvent) {
      if (e.node === null) return
      if (e.layer === 'mythOS' && (e.type === 'entry_applied' || e.type === 'snapshot_installed')) {
        const i = num(e.data['index'])
        const c = str(e.data['chain'])
        if (i !== null && c !== null) applied.note(e.node, i, c)
        return
      }
      if (e.layer !== 'hypnOS' || e.type !== 'compaction_done') return
      const x = num(e.data['snapshotIndex'])
      const chain = str(e.data['chain'])
      if (x === null || chain === null) return found.add(e.t, `replay-equivalence: compaction_done of world ${e.node} has no snapshotIndex/chain`)
      const want = applied.get(e.node, x)
      if (want === undefined) return found.add(e.t, `replay-equivalence: world ${e.node} took a snapshot at index ${x}, which it had not applied`)
      if (want !== chain) found.add(e.t, `replay-equivalence: world ${e.node}'s snapshot at index ${x} holds chain ${chain}, but the full log it applied gives ${want} there`)
    },
    violations: () => found.list,
  }
}

export const snapshotInstallChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const found = new Found('snapshot-install', scenario.seed)
  /** Snapshots taken: index → chain (bounded, oldest dropped first). */
  const taken = new Map<number, string>()
  return {
    name: 'snapshot-install',
    layer: 'oneirOS',
    onEvent(e: LoggedEvent) {
      if (e.node === null) return
      if (e.layer === 'hypnOS' && e.type === 'compaction_done') {
        const x = num(e.data['snapshotIndex'])
        const c = str(e.data['chain'])
        if (x === null || c === null) return
        const had = taken.get(x)
        if (had !== undefined && had !== c) found.add(e.t, `snapshot-install: two snapshots at index ${x} hold different states (${had} and ${c})`)
        taken.set(x, c)
        if (taken.size > SNAPSHOTS_KEPT) taken.delete(taken.keys().next().value!)
        return
      }
      if (e.layer !== 'mythOS' || e.type !== 'snapshot_installed') return
      const x = num(e.data['index'])
      const c = str(e.data['chain'])
      if (x === null || c === null) return found.add(e.t, `snapshot-install: snapshot_installed of world ${e.node} has no index/chain`)
      const want = taken.get(x)
      if (want === undefined) found.add(e.t, `snapshot-install: world ${e.node} installed a snapshot at index ${x} that no world took`)
      else if (want !== c) found.add(e.t, `snapshot-install: world ${e.node} installed state ${c} at index ${x}, but the snapshot taken there holds ${want}`)
    },
    violations: () => found.list,
  }
}
