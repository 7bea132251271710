/**
 * View models: the compact, plain-data shapes each layer's view() returns for the UI (frame
 * buffer, inspectors). This file is the contract between the layers and src/views.
 */
import type { Partition } from './net/partition'
import type { ChaosNetParams } from './net/transport'
import type { ChaosSliders } from './chaOS/settings'
import type { WorldStatus } from '../kernel/worlds'

export type { WorldStatus } from '../kernel/worlds'

export interface WorldView {
  id: number
  name: string
  /** Position, km. */
  x: number
  y: number
  z: number
  status: WorldStatus
  /** Hardware clock drift, ppm. */
  driftPpm: number
  /** Happenings this world has proposed so far. */
  proposed: number
}

export interface AtmosView {
  worlds: WorldView[]
}

export type RaftRole = 'follower' | 'precandidate' | 'candidate' | 'leader'

export interface RaftNodeView {
  id: number
  /** A Raft voter; false: a learner (receives and applies the log, never votes or campaigns). */
  voter: boolean
  up: boolean
  role: RaftRole
  term: number
  votedFor: number | null
  leader: number | null
  lastIndex: number
  commitIndex: number
  appliedIndex: number
  // ── compaction and snapshots (mythOS snapshot.ts; hypnOS, oneirOS) ──
  /** Index of its last durable snapshot (0: none). */
  snapshotIndex: number
  /** The first index its log still holds (entries before were compacted or replaced by a snapshot). */
  firstIndex: number
  /** A compaction's snapshot is being written. */
  compacting: boolean
  /** An installed snapshot is being made durable. */
  installing: boolean
  /** Followers the leader is sending a snapshot to (leader only; empty otherwise). */
  snapshotTo: number[]
  /** The Raft software a rollout (harmoniOS) installed on it, or null: the scenario's own. */
  software: string | null
  // ── its disk (mythOS persist.ts) ──
  /** Last log index on disk (and unchanged since): what it may apply or, leading, count toward commit. */
  durableIndex: number
  /** A write (append + fsync) is in flight. */
  pendingWrite: boolean
  /** How long the oldest message held for the disk has waited, µs (0: none held). */
  diskWaitUs: number
  /** Messages waiting for their state to be durable before they go out. */
  heldMessages: number
  /** Writes completed over the node's whole life. */
  fsyncs: number
  /** Total time with messages held for the disk, µs. */
  diskWaitUsTotal: number
  // ── its election timer (RaftScope's arc) ──
  /**
   * When its election timer fires unless it hears from a leader first (sim time, µs); null when it
   * has none: a leader, a learner, a down world.
   */
  electionDeadlineUs: number | null
  /** The randomised timeout that deadline was drawn with, µs (the arc's whole circle; 0 when none). */
  electionTimeoutUs: number
}

/**
 * The newest entries of one world's Raft log (RaftScope's log view): a contiguous run of indices
 * fromIndex … fromIndex + terms.length − 1, its newest, one term per entry.
 */
export interface RaftLogView {
  id: number
  /** The log's base: entries up to baseIndex were compacted into a snapshot (0: none); the term there. */
  baseIndex: number
  baseTerm: number
  /** Index of terms[0]; lastIndex + 1 when no entry is carried (an empty or fully compacted log). */
  fromIndex: number
  terms: number[]
  /** One letter per entry: n a leader's no-op, h a happening, c a configuration change. */
  kinds: string
}

export interface PacketView {
  from: number
  to: number
  sentUs: number
  deliverUs: number
  /** e.g. 'prevote', 'vote', 'append', 'heartbeat', 'reply', 'timeoutnow', 'forward' */
  kind: string
  /** The message's fields, summarised (net/packetViews.ts wireFields), when the layer records them: the message card shows them. */
  fields?: WireFields
}

/** A field of a message as the page sees it: a scalar, or a list as its length and first items (scalars, or objects of scalars). */
export type WireScalar = string | number | boolean | null
export type WireItem = WireScalar | Record<string, WireScalar>
export type WireFields = Record<string, WireScalar | { count: number; items: WireItem[] }>

export interface MythosView {
  term: number
  leader: number | null
  commitIndex: number
  nodes: RaftNodeView[]
  /** Packets in flight now (capped, most recent first). */
  inFlight: PacketView[]
  /** The last few committed happenings, newest last: the agreed story. */
  story: { index: number; term: number; text: string }[]
  /**
   * The newest entries of a bounded set of worlds' logs, by id (view.ts LOG_VIEW_WORLDS: the voters
   * and the leader first, then learners), aligned on a common window ending at the longest log.
   */
  logs: RaftLogView[]
}

export interface LinkView {
  from: number
  to: number
  sent: number
  delivered: number
  dropped: number
  duplicated: number
}

/** Packets counted by the transport (DESIGN §3.2: integer link counters by layer). */
export interface NetTotalsView {
  sent: number
  delivered: number
  dropped: number
  duplicated: number
}

/**
 * An active partition as plain data: {id, kind: 'groups', groups} (disjoint groups, unlisted worlds
 * one more group) or {id, kind: 'ring', order, reach} (Jepsen's majorities-ring). Whether it cuts a
 * link: cutsLink (src/layers/net/partition.ts).
 */
export type PartitionView = Partition

export interface NetworkView {
  kind: 'pneumOS' | 'aetherOS'
  /** Active partitions. */
  partitions: PartitionView[]
  totals: NetTotalsView
  /** The same totals per layer that uses the network (mythOS, chronOS …), by layer name. */
  byLayer: Record<string, NetTotalsView>
  /** Busiest links (capped). */
  links: LinkView[]
  chaos: ChaosNetParams
}

export interface ActiveFaultView {
  kind: string
  targets: number[]
  untilUs: number | null
}

export interface ChaosView {
  sliders: ChaosSliders
  activeFaults: ActiveFaultView[]
  injected: number
}
