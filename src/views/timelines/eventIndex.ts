/**
 * An incremental index of the retained logOS events, split into lanes and kept sorted by time,
 * so a frame culls each lane with two binary searches instead of walking the whole log.
 * Pure (no DOM), unit-tested. A timeline calls sync(log) when frameBuffer.logVersion changes:
 * only the new offsets are read; events retention dropped are pruned; a new log (a new run)
 * rebuilds from scratch.
 */
import type { LoggedEvent } from '../../kernel/types'

/** What the index reads of an EventLog (src/layers/logOS/log.ts). */
export interface EventSource {
  readonly firstOffset: number
  readonly nextOffset: number
  get(offset: number): LoggedEvent | undefined
}

export class LaneIndex<K> {
  /** Lane → its events, sorted by t (ties in offset order). */
  readonly lanes = new Map<K, LoggedEvent[]>()
  /** Retained indexed events per type. */
  readonly typeCounts = new Map<string, number>()
  /** Retained indexed events per type, per lane. */
  readonly laneTypeCounts = new Map<K, Map<string, number>>()
  /**
   * Each lane's offsets in the order its events were indexed, which is offset order (sync reads the
   * log forwards): what retention drops from a lane is a prefix of them, so pruning finds it
   * without walking the lane.
   */
  private readonly offsets = new Map<K, { list: number[]; head: number }>()
  /** Bumped whenever the indexed events change. */
  version = 0
  /** Bumped whenever a lane gains a type or loses its last event of one (laneTypeCounts' keys change). */
  typesVersion = 0
  private source: EventSource | null = null
  /** Next offset to read. */
  private next = 0
  /** Oldest offset held. */
  private first = 0

  /** `keyOf` routes an event to its lane, or null to leave it out. */
  constructor(private readonly keyOf: (e: LoggedEvent) => K | null) {}

  get size(): number {
    let n = 0
    for (const l of this.lanes.values()) n += l.length
    return n
  }

  /** Catch up with the log. Returns true when something changed. */
  sync(log: EventSource): boolean {
    let changed = false
    if (log !== this.source) {
      this.source = log
      this.lanes.clear()
      this.typeCounts.clear()
      this.laneTypeCounts.clear()
      this.offsets.clear()
      this.typesVersion++
      this.next = this.first = log.firstOffset
      changed = true
    }
    if (log.firstOffset > this.first) {
      this.prune(log.firstOffset)
      changed = true
    }
    if (this.next < log.firstOffset) this.next = log.firstOffset
    for (; this.next < log.nextOffset; this.next++) {
      const e = log.get(this.next)
      if (!e) continue
      const key = this.keyOf(e)
      if (key === null) continue
      this.insert(key, e)
      changed = true
    }
    if (changed) this.version++
    return changed
  }

  private insert(key: K, e: LoggedEvent): void {
    let lane = this.lanes.get(key)
    if (!lane) this.lanes.set(key, (lane = []))
    // The log is in window order, so an event is almost always the latest of its lane; walk back
    // only over the few that are later (another layer's events of the same window).
    let i = lane.length
    while (i > 0 && lane[i - 1]!.t > e.t) i--
    if (i === lane.length) lane.push(e)
    else lane.splice(i, 0, e)
    let offs = this.offsets.get(key)
    if (!offs) this.offsets.set(key, (offs = { list: [], head: 0 }))
    offs.list.push(e.offset)
    this.typeCounts.set(e.type, (this.typeCounts.get(e.type) ?? 0) + 1)
    let types = this.laneTypeCounts.get(key)
    if (!types) this.laneTypeCounts.set(key, (types = new Map()))
    const n = types.get(e.type) ?? 0
    if (n === 0) this.typesVersion++
    types.set(e.type, n + 1)
  }

  /**
   * Drop what retention dropped: per lane, the events below firstOffset. They are a prefix of the
   * lane's offsets (k of them), and in time order they come first but for a few of the same windows
   * as kept ones, so the walk stops once all k are found and the counts change for those alone;
   * the rest of the lane is copied once (a slice, no call per event). Lanes that lost nothing are
   * left as they are.
   */
  private prune(firstOffset: number): void {
    this.first = firstOffset
    for (const [key, lane] of this.lanes) {
      const offs = this.offsets.get(key)!
      let k = 0
      while (offs.head + k < offs.list.length && offs.list[offs.head + k]! < firstOffset) k++
      if (k === 0) continue
      offs.head += k
      if (offs.head >= 1_024 && 2 * offs.head >= offs.list.length) {
        offs.list = offs.list.slice(offs.head)
        offs.head = 0
      }
      const laneTypes = this.laneTypeCounts.get(key)
      const stay: LoggedEvent[] = []
      let i = 0
      for (; k > 0; i++) {
        const e = lane[i]!
        if (e.offset >= firstOffset) {
          stay.push(e)
          continue
        }
        k--
        decrement(this.typeCounts, e.type)
        if (laneTypes && decrement(laneTypes, e.type)) this.typesVersion++
      }
      const kept = stay.length === 0 ? lane.slice(i) : stay.concat(lane.slice(i))
      if (kept.length > 0) this.lanes.set(key, kept)
      else {
        this.lanes.delete(key)
        this.laneTypeCounts.delete(key)
        this.offsets.delete(key)
      }
    }
  }
}

/** One fewer of `key`; true when that was the last. */
function decrement(counts: Map<string, number>, key: string): boolean {
  const c = (counts.get(key) ?? 1) - 1
  if (c > 0) counts.set(key, c)
  else counts.delete(key)
  return c <= 0
}
