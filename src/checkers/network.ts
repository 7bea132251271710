/**
 * Network fidelity, checked from outside the layers (TigerBeetle's state_checker stance):
 *  1. nothing is delivered across an active partition (Jepsen: a partition is a real cut);
 *  2. nothing arrives faster than light in fibre allows (t − sent ≥ the link's propagation floor).
 *
 * Partitions come from pneumOS's `partition_started` / `partition_healed` events {id, kind:
 * 'groups', groups} or {id, kind: 'ring', order, reach} (a majorities-ring; an event without `kind`
 * is groups), logged at the instant every layer applies them; whether one cuts a link is cutsLink
 * (layers/net/partition.ts), the pure reachability relation, itself tested on its own against
 * the definitions (partition.test.ts); deliveries from the transport's
 * `packet_delivered` observations {from, to, sentUs} (t = delivery time). A delivery at t
 * violates a partition active strictly around it (started < t < healed): at an equal instant the
 * layer may legitimately have handled the packet before the announcement. Events and
 * observations of one window may reach the checker in either order, so deliveries are checked
 * once the window is over (onTime / finish / violations()), against every partition known by then.
 */
import type { LoggedEvent, Observation, SimTime } from '../kernel/types'
import { formatSimTime } from '../kernel/time'
import { distanceKm, layoutWorlds } from '../layers/atmOS/layout'
import { cutsLink, parsePartition, type Partition } from '../layers/net/partition'
import type { PneumosSettings } from '../layers/pneumOS/settings'
import type { Scenario } from '../scenario/schema'
import type { Checker, CheckerFactory, Violation } from './types'

interface PartitionSpan {
  partition: Partition
  startUs: number
  /** null while active. */
  healUs: number | null
}

interface PendingDelivery {
  t: number
  layer: string
  from: number
  to: number
  sentUs: number
}

/** How a violation names a partition; built only when one is reported. */
const describePartition = (p: Partition): string =>
  p.kind === 'groups' ? `#${p.id} ${JSON.stringify(p.groups)}` : `#${p.id} (majorities-ring ${JSON.stringify(p.order)}, reach ${p.reach})`

/** How a violation names the packet; built only when one is reported, never per delivery. */
const describePacket = (d: PendingDelivery): string =>
  `packet ${d.from}>${d.to} of ${d.layer} (sent ${formatSimTime(d.sentUs)} = ${d.sentUs} µs, delivered ${formatSimTime(d.t)} = ${d.t} µs)`

/**
 * The propagation floor of every link a→b, µs: the distance between the worlds over the signal
 * speed, rounded up (0 on the ideal network, and from a world to itself). Derived here from the
 * layout, not taken from the transport it checks.
 */
function floorOf(scenario: Scenario): (a: number, b: number) => number {
  if (scenario.network !== 'pneumOS') return () => 0
  const pos = layoutWorlds(scenario)
  const kmPerUs = (scenario.layers['pneumOS'] as PneumosSettings).propagationKmPerS / 1_000_000
  return (a, b) => (a === b ? 0 : Math.ceil(distanceKm(pos[a]!, pos[b]!) / kmPerUs))
}

const CHECKER = 'network'
/** Stop collecting after this many violations: one broken run should not flood memory. */
const MAX_VIOLATIONS = 1_000

export const networkChecker: CheckerFactory = (scenario) => {
  const floorUs = floorOf(scenario)
  const n = scenario.nodes.count
  const spans: PartitionSpan[] = []
  let pending: PendingDelivery[] = []
  const found: Violation[] = []
  /** Deliveries before this time are all checked; partitions healed by then can be forgotten. */
  let checkedUntil = 0

  const violate = (t: number, message: string): void => {
    if (found.length < MAX_VIOLATIONS) found.push({ checker: CHECKER, t: t as SimTime, message, seed: scenario.seed })
  }

  const check = (d: PendingDelivery): void => {
    if (!(d.from >= 0 && d.from < n && d.to >= 0 && d.to < n)) return violate(d.t, `${describePacket(d)}: link ${d.from}>${d.to} names a world that does not exist (there are ${n})`)
    const took = d.t - d.sentUs
    const floor = floorUs(d.from, d.to)
    if (took < floor) violate(d.t, `${describePacket(d)} took ${took} µs, faster than the propagation floor of link ${d.from}>${d.to} (${floor} µs)`)
    for (const p of spans) {
      if (p.startUs < d.t && (p.healUs === null || d.t < p.healUs) && cutsLink(p.partition, d.from, d.to))
        violate(d.t, `${describePacket(d)} crossed partition ${describePartition(p.partition)} active from ${p.startUs} µs${p.healUs === null ? '' : ` to ${p.healUs} µs`}, which separates ${d.from} and ${d.to}`)
    }
  }

  const flush = (untilUs: number): void => {
    for (const d of pending) check(d)
    pending = []
    checkedUntil = Math.max(checkedUntil, untilUs)
    // A partition healed at or before every future delivery time can never be violated again.
    for (let i = spans.length - 1; i >= 0; i--) {
      const h = spans[i]!.healUs
      if (h !== null && h <= checkedUntil) spans.splice(i, 1)
    }
  }

  const checker: Checker = {
    name: CHECKER,
    layer: scenario.network,
    onEvent(e: LoggedEvent) {
      if (e.layer !== 'pneumOS') return
      const id = e.data['id']
      if (typeof id !== 'number') return
      if (e.type === 'partition_started') {
        const partition = parsePartition(e.data, n)
        if (partition === null) return violate(e.t, `partition_started #${id} at ${e.t} µs is malformed: ${JSON.stringify(e.data)}`)
        spans.push({ partition, startUs: e.t, healUs: null })
      } else if (e.type === 'partition_healed') {
        // An unknown id is a partition that started before this checker began observing (a run
        // restored from a snapshot): nothing to check for it.
        const span = spans.find((p) => p.partition.id === id && p.healUs === null)
        if (span) span.healUs = e.t
      }
    },
    onObservation(o: Observation) {
      if (o.type !== 'packet_delivered') return
      const { from, to, sentUs } = o.data
      if (typeof from !== 'number' || typeof to !== 'number' || typeof sentUs !== 'number')
        return violate(o.t, `malformed packet_delivered observation from ${o.layer}: ${JSON.stringify(o.data)}`)
      pending.push({ t: o.t, layer: o.layer, from, to, sentUs })
    },
    onTime(nowUs) {
      flush(nowUs)
    },
    finish(endUs) {
      flush(endUs)
    },
    violations() {
      // Deliveries not yet checked by a window end are checked now (tests feed histories directly).
      for (const d of pending) check(d)
      pending = []
      return found
    },
  }
  return checker
}
