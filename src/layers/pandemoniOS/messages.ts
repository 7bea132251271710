import { z } from 'zod'
import { int, MAX_WORLDS } from '../../scenario/base'

/**
 * pandemoniOS → whoever fails over (theOS, thanatOS, nomOS …): a world was convicted by a quorum of
 * its observers (convicted: true), or rehabilitated after its probation (convicted: false).
 * A convicted world is treated as failed by the orchestrator whatever atmOS says of it: that is what
 * a failure detector is for (no layer but atmOS knows the truth; the others learn it this way).
 */
export const ConvictionMsg = z.strictObject({
  node: int(0, MAX_WORLDS - 1),
  convicted: z.boolean(),
  /** phi at the conviction (the median over the convicting observers), 0 at a rehabilitation. */
  phi: z.number().finite().min(0),
})
export type ConvictionMsg = z.infer<typeof ConvictionMsg>
export const CONVICTION_TYPE = 'conviction'
