/**
 * The world lifecycle mirror (DESIGN §3.2): one owner (atmOS) decides and announces every change of
 * a world's status as a `world_status` message one quantum ahead; the kernel applies each
 * announcement to a read-only mirror of every layer that consumes it, at the instant it is
 * delivered, so no layer keeps a private copy of who is up.
 */
import { z } from 'zod'

export const WORLD_STATUSES = ['up', 'crashed', 'restarting', 'draining', 'quarantined', 'decommissioned'] as const
export type WorldStatus = (typeof WORLD_STATUSES)[number]

/** Who asked for a lifecycle change: a layer's name, or 'user' for an intervention. */
export const WorldStatusMsg = z.strictObject({
  node: z.number().int().min(0),
  from: z.enum(WORLD_STATUSES),
  status: z.enum(WORLD_STATUSES),
  reason: z.string().max(200),
  requester: z.string().max(40),
})
export type WorldStatusMsg = z.infer<typeof WorldStatusMsg>

export const WORLD_STATUS_TYPE = 'world_status'

/**
 * Whether a world in this status runs its processes and is reachable on the network: up, draining
 * (it finishes its work) and quarantined (fenced, but still heard: it may be rehabilitated).
 */
export const isLive = (s: WorldStatus): boolean => s === 'up' || s === 'draining' || s === 'quarantined'
