/** thanatOS's logOS events. */
import { z } from 'zod'

const world = z.number().int().min(0)
const us = z.number().int().min(0)
const voters = z.array(world)

export const THANATOS_EVENTS = {
  decommission_started: z.strictObject({ termination: z.number().int().min(1), requester: z.string(), graceUntilUs: us }),
  drain_started: z.strictObject({ termination: z.number().int().min(1) }),
  handoff_done: z.strictObject({ termination: z.number().int().min(1), waitedUs: us, workloads: z.boolean() }),
  leadership_moved: z.strictObject({ termination: z.number().int().min(1), to: world.nullable(), waitedUs: us }),
  member_added: z.strictObject({ voters, replaces: world.nullable() }),
  member_removed: z.strictObject({ voters }),
  grace_expired: z.strictObject({ termination: z.number().int().min(1), step: z.string(), held: z.boolean(), reason: z.string() }),
  decommission_completed: z.strictObject({ termination: z.number().int().min(1), tookUs: us, graceful: z.boolean() }),
  decommission_aborted: z.strictObject({ termination: z.number().int().min(1), reason: z.string() }),
  join_started: z.strictObject({}),
  join_aborted: z.strictObject({ reason: z.string() }),
}
