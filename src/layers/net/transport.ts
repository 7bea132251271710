/**
 * The network model every layer uses for its own node-to-node traffic (Raft RPCs inside mythOS,
 * NTP exchanges inside chronOS …). Intra-layer messages are exact: a packet's delivery time is
 * computed here, deterministically, from the announced network state and the sender layer's
 * per-link stream, and the layer schedules it as a timer at that exact µs (DESIGN §3).
 *
 * The state is plain data (it lives inside the layer's snapshot-able state). Changes to it arrive
 * as broadcast announcements (net_params, partition_start, partition_heal, node_crash,
 * node_restart; see applyNetAnnouncement) that chaOS sends one quantum ahead, so every
 * layer applies them at the same instant. pneumOS is the realistic model, aetherOS the ideal one.
 */
import type { Delivery, LayerContext, NodeId, SimTime } from '../../kernel/types'
import { addUs } from '../../kernel/time'
import type { Scenario } from '../../scenario/schema'
import { distanceKm, layoutWorlds } from '../atmOS/layout'

/** chaOS's additive contribution to the network, already scaled by the master entropy. */
export interface ChaosNetParams {
  lossRate: number
  duplicateRate: number
  reorderRate: number
  /** Multiplies the distance + base latency (>= 1). */
  latencyMultiplier: number
  /** Extra jitter scale, µs. */
  jitterUs: number
}

export interface Partition {
  readonly id: number
  /** Disjoint groups of worlds; traffic between different groups is cut. Worlds not listed form one more group. */
  readonly groups: NodeId[][]
}

/** [sent, delivered, dropped, duplicated] per directed link "from>to". */
export type LinkCounters = [number, number, number, number]

export interface NetState {
  kind: 'pneumOS' | 'aetherOS'
  /** Propagation floor per ordered pair, µs (row-major n×n; the diagonal is 0). Empty for aetherOS. */
  floorUs: number[]
  n: number
  chaos: ChaosNetParams
  /** Active partitions. */
  partitions: Partition[]
  /** Worlds currently down (crashed): they neither send nor receive. */
  down: boolean[]
  counters: Record<string, LinkCounters>
}

/** Effective chaos network parameters from the sliders: effective = slider × entropy. */
export function chaosNetParams(c: Scenario['chaos']): ChaosNetParams {
  const e = c.entropy
  return {
    lossRate: c.lossRate * e,
    duplicateRate: c.duplicateRate * e,
    reorderRate: c.reorderRate * e,
    latencyMultiplier: 1 + (c.latencyMultiplier - 1) * e,
    jitterUs: Math.round(c.jitterMs * 1000 * e),
  }
}

export function createNetState(s: Scenario): NetState {
  const n = s.nodes.count
  const floorUs: number[] = []
  if (s.network === 'pneumOS') {
    const pos = layoutWorlds(s)
    const kmPerUs = s.layers.pneumOS.propagationKmPerS / 1_000_000
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) floorUs.push(a === b ? 0 : Math.ceil(distanceKm(pos[a]!, pos[b]!) / kmPerUs))
  }
  return {
    kind: s.network,
    floorUs,
    n,
    chaos: chaosNetParams(s.chaos),
    partitions: [],
    down: new Array<boolean>(n).fill(false),
    counters: {},
  }
}

/** Apply a network announcement; returns true when the message was one. */
export function applyNetAnnouncement(net: NetState, msg: Delivery): boolean {
  const d = msg.data
  switch (msg.type) {
    case 'net_params':
      net.chaos = d['params'] as unknown as ChaosNetParams
      return true
    case 'partition_start':
      if (net.kind === 'aetherOS') return true // the ideal network cannot be partitioned
      net.partitions.push({ id: d['id'] as number, groups: d['groups'] as NodeId[][] })
      return true
    case 'partition_heal': {
      const id = d['id'] as number | null | undefined
      net.partitions = id == null ? [] : net.partitions.filter((p) => p.id !== id)
      return true
    }
    case 'node_crash':
      net.down[d['node'] as number] = true
      return true
    case 'node_restart':
      net.down[d['node'] as number] = false
      return true
    default:
      return false
  }
}

function groupOf(p: Partition, node: NodeId): number {
  for (let g = 0; g < p.groups.length; g++) if (p.groups[g]!.includes(node)) return g
  return -1 // the implicit "everyone else" group
}

