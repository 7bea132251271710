/** chronOS's messages: what it consumes and sends, its wire protocol (NTP mode 3/4 packets) and its typed context. */
import { z } from 'zod'
import type { Ctx } from '../../kernel/layer'
import { CLOCK_SET_TYPE, ClockSetMsg } from '../../kernel/clocks'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { WorldClocksMsg } from '../atmOS/messages'
import { ClockDriftMsg, ClockJumpMsg } from '../chaOS/settings'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { DaemonStateMsg } from '../daemOS/messages'
import { ChronosSettings } from './settings'

export const CHRONOS_CONSUMES = { ...NET_ANNOUNCEMENTS, world_status: WorldStatusMsg, world_clocks: WorldClocksMsg, clock_drift: ClockDriftMsg, clock_jump: ClockJumpMsg, daemon_state: DaemonStateMsg }
export const CHRONOS_SENDS = { [CLOCK_SET_TYPE]: ClockSetMsg, net_stats: NetStatsMsg }

export type ChronosCtx = Ctx<LayerScenario, typeof CHRONOS_SENDS, typeof ChronosSettings>

// ── The wire protocol: an NTP client request (mode 3) and the server's reply (mode 4), RFC 5905 §7.3.
const stamp = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)
const us = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
export const NTP_WIRE = {
  /** Client → server: T1 (the client's transmit time: the reply echoes it as its origin). */
  req: z.strictObject({ t: z.literal('req'), xmt: stamp }),
  /** Server → client: origin (the request's T1), T2 receive, T3 transmit, and the server's sync state. */
  rep: z.strictObject({ t: z.literal('rep'), org: stamp, rec: stamp, xmt: stamp, stratum: z.number().int().min(1).max(16), rootDelayUs: us, rootDispUs: us }),
}
export const NtpWireSchema = z.discriminatedUnion('t', [NTP_WIRE.req, NTP_WIRE.rep])
export type NtpRequest = z.infer<typeof NTP_WIRE.req>
export type NtpReply = z.infer<typeof NTP_WIRE.rep>
export type NtpPacket = NtpRequest | NtpReply
/** An NTP packet on the wire: 48 bytes (RFC 5905 §7.3, no extension fields). */
export const NTP_PACKET_BYTES = 48
