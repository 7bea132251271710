import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * The ways mythOS can break Raft on purpose (settings `bugs`), each a classic mistake:
 *   figure8       the leader commits an entry of an earlier term once a majority stores it (the
 *                 paper's Figure 8: §5.4.2 says only current-term entries are committed by counting);
 *   forgetVote    votedFor is lost when a node restarts after a crash (not persisted), so it may
 *                 vote twice in one term (§5.2, Figure 2: votedFor is persistent state);
 *   skipLogCheck  votes (and pre-votes) are granted without the up-to-date log check (§5.4.1).
 */
export const RAFT_BUGS = ['figure8', 'forgetVote', 'skipLogCheck'] as const
export type RaftBug = (typeof RAFT_BUGS)[number]
/** What each bug does, in a line (the UI's badge, the CLI's help). */
export const RAFT_BUG_LABELS: Record<RaftBug, string> = {
  figure8: 'commits an older term\'s entry by counting replicas (Figure 8)',
  forgetVote: 'forgets votedFor across a restart',
  skipLogCheck: 'grants votes without the up-to-date log check (§5.4.1)',
}
/** Whether bug `b` is switched on in these settings. */
export const hasBug = (settings: { bugs?: readonly RaftBug[] | undefined }, b: RaftBug): boolean => settings.bugs?.includes(b) === true

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
    /**
     * Raft broken on purpose, to teach and to give the checkers real failures to find (RAFT_BUGS).
     * Optional with no default: a scenario that does not name it is written, run and fingerprinted
     * exactly as before. The UI marks a run with any of them on loudly.
     */
    bugs: z.array(z.enum(RAFT_BUGS)).max(RAFT_BUGS.length).optional(),
  })
  .superRefine((m, ctx) => {
    m.bugs?.forEach((b, i) => {
      if (m.bugs!.indexOf(b) !== i) ctx.addIssue({ code: 'custom', path: ['bugs', i], message: `${b} is listed twice` })
    })
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
