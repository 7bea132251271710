/**
 * Compare two runs event by event: where they part, and how their histories differ after that.
 * Two runs of scenarios that agree up to a fork time emit identical events until the fork's
 * change is delivered; the first event that differs (time, layer, world, type or fields) is the
 * divergence. Pure: the caller runs the scenarios (the coordinator, the CLI, tests).
 */
import type { LayerName, LoggedEvent } from '../kernel/types'

export interface DiffRun {
  events: readonly LoggedEvent[]
  fingerprint: string
  violations: number
}

export interface RunDiff {
  untilUs: number
  fingerprints: [string, string]
  eventCounts: [number, number]
  violations: [number, number]
  /**
   * The first position where the two event logs differ (an event of one run is missing from, or
   * different in, the other), or null when they are identical up to untilUs.
   */
  first: { index: number; atUs: number; a: LoggedEvent | null; b: LoggedEvent | null } | null
  /** Events around the divergence in each run (a few before, more after). */
  context: { a: LoggedEvent[]; b: LoggedEvent[] }
  /** Event counts per layer in `buckets` equal slices of [0, untilUs], for both runs (the overlay). */
  bucketUs: number
  lanes: { layer: LayerName; a: number[]; b: number[] }[]
  /** After the divergence: the event types whose counts differ most, with both counts. */
  byType: { type: string; a: number; b: number }[]
}

/** What makes two events the same: everything but the log offset. */
export function eventKey(e: LoggedEvent): string {
  return JSON.stringify([e.t, e.layer, e.node, e.type, e.data])
}

const CONTEXT_BEFORE = 3
const CONTEXT_AFTER = 8
const TOP_TYPES = 12

export function diffRuns(a: DiffRun, b: DiffRun, untilUs: number, buckets = 120): RunDiff {
  const n = Math.min(a.events.length, b.events.length)
  let index = -1
  for (let i = 0; i < n; i++) {
    if (eventKey(a.events[i]!) !== eventKey(b.events[i]!)) { index = i; break }
  }
  if (index < 0 && a.events.length !== b.events.length) index = n
  const ea = index >= 0 ? a.events[index] ?? null : null
  const eb = index >= 0 ? b.events[index] ?? null : null
  const first = index < 0 ? null : { index, atUs: Math.min(ea?.t ?? Infinity, eb?.t ?? Infinity), a: ea, b: eb }

  const bucketUs = Math.max(1, Math.ceil(Math.max(1, untilUs) / buckets))
  const laneMap = new Map<LayerName, { a: number[]; b: number[] }>()
  const lane = (l: LayerName) => {
    let x = laneMap.get(l)
    if (!x) laneMap.set(l, (x = { a: new Array<number>(buckets).fill(0), b: new Array<number>(buckets).fill(0) }))
    return x
  }
  const count = (events: readonly LoggedEvent[], side: 'a' | 'b') => {
    for (const e of events) lane(e.layer)[side][Math.min(buckets - 1, Math.floor(e.t / bucketUs))]!++
  }
  count(a.events, 'a')
  count(b.events, 'b')

  const types = new Map<string, { a: number; b: number }>()
  if (index >= 0) {
    const tally = (events: readonly LoggedEvent[], side: 'a' | 'b') => {
      for (let i = index; i < events.length; i++) {
        const t = events[i]!.type
        let x = types.get(t)
        if (!x) types.set(t, (x = { a: 0, b: 0 }))
        x[side]++
      }
    }
    tally(a.events, 'a')
    tally(b.events, 'b')
  }
  const byType = [...types].filter(([, c]) => c.a !== c.b).map(([type, c]) => ({ type, ...c }))
    .sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b) || (x.type < y.type ? -1 : 1)).slice(0, TOP_TYPES)

  const around = (events: readonly LoggedEvent[]) => (index < 0 ? [] : events.slice(Math.max(0, index - CONTEXT_BEFORE), index + CONTEXT_AFTER))
  return {
    untilUs,
    fingerprints: [a.fingerprint, b.fingerprint],
    eventCounts: [a.events.length, b.events.length],
    violations: [a.violations, b.violations],
    first,
    context: { a: around(a.events), b: around(b.events) },
    bucketUs,
    lanes: [...laneMap].map(([layer, x]) => ({ layer, ...x })),
    byType,
  }
}
