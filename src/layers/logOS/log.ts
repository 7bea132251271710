/**
 * logOS: the append-only event log of every layer, Kafka-style. Every event gets a dense,
 * monotonic offset from 0. Storage is a list of segments; retention drops whole old segments once
 * more than `retainEvents` are held (the browser keeps a bounded window, the CLI keeps everything
 * and streams it to JSONL as it is appended).
 */
import type { LayerName, LoggedEvent, SimEvent } from '../../kernel/types'

export const SEGMENT_EVENTS = 4096

export interface LogFilter {
  layers?: readonly LayerName[]
  nodes?: readonly number[]
  types?: readonly string[]
  fromUs?: number
  toUs?: number
  /** At most this many, newest kept. */
  limit?: number
}

export class EventLog {
  private segments: LoggedEvent[][] = [[]]
  private nextOffsetValue = 0
  private dropped = 0
  private perLayer = new Map<LayerName, number>()
  private perType = new Map<string, number>()

  constructor(readonly retainEvents = Number.POSITIVE_INFINITY) {}

  /** Offset the next appended event will get (= number of events ever appended). */
  get nextOffset(): number { return this.nextOffsetValue }
  /** Oldest offset still held (events before it were dropped by retention). */
  get firstOffset(): number { return this.dropped }
  get size(): number { return this.nextOffsetValue - this.dropped }

  append(e: SimEvent): LoggedEvent {
    const logged: LoggedEvent = { offset: this.nextOffsetValue++, t: e.t, layer: e.layer, node: e.node, type: e.type, data: e.data }
    let seg = this.segments[this.segments.length - 1]!
    if (seg.length >= SEGMENT_EVENTS) this.segments.push((seg = []))
    seg.push(logged)
    this.perLayer.set(e.layer, (this.perLayer.get(e.layer) ?? 0) + 1)
    this.perType.set(e.type, (this.perType.get(e.type) ?? 0) + 1)
    while (this.size > this.retainEvents && this.segments.length > 1) this.dropped += this.segments.shift()!.length
    return logged
  }

  /** Continue numbering from `offset` (a run restored from a snapshot taken at that offset). */
  skipTo(offset: number): void {
    if (this.nextOffsetValue !== 0) throw new Error('skipTo is only for an empty log')
    this.nextOffsetValue = this.dropped = offset
  }

  /**
   * The event at `offset`, if still held. O(1): every segment but the last holds exactly
   * SEGMENT_EVENTS (append opens a new one only when the last is full; retention drops whole
   * segments from the front, never the last), so the first held segment starts at firstOffset.
   */
  get(offset: number): LoggedEvent | undefined {
    if (offset < this.dropped || offset >= this.nextOffsetValue) return undefined
    const rel = offset - this.dropped
    return this.segments[Math.floor(rel / SEGMENT_EVENTS)]?.[rel % SEGMENT_EVENTS]
  }

  /** Events ever appended per layer / per type (not reduced by retention). */
  countsByLayer(): ReadonlyMap<LayerName, number> { return this.perLayer }
  countsByType(): ReadonlyMap<string, number> { return this.perType }

  *all(): Iterable<LoggedEvent> {
    for (const seg of this.segments) yield* seg
  }

  query(f: LogFilter = {}): LoggedEvent[] {
    const out: LoggedEvent[] = []
    for (const e of this.all()) {
      if (f.fromUs !== undefined && e.t < f.fromUs) continue
      if (f.toUs !== undefined && e.t > f.toUs) continue
      if (f.layers && !f.layers.includes(e.layer)) continue
      if (f.types && !f.types.includes(e.type)) continue
      if (f.nodes && (e.node === null || !f.nodes.includes(e.node))) continue
      out.push(e)
    }
    return f.limit !== undefined && out.length > f.limit ? out.slice(out.length - f.limit) : out
  }
}

/** One JSON Lines record: {"t","layer","node","type","data","offset"}. */
export const toJsonLine = (e: LoggedEvent): string =>
  JSON.stringify({ t: e.t, layer: e.layer, node: e.node, type: e.type, data: e.data, offset: e.offset })
