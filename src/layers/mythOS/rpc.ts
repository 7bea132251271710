/**
 * Raft RPCs between the worlds, carried by the network model (transport.ts): every send asks
 * transmit() for the exact delivery times (none when lost, two when duplicated) and schedules one
 * timer per copy; at the timer, deliverable() decides whether the packet still arrives (a
 * partition may have started, the receiver may have crashed). Messages mirror etcd/raft's.
 *
 * Durability gate (etcd's Ready contract): a node that is not the leader and has state not yet
 * on its disk holds what it sends until the write covering that state completes (persist.ts), so
 * a vote is granted, an append acknowledged, a RequestVote sent only once term, vote and entries
 * are durable. The leader sends at once, writing its own log in parallel (Raft thesis §10.2.1,
 * as etcdserver does): it counts itself toward commit only up to its durable index.
 */
import { simUs } from '../../kernel/time'
import type { Json, NodeId } from '../../kernel/types'
import type { MythosCtx } from './contract'
import { sendWire, type WireMeta } from '../net/transport'
import { recordPacket } from '../net/packetViews'
import { unsynced, type MythosState, type RaftNode, type WireEntry } from './state'

interface Base {
  from: NodeId
  to: NodeId
  term: number
}

/** MsgPreVote / MsgVote. A pre-vote carries the term the sender would campaign in (its term + 1). */
export interface VoteMsg extends Base {
  t: 'prevote' | 'vote'
  lastIndex: number
  lastTerm: number
  /** etcd campaignTransfer: voters ignore their leader lease. */
  transfer: boolean
}

export interface VoteRespMsg extends Base {
  t: 'prevote_resp' | 'vote_resp'
  reject: boolean
}

export interface AppendMsg extends Base {
  t: 'app'
  prevIndex: number
  prevTerm: number
  entries: WireEntry[]
  commit: number
}

export interface AppendRespMsg extends Base {
  t: 'app_resp'
  /** Accepted: the last index this append vouched for. Rejected: the rejected prevIndex. */
  index: number
  reject: boolean
  /** Reject hint (etcd RejectHint / LogTerm): the follower's largest index with term <= prevTerm. */
  hint: number
  hintTerm: number
}

export interface HeartbeatMsg extends Base {
  t: 'hb'
  /** min(follower's match, leader's commit): never beyond what the follower is known to hold. */
  commit: number
}

export interface HeartbeatRespMsg extends Base {
  t: 'hb_resp'
}

export interface TimeoutNowMsg extends Base {
  t: 'timeout_now'
}

/** A proposal a follower forwards to its leader (etcd MsgProp; carries no term). */
export interface ForwardMsg extends Base {
  t: 'forward'
  id: string
  text: string
  hops: number
}

export type RaftMsg = VoteMsg | VoteRespMsg | AppendMsg | AppendRespMsg | HeartbeatMsg | HeartbeatRespMsg | TimeoutNowMsg | ForwardMsg

/** The timer payload of a packet in flight. */
export interface PacketTimer {
  k: 'rpc'
  sentUs: number
  m: RaftMsg
  /** Stamps and corruption (net/transport.ts sendWire), when any. */
  w?: WireMeta
}

/** Byte estimates for bandwidth (a protobuf-ish header plus the payload). */
const HEADER_BYTES = 48
const ENTRY_OVERHEAD_BYTES = 24

export function messageBytes(m: RaftMsg): number {
  switch (m.t) {
    case 'app': {
      let b = HEADER_BYTES + 24
      for (const e of m.entries) b += ENTRY_OVERHEAD_BYTES + e.digest.length + (e.id?.length ?? 0) + e.text.length
      return b
    }
    case 'forward':
      return HEADER_BYTES + m.id.length + m.text.length
    case 'prevote':
    case 'vote':
      return HEADER_BYTES + 16
    case 'app_resp':
      return HEADER_BYTES + 24
    default:
      return HEADER_BYTES
  }
}

/** The kind shown for a packet in the view (PacketView.kind). */
export function packetKind(m: RaftMsg): string {
  switch (m.t) {
    case 'prevote':
      return 'prevote'
    case 'vote':
      return 'vote'
    case 'app':
      return 'append'
    case 'hb':
      return 'heartbeat'
    case 'timeout_now':
      return 'timeoutnow'
    case 'forward':
      return 'forward'
    default:
      return 'reply'
  }
}

/** Hold `m` until the sender's state as of now is durable (released in order by persist.ts). */
export function holdRpc(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: RaftMsg): void {
  if (nd.held.length === 0) nd.heldSinceUs = ctx.now
  nd.held.push({ need: nd.stateSeq, sinceUs: ctx.now, m })
  s.stats.messagesHeld++
}

/** Send one RPC: at once, or once the sender's state is durable (see the header). */
export function sendRpc(s: MythosState, ctx: MythosCtx, m: RaftMsg): void {
  const nd = s.nodes[m.from]!
  if (nd.role !== 'leader' && unsynced(nd)) holdRpc(s, ctx, nd, m)
  else transmitRpc(s, ctx, m)
}

/** Put one RPC on the network now: schedules a delivery timer per copy the network delivers. */
export function transmitRpc(s: MythosState, ctx: MythosCtx, m: RaftMsg): void {
  s.stats.rpcsSent++
  const { times, meta, payload: wire } = sendWire(s.net, ctx, m.from, m.to, messageBytes(m), m)
  if (times.length === 0) {
    s.stats.rpcsLost++
    return
  }
  const kind = packetKind(m)
  const w = meta.s || meta.bad ? meta : undefined
  for (const at of times) {
    const payload: PacketTimer = w ? { k: 'rpc', sentUs: ctx.now, m: wire, w } : { k: 'rpc', sentUs: ctx.now, m }
    ctx.schedule(simUs(at), payload as unknown as Json)
    s.packets = recordPacket(s.packets, { from: m.from, to: m.to, sentUs: ctx.now, deliverUs: at, kind, msg: m }, s.nowUs)
  }
}
