/**
 * What names a message in flight, for the first page (3D picking, the card's title): the rest of
 * the message card's model (messageCard.model.ts) loads with the card, lazily.
 */
import type { PacketView } from '../../layers/views'
import type { Intervention } from '../../scenario/schema'

/** A message the person picked: the packet as its layer's view showed it, and the layer that carries it. */
export interface PickedMessage {
  layer: string
  packet: PacketView
  /** Which of several identical copies (same layer, type, link, send and delivery time): 0 for the first. */
  nth: number
}

/** mythOS's wire types, as the Raft paper and etcd call them. */
const RAFT_TITLES: Record<string, string> = {
  prevote: 'PreVote (RequestVote, pre-vote phase)',
  vote: 'RequestVote',
  prevote_resp: 'PreVote reply',
  vote_resp: 'RequestVote reply',
  app: 'AppendEntries',
  app_resp: 'AppendEntries reply',
  hb: 'Heartbeat',
  hb_resp: 'Heartbeat reply',
  timeout_now: 'TimeoutNow (leadership transfer)',
  forward: 'Proposal forwarded to the leader',
}

/** The message's wire type: its `t` field, or the view's kind. */
export const wireType = (p: PacketView): string => (typeof p.fields?.['t'] === 'string' ? (p.fields['t'] as string) : p.kind)

/** The card's title. */
export function messageTitle(m: PickedMessage): string {
  const t = wireType(m.packet)
  if (m.layer === 'mythOS' && RAFT_TITLES[t]) return RAFT_TITLES[t]!
  return `${m.layer} ${t}`
}

/** Which copy `p` is among the packets of a view identical to it (a view lists the most recent first). */
export function copyIndex(list: readonly PacketView[], p: PacketView): number {
  const t = wireType(p)
  let nth = 0
  for (let i = list.length - 1; i >= 0; i--) {
    const q = list[i]!
    if (q === p) return nth
    if (q.from === p.from && q.to === p.to && q.sentUs === p.sentUs && q.deliverUs === p.deliverUs && wireType(q) === t) nth++
  }
  return 0
}

/** The same message (layer, type, link, send and delivery time, copy). */
export const sameMessage = (a: { layer: string; type: string; from: number; to: number; sentUs: number; deliverUs?: number }, b: { layer: string; type: string; from: number; to: number; sentUs: number; deliverUs?: number }): boolean =>
  a.layer === b.layer && a.type === b.type && a.from === b.from && a.to === b.to && a.sentUs === b.sentUs && (a.deliverUs === undefined || b.deliverUs === undefined || a.deliverUs === b.deliverUs)

/** A drop or a delay the person made of one message (MessageCard). */
export type MessageFault = Extract<Intervention, { kind: 'message_drop' | 'message_delay' }>

/**
 * The drops and delays of the scenario, by the send time of the message each names (computed
 * again when the interventions change): Packets.tsx looks a packet up by a number, with no key
 * string per packet per frame.
 */
export function faultsBySend(interventions: readonly Intervention[]): Map<number, MessageFault[]> {
  const out = new Map<number, MessageFault[]>()
  for (const iv of interventions) {
    if (iv.kind !== 'message_drop' && iv.kind !== 'message_delay') continue
    const at = out.get(iv.sentUs)
    if (at === undefined) out.set(iv.sentUs, [iv])
    else at.push(iv)
  }
  return out
}

/** The last drop or delay among `faults` (sent when `packet` was) that names `packet`, if any. */
export function faultOn(faults: readonly MessageFault[], layer: string, packet: PacketView): MessageFault['kind'] | undefined {
  const ref = { layer, type: wireType(packet), from: packet.from, to: packet.to, sentUs: packet.sentUs, deliverUs: packet.deliverUs }
  let kind: MessageFault['kind'] | undefined
  for (const iv of faults) if (sameMessage(iv, ref)) kind = iv.kind
  return kind
}
