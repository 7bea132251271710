/** harmoniOS's logOS events (cluster-wide: node null). */
import { z } from 'zod'

const us = z.number().int().min(0)

export const HARMONIOS_EVENTS = {
  /** Every part of the predicate held for settleMs. afterUs: since harmony was lost (null: the first). */
  harmony_reached: z.strictObject({ afterUs: us.nullable(), lostFor: z.string().nullable(), unjudged: z.array(z.string()) }),
  /** A part of the predicate failed: the first reason, and all of them. */
  harmony_lost: z.strictObject({ reason: z.string(), reasons: z.array(z.string()), heldUs: us }),
  rollout_started: z.strictObject({ version: z.string(), heartbeatMs: z.number().int(), steps: z.number().int().min(1) }),
  /** A step began (setWeight: the canaries now run the new version). */
  rollout_step: z.strictObject({ version: z.string(), index: z.number().int().min(0), step: z.string(), weight: z.number().int().min(0).max(100), canaries: z.array(z.number().int().min(0)) }),
  /** Weight back to 0: every canary rolled back to the stable version. */
  rollout_aborted: z.strictObject({ version: z.string(), index: z.number().int().min(0), reason: z.string(), rolledBack: z.array(z.number().int().min(0)) }),
  rollout_completed: z.strictObject({ version: z.string(), tookUs: us }),
  /** A release while another rolls out is refused. */
  rollout_rejected: z.strictObject({ version: z.string(), reason: z.string() }),
}
