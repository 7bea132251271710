import { z } from 'zod'
import { int, MAX_WORLDS } from '../../scenario/base'

/**
 * theOS → thanatOS: how many workload replicas (pods) still run on a draining world. Sent when a
 * world starts draining and whenever that count changes while it drains; 0 means its workloads
 * have been handed off (rescheduled elsewhere, within the services' disruption budgets).
 */
export const HandoffStatusMsg = z.strictObject({
  node: int(0, MAX_WORLDS - 1),
  pods: int(0, 1_000_000),
})
export type HandoffStatusMsg = z.infer<typeof HandoffStatusMsg>
