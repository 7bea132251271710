/** The network layers' logOS events (pneumOS, aetherOS). */
import { z } from 'zod'
import { PartitionStartMsg } from './messages'
import { PACKET_FAULT_EVENTS } from './packetFaults'

export const NETWORK_EVENTS = {
  partition_started: PartitionStartMsg,
  partition_healed: PartitionStartMsg,
  /** An announcement this network layer does not apply (e.g. partitions on the ideal network). */
  announcement_rejected: z.strictObject({ type: z.string() }),
  /** A user's drop or delay of a message that the network could not pass on in time (packetFaults.ts). */
  message_fault_missed: PACKET_FAULT_EVENTS.message_fault_missed,
}
