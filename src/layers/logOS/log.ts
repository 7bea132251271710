/**
 * logOS: the append-only event log of every layer, Kafka-style. Every event gets a dense,
 * monotonic offset from 0. Storage is a list of segments; retention moves whole old segments out
 * once more than `retainEvents` are held (the browser keeps a bounded window, the CLI keeps none
 * and streams every event to JSONL as it is appended).
 *
 * Segments moved out are not simply lost: logOS is a compacted topic, as a Kafka topic with
 * cleanup.policy=compact. Every event has a key — its layer, type and world —
 * and the log cleaner keeps, of what retention moved out, the last event of each key: the
 * latest value of every (layer, type, world), e.g. each world's last role_changed or last
 * entry_applied, however old. Moved-out segments are "dirty" until cleaned; the cleaner runs
 * once they are at least MIN_CLEANABLE_DIRTY_RATIO of the compacted part (Kafka's
 * min.cleanable.dirty.ratio, 0.5), folding them into it. The compacted part is bounded by the
 * number of keys, whatever the length of the run. It comes before the retained window: offsets
 * below firstOffset are either compacted away or held there (compacted(), in offset order).
 * Cleaning never changes the run: the fingerprint and the checkers took every event as appended.
 */
import type { LayerName, LoggedEvent, SimEvent } from '../../kernel/types'

export const SEGMENT_EVENTS = 4096

/**
 * The segment of a log that retains nothing (logRetention 0: the CLI's, the tests', the bench's,
 * the browser coordinator's — its page keeps the events it shows):
 * Kafka's segment.bytes made small. Retention can move out only whole segments, never the active
 * one, so with 4,096-event segments such a log still held up to 4,096 events that nobody reads,
 * long enough for the garbage collector to copy them (a fifth of a kernel benchmark's time). With
 * 64, an event is held until 64 more have come, then only as long as the cleaner takes to fold it
 * in, and most die young. What the log keeps (the compacted part) is the same: the last event of each key.
 */
export const SMALL_SEGMENT_EVENTS = 64

/** Kafka's min.cleanable.dirty.ratio: the cleaner runs once dirty / (dirty + clean) reaches it. */
export const MIN_CLEANABLE_DIRTY_RATIO = 0.5

/** What the cleaner did so far. */
export interface CleanerStats {
  /** Cleaner passes. */
  passes: number
  /** Events it read (moved out by retention) and those it dropped (an older value of a key). */
  eventsRead: number
  eventsDropped: number
}

export interface LogFilter {
  layers?: readonly LayerName[]
  nodes?: readonly number[]
  types?: readonly string[]
  fromUs?: number
  toUs?: number
  /** At most this many, newest kept. */
  limit?: number
}

interface LayerCounts { n: number; types: Map<string, TypeCounts> }
/**
 * A (layer, type): its layer's and its type's counters, and the compacted part of its keys: the
 * last cleaned event of each world (−1: none).
 */
interface TypeCounts { layer: LayerCounts; type: { n: number }; last: Map<number, LoggedEvent> }

export class EventLog {
  private segments: LoggedEvent[][] = [[]]
  /** Each held event's (layer, type) counters, parallel to segments: what the cleaner keys by. */
  private segmentKinds: TypeCounts[][] = [[]]
  private nextOffsetValue = 0
  private dropped = 0
  /**
   * Counts per layer and per type, and the compacted part, found from an event with two lookups
   * (layer, then type within it): the totals are counters, not map entries rewritten.
   */
  private layerCounts = new Map<LayerName, LayerCounts>()
  private typeCounts = new Map<string, { n: number }>()
  /** The size of the compacted part: keys with a cleaned event (TypeCounts.last holds them). */
  private cleanKeys = 0
  /** Segments retention moved out, not yet cleaned. */
  private dirty: LoggedEvent[][] = []
  private dirtyKinds: TypeCounts[][] = []
  private dirtyEvents = 0
  private cleanedView: LoggedEvent[] | null = []
  readonly cleaner: CleanerStats = { passes: 0, eventsRead: 0, eventsDropped: 0 }

  /**
   * @param retainEvents events held in memory (whole segments are moved out past it)
   * @param segmentEvents events per segment (Kafka's segment.bytes); default SEGMENT_EVENTS
   */
  constructor(readonly retainEvents = Number.POSITIVE_INFINITY, readonly segmentEvents = SEGMENT_EVENTS) {
    if (!Number.isSafeInteger(segmentEvents) || segmentEvents < 1) throw new RangeError(`a segment holds at least one event (got ${segmentEvents})`)
  }

  /** Offset the next appended event will get (= number of events ever appended). */
  get nextOffset(): number { return this.nextOffsetValue }
  /** Oldest offset still held (events before it were dropped by retention). */
  get firstOffset(): number { return this.dropped }
  get size(): number { return this.nextOffsetValue - this.dropped }

  append(e: SimEvent): LoggedEvent {
    return this.hold({ offset: this.nextOffsetValue++, t: e.t, layer: e.layer, node: e.node, type: e.type, data: e.data })
  }

