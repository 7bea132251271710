import { z } from 'zod'
import { int } from '../../scenario/base'

/** atmOS → mythOS: a world proposes a happening to the story. */
export const ProposeMsg = z.strictObject({ node: z.number().int().min(0), id: z.string().max(64), text: z.string().max(500) })

/** mythOS → (chaOS …): who leads now (null: the leader of `term` stepped down or crashed). */
export const LeaderMsg = z.strictObject({ term: z.number().int().min(0), node: z.number().int().min(0).nullable() })

/**
 * The user asks the leader to hand over leadership (etcd MsgTransferLeader): to a world, or to the
 * most caught-up follower when `to` is null.
 */
export const TransferLeadershipIntervention = z.strictObject({
  kind: z.literal('transfer_leadership'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  to: z.number().int().min(0).nullable(),
})
