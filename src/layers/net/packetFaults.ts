/**
 * Dropping or delaying one message in flight, by the user's hand (issue 13: read every message).
 *
 * The network layer of the run (pneumOS) owns the interventions `message_drop` and
 * `message_delay`. A message is named deterministically by what the channel knows of it: the
 * layer that carries it, its wire type, sender, receiver, send time and delivery time (µs), and
 * `nth` when several identical copies share all of these (the nth of them in delivery order).
 *
 * A packet's delivery is decided in the layer that sends it (transport.ts: an exact timer per
 * copy), so pneumOS cannot touch it itself. At the intervention's instant it announces a
 * `packet_fault` to every layer of the channel (it lands at the next window start, as every
 * announcement); the carrying layer keeps it with its network state and applies it in
 * receiveWire, at the packet's delivery: dropped (counted as dropped, `message_dropped`
 * {by:'user'}), or put back on the wire `delayMs` later (`message_delayed`). A message that is
 * delivered before the announcement can land, or that never existed, gets `message_fault_missed`
 * with the reason: a no-op with a notice, never a crash.
 *
 * The ideal network (aetherOS) loses nothing and cannot be told to: a scenario on it refuses
 * these interventions (the schema names pneumOS), as it ignores partitions.
 *
 * A run without these interventions never sees a `packet_fault`, keeps no fault list
 * (NetState.faults stays absent) and draws exactly as before.
 */
import { z } from 'zod'
import type { Json, LayerContext, NodeId } from '../../kernel/types'
import { simUs, windowStart } from '../../kernel/time'
import { int, MAX_WORLDS } from '../../scenario/base'

/** The layers whose packets may be dropped or delayed: those that show them (their views' inFlight) and hand receiveWire their timer. */
export const PACKET_FAULT_LAYERS = ['mythOS', 'karmOS', 'oneirOS'] as const
export type PacketFaultLayer = (typeof PACKET_FAULT_LAYERS)[number]

/** The longest delay a user may add to one message, ms. */
export const MAX_MESSAGE_DELAY_MS = 600_000

const us = int(0, Number.MAX_SAFE_INTEGER)
const world = int(0, MAX_WORLDS - 1)

/** How the channel names one message (shared by the interventions and the announcement). */
const MESSAGE_REF = {
  /** The layer that carries it (its wire protocol). */
  layer: z.enum(PACKET_FAULT_LAYERS),
  /** Its wire type, as the layer names it on the wire (mythOS: 'vote', 'app', 'hb' …). */
  type: z.string().min(1).max(40),
  from: world,
  to: world,
  /** When it was sent and when it is due at `to`, µs of sim time. */
  sentUs: us,
  deliverUs: us,
  /** Which of several copies identical in all of the above (0: the first delivered). */
  nth: int(0, 10_000).optional(),
}

const fmtS = (t: number): string => `${(t / 1e6).toFixed(6)} s`

/** Checks a message reference can name a message in flight at the intervention's time. */
function checkRef(v: { atUs: number; from: number; to: number; sentUs: number; deliverUs: number }, ctx: z.RefinementCtx): void {
  if (v.from === v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `a message goes from one world to another (from and to are both ${v.from})` })
  if (v.deliverUs <= v.sentUs) ctx.addIssue({ code: 'custom', path: ['deliverUs'], message: `a message is delivered after it is sent (sent ${fmtS(v.sentUs)}, delivered ${fmtS(v.deliverUs)})` })
  if (v.sentUs > v.atUs) ctx.addIssue({ code: 'custom', path: ['sentUs'], message: `the message is sent at ${fmtS(v.sentUs)}, after the intervention at ${fmtS(v.atUs)}: only a message already in flight can be named` })
  if (v.deliverUs <= v.atUs)
    ctx.addIssue({ code: 'custom', path: ['deliverUs'], message: `the message was delivered at ${fmtS(v.deliverUs)}, not after the intervention at ${fmtS(v.atUs)}: it is no longer in flight` })
}

/** The user drops one message in flight (pneumOS). */
export const MessageDropIntervention = z
  .strictObject({ kind: z.literal('message_drop'), atUs: us, ...MESSAGE_REF })
  .superRefine(checkRef)

/** The user delays one message in flight by delayMs (pneumOS). */
export const MessageDelayIntervention = z
  .strictObject({ kind: z.literal('message_delay'), atUs: us, ...MESSAGE_REF, delayMs: int(1, MAX_MESSAGE_DELAY_MS) })
  .superRefine(checkRef)

export type MessageDrop = z.infer<typeof MessageDropIntervention>
export type MessageDelay = z.infer<typeof MessageDelayIntervention>

/** What pneumOS (the run's network) takes from the user. */
export const PACKET_FAULT_INTERVENTIONS = { message_drop: MessageDropIntervention, message_delay: MessageDelayIntervention }

/** The network → every layer of the channel: drop (delayMs absent) or delay one message at its delivery. */
export const PacketFaultMsg = z.strictObject({ ...MESSAGE_REF, delayMs: int(1, MAX_MESSAGE_DELAY_MS).optional() })
export type PacketFault = z.infer<typeof PacketFaultMsg>

/** A fault kept by a carrying layer until its message arrives: how many identical copies went by. */
export interface PendingFault extends PacketFault {
  seen: number
}

const faultData = { type: z.string().max(40), from: world, to: world, sentUs: us }

