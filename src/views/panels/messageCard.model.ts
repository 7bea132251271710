/**
 * The message card, the pure part: what a packet in flight says (its type and fields, named as
 * the Raft paper names them for mythOS's RPCs), where the card goes so that it does not cover the
 * particle or arrow it describes, whether the network can still drop or delay it, and the
 * intervention that does. Text only: nothing here is markup.
 */
import { MAX_MESSAGE_DELAY_MS, PACKET_FAULT_LAYERS, type PacketFaultLayer } from '../../layers/net/packetFaults'
import type { WireFields, WireItem } from '../../layers/views'
import type { InterventionRequest } from '../../workers/coordinatorProtocol'
import { placeCard, type Rect, type Size, type Spot } from '../geometry'
import { formatSimTime } from './format'
import { wireType, type PickedMessage } from './messageRef'

/** mythOS's field names → the paper's (the sender's id is the candidate or the leader). */
const RAFT_NAMES: Record<string, Record<string, string>> = {
  prevote: { from: 'candidateId', lastIndex: 'lastLogIndex', lastTerm: 'lastLogTerm', transfer: 'leadershipTransfer' },
  vote: { from: 'candidateId', lastIndex: 'lastLogIndex', lastTerm: 'lastLogTerm', transfer: 'leadershipTransfer' },
  app: { from: 'leaderId', prevIndex: 'prevLogIndex', prevTerm: 'prevLogTerm', commit: 'leaderCommit' },
  hb: { from: 'leaderId', commit: 'leaderCommit' },
  app_resp: { index: 'index (match or rejected)', hint: 'rejectHint', hintTerm: 'hintTerm' },
}

const scalarText = (v: unknown): string => (v === null ? 'none' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v))

function itemText(item: WireItem): string {
  if (item === null || typeof item !== 'object') return scalarText(item)
  return Object.entries(item)
    .map(([k, v]) => `${k} ${scalarText(v)}`)
    .join(' · ')
}

/** One AppendEntries entry: its index (prevLogIndex + 1 + i), term, kind and happening id. */
function raftEntryText(item: WireItem, index: number | null): string {
  if (item === null || typeof item !== 'object') return scalarText(item)
  const parts = [index === null ? '' : `#${index}`, `term ${scalarText(item['term'])}`, scalarText(item['kind'])]
  if (typeof item['id'] === 'string') parts.push(item['id'])
  if (typeof item['text'] === 'string' && item['text'] !== '') parts.push(`“${item['text']}”`)
  return parts.filter((s) => s !== '').join(' · ')
}

/** A row of the card: a label and its value's lines (a list gives one line per item shown). */
export interface FieldRow {
  label: string
  lines: string[]
}

/**
 * The message's fields as rows, in the paper's names for mythOS: the wire type and the link are
 * the card's title and header, so `t`, `from` (unless the paper names it) and `to` are left out.
 */
export function fieldRows(m: PickedMessage): FieldRow[] {
  const fields: WireFields = m.packet.fields ?? {}
  const t = wireType(m.packet)
  const names = m.layer === 'mythOS' ? (RAFT_NAMES[t] ?? {}) : {}
  const rows: FieldRow[] = []
  for (const [key, value] of Object.entries(fields)) {
    if (key === 't' || key === 'to' || (key === 'from' && names['from'] === undefined)) continue
    const label = names[key] ?? key
    if (value !== null && typeof value === 'object' && 'items' in value && Array.isArray(value.items)) {
      const prev = typeof fields['prevIndex'] === 'number' ? fields['prevIndex'] : null
      const raft = m.layer === 'mythOS' && key === 'entries'
      const lines = value.items.map((item, i) => (raft ? raftEntryText(item, prev === null ? null : prev + 1 + i) : itemText(item)))
      if (value.count > value.items.length) lines.push(`… ${value.count - value.items.length} more`)
      rows.push({ label: `${label} (${value.count})`, lines: value.count === 0 ? ['none (a heartbeat)'] : lines })
      continue
    }
    if (key === 'reject' && m.layer === 'mythOS') {
      rows.push({ label: t === 'app_resp' ? 'success' : t.endsWith('vote_resp') ? 'voteGranted' : 'granted', lines: [value === false ? 'yes' : 'no'] })
      continue
    }
    rows.push({ label, lines: [key === 'from' && typeof value === 'number' ? `w${value}` : scalarText(value)] })
  }
  return rows
}

/** Why the network cannot drop or delay this message now, or null when it can. */
export function faultBlocker(m: PickedMessage, o: { network: string; frontierUs: number; quantumUs: number }): string | null {
  if (o.network !== 'pneumOS') return `${o.network}, the ideal network, loses and delays nothing: run on pneumOS to drop or delay a message`
  if (!(PACKET_FAULT_LAYERS as readonly string[]).includes(m.layer)) return `${m.layer}'s messages cannot be dropped or delayed`
  if (m.packet.fields === undefined || typeof m.packet.fields['t'] !== 'string') return 'this message does not say its type: it cannot be named'
  if (m.packet.deliverUs <= o.frontierUs) return `delivered at ${formatSimTime(m.packet.deliverUs, 6)}: no longer in flight`
  // pneumOS passes the fault on at the next window start (net/packetFaults.ts).
  const landsUs = o.frontierUs - (o.frontierUs % o.quantumUs) + o.quantumUs
  if (m.packet.deliverUs <= landsUs) return `it arrives at ${formatSimTime(m.packet.deliverUs, 6)}, before the network can act (${formatSimTime(landsUs, 6)}, the next window)`
  return null
}

/** A delay typed by the person → whole ms within bounds, or null when it is not a number. */
export function parseDelayMs(text: string): number | null {
  const v = Number(text)
  if (text.trim() === '' || !Number.isFinite(v)) return null
  return Math.min(MAX_MESSAGE_DELAY_MS, Math.max(1, Math.round(v)))
}

/** The intervention that drops (delayMs null) or delays the picked message; the coordinator stamps its time. */
export function faultRequest(m: PickedMessage, delayMs: number | null): InterventionRequest {
  const ref = {
    layer: m.layer as PacketFaultLayer,
    type: wireType(m.packet),
    from: m.packet.from,
    to: m.packet.to,
    sentUs: m.packet.sentUs,
    deliverUs: m.packet.deliverUs,
    ...(m.nth > 0 ? { nth: m.nth } : {}),
  }
  return delayMs === null ? { kind: 'message_drop', ...ref } : { kind: 'message_delay', ...ref, delayMs }
}

/**
 * Where the card goes: beside the anchor (the particle, or the point of the arrow clicked), never
 * over it — to the right, else left, below, above — and inside the viewport, 18 px clear of the
 * anchor and of `avoid` (e.g. the arrow's box) when the viewport allows, else of the anchor alone.
 */
export function cardSpot(anchor: { x: number; y: number }, size: Size, viewport: Size, avoid?: Rect): Spot {
  const a = avoid ?? { left: anchor.x, top: anchor.y, width: 0, height: 0 }
  const left = Math.min(a.left, anchor.x)
  const top = Math.min(a.top, anchor.y)
  const target = { left, top, width: Math.max(a.left + a.width, anchor.x) - left, height: Math.max(a.top + a.height, anchor.y) - top }
  return placeCard(target, size, viewport, { gap: 18, margin: 4, top: anchor.y - 24, left: anchor.x - size.width / 2, keep: { left: anchor.x - 6, top: anchor.y - 6, width: 12, height: 12 } })
}
