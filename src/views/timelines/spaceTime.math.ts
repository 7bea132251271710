/**
 * karmOS's space-time (Lamport) diagram, the math: the packets the views carried, accumulated on
 * the main thread (a layer's view holds only what is in flight now), and their layout as arrows
 * from (sender lane, send time) to (receiver lane, receive time). Pure; the component draws.
 */
import type { PacketView } from '../../layers/views'

export interface SpaceTimeMsg extends PacketView {
  layer: 'mythOS' | 'karmOS'
}

/** Packets kept at most (oldest dropped first). */
export const HISTORY_MAX = 4_000

/** Packets seen in successive views, deduplicated by (layer, from, to, sent, deliver), bounded. */
export class PacketHistory {
  private readonly byKey = new Map<string, SpaceTimeMsg>()
  private lastUs = 0

  /** Take the packets of one frame's views at sim time nowUs (a time going back is a new run: start over). */
  add(nowUs: number, layer: SpaceTimeMsg['layer'], packets: readonly PacketView[] | undefined): void {
    if (nowUs < this.lastUs) this.byKey.clear()
    this.lastUs = nowUs
    if (!packets) return
    for (const p of packets) {
      const key = `${layer}|${p.from}|${p.to}|${p.sentUs}|${p.deliverUs}`
      if (this.byKey.has(key)) continue
      this.byKey.set(key, { ...p, layer })
      if (this.byKey.size > HISTORY_MAX) this.byKey.delete(this.byKey.keys().next().value!)
    }
  }

  get size(): number {
    return this.byKey.size
  }

  all(): IterableIterator<SpaceTimeMsg> {
    return this.byKey.values()
  }
}

export interface Arrow {
  msg: SpaceTimeMsg
  x1: number
  y1: number
  x2: number
  y2: number
}

export interface Layout {
  lanes: { world: number; y: number }[]
  arrows: Arrow[]
  x: (us: number) => number
}

/**
 * Arrows between the picked worlds' lanes over [fromUs, toUs], in [left, right] × lanes spaced
 * laneGap apart from top. A message with either end outside the picked lanes is not drawn; one
 * still in flight at toUs ends at its delivery time (beyond the edge: clipped by the drawing).
 */
export function layoutSpaceTime(msgs: Iterable<SpaceTimeMsg>, worlds: readonly number[], fromUs: number, toUs: number, left: number, right: number, top: number, laneGap: number, maxArrows = 1_500): Layout {
  const span = Math.max(1, toUs - fromUs)
  const x = (us: number) => left + ((us - fromUs) / span) * (right - left)
  const laneOf = new Map<number, number>()
  const lanes = worlds.map((world, i) => {
    laneOf.set(world, i)
    return { world, y: top + i * laneGap }
  })
  const arrows: Arrow[] = []
  for (const m of msgs) {
    const a = laneOf.get(m.from)
    const b = laneOf.get(m.to)
    if (a === undefined || b === undefined || a === b) continue
    if (m.deliverUs < fromUs || m.sentUs > toUs) continue
    arrows.push({ msg: m, x1: x(m.sentUs), y1: lanes[a]!.y, x2: x(m.deliverUs), y2: lanes[b]!.y })
  }
  // The newest when there are too many to draw.
  if (arrows.length > maxArrows) {
    arrows.sort((p, q) => p.msg.sentUs - q.msg.sentUs)
    arrows.splice(0, arrows.length - maxArrows)
  }
  return { lanes, arrows, x }
}

/** The worlds shown by default: the first few, and the selected one if it is not among them. */
export function defaultLanes(count: number, selected: number | null, max = 6): number[] {
  const out: number[] = []
  for (let i = 0; i < Math.min(count, max); i++) out.push(i)
  if (selected !== null && selected < count && !out.includes(selected)) out.push(selected)
  return out
}
