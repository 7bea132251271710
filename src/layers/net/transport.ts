/**
 * The network model every layer uses for its own node-to-node traffic (Raft RPCs inside mythOS,
 * NTP exchanges inside chronOS …). Intra-layer messages are exact: a packet's delivery time is
 * computed here, deterministically, from the announced network state and the sending world's
 * stream, and the layer schedules it as a timer at that exact µs (DESIGN §3).
 *
 * Random draws come from one stream per sending world, ctx.rng('net:' + from) (DESIGN §3: sub-streams
 * per sender, never one live stream per link, which would grow as n² in every snapshot): within a
 * layer the packets a world sends are drawn in the order it sends them, so a run is reproducible,
 * and traffic from one world never shifts another world's draws.
 *
 * The state is plain data (it lives inside the layer's snapshot-able state). Changes to it arrive
 * as broadcast announcements (chaOS's net_params, partition_start and partition_heal, sent one
 * quantum ahead so every layer applies them at the same instant, and the network's packet_fault;
 * see applyNetAnnouncement). pneumOS is the realistic model, aetherOS the ideal one.
 */
import type { Rng } from '../../kernel/rng'
import type { Delivery, Json, LayerContext, NodeId, SimTime } from '../../kernel/types'
import { addUs, simUs } from '../../kernel/time'
import { isLive } from '../../kernel/worlds'
import { boundaryIssue } from '../../kernel/boundary'
import type { LayerScenario } from '../../scenario/base'
import type { AetherosSettings } from '../aetherOS/settings'
import type { ChaosSliders } from '../chaOS/settings'
import type { PneumosSettings } from '../pneumOS/settings'
import { distanceKm, layoutWorlds, type Vec3 } from '../atmOS/layout'
import { cutsLink, parsePartition, type Partition } from './partition'
import { createStampState, stampData, stampReceive, stampSend, type StampState, type WireStamp } from './stamps'
import { applyPacketFaults, keepPacketFault, type PendingFault } from './packetFaults'
import type { z } from 'zod'

export { copyPartition, cutsLink, majoritiesRingReach, MAJORITIES_RING_MIN_WORLDS, partitionData, parsePartition, reachableFrom, type Partition } from './partition'

/** chaOS's additive contribution to the network, already scaled by the master entropy. */
export interface ChaosNetParams {
  lossRate: number
  duplicateRate: number
  reorderRate: number
  /** Multiplies the distance + base latency (>= 1). */
  latencyMultiplier: number
  /** Extra jitter scale, µs. */
  jitterUs: number
  /**
   * Probability that a packet's payload is corrupted in flight (a field of the wrong type): only
   * while etymOS validates boundaries, which rejects it at the receiver with schema_rejected.
   */
  corruptRate: number
}

/** [sent, delivered, dropped, duplicated] of one directed link. */
export type LinkCounters = [number, number, number, number]

/** The integer key of the directed link from→to among n worlds: from·n + to (linkOf inverts it). */
export const linkKey = (n: number, from: NodeId, to: NodeId): number => from * n + to

/** The link a key names among n worlds: [from, to]. */
export const linkOf = (n: number, key: number): [NodeId, NodeId] => [Math.floor(key / n), key % n]

/** Numbers per link in a `net_stats` report: from, to, sent, delivered, dropped, duplicated. */
export const NET_STATS_STRIDE = 6

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
  /** The network model's settings (the scenario's, for the network that runs). */
  pneumos: PneumosSettings | null
  aetherLatencyUs: number
  /** Per directed link, keyed by linkKey(n, from, to), since the last flushNetStats. */
  counters: Record<number, LinkCounters>
  /** HLC and vector clocks of this layer's processes (stamps.ts), null when neither runs. */
  stamps: StampState | null
  /**
   * Drops and delays the user asked for, announced by the network (packetFaults.ts), until their
   * message arrives. Absent until the first one: a run without them keeps no list.
   */
  faults?: PendingFault[]
}

/** Effective chaos network parameters from the sliders: effective = slider × entropy. */
export function chaosNetParams(c: ChaosSliders, corruptible: boolean): ChaosNetParams {
  const e = c.entropy
  return {
    lossRate: c.lossRate * e,
    duplicateRate: c.duplicateRate * e,
    reorderRate: c.reorderRate * e,
    latencyMultiplier: 1 + (c.latencyMultiplier - 1) * e,
    jitterUs: Math.round(c.jitterMs * 1000 * e),
    corruptRate: corruptible ? c.messageCorruptionRate * e : 0,
  }
}

