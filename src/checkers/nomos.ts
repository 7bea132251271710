/**
 * nomOS's checkers, from outside, on the events alone:
 *
 * - `admission`: a denied action never happens — no event of any layer names a review that nomOS
 *   denied (admission_denied.review) — and, while nomOS runs, no action skips admission: every
 *   lifecycle transition some layer or the user asked for names the review that admitted it, as
 *   does every partition chaOS injects (except, when the scenario puts chaos above the law, chaOS's
 *   random faults; and a world's own failure report, mythOS's failed fsync, which is not a request).
 * - `admitted-quorum` (while the built-in raft-quorum-budget rule is in force as a deny rule): no
 *   admitted action takes the serving, mutually reachable Raft voters below a quorum when they were
 *   not already below it. The checker follows world statuses and partitions from the events; a
 *   failure that struck between an admission and its effect (an unreviewed crash, a partition)
 *   within the pending window excuses it — the rule judged a cluster that then changed under it.
 */
import type { LoggedEvent } from '../kernel/types'
import { voterIds } from '../layers/mythOS/settings'
import { quorum as raftQuorum } from '../layers/mythOS/state'
import { cutsLink, parsePartition, type Partition } from '../layers/net/partition'
import type { Scenario } from '../scenario/schema'
import { Found } from './found'
import { STATUS_AFTER } from './lifecycle'
import type { Checker, CheckerFactory } from './types'


const nomos = (s: Scenario) => s.layers.nomOS
const runsNomos = (s: Scenario): boolean => s.run.includes('nomOS')

export const admissionChecker: CheckerFactory = (scenario) => {
  const found = new Found('admission', scenario.seed)
  const denied = new Set<string>()
  const aboveLaw = nomos(scenario).chaosAboveLaw
  const exempt = (e: LoggedEvent): boolean => {
    const requester = e.data['requester']
    const reason = String(e.data['reason'] ?? '')
    if (requester === 'atmOS' || requester === 'mythOS') return true
    return aboveLaw && requester === 'chaOS' && (reason === 'random crash' || reason.startsWith('automatic restart'))
  }
  const checker: Checker = {
    name: 'admission',
    layer: 'nomOS',
    onEvent(e) {
      if (e.layer === 'nomOS' && e.type === 'admission_denied') {
        denied.add(String(e.data['review']))
        return
      }
      const review = e.data['review']
      if (typeof review === 'string' && denied.has(review))
        return found.add(e.t, `${e.layer} ${e.type} at ${e.t} µs (offset ${e.offset}) carries out ${review}, which nomOS denied`)
      if (!runsNomos(scenario)) return
      if (e.layer === 'atmOS' && STATUS_AFTER[e.type] !== undefined && typeof review !== 'string' && !exempt(e))
        found.add(e.t, `world ${String(e.node)}: ${e.type} at ${e.t} µs (offset ${e.offset}), asked by ${String(e.data['requester'])} (${String(e.data['reason'])}), names no admission review: it skipped nomOS`)
      if (e.layer === 'chaOS' && e.type === 'fault_injected' && (e.data['kind'] === 'partition' || e.data['kind'] === 'crash') && typeof review !== 'string' && !(aboveLaw && e.data['random'] === true))
        found.add(e.t, `chaOS injected a ${String(e.data['kind'])} at ${e.t} µs (offset ${e.offset}) that names no admission review: it skipped nomOS`)
    },
    violations: () => found.list,
  }
  return checker
}

const QUORUM_RULE = 'raft-quorum-budget'

export const admittedQuorumChecker: CheckerFactory = (scenario) => {
  const found = new Found('admitted-quorum', scenario.seed)
  const n = scenario.nodes.count
  const rule = nomos(scenario).rules.find((r) => r.name === QUORUM_RULE && r.effect === 'deny')
  let active = runsNomos(scenario) && scenario.run.includes('mythOS') && rule !== undefined
  // The committed voter set: the scenario's, then each configuration mythOS committed (thanatOS's membership changes).
  let voters = voterIds(n, scenario.layers.mythOS.votersMax)
  let quorum = raftQuorum(voters.length)
  const status: string[] = new Array<string>(n).fill('up')
  let partitions: Partition[] = []
  const windowUs = nomos(scenario).pendingQuanta * scenario.quantumUs
  let lastUnjudgedUs = -Infinity

  const available = (): number => {
    const serving = voters.filter((v) => status[v] === 'up' || status[v] === 'draining')
    let best = 0
    for (const a of serving) best = Math.max(best, serving.filter((b) => !partitions.some((p) => cutsLink(p, a, b) || cutsLink(p, b, a))).length)
    return best
  }

  const checker: Checker = {
    name: 'admitted-quorum',
    layer: 'nomOS',
    onEvent(e) {
      if (e.layer === 'nomOS' && (e.type === 'rule_removed' || e.type === 'rule_added') && e.data['name'] === QUORUM_RULE) {
        active = e.type === 'rule_added' && e.data['effect'] === 'deny'
        return
      }
      if (e.layer === 'mythOS' && e.type === 'config_committed' && Array.isArray(e.data['voters'])) {
        voters = (e.data['voters'] as unknown[]).filter((v): v is number => typeof v === 'number')
        quorum = raftQuorum(voters.length)
        return
      }
      const review = e.data['review']
      const before = available()
      let changed = false
      if (e.layer === 'atmOS' && STATUS_AFTER[e.type] !== undefined && e.node !== null) {
        status[e.node] = STATUS_AFTER[e.type]!
        changed = true
      } else if ((e.layer === 'pneumOS' || e.layer === 'aetherOS') && e.type === 'partition_started') {
        const p = parsePartition(e.data, n)
        if (p) partitions.push(p)
        changed = true
      } else if ((e.layer === 'pneumOS' || e.layer === 'aetherOS') && e.type === 'partition_healed') {
        const id = e.data['id']
        partitions = typeof id === 'number' ? partitions.filter((p) => p.id !== id) : []
        return
      }
      if (!changed) return
      // A partition is judged when chaOS asked for it (the admission checker sees that it names its review).
      const aboveLaw = nomos(scenario).chaosAboveLaw
      const randomFault = e.data['requester'] === 'chaOS' && (e.data['reason'] === 'random crash' || String(e.data['reason']).startsWith('automatic restart'))
      const judged = (typeof review === 'string' && !(aboveLaw && randomFault)) || (e.type === 'partition_started' && !aboveLaw)
      if (!judged) {
        // Not judged by nomOS (a failure, chaos above the law, a network layer's event): it may excuse what follows.
        if (!(e.layer === 'atmOS' && (e.type === 'node_restarted' || e.type === 'node_released'))) lastUnjudgedUs = e.t
        return
      }
      const after = available()
      if (active && after < quorum && after < before && e.t - lastUnjudgedUs > windowUs)
        found.add(e.t, `${e.layer} ${e.type} at ${e.t} µs (offset ${e.offset}), admitted${typeof review === 'string' ? ` by ${review}` : ''}, left ${after} of ${voters.length} Raft voters serving and reachable (quorum ${quorum}; there were ${before})`)
    },
    violations: () => found.list,
  }
  return checker
}
