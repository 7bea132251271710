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
import type { Rng } from '../../kernel/rng'
import type { Delivery, LayerContext, NodeId, SimTime } from '../../kernel/types'
import { addUs } from '../../kernel/time'
import type { Scenario } from '../../scenario/schema'
import { distanceKm, layoutWorlds, type Vec3 } from '../atmOS/layout'

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
  /**
   * Where the worlds are, km (layoutWorlds): a link's propagation floor is derived from them on use
   * (propagationFloorUs), so the state holds n positions rather than an n×n table. Empty for aetherOS.
   */
  pos: Vec3[]
  /** Signal speed on the links, km per µs (layers.pneumOS.propagationKmPerS / 10⁶). 0 for aetherOS. */
  kmPerUs: number
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
  const pneumos = s.network === 'pneumOS'
  return {
    kind: s.network,
    pos: pneumos ? layoutWorlds(s) : [],
    kmPerUs: pneumos ? s.layers.pneumOS.propagationKmPerS / 1_000_000 : 0,
    n,
    chaos: chaosNetParams(s.chaos),
    partitions: [],
    down: new Array<boolean>(n).fill(false),
    counters: {},
  }
}

/**
 * What a network announcement did (every value is truthy, so callers may test it as a boolean):
 * a partition started, partitions healed (possibly none: an unknown id), another announcement
 * applied (net_params, node_crash, node_restart), or a partition announcement ignored because the
 * ideal network cannot be partitioned.
 */
export type NetChange =
  | { readonly kind: 'started'; readonly partition: Partition }
  | { readonly kind: 'healed'; readonly partitions: readonly Partition[] }
  | 'applied'
  | 'ignored'

/** Apply a network announcement; returns what it changed, or false when the message was not one. */
export function applyNetAnnouncement(net: NetState, msg: Delivery): NetChange | false {
  const d = msg.data
  switch (msg.type) {
    case 'net_params':
      net.chaos = d['params'] as unknown as ChaosNetParams
      return 'applied'
    case 'partition_start': {
      if (net.kind === 'aetherOS') return 'ignored' // the ideal network cannot be partitioned
      const partition: Partition = { id: d['id'] as number, groups: d['groups'] as NodeId[][] }
      net.partitions.push(partition)
      return { kind: 'started', partition }
    }
    case 'partition_heal': {
      if (net.kind === 'aetherOS') return 'ignored'
      const id = d['id'] as number | null | undefined
      const kept: Partition[] = []
      const healed: Partition[] = []
      for (const p of net.partitions) (id == null || p.id === id ? healed : kept).push(p)
      net.partitions = kept
      return { kind: 'healed', partitions: healed }
    }
    case 'node_crash':
      net.down[d['node'] as number] = true
      return 'applied'
    case 'node_restart':
      net.down[d['node'] as number] = false
      return 'applied'
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
  if (net.kind === 'aetherOS' || from === to) return 0
  return Math.ceil(distanceKm(net.pos[from]!, net.pos[to]!) / net.kmPerUs)
}

interface LinkKeys {
  /** "from>to": the key of the link's counters. */
  readonly counter: string
  /** "link:from>to": the link's RNG stream. */
  readonly stream: string
}

/**
 * The strings that name a link, built once per (from, to) instead of two or three times per
 * packet. A pure cache of strings (the same for every run), not state: nothing in it is simulated.
 */
const LINK_KEYS: (LinkKeys | undefined)[][] = []

function linkKeys(from: NodeId, to: NodeId): LinkKeys {
  const row = LINK_KEYS[from] ?? (LINK_KEYS[from] = [])
  return row[to] ?? (row[to] = { counter: `${from}>${to}`, stream: `link:${from}>${to}` })
}

/** Count one packet in a slot of a link's counters (key: the link's LinkKeys.counter). */
function count(net: NetState, key: string, slot: 0 | 1 | 2 | 3): void {
  const c = net.counters[key] ?? (net.counters[key] = [0, 0, 0, 0])
  c[slot]++
}

/**
 * One copy's delay on a link whose packet survived the loss draw, µs: path delay scaled by chaOS,
 * serialisation, jitter, and possibly a reordering hold-back; never below the floor.
 */
function copyDelayUs(rng: Rng, p: Scenario['layers']['pneumOS'], c: ChaosNetParams, floor: number, serialisationUs: number): number {
  let jitter = 0
  if (p.jitterDistribution === 'uniform') jitter = (rng.unit() * 2 - 1) * p.jitterUs
  else if (p.jitterDistribution === 'normal') jitter = rng.normal() * p.jitterUs
  if (c.jitterUs > 0) jitter += rng.unit() * c.jitterUs
  let delay = (floor + p.baseLatencyUs) * c.latencyMultiplier + serialisationUs + jitter
  // Reordering: a packet held back by up to one extra path delay, so later ones overtake it.
  if (rng.chance(Math.min(1, p.reorderRate + c.reorderRate))) delay += rng.unit() * (floor + p.baseLatencyUs + 1_000)
  return Math.max(floor, Math.round(delay))
}

/**
 * Send one packet from→to now. Returns the exact delivery times: [] when it is lost (or cut by a
 * partition, or an end is down), two when it is duplicated. Draws come from ctx.rng('link:from>to')
 * so traffic on one link never shifts the draws of another.
 */
export function transmit(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sizeBytes: number): SimTime[] {
  const keys = linkKeys(from, to)
  count(net, keys.counter, 0)
  if (net.down[from] || net.down[to] || partitioned(net, from, to)) {
    count(net, keys.counter, 2)
    return []
  }
  const s = ctx.scenario
  if (net.kind === 'aetherOS') return [addUs(ctx.now, s.layers.aetherOS.latencyUs)]

  const p = s.layers.pneumOS
  const c = net.chaos
  const rng = ctx.rng(keys.stream)
  const loss = Math.min(1, p.lossRate + c.lossRate)
  if (rng.chance(loss)) {
    count(net, keys.counter, 2)
    return []
  }
  const floor = propagationFloorUs(net, from, to)
  const serialisationUs = (sizeBytes * 8) / p.bandwidthMbps
  const times = [addUs(ctx.now, copyDelayUs(rng, p, c, floor, serialisationUs))]
  if (rng.chance(Math.min(1, p.duplicateRate + c.duplicateRate))) {
    times.push(addUs(ctx.now, copyDelayUs(rng, p, c, floor, serialisationUs)))
    count(net, keys.counter, 3)
  }
  return times
}

/**
 * At a packet's delivery time: may it be delivered? False when a partition now separates the ends
 * or the receiver is down (a packet in flight when a partition starts is lost, as on a real cut).
 * Counts the outcome, and shows each delivery to the network checker (ctx.observe).
 */
export function deliverable(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sentAtUs: number): boolean {
  const key = linkKeys(from, to).counter
  if (net.down[to] || partitioned(net, from, to)) {
    count(net, key, 2)
    return false
  }
  count(net, key, 1)
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