/**
 * The network state at the big bang. Who is up is not part of it: every layer reads the world
 * lifecycle mirror (ctx.worlds), kept by the kernel from atmOS's announcements.
 */
export function createNetState(s: LayerScenario): NetState {
  const n = s.nodes.count
  // The scenario schema validated every slice; these are their types.
  const pneumos = s.network === 'pneumOS' ? (s.layers['pneumOS'] as PneumosSettings) : null
  return {
    kind: s.network,
    pos: pneumos ? layoutWorlds(s) : [],
    kmPerUs: pneumos ? pneumos.propagationKmPerS / 1_000_000 : 0,
    n,
    chaos: chaosNetParams(s.layers['chaOS'] as ChaosSliders, corruptible(s)),
    partitions: [],
    pneumos,
    aetherLatencyUs: (s.layers['aetherOS'] as AetherosSettings).latencyUs,
    counters: {},
    stamps: createStampState(s),
  }
}

/** Messages may be corrupted in flight only while etymOS runs to reject them (else checksums would drop them). */
export const corruptible = (s: Pick<LayerScenario, 'run'>): boolean => s.run.includes('etymOS')

/**
 * What a network announcement did (every value is truthy, so callers may test it as a boolean):
 * a partition started, partitions healed (possibly none: an unknown id), another announcement
 * applied (net_params, node_crash, node_restart), a partition announcement ignored because the
 * ideal network cannot be partitioned, or an announcement rejected because it was malformed (a
 * partition whose shape parsePartition refuses, a heal id that is not a number or null, a crash or
 * restart of a world that does not exist): nothing changed.
 */
export type NetChange =
  | { readonly kind: 'started'; readonly partition: Partition }
  | { readonly kind: 'healed'; readonly partitions: readonly Partition[] }
  | 'applied'
  | 'ignored'
  | 'rejected'

/** Apply a network announcement; returns what it changed, or false when the message was not one. */
export function applyNetAnnouncement(net: NetState, msg: Delivery): NetChange | false {
  // Read field by field and checked below: an announcement is data from another layer.
  const d = (msg.data ?? {}) as { readonly [key: string]: unknown }
  switch (msg.type) {
    case 'net_params':
      net.chaos = d['params'] as unknown as ChaosNetParams
      return 'applied'
    case 'partition_start': {
      if (net.kind === 'aetherOS') return 'ignored' // the ideal network cannot be partitioned
      const partition = parsePartition(d, net.n)
      if (partition === null) return 'rejected'
      net.partitions.push(partition)
      return { kind: 'started', partition }
    }
    case 'partition_heal': {
      if (net.kind === 'aetherOS') return 'ignored'
      const id = d['id']
      if (!(id == null || Number.isSafeInteger(id))) return 'rejected'
      const kept: Partition[] = []
      const healed: Partition[] = []
      for (const p of net.partitions) (id == null || p.id === id ? healed : kept).push(p)
      net.partitions = kept
      return { kind: 'healed', partitions: healed }
    }
    case 'packet_fault': {
      const faults = keepPacketFault(net.faults, msg.data)
      if (faults === 'rejected') return 'rejected'
      net.faults = faults
      return 'applied'
    }
    default:
      return false
  }
}

/** True when an active partition cuts the link a–b (either kind; see cutsLink). */
export function partitioned(net: NetState, a: NodeId, b: NodeId): boolean {
  for (const p of net.partitions) if (cutsLink(p, a, b)) return true
  return false
}

/** The propagation floor a→b in µs: nothing may arrive sooner (checked by the network checker). */
export function propagationFloorUs(net: NetState, from: NodeId, to: NodeId): number {
  if (net.kind === 'aetherOS' || from === to) return 0
  return Math.ceil(distanceKm(net.pos[from]!, net.pos[to]!) / net.kmPerUs)
}

/**
 * The name of each sending world's stream, "net:<from>", built once per world instead of once per
 * packet. A pure cache of strings (the same for every run), not state: nothing in it is simulated.
 */
const SENDER_STREAMS: string[] = []

const senderStream = (from: NodeId): string => SENDER_STREAMS[from] ?? (SENDER_STREAMS[from] = `net:${from}`)

/** Count one packet in a slot of a link's counters. */
function count(net: NetState, from: NodeId, to: NodeId, slot: 0 | 1 | 2 | 3): void {
  const key = linkKey(net.n, from, to)
  const c = net.counters[key] ?? (net.counters[key] = [0, 0, 0, 0])
  c[slot]++
}

/**
 * One copy's delay on a link whose packet survived the loss draw, µs: path delay scaled by chaOS,
 * serialisation, jitter, and possibly a reordering hold-back; never below the floor.
 */
