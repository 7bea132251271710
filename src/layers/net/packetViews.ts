/**
 * The packets a layer keeps for its view (the particles in 3D): every layer that sends over the
 * network channel records what it sent, and its view shows what is in flight now. One place for
 * the bookkeeping of mythOS, karmOS and oneirOS.
 */
import type { PacketView } from '../views'

/** Packets kept for a view: pruned to the most recent VIEW_PACKETS_MAX once twice as many pile up. */
export const VIEW_PACKETS_MAX = 200

/** Record a sent packet; returns the list (a new, pruned one when it grew too long). */
export function recordPacket(packets: PacketView[], p: PacketView, nowUs: number): PacketView[] {
  packets.push(p)
  if (packets.length < 2 * VIEW_PACKETS_MAX) return packets
  const live = packets.filter((q) => q.deliverUs > nowUs)
  return live.length > VIEW_PACKETS_MAX ? live.slice(live.length - VIEW_PACKETS_MAX) : live
}

/** The packets in flight at nowUs (sent, not yet delivered), most recent first, copied, at most VIEW_PACKETS_MAX. */
export function inFlightAt(packets: readonly PacketView[], nowUs: number): PacketView[] {
  const out: PacketView[] = []
  for (let i = packets.length - 1; i >= 0 && out.length < VIEW_PACKETS_MAX; i--) {
    const p = packets[i]!
    if (p.deliverUs > nowUs && p.sentUs <= nowUs) out.push({ ...p })
  }
  return out
}