/** True when an active partition separates a and b. */
export function partitioned(net: NetState, a: NodeId, b: NodeId): boolean {
  for (const p of net.partitions) if (groupOf(p, a) !== groupOf(p, b)) return true
  return false
}

/** The propagation floor a→b in µs: nothing may arrive sooner (checked by the network checker). */
export function propagationFloorUs(net: NetState, from: NodeId, to: NodeId): number {
  return net.kind === 'aetherOS' ? 0 : net.floorUs[from * net.n + to]!
}

function count(net: NetState, from: NodeId, to: NodeId, slot: 0 | 1 | 2 | 3, by = 1): void {
  const key = `${from}>${to}`
  const c = net.counters[key] ?? (net.counters[key] = [0, 0, 0, 0])
  c[slot] += by
}

/**
 * Send one packet from→to now. Returns the exact delivery times: [] when it is lost (or cut by a
 * partition, or an end is down), two when it is duplicated. Draws come from ctx.rng('link:from>to')
 * so traffic on one link never shifts the draws of another.
 */
export function transmit(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sizeBytes: number): SimTime[] {
  count(net, from, to, 0)
  if (net.down[from] || net.down[to] || partitioned(net, from, to)) {
    count(net, from, to, 2)
    return []
  }
  const s = ctx.scenario
  if (net.kind === 'aetherOS') return [addUs(ctx.now, s.layers.aetherOS.latencyUs)]

  const p = s.layers.pneumOS
  const c = net.chaos
  const rng = ctx.rng(`link:${from}>${to}`)
  const loss = Math.min(1, p.lossRate + c.lossRate)
  if (rng.chance(loss)) {
    count(net, from, to, 2)
    return []
  }
  const floor = net.floorUs[from * net.n + to]!
  const serialisationUs = (sizeBytes * 8) / p.bandwidthMbps
  const one = (): number => {
    let jitter = 0
    if (p.jitterDistribution === 'uniform') jitter = (rng.unit() * 2 - 1) * p.jitterUs
    else if (p.jitterDistribution === 'normal') jitter = rng.normal() * p.jitterUs
    if (c.jitterUs > 0) jitter += rng.unit() * c.jitterUs
    let delay = (floor + p.baseLatencyUs) * c.latencyMultiplier + serialisationUs + jitter
    // Reordering: a packet held back by up to one extra path delay, so later ones overtake it.
    if (rng.chance(Math.min(1, p.reorderRate + c.reorderRate))) delay += rng.unit() * (floor + p.baseLatencyUs + 1_000)
    return Math.max(floor, Math.round(delay))
  }
  const times = [addUs(ctx.now, one())]
  if (rng.chance(Math.min(1, p.duplicateRate + c.duplicateRate))) {
    times.push(addUs(ctx.now, one()))
    count(net, from, to, 3)
  }
  return times
}

/**
 * At a packet's delivery time: may it be delivered? False when a partition now separates the ends
 * or the receiver is down (a packet in flight when a partition starts is lost, as on a real cut).
 * Counts the outcome, and shows each delivery to the network checker (ctx.observe).
 */
export function deliverable(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sentAtUs: number): boolean {
  if (net.down[to] || partitioned(net, from, to)) {
    count(net, from, to, 2)
    return false
  }
  count(net, from, to, 1)
  if (ctx.observing) ctx.observe('packet_delivered', { from, to, sentUs: sentAtUs })
  return true
}

/** How often layers report their per-link counters to the network layer, µs of sim time. */
export const NET_STATS_INTERVAL_US = 1_000_000

/**
 * Send the per-link counters accumulated since the last flush to the active network layer
 * (pneumOS or aetherOS), as one `net_stats` message {layer, links: {"a>b": [sent, delivered,
 * dropped, duplicated]}}, and reset them. Layers call this from a periodic timer
 * (NET_STATS_INTERVAL_US), so the network layer's view shows per-link counters without one event
 * or message per packet.
 */
export function flushNetStats(net: NetState, ctx: LayerContext): void {
  const links = net.counters
  if (Object.keys(links).length === 0) return
  net.counters = {}
  ctx.send(ctx.scenario.network, 'net_stats', { layer: ctx.layer, links })
}
