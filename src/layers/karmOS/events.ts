/** karmOS's logOS events. */
import { z } from 'zod'
import { PACKET_FAULT_EVENTS } from '../net/packetFaults'

const index = z.number().int().min(1)
const world = z.number().int().min(0)

export const KARMOS_EVENTS = {
  ledger_corrupted: z.strictObject({ index }),
  /** chaOS asked for a corruption that found nothing to damage. */
  ledger_corruption_missed: z.strictObject({ reason: z.string() }),
  /** Entries not yet durable, lost in a crash (re-fetched from peers later). */
  ledger_lost: z.strictObject({ entries: z.number().int().min(0) }),
  divergence_found: z.strictObject({ peer: world, fromIndex: index, toIndex: index, levels: z.number().int().min(0) }),
  ledger_repaired: z.strictObject({ index, from: world }),
  // A user's drop or delay of one of its messages (net/packetFaults.ts).
  ...PACKET_FAULT_EVENTS,
}
