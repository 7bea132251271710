/**
 * The cluster as a rule sees it, now and after a request: which worlds serve (up or draining: a
 * member still votes and replicates until it is removed), which voters serve and reach each other
 * across the partitions in effect (a quorum needs them on one side), how many are quarantined.
 */
import type { WorldStatus } from '../../kernel/worlds'
import { cutsLink, type Partition } from '../net/partition'
import type { CelCounts } from './cel'
import type { AdmissionAction } from './settings'

export const serves = (s: WorldStatus): boolean => s === 'up' || s === 'draining'

/** The status a world has once `action` is applied to it (a restart boots for a quantum before it serves: restarting). */
export function statusAfter(action: AdmissionAction, from: WorldStatus): WorldStatus {
  switch (action) {
    case 'crash': return 'crashed'
    case 'restart': return 'restarting'
    case 'drain': return 'draining'
    case 'quarantine': return 'quarantined'
    case 'release': return 'up'
    case 'decommission': return 'decommissioned'
    case 'partition': return from
  }
}

/** The most serving voters that all reach one another (with transitive groups: the largest side). */
export function votersAvailable(statuses: readonly WorldStatus[], voters: readonly number[], partitions: readonly Partition[]): number {
  const serving = voters.filter((v) => serves(statuses[v] ?? 'crashed'))
  let best = 0
  for (const a of serving) {
    let k = 0
    for (const b of serving) if (!partitions.some((p) => cutsLink(p, a, b) || cutsLink(p, b, a))) k++
    if (k > best) best = k
  }
  return best
}

export interface ClusterFacts {
  statuses: readonly WorldStatus[]
  voters: readonly number[]
  partitions: readonly Partition[]
  leader: number | null
  term: number
  alertsFiring: number
}

export function counts(f: ClusterFacts): CelCounts {
  let up = 0
  let serving = 0
  let quarantined = 0
  for (const s of f.statuses) {
    if (s === 'up') up++
    if (serves(s)) serving++
    if (s === 'quarantined') quarantined++
  }
  return {
    worlds: f.statuses.length,
    up,
    serving,
    voters: f.voters.length,
    votersUp: f.voters.filter((v) => serves(f.statuses[v] ?? 'crashed')).length,
    votersAvailable: votersAvailable(f.statuses, f.voters, f.partitions),
    quorum: Math.floor(f.voters.length / 2) + 1,
    leader: f.leader ?? -1,
    term: f.term,
    quarantined,
    partitions: f.partitions.length,
    alertsFiring: f.alertsFiring,
  }
}