/** The events of a user's drop or delay (declared by every layer that carries such packets, and the network's). */
export const PACKET_FAULT_EVENTS = {
  message_dropped: z.strictObject({ by: z.literal('user'), ...faultData }),
  message_delayed: z.strictObject({ by: z.literal('user'), ...faultData, delayMs: int(1, MAX_MESSAGE_DELAY_MS), deliverUs: us }),
  /** A drop or delay that found nothing to act on: the message was delivered first, or never was. */
  message_fault_missed: z.strictObject({ layer: z.string().max(40), action: z.enum(['drop', 'delay']), ...faultData, deliverUs: us, reason: z.string().max(200) }),
}

type MissedData = z.infer<(typeof PACKET_FAULT_EVENTS)['message_fault_missed']>

const missed = (f: PacketFault, reason: string): MissedData => ({
  layer: f.layer,
  action: f.delayMs === undefined ? 'drop' : 'delay',
  type: f.type,
  from: f.from,
  to: f.to,
  sentUs: f.sentUs,
  deliverUs: f.deliverUs,
  reason,
})

/**
 * The network layer's side, at the intervention's instant: announce the fault to the layers of
 * the channel, or say why it cannot act (emitting `message_fault_missed`). `running` are the
 * layers of this run, `n` its world count. Returns the announcement to send, or null.
 */
export function announcePacketFault(iv: MessageDrop | MessageDelay, ctx: Pick<LayerContext, 'now' | 'quantumUs' | 'emit'>, running: readonly string[], n: number): PacketFault | null {
  const f: PacketFault = { layer: iv.layer, type: iv.type, from: iv.from, to: iv.to, sentUs: iv.sentUs, deliverUs: iv.deliverUs }
  if (iv.nth !== undefined) f.nth = iv.nth
  if (iv.kind === 'message_delay') f.delayMs = iv.delayMs
  // The announcement lands at the next window start: every layer of the channel applies it then.
  const landsUs = windowStart(ctx.now, ctx.quantumUs) + ctx.quantumUs
  let reason: string | null = null
  if (!running.includes(iv.layer)) reason = `${iv.layer} does not run in this scenario`
  else if (iv.from >= n || iv.to >= n) reason = `there is no world ${Math.max(iv.from, iv.to)} (there are ${n})`
  else if (iv.deliverUs <= landsUs) reason = `delivered at ${fmtS(iv.deliverUs)}, before the network could act on it (at ${fmtS(landsUs)}, the next window)`
  if (reason !== null) {
    ctx.emit('message_fault_missed', iv.to < n ? iv.to : null, missed(f, reason))
    return null
  }
  return f
}

/** A carrying layer keeps an announced fault (applyNetAnnouncement). */
export function keepPacketFault(faults: PendingFault[] | undefined, data: unknown): PendingFault[] | 'rejected' {
  const r = PacketFaultMsg.safeParse(data)
  if (!r.success) return 'rejected'
  const list = faults ?? []
  list.push({ ...r.data, seen: 0 })
  return list
}

/** What receiveWire does with a packet a user's fault names: nothing (null), drop it, or it was put back on the wire later. */
export type FaultVerdict = null | 'dropped' | 'delayed'

/**
 * At a packet's delivery in a carrying layer (receiveWire): faults whose message is overdue are
 * forgotten (this layer's with a `message_fault_missed`); a fault that names this packet acts on
 * it. `timer` is the layer's timer payload of this packet: a delay schedules it again, and, when
 * the packet carries a stamp (`stampId`, its channel id), is observed as `packet_held` {id, from,
 * to, untilUs}: the checkers that match receives to sends remember that send until it arrives.
 */
export function applyPacketFaults(faults: PendingFault[], ctx: LayerContext, from: NodeId, to: NodeId, sentUs: number, type: string, timer: Json | undefined, stampId?: number): FaultVerdict {
  let verdict: FaultVerdict = null
  for (let i = 0; i < faults.length; i++) {
    const f = faults[i]!
    const mine = f.layer === ctx.layer
    if (f.deliverUs < ctx.now) {
      faults.splice(i--, 1)
      if (mine) ctx.emit('message_fault_missed', f.to, missed(f, `no ${f.type} from w${f.from} reached w${f.to} at ${fmtS(f.deliverUs)}: nothing to ${f.delayMs === undefined ? 'drop' : 'delay'}`))
      continue
    }
    if (verdict !== null || !mine || f.deliverUs !== ctx.now || f.from !== from || f.to !== to || f.sentUs !== sentUs || f.type !== type) continue
    if (f.seen++ !== (f.nth ?? 0)) continue
    faults.splice(i--, 1)
    const data = { by: 'user' as const, type, from, to, sentUs }
    if (f.delayMs === undefined) {
      ctx.emit('message_dropped', to, data)
      verdict = 'dropped'
    } else if (timer === undefined) {
      ctx.emit('message_fault_missed', to, missed(f, `${ctx.layer} cannot put this message back on the wire`))
    } else {
      const at = ctx.now + f.delayMs * 1_000
      ctx.schedule(simUs(at), timer)
      ctx.emit('message_delayed', to, { ...data, delayMs: f.delayMs, deliverUs: at })
      if (stampId !== undefined && ctx.observing) ctx.observe('packet_held', { id: stampId, from, to, untilUs: at })
      verdict = 'delayed'
    }
  }
  return verdict
}
