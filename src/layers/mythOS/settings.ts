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
  })
  .superRefine((m, ctx) => {
    if (m.electionTimeoutMsMax < m.electionTimeoutMsMin)
      ctx.addIssue({ code: 'custom', path: ['electionTimeoutMsMax'], message: 'must be at least electionTimeoutMsMin' })
    if (m.heartbeatMs >= m.electionTimeoutMsMin)
      ctx.addIssue({ code: 'custom', path: ['heartbeatMs'], message: 'must be less than electionTimeoutMsMin' })
  })
export type MythosSettings = z.infer<typeof MythosSettings>
