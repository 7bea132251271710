/**
 * etymOS's invariant, judged from outside the layers: a packet corrupted in flight is never
 * processed. The network channel observes `packet_corrupted` {id, from, to} when chaOS's message
 * corruption hits a packet, and `packet_delivered` {id, …} when a layer accepts one; a corrupted
 * packet must be dropped at the receiver — rejected by boundary validation against its wire schema
 * while etymOS runs (`schema_rejected`), or failing its checksum when it does not. A delivery of a
 * corrupted packet names the layer, the packet, its link and the time.
 *
 * Packets are identified by (layer, id), and ids exist only while chronOS or karmOS stamps packets
 * (the default scenario): without stamps this checker has nothing to match and says nothing.
 */
import { formatSimTime } from '../kernel/time'
import type { LoggedEvent, Observation, SimTime } from '../kernel/types'
import type { Scenario } from '../scenario/schema'
import { SentPackets } from './sentPackets'
import type { Checker, CheckerFactory, Violation } from './types'

/** Corrupted sends remembered for their deliveries, µs (as the HLC checker's sends). */
const KEPT_US = 120_000_000
const MAX_VIOLATIONS = 100

export const boundaryChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const out: Violation[] = []
  const corrupted = new SentPackets<[number, number]>(KEPT_US)
  return {
    name: 'boundary',
    layer: 'etymOS',
    onEvent(_e: LoggedEvent) {},
    onObservation(o: Observation) {
      if (corrupted.observeHeld(o)) return
      const d = o.data as { id?: number; from?: number; to?: number }
      if (d.id === undefined) return
      if (o.type === 'packet_corrupted') corrupted.add(o.layer, d.id, o.t, [d.from ?? -1, d.to ?? -1])
      else if (o.type === 'packet_delivered') {
        const c = corrupted.get(o.layer, d.id)
        if (c !== undefined && out.length < MAX_VIOLATIONS)
          out.push({
            checker: 'boundary',
            t: o.t as SimTime,
            message: `${o.layer} processed packet #${d.id} ${c[0]}>${c[1]} at ${formatSimTime(o.t)} although it was corrupted in flight: boundary validation (etymOS) or the checksum should have dropped it`,
            seed: scenario.seed,
          })
      }
    },
    violations: () => out,
  }
}
