import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * mythOS (Raft) settings. etcd: 100 ms heartbeat, 1000 ms election timeout randomised in
 * [ET, 2ET). Max = min is allowed: no randomness, the classic split-vote demonstration.
 */
export const MythosSettings = z
  .strictObject({
    electionTimeoutMsMin: int(10, 60_000).default(1_000),
    electionTimeoutMsMax: int(10, 120_000).default(2_000),
    heartbeatMs: int(1, 10_000).default(100),
    preVote: z.boolean().default(true),
    checkQuorum: z.boolean().default(true),
    /** Max entries per AppendEntries. */
    maxEntriesPerAppend: int(1, 10_000).default(64),
    /**
     * Most Raft voters (etcd's voters; every other world is a learner: it receives the log but
     * never votes, never campaigns, and counts toward neither commit nor CheckQuorum). The voters
     * are min(votersMax, worlds) worlds spread over the cluster: see voterIds.
     */
    votersMax: int(1, 2_000).default(5),
  })
  .superRefine((m, ctx) => {
    if (m.electionTimeoutMsMax < m.electionTimeoutMsMin)
      ctx.addIssue({ code: 'custom', path: ['electionTimeoutMsMax'], message: 'must be at least electionTimeoutMsMin' })
    if (m.heartbeatMs >= m.electionTimeoutMsMin)
      ctx.addIssue({ code: 'custom', path: ['heartbeatMs'], message: 'must be less than electionTimeoutMsMin' })
  })
export type MythosSettings = z.infer<typeof MythosSettings>

/**
 * The voters of a cluster of n worlds: k = min(votersMax, n) worlds spread evenly over the ids,
 * world ⌊i·n/k⌋ for i = 0 … k − 1 (distinct, as n/k ≥ 1; ascending). k = n: every world.
 * E.g. n = 50, k = 5: worlds 0, 10, 20, 30, 40; n = 7, k = 5: worlds 0, 1, 2, 4, 5. The set
 * never changes during a run (no membership changes).
 */
export function voterIds(n: number, votersMax: number): number[] {
  const k = Math.max(0, Math.min(votersMax, n))
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k))
}
