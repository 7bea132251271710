/** atmOS's logOS events: one schema per type (catalogued by etymOS; checked in validating runs). */
import { z } from 'zod'
import { WORLD_STATUSES } from '../../kernel/worlds'
import { LIFECYCLE_ACTIONS } from './messages'

const world = z.number().int().min(0)
/** review: the admission review that admitted it ("atmOS#3", while nomOS runs). */
const change = z.strictObject({ from: z.enum(WORLD_STATUSES), to: z.enum(WORLD_STATUSES), reason: z.string(), requester: z.string(), review: z.string().optional() })

export const ATMOS_EVENTS = {
  node_crashed: change,
  node_restarting: change,
  node_restarted: change,
  node_released: change,
  node_draining: change,
  node_quarantined: change,
  node_decommissioned: change,
  /** A lifecycle request atmOS cannot apply (no such world, or not from this status). */
  lifecycle_refused: z.strictObject({ node: world, action: z.enum(LIFECYCLE_ACTIONS), requester: z.string(), reason: z.string() }),
}