function copyDelayUs(rng: Rng, p: PneumosSettings, c: ChaosNetParams, floor: number, serialisationUs: number): number {
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
 * partition, or an end is down), two when it is duplicated. Draws come from the sender's stream
 * ctx.rng('net:<from>'), so traffic from one world never shifts the draws of another; packets cut
 * (an end down, a partition) or sent on the ideal network draw nothing.
 */
export function transmit(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sizeBytes: number): SimTime[] {
  return transmitPacket(net, ctx, from, to, sizeBytes).times
}

const NOTHING: SimTime[] = []

/**
 * transmit(), and whether the packet's payload is corrupted in flight (one more draw from the
 * sender's stream, only while corruptRate > 0: runs without it draw exactly as before).
 */
export function transmitPacket(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sizeBytes: number): { times: SimTime[]; corrupt: boolean } {
  count(net, from, to, 0)
  if (!isLive(ctx.worlds[from]!) || !isLive(ctx.worlds[to]!) || partitioned(net, from, to)) {
    count(net, from, to, 2)
    return { times: NOTHING, corrupt: false }
  }
  const p = net.pneumos
  const c = net.chaos
  if (p === null) return { times: [addUs(ctx.now, net.aetherLatencyUs)], corrupt: c.corruptRate > 0 && ctx.rng(senderStream(from)).chance(c.corruptRate) }

  const rng = ctx.rng(senderStream(from))
  const loss = Math.min(1, p.lossRate + c.lossRate)
  if (rng.chance(loss)) {
    count(net, from, to, 2)
    return { times: NOTHING, corrupt: false }
  }
  const floor = propagationFloorUs(net, from, to)
  const serialisationUs = (sizeBytes * 8) / p.bandwidthMbps
  const times = [addUs(ctx.now, copyDelayUs(rng, p, c, floor, serialisationUs))]
  if (rng.chance(Math.min(1, p.duplicateRate + c.duplicateRate))) {
    times.push(addUs(ctx.now, copyDelayUs(rng, p, c, floor, serialisationUs)))
    count(net, from, to, 3)
  }
  return { times, corrupt: rng.chance(c.corruptRate) }
}

/**
 * What corruption in flight does to a payload: one field (drawn from the sender's stream) replaced
 * by a value of the wrong type. A copy: the sender's own message is untouched.
 */
export function corruptPayload<T extends object>(net: NetState, ctx: LayerContext, from: NodeId, payload: T): T {
  const keys = Object.keys(payload).sort()
  if (keys.length === 0) return payload
  const key = ctx.rng(senderStream(from)).pick(keys)
  const v = (payload as Record<string, unknown>)[key]
  const bad = typeof v === 'number' ? 'NaN☠' : typeof v === 'string' ? -1 : typeof v === 'boolean' ? 'maybe' : Array.isArray(v) ? 7 : 'garbage'
  return { ...payload, [key]: bad }
}

/** A node-to-node packet as a layer schedules it for its receiver (inside its timer payload). */
export interface WireMeta {
  /** Stamps (HLC, vector clock, packet id) when chronOS or karmOS runs. */
  s?: WireStamp
  /** Corrupted in flight. */
  bad?: 1
  /**
   * With `bad`: the link [from, to] the packet was sent on (its payload's own from/to may be the
   * corrupted field, while the network still delivers it on that link).
   */
  link?: [NodeId, NodeId]
}

/** The link a packet travels: its meta's when corrupted, else its payload's from/to. */
export const wireLink = (meta: WireMeta | undefined, m: { from: NodeId; to: NodeId }): [NodeId, NodeId] => meta?.link ?? [m.from, m.to]

/**
 * Send one node-to-node packet now: its stamps (the send event of the HLC and vector clock), the
 * network's delivery times and the payload each copy carries (corrupted in flight, or as sent).
 */
export function sendWire<T extends object>(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sizeBytes: number, payload: T): { times: SimTime[]; meta: WireMeta; payload: T } {
  const stamp = stampSend(net.stamps, ctx, from, to)
  const { times, corrupt } = transmitPacket(net, ctx, from, to, sizeBytes)
  const meta: WireMeta = {}
  if (stamp) meta.s = stamp
  if (corrupt && times.length > 0) {
    meta.bad = 1
    meta.link = [from, to]
    // For the boundary checker: a packet corrupted in flight must never be processed.
    if (stamp && ctx.observing) ctx.observe('packet_corrupted', { id: stamp.id, from, to })
    return { times, meta, payload: corruptPayload(net, ctx, from, payload) }
  }
  return { times, meta, payload }
}

