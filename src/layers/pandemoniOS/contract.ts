/** pandemoniOS's messages: what it consumes and sends, its wire protocol (heartbeats) and its typed context. */
import { z } from 'zod'
import type { Ctx } from '../../kernel/layer'
import { CLOCK_SET_TYPE, ClockSetMsg } from '../../kernel/clocks'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleOutcomeMsg, LifecycleRequestMsg } from '../atmOS/messages'
import { DAEMON_STATE_TYPE, DaemonStateMsg } from '../daemOS/messages'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { CONVICTION_TYPE, ConvictionMsg } from './messages'
import { PandemoniosSettings } from './settings'

export const PANDEMONIOS_CONSUMES = { ...NET_ANNOUNCEMENTS, world_status: WorldStatusMsg, lifecycle_outcome: LifecycleOutcomeMsg, [DAEMON_STATE_TYPE]: DaemonStateMsg, [CLOCK_SET_TYPE]: ClockSetMsg }
export const PANDEMONIOS_SENDS = { [CONVICTION_TYPE]: ConvictionMsg, lifecycle_request: LifecycleRequestMsg, net_stats: NetStatsMsg }

export type PandemoniosCtx = Ctx<LayerScenario, typeof PANDEMONIOS_SENDS, typeof PandemoniosSettings>

const id = z.number().int().min(0)
/** The wire protocol: one heartbeat from a world to one of its observers (seq: the sender's round). */
export const PANDEMONIOS_WIRE = {
  hb: z.strictObject({ t: z.literal('hb'), from: id, to: id, seq: id }),
}
export const HeartbeatWireSchema = PANDEMONIOS_WIRE.hb
export type HeartbeatPacket = z.infer<typeof HeartbeatWireSchema>
/** A heartbeat on the wire, bytes (Akka's Heartbeat: an address and a sequence number). */
export const HEARTBEAT_BYTES = 64
