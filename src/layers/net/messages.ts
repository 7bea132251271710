/**
 * The network channel's announcements (chaOS → every layer that uses the channel) and the link
 * counters layers report to the network layer. Announcements travel one quantum ahead so that
 * every layer applies them at the same instant (DESIGN §3).
 */
import { z } from 'zod'
import { PacketFaultMsg } from './packetFaults'

const count = z.number().int().min(0)
const prob = z.number().min(0).max(1)

/** chaOS's additive contribution to the network, already scaled by the master entropy. */
export const ChaosNetParamsSchema = z.strictObject({
  lossRate: prob,
  duplicateRate: prob,
  reorderRate: prob,
  /** Multiplies the distance + base latency (>= 1). */
  latencyMultiplier: z.number().min(1),
  /** Extra jitter scale, µs. */
  jitterUs: count,
  /** Probability of corruption in flight (only while etymOS runs). */
  corruptRate: prob,
})

export const NetParamsMsg = z.strictObject({ params: ChaosNetParamsSchema })

/** A partition as it starts: disjoint groups, or Jepsen's majorities-ring (non-transitive). */
export const PartitionStartMsg = z.discriminatedUnion('kind', [
  z.strictObject({ id: count, kind: z.literal('groups'), groups: z.array(z.array(count)) }),
  z.strictObject({ id: count, kind: z.literal('ring'), order: z.array(count), reach: count }),
])

/** Heal one partition (by id), or all (null). */
export const PartitionHealMsg = z.strictObject({ id: count.nullable() })

/**
 * Per-link counters a layer sends to the network layer about once a second: a flat array of
 * [from, to, sent, delivered, dropped, duplicated] sextuples.
 */
export const NetStatsMsg = z.strictObject({ layer: z.string().max(40), links: z.array(count) })

/** chaOS's announcements that change the channel (its parameters, its partitions): what the network layer consumes of the channel. */
export const CHAOS_NET_ANNOUNCEMENTS = { net_params: NetParamsMsg, partition_start: PartitionStartMsg, partition_heal: PartitionHealMsg }

/**
 * What every layer that uses the network channel consumes: chaOS's announcements that change it,
 * and the network's `packet_fault` (a user's drop or delay of one message: packetFaults.ts).
 */
export const NET_ANNOUNCEMENTS = { ...CHAOS_NET_ANNOUNCEMENTS, packet_fault: PacketFaultMsg }
