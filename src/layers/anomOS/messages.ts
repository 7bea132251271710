import { z } from 'zod'

/**
 * anomOS → whoever watches alerts (nomOS's rules, harmoniOS's harmony and rollout analysis): an
 * alert instance changed state (Prometheus: inactive → pending → firing → resolved).
 */
export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const
export const AlertStateMsg = z.strictObject({
  alert: z.string().max(40),
  /** The world of a per-world metric, null for a cluster metric. */
  world: z.number().int().min(0).nullable(),
  state: z.enum(ALERT_STATES),
  /** Alert instances firing now, after this change. */
  firing: z.number().int().min(0),
})
export type AlertStateMsg = z.infer<typeof AlertStateMsg>
