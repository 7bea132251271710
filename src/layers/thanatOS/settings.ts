import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * thanatOS's settings: how a world is taken out of the cluster gracefully (Kubernetes pod
 * termination: the grace period runs from the start; what is not done by then is cut short) and how
 * a learner joins the voters (etcd: a learner catches up, then is promoted).
 */
export const ThanatosSettings = z.strictObject({
  /** Kubernetes terminationGracePeriodSeconds (30 s): once it expires the world is decommissioned whatever is left, unless that would cost the Raft quorum. */
  gracePeriodMs: int(0, 3_600_000).default(30_000),
  /** When a voter leaves, promote a caught-up learner first so the voter count stays (etcd: add the replacement, then remove). */
  keepVoters: z.boolean().default(true),
  /** How often a refused or unanswered step is asked again, ms. */
  retryMs: int(50, 60_000).default(500),
  /** A membership change appended but not committed within this is asked again (its leader may have lost it), ms. */
  commitTimeoutMs: int(100, 600_000).default(5_000),
  /** A learner that cannot catch up within this gives up joining, ms. */
  joinTimeoutMs: int(1_000, 3_600_000).default(60_000),
})
export type ThanatosSettings = z.infer<typeof ThanatosSettings>

const atUs = int(0, Number.MAX_SAFE_INTEGER)

/** The user decommissions a world gracefully: drain, hand-off, leadership transfer, membership removal, then the end. */
export const DecommissionIntervention = z.strictObject({ kind: z.literal('decommission'), atUs, node: z.number().int().min(0) })
/** The user has a learner join the voters (scale up): it catches up, then is promoted. */
export const JoinIntervention = z.strictObject({ kind: z.literal('join'), atUs, node: z.number().int().min(0) })
