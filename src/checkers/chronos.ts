/**
 * chronOS's invariants, checked from outside the layers:
 *
 * 1. HLC (Kulkarni et al. 2014), from the network channel's `packet_sent` {id, from, l, c} and
 *    `packet_delivered` {id, to, l, c} observations of every layer: the stamps one process (a layer
 *    on a world) issues strictly increase in (l, c) order over its sends and receives, and each
 *    receive's stamp is above its send's (linked by layer and packet id).
 * 2. Synchronisation (RFC 5905's error bound), from chronOS's `clock_sync` {node, offsetUs,
 *    rootDistanceUs, synced} observations at each clock update: a world that says it is
 *    synchronised is within the root distance its own NTP daemon computes of cosmic time,
 *    |offset| ≤ λ. A violation names the world, the time and the offset.
 */
import type { LoggedEvent, Observation, SimTime } from '../kernel/types'
import { formatSimTime } from '../kernel/time'
import type { Scenario } from '../scenario/schema'
import type { Checker, CheckerFactory, Violation } from './types'

/** Sent stamps are kept this long for their receives (far beyond any delivery delay), µs. */
const SENT_KEPT_US = 600_000_000
const MAX_VIOLATIONS = 100

const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2)

export const hlcChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const out: Violation[] = []
  /** Last stamp per process, key `${layer}:${world}`. */
  const last = new Map<string, [number, number]>()
  /** Sent stamps per `${layer}:${id}`, with their time (insertion order = time order, for pruning). */
  const sent = new Map<string, [number, number, number]>()
  const report = (t: SimTime, message: string): void => {
    if (out.length < MAX_VIOLATIONS) out.push({ checker: 'hlc', t, message, seed: scenario.seed })
  }
  const tick = (t: SimTime, layer: string, world: number, l: number, c: number, what: string): void => {
    const key = `${layer}:${world}`
    const prev = last.get(key)
    if (prev && !before(prev[0], prev[1], l, c))
      report(t, `HLC of ${layer} on world ${world} went back or stood still at ${formatSimTime(t)}: ${what} stamped (${l}, ${c}) after (${prev[0]}, ${prev[1]})`)
    last.set(key, [l, c])
  }
  return {
    name: 'hlc',
    layer: 'chronOS',
    onEvent(_e: LoggedEvent) {},
    onObservation(o: Observation) {
      const d = o.data as { id?: number; from?: number; to?: number; l?: number; c?: number }
      if (d.l === undefined || d.c === undefined || d.id === undefined) return
      if (o.type === 'packet_sent') {
        tick(o.t, o.layer, d.from!, d.l, d.c, `send of packet ${d.id}`)
        sent.set(`${o.layer}:${d.id}`, [d.l, d.c, o.t])
        // Prune the oldest sends (Map keeps insertion order, which is time order).
        for (const [k, v] of sent) {
          if (v[2] >= o.t - SENT_KEPT_US) break
          sent.delete(k)
        }
      } else if (o.type === 'packet_delivered') {
        tick(o.t, o.layer, d.to!, d.l, d.c, `receive of packet ${d.id}`)
        const s = sent.get(`${o.layer}:${d.id}`)
        if (s && !before(s[0], s[1], d.l, d.c))
          report(o.t, `HLC receive before its send: ${o.layer} packet ${d.id} ${d.from}>${d.to} received at ${formatSimTime(o.t)} stamped (${d.l}, ${d.c}), sent stamped (${s[0]}, ${s[1]})`)
      }
    },
    violations: () => out,
  }
}

export const clockSyncChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const out: Violation[] = []
  return {
    name: 'clock-sync',
    layer: 'chronOS',
    onEvent(_e: LoggedEvent) {},
    onObservation(o: Observation) {
      if (o.type !== 'clock_sync') return
      const d = o.data as { node: number; offsetUs: number; rootDistanceUs: number; synced: boolean }
      if (!d.synced || Math.abs(d.offsetUs) <= d.rootDistanceUs) return
      if (out.length < MAX_VIOLATIONS)
        out.push({ checker: 'clock-sync', t: o.t, seed: scenario.seed, message: `world ${d.node} claims to be synchronised at ${formatSimTime(o.t)} but its clock is ${d.offsetUs} µs off cosmic time, beyond its root distance ${d.rootDistanceUs} µs` })
    },
    violations: () => out,
  }
}