  /**
   * Append an event the caller hands over for good (the coordinator, with what a layer emitted):
   * it is numbered in place and kept as it is, not copied.
   */
  appendOwned(e: SimEvent): LoggedEvent {
    const logged = e as { offset?: number } & SimEvent
    logged.offset = this.nextOffsetValue++
    return this.hold(logged as LoggedEvent)
  }

  private hold(logged: LoggedEvent): LoggedEvent {
    let seg = this.segments[this.segments.length - 1]!
    let kinds = this.segmentKinds[this.segmentKinds.length - 1]!
    if (seg.length >= this.segmentEvents) {
      this.segments.push((seg = []))
      this.segmentKinds.push((kinds = []))
    }
    seg.push(logged)
    const c = this.counts(logged.layer, logged.type)
    kinds.push(c)
    c.layer.n++
    c.type.n++
    while (this.size > this.retainEvents && this.segments.length > 1) {
      const out = this.segments.shift()!
      this.dropped += out.length
      this.dirty.push(out)
      this.dirtyKinds.push(this.segmentKinds.shift()!)
      this.dirtyEvents += out.length
      if (this.dirtyEvents >= MIN_CLEANABLE_DIRTY_RATIO * (this.dirtyEvents + this.cleanKeys)) this.runCleaner()
    }
    return logged
  }

  /** Fold the dirty segments into the compacted part: per key, the last event wins. */
  private runCleaner(): void {
    const before = this.cleanKeys
    for (let d = 0; d < this.dirty.length; d++) {
      const seg = this.dirty[d]!, kinds = this.dirtyKinds[d]!
      for (let i = 0; i < seg.length; i++) {
        const e = seg[i]!
        const last = kinds[i]!.last
        const n = last.size
        last.set(e.node ?? -1, e) // the last event of its key wins (compacted() puts them in offset order)
        if (last.size > n) this.cleanKeys++
      }
    }
    this.cleaner.passes++
    this.cleaner.eventsRead += this.dirtyEvents
    this.cleaner.eventsDropped += this.dirtyEvents - (this.cleanKeys - before)
    this.dirty = []
    this.dirtyKinds = []
    this.dirtyEvents = 0
    this.cleanedView = null
  }

  /** The counters (and compacted events) of a (layer, type), made on first sight. */
  private counts(layer: LayerName, type: string): TypeCounts {
    let l = this.layerCounts.get(layer)
    if (l === undefined) this.layerCounts.set(layer, (l = { n: 0, types: new Map() }))
    let t = l.types.get(type)
    if (t === undefined) {
      let total = this.typeCounts.get(type)
      if (total === undefined) this.typeCounts.set(type, (total = { n: 0 }))
      l.types.set(type, (t = { layer: l, type: total, last: new Map() }))
    }
    return t
  }

  /**
   * What is held before firstOffset: the latest event of each key among those retention moved out
   * (cleaned ones, and dirty segments as they would clean), in offset order.
   */
  compacted(): readonly LoggedEvent[] {
    if (this.dirty.length > 0) this.runCleaner()
    if (this.cleanedView === null) {
      const all: LoggedEvent[] = []
      for (const l of this.layerCounts.values()) for (const t of l.types.values()) for (const e of t.last.values()) all.push(e)
      this.cleanedView = all.sort((a, b) => a.offset - b.offset)
    }
    return this.cleanedView
  }

  /** The totals of a run restored from a snapshot (logOS counts every event ever logged). */
  restoreCounts(byLayer: readonly [LayerName, number][], byType: readonly [string, number][]): void {
    if (this.size !== 0) throw new Error('restoreCounts is only for an empty log')
    for (const [layer, n] of byLayer) {
      const l = this.layerCounts.get(layer)
      if (l === undefined) this.layerCounts.set(layer, { n, types: new Map() })
      else l.n = n
    }
    for (const [type, n] of byType) {
      const t = this.typeCounts.get(type)
      if (t === undefined) this.typeCounts.set(type, { n })
      else t.n = n
    }
  }

  /** Continue numbering from `offset` (a run restored from a snapshot taken at that offset). */
  skipTo(offset: number): void {
    if (this.nextOffsetValue !== 0) throw new Error('skipTo is only for an empty log')
    this.nextOffsetValue = this.dropped = offset
  }

  /**
   * The event at `offset`, if still held. O(1): every segment but the last holds exactly
   * segmentEvents (append opens a new one only when the last is full; retention drops whole
   * segments from the front, never the last), so the first held segment starts at firstOffset.
   */
  get(offset: number): LoggedEvent | undefined {
    if (offset < this.dropped || offset >= this.nextOffsetValue) return undefined
    const rel = offset - this.dropped
    return this.segments[Math.floor(rel / this.segmentEvents)]?.[rel % this.segmentEvents]
  }

  /** Events ever appended per layer / per type (not reduced by retention). */
  countsByLayer(): ReadonlyMap<LayerName, number> { return new Map([...this.layerCounts].map(([l, c]) => [l, c.n])) }
  countsByType(): ReadonlyMap<string, number> { return new Map([...this.typeCounts].map(([t, c]) => [t, c.n])) }

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
