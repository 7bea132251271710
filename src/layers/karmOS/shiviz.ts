/**
 * The run's causality as a ShiViz log (Beschastnikh et al., "Debugging distributed systems",
 * CACM 2016; https://bestchai.bitbucket.io/shiviz/). ShiViz parses a log with a regular
 * expression naming `event`, `host` and `clock` (a JSON object host → counter, the host's vector
 * clock). Our log writes that regex as its first line, then a blank line, then two lines per event:
 *
 *   send mythOS #12 w0 → w3 @ 1520300 µs
 *   w0.mythOS {"w0.mythOS": 5, "w3.mythOS": 2}
 *
 * Hosts are processes: a layer on a world (`w<id>.<layer>`), as the vector clocks are kept
 * (net/stamps.ts). Every send and every receive of a stamped packet is an event, and each ticks
 * its own entry by one, so a host's own counter goes 1, 2, 3 … over its events — ShiViz's
 * requirement. The clocks are the ones the packets carried (the checkers' observations
 * packet_sent / packet_delivered). Pure: no I/O; the collector is bounded (it keeps the first
 * events, so every host's counters stay consecutive, and says when it stopped).
 */
import type { Observation } from '../../kernel/types'
import type { Checker } from '../../checkers/types'

/** The regular expression ShiViz is given (the log's first line). */
export const SHIVIZ_REGEX = '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})'

export interface StampedEvent {
  kind: 'send' | 'recv'
  layer: string
  /** The process's world. */
  world: number
  /** The other end. */
  peer: number
  id: number
  tUs: number
  vc: readonly number[]
}

export const hostName = (world: number, layer: string): string => `w${world}.${layer}`

/** A stamped observation as an event, or null (not a stamped packet event). */
export function stampedEvent(o: Observation): StampedEvent | null {
  const vc = o.data['vc']
  const id = o.data['id']
  const from = o.data['from']
  const to = o.data['to']
  if (!Array.isArray(vc) || typeof id !== 'number' || typeof from !== 'number' || typeof to !== 'number') return null
  const v = vc as number[]
  if (o.type === 'packet_sent') return { kind: 'send', layer: o.layer, world: from, peer: to, id, tUs: o.t, vc: v }
  if (o.type === 'packet_delivered') return { kind: 'recv', layer: o.layer, world: to, peer: from, id, tUs: o.t, vc: v }
  return null
}

/** One event's two lines. */
export function formatEvent(e: StampedEvent): string {
  const clock: Record<string, number> = {}
  e.vc.forEach((c, w) => {
    if (c > 0) clock[hostName(w, e.layer)] = c
  })
  const what = e.kind === 'send' ? `send ${e.layer} #${e.id} w${e.world} → w${e.peer}` : `recv ${e.layer} #${e.id} w${e.peer} → w${e.world}`
  return `${what} @ ${e.tUs} µs\n${hostName(e.world, e.layer)} ${JSON.stringify(clock)}`
}

/** The whole log: the regex, a blank line, the events. */
export function formatShiviz(events: readonly StampedEvent[], note?: string): string {
  const body = events.map(formatEvent).join('\n')
  return `${SHIVIZ_REGEX}\n\n${body}${body ? '\n' : ''}${note ? `# ${note}\n` : ''}`
}

/** Most events kept by a collector (two short lines each: a few MB). */
export const SHIVIZ_EVENTS_MAX = 50_000

/**
 * Collects stamped events from the checkers' observations. It is handed to the coordinator as a
 * checker that never reports anything (the CLI's --shiviz, the app's export).
 */
export class ShivizCollector implements Checker {
  readonly name = 'shiviz-log'
  readonly layer = 'karmOS'
  readonly events: StampedEvent[] = []
  dropped = 0
  constructor(private readonly max = SHIVIZ_EVENTS_MAX) {}
  onEvent(): void {}
  onObservation(o: Observation): void {
    if (o.type !== 'packet_sent' && o.type !== 'packet_delivered') return
    const e = stampedEvent(o)
    if (e === null) return
    if (this.events.length < this.max) this.events.push(e)
    else this.dropped++
  }
  violations(): readonly never[] {
    return []
  }
  text(): string {
    return formatShiviz(this.events, this.dropped > 0 ? `log truncated: ${this.dropped} later events not kept (limit ${this.max})` : undefined)
  }
}
