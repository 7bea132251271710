/** The network layers' logOS events (pneumOS, aetherOS). */
import { z } from 'zod'
import { PartitionStartMsg } from './messages'

export const NETWORK_EVENTS = {
  partition_started: PartitionStartMsg,
  partition_healed: PartitionStartMsg,
  /** An announcement this network layer does not apply (e.g. partitions on the ideal network). */
  announcement_rejected: z.strictObject({ type: z.string() }),
}