/**
 * At a packet's delivery: first a drop or delay the user asked for (packetFaults.ts; `timer` is
 * the layer's timer payload of this packet, which a delay schedules again — a layer that passes
 * none cannot have its packets delayed), then deliverable(), then boundary validation of its
 * payload against the layer's wire schema while etymOS runs (a failure is reported with
 * ctx.reject and the packet is dropped; a corrupted packet with nobody validating fails its
 * checksum and is dropped), then the receive event of the clocks. True when the layer should
 * process it.
 */
export function receiveWire(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sentUs: number, meta: WireMeta | undefined, payload: unknown, schema: z.ZodType, kind: string, timer?: Json): boolean {
  if (net.faults !== undefined && net.faults.length > 0) {
    // A drop or delay the user asked for (packetFaults.ts): a delayed packet comes back through here later.
    const verdict = applyPacketFaults(net.faults, ctx, from, to, sentUs, kind, timer, meta?.s?.id)
    if (verdict === 'dropped') count(net, from, to, 2)
    if (verdict !== null) return false
  }
  if (!isLive(ctx.worlds[to]!) || partitioned(net, from, to)) {
    count(net, from, to, 2)
    return false
  }
  if (meta?.bad !== undefined || ctx.validating) {
    if (!ctx.validating) {
      count(net, from, to, 2) // a checksum failure: dropped
      return false
    }
    const issue = boundaryIssue(schema, payload)
    if (issue !== null) {
      count(net, from, to, 2)
      ctx.reject({ layer: ctx.layer, type: kind, from, path: issue.path, reason: issue.message, node: to, boundary: 'wire' })
      return false
    }
  }
  count(net, from, to, 1)
  const rs = stampReceive(net.stamps, ctx, to, meta?.s)
  if (ctx.observing) {
    const d: { from: NodeId; to: NodeId; sentUs: number; id?: number } = { from, to, sentUs }
    if (meta?.s) d.id = meta.s.id
    ctx.observe('packet_delivered', rs ? stampData(rs, d) : d)
  }
  return true
}

/**
 * At a packet's delivery time: may it be delivered? False when a partition now separates the ends
 * or the receiver is down (a packet in flight when a partition starts is lost, as on a real cut).
 * Counts the outcome, and shows each delivery to the network checker (ctx.observe).
 */
export function deliverable(net: NetState, ctx: LayerContext, from: NodeId, to: NodeId, sentAtUs: number): boolean {
  if (!isLive(ctx.worlds[to]!) || partitioned(net, from, to)) {
    count(net, from, to, 2)
    return false
  }
  count(net, from, to, 1)
  if (ctx.observing) ctx.observe('packet_delivered', { from, to, sentUs: sentAtUs })
  return true
}

/** How often layers report their per-link counters to the network layer, µs of sim time. */
export const NET_STATS_INTERVAL_US = 1_000_000

/** The timer payload of a layer's periodic net_stats report (its `k` is 'stats'). */
export const NET_STATS_TIMER = { k: 'stats' } as const

/** Arm a layer's first net_stats report (call from init). */
export function startNetStats(ctx: LayerContext): void {
  ctx.schedule(simUs(NET_STATS_INTERVAL_US), NET_STATS_TIMER)
}

/** At a layer's NET_STATS_TIMER: report the counters, and arm the next report. */
export function onNetStatsTimer(net: NetState, ctx: LayerContext): void {
  flushNetStats(net, ctx)
  ctx.schedule(simUs(ctx.now + NET_STATS_INTERVAL_US), NET_STATS_TIMER)
}

/**
 * Send the per-link counters accumulated since the last flush to the active network layer
 * (pneumOS or aetherOS), as one `net_stats` message {layer, links} where `links` is a flat array
 * of NET_STATS_STRIDE integers per link: [from, to, sent, delivered, dropped, duplicated, …]
 * (links in ascending key order), and reset them. Layers call this from a periodic timer
 * (NET_STATS_INTERVAL_US), so the network layer's view shows per-link counters, and totals by
 * layer, without one event or message per packet.
 */
export function flushNetStats(net: NetState, ctx: LayerContext): void {
  const counters = net.counters
  const links: number[] = []
  for (const k in counters) {
    const key = Number(k)
    const c = counters[key]!
    links.push(Math.floor(key / net.n), key % net.n, c[0], c[1], c[2], c[3])
  }
  if (links.length === 0) return
  net.counters = {}
  ctx.send('net_stats', { layer: ctx.layer, links })
}
