/** mythOS's logOS events (what the checkers and the consensus timeline read). */
import { z } from 'zod'
import { PACKET_FAULT_EVENTS } from '../net/packetFaults'

const world = z.number().int().min(0)
const term = z.number().int().min(0)
const hex = z.string()

export const MYTHOS_EVENTS = {
  role_changed: z.strictObject({ term, role: z.enum(['follower', 'precandidate', 'candidate', 'leader']), reason: z.string() }),
  term_changed: z.strictObject({ term, reason: z.string().optional() }),
  leader_elected: z.strictObject({
    term,
    lastIndex: z.number().int().min(0),
    lastTerm: term,
    lastChain: hex,
    committedIndex: z.number().int().min(0),
    chainIndex: z.number().int().min(0),
    committedChain: hex.nullable(),
    votes: z.number().int().min(0),
    voters: z.number().int().min(0),
    grantedBy: z.array(world),
    /** The voter set the candidate campaigned in (its own configuration). */
    voterIds: z.array(world),
    transfer: z.boolean(),
  }),
  entry_applied: z.strictObject({ index: z.number().int().min(1), term, digest: hex, chain: hex, appliedInTerm: term, kind: z.string(), id: z.string().nullable() }),
  node_stopped: z.strictObject({ term, role: z.enum(['follower', 'precandidate', 'candidate', 'leader']) }),
  disk_write_failed: z.strictObject({ node: world, index: z.number().int().min(0) }),
  transfer_started: z.strictObject({ term, to: world }),
  transfer_aborted: z.strictObject({ term, to: world.nullable(), reason: z.string() }),
  transfer_refused: z.strictObject({ to: z.number().int().nullable(), reason: z.string() }),
  config_proposed: z.strictObject({ term, index: z.number().int().min(1), voters: z.array(world), node: world, action: z.enum(['add', 'remove']), requester: z.string() }),
  config_committed: z.strictObject({ term, index: z.number().int().min(1), voters: z.array(world) }),
  config_refused: z.strictObject({ node: world, action: z.enum(['add', 'remove']), requester: z.string(), reason: z.string() }),
  fenced: z.strictObject({ term, role: z.enum(['follower', 'precandidate', 'candidate', 'leader']), fenced: z.boolean() }),
  snapshot_installed: z.strictObject({ index: z.number().int().min(1), term, chain: hex, bytes: z.number().int().min(0), from: world.nullable() }),
  // A user's drop or delay of one of its RPCs (net/packetFaults.ts).
  ...PACKET_FAULT_EVENTS,
}
