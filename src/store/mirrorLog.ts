/**
 * The page's copy of logOS: a bounded EventLog fed by the coordinator's frames (the coordinator,
 * in its own worker, holds the real one). Offsets are the coordinator's. A frame that carries only
 * the newest events of a burst (more than the page keeps) starts a fresh copy at the first offset
 * it holds, as retention would have dropped the older ones anyway; the per-layer and per-type
 * totals are the coordinator's, so they stay whole.
 */
import type { LayerName, LoggedEvent } from '../kernel/types'
import { EventLog } from '../layers/logOS/log'

export class MirrorLog extends EventLog {
  private byLayer: ReadonlyMap<LayerName, number> = new Map()
  private byType: ReadonlyMap<string, number> = new Map()

  /** Totals as logOS counts them (every event ever logged), from the latest frame. */
  setTotals(byLayer: readonly [LayerName, number][], byType: readonly [string, number][]): void {
    this.byLayer = new Map(byLayer)
    this.byType = new Map(byType)
  }

  override countsByLayer(): ReadonlyMap<LayerName, number> { return this.byLayer }
  override countsByType(): ReadonlyMap<string, number> { return this.byType }
}

/**
 * Append a frame's events (in offset order) to `log`. Returns the log that holds them: `log`
 * itself, or a fresh one when the events do not follow on from it (a gap: the frame carried only
 * the newest of a burst).
 */
export function appendMirrored(log: MirrorLog, events: readonly LoggedEvent[]): MirrorLog {
  if (events.length === 0) return log
  let target = log
  const first = events[0]!.offset
  if (first !== log.nextOffset) {
    target = new MirrorLog(log.retainEvents)
    target.skipTo(first)
  }
  for (const e of events) target.append(e)
  return target
}

/**
 * The log without its events from `offset` on (the run went back to a moment before them): a
 * fresh copy holding the rest, numbered as before (the next frame brings the totals).
 */
export function truncateMirrored(log: MirrorLog, offset: number): MirrorLog {
  const target = new MirrorLog(log.retainEvents)
  if (offset <= log.firstOffset || offset > log.nextOffset) {
    // Nothing held before the offset (retention dropped it), or a gap: start at the offset itself.
    target.skipTo(offset)
    return target
  }
  target.skipTo(log.firstOffset)
  for (const e of log.all()) {
    if (e.offset >= offset) break
    target.append(e)
  }
  return target
}
