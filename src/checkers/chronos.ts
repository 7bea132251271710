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
import { PerProcess, SentPackets } from './sentPackets'
import type { Checker, CheckerFactory, Violation } from './types'

/**
 * Sent stamps are kept this long for their receives, µs: far beyond any delivery delay (the worst
 * path, 20,000 km of fibre ≈ 100 ms, times chaOS's largest latency multiplier 100, plus jitter).
 */
const SENT_KEPT_US = 120_000_000
const MAX_VIOLATIONS = 100

const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2)

export const hlcChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const out: Violation[] = []
  /** Last stamp per process (layer, world). */
  const last = new PerProcess<[number, number]>(scenario.nodes.count)
  /** Sent stamps by (layer, packet id). */
  const sent = new SentPackets<[number, number]>(SENT_KEPT_US)
  const report = (t: SimTime, message: string): void => {
    if (out.length < MAX_VIOLATIONS) out.push({ checker: 'hlc', t, message, seed: scenario.seed })
  }
  const tick = (t: SimTime, layer: string, world: number, l: number, c: number, what: () => string): void => {
    const lasts = last.of(layer)
    const prev = lasts[world]
    if (prev && !before(prev[0], prev[1], l, c))
      report(t, `HLC of ${layer} on world ${world} went back or stood still at ${formatSimTime(t)}: ${what()} stamped (${l}, ${c}) after (${prev[0]}, ${prev[1]})`)
    if (prev) {
      prev[0] = l
      prev[1] = c
    } else lasts[world] = [l, c]
  }
  return {
    name: 'hlc',
    layer: 'chronOS',
    onEvent(_e: LoggedEvent) {},
    onObservation(o: Observation) {
      if (sent.observeHeld(o)) return
      const d = o.data as { id?: number; from?: number; to?: number; l?: number; c?: number }
      if (d.l === undefined || d.c === undefined || d.id === undefined) return
      if (o.type === 'packet_sent') {
        tick(o.t, o.layer, d.from!, d.l, d.c, () => `send of packet ${d.id}`)
        sent.add(o.layer, d.id, o.t, [d.l, d.c])
      } else if (o.type === 'packet_delivered') {
        tick(o.t, o.layer, d.to!, d.l, d.c, () => `receive of packet ${d.id}`)
        const s = sent.get(o.layer, d.id)
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
