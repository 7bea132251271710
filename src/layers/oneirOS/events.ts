/** oneirOS's logOS events. node: the sender (the leader) for snapshot_started/sent/aborted, the receiver for snapshot_received. */
import { z } from 'zod'
import { PACKET_FAULT_EVENTS } from '../net/packetFaults'

const world = z.number().int().min(0)
const count = z.number().int().min(0)

export const ONEIROS_EVENTS = {
  snapshot_started: z.strictObject({ to: world, index: count, bytes: count, chunks: count }),
  /** Every chunk acknowledged. */
  snapshot_sent: z.strictObject({ to: world, index: count, bytes: count, chunks: count, resends: count, restarts: count, tookUs: count }),
  /** Given up (no progress after maxRetries timeouts, the sender crashed, or a newer transfer replaced it). */
  snapshot_aborted: z.strictObject({ to: world, index: count, reason: z.string() }),
  /** The receiver holds the whole snapshot and hands it to mythOS. */
  snapshot_received: z.strictObject({ from: world, index: count, bytes: count, chunks: count }),
  // A user's drop or delay of one of its packets (net/packetFaults.ts).
  ...PACKET_FAULT_EVENTS,
}
