/**
 * The packets a layer keeps for its view (the particles in 3D): every layer that sends over the
 * network channel records what it sent, and its view shows what is in flight now. One place for
 * the bookkeeping of mythOS, karmOS and oneirOS.
 *
 * A recorded packet may keep the message it carries (`msg`, a reference: nothing is copied at
 * send time); the view shows its fields, summarised (wireFields), so that the message card can
 * show a RequestVote's term and lastLogIndex without shipping whole logs to the page.
 */
import type { PacketView, WireFields, WireItem, WireScalar } from '../views'

/** Packets kept for a view: pruned to the most recent VIEW_PACKETS_MAX once twice as many pile up. */
export const VIEW_PACKETS_MAX = 200

/** A packet as a layer records it: its view, and the message it carries (state only, never in a view). */
export interface RecordedPacket extends PacketView {
  msg?: object
}

/** Record a sent packet; returns the list (a new, pruned one when it grew too long). */
export function recordPacket(packets: RecordedPacket[], p: RecordedPacket, nowUs: number): RecordedPacket[] {
  packets.push(p)
  if (packets.length < 2 * VIEW_PACKETS_MAX) return packets
  const live = packets.filter((q) => q.deliverUs > nowUs)
  return live.length > VIEW_PACKETS_MAX ? live.slice(live.length - VIEW_PACKETS_MAX) : live
}

/** The packets in flight at nowUs (sent, not yet delivered), most recent first, copied, at most VIEW_PACKETS_MAX. */
export function inFlightAt(packets: readonly RecordedPacket[], nowUs: number): PacketView[] {
  const out: PacketView[] = []
  for (let i = packets.length - 1; i >= 0 && out.length < VIEW_PACKETS_MAX; i--) {
    const p = packets[i]!
    if (p.deliverUs > nowUs && p.sentUs <= nowUs) {
      const v: PacketView = { from: p.from, to: p.to, sentUs: p.sentUs, deliverUs: p.deliverUs, kind: p.kind }
      if (p.msg !== undefined) v.fields = wireFields(p.msg)
      out.push(v)
    }
  }
  return out
}

/** Longest string shown of a field, and of a field inside a list's item. */
const MAX_STRING = 64
const MAX_ITEM_STRING = 24
/** Items of a list shown (the count says how many there are). */
export const MAX_LIST_ITEMS = 8

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

function scalar(v: unknown, n: number): WireScalar | undefined {
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return v
    case 'string':
      return v.length > n ? cut(v, n) : v
    default:
      return v === null ? null : undefined
  }
}

/**
 * A message's fields, summarised for the page: numbers, booleans and null as they are, strings
 * cut to MAX_STRING characters, a list as its length and its first MAX_LIST_ITEMS items (an
 * object item keeps only its scalar fields, strings cut shorter), anything else left out.
 * Plain data, never markup: the card shows it as text.
 */
export function wireFields(msg: object): WireFields {
  const out: WireFields = {}
  const m = msg as Record<string, unknown>
  for (const k in m) {
    const v = m[k]
    const s = scalar(v, MAX_STRING)
    if (s !== undefined) {
      out[k] = s
      continue
    }
    if (!Array.isArray(v)) continue
    const items: WireItem[] = []
    const shown = Math.min(v.length, MAX_LIST_ITEMS)
    for (let i = 0; i < shown; i++) {
      const item: unknown = v[i]
      const si = scalar(item, MAX_ITEM_STRING)
      if (si !== undefined) {
        items.push(si)
        continue
      }
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue
      const o: Record<string, WireScalar> = {}
      const it = item as Record<string, unknown>
      for (const ik in it) {
        const x = scalar(it[ik], MAX_ITEM_STRING)
        if (x !== undefined) o[ik] = x
      }
      items.push(o)
    }
    out[k] = { count: v.length, items }
  }
  return out
}
