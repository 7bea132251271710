/**
 * mythOS state: one Raft node per world, all of it plain data (it is what snapshots hold).
 *
 * Persistent (survives a crash, as etcd's WAL + HardState + backend do): term, votedFor, the log
 * (with each entry's locally computed hash chain), appliedIndex (etcd persists its "consistent
 * index" atomically with the applied state, so a restarted node never re-applies an entry and
 * the applied-index sequence of a node is 1, 2, 3 … across crashes), and the id → first-index map
 * of happenings (derived from the log; kept so dedupe is O(1)).
 * Configuration (fixed for the run): whether a node is a voter or a learner (settings.voterIds).
 * Volatile (wiped on crash): role, known leader, commitIndex (restarts at appliedIndex: applied
 * entries are known to be committed), votes, per-peer progress, timers, transfer target.
 *
 * Durability (persist.ts): term, votedFor and log are the node's working copy; what a crash
 * leaves is the durable copy (durableTerm, durableVote, durableLog) as the last completed disk
 * write left it. Every change of term, vote or log bumps stateSeq (touchHardState / touchLog);
 * a write captures the changes since the previous one and makes them durable when it completes.
 * appliedIndex never exceeds the durable index, so it is durable with the state it describes.
 */
import type { NodeId } from '../../kernel/types'
import type { NetState } from '../net/transport'
import type { PacketView, RaftRole } from '../views'
import type { RaftMsg } from './rpc'
import type { AppliedTerms } from './appliedTerms'
import { GENESIS_CHAIN } from './digest'

/** noop: a new leader's empty entry; happening: the workload's; conf: a membership change (its text names the new voter set, membership.ts). */
export type EntryKind = 'noop' | 'happening' | 'conf'

/** What travels in an AppendEntries. */
export interface WireEntry {
  term: number
  kind: EntryKind
  /** Happening id (atmOS's "world.seq"); null for the no-op. */
  id: string | null
  text: string
  digest: string
}

/** A log entry as a node stores it: the wire entry plus the chain value this node computed. */
export interface Entry extends WireEntry {
  chain: string
  /** A conf entry's voter set (parsed from its text once, at append); absent on other kinds. */
  voters?: NodeId[]
}

/**
 * The point a log starts after (etcd's dummy entry at the compacted index): entries up to `index`
 * were folded into a snapshot and are gone; their term and chain at `index` are kept so the log
 * still matches (prevIndex = index) and chains on.
 */
export interface LogBase {
  index: number
  term: number
  chain: string
  /** The voter set in effect at `index` (etcd's ConfState in a snapshot's metadata): where the log's configuration starts. */
  voters: NodeId[]
}

/**
 * A state-machine snapshot (etcd's raftpb.Snapshot metadata): the state after applying 1..index.
 * The state of this story is its hash chain at `index` (every node's applied prefix has one); bytes
 * is the size of the state the snapshot holds (the story's bytes), what a transfer must carry.
 */
export interface SnapMeta extends LogBase {
  bytes: number
}

/** etcd's tracker.Progress, reduced to what the simulation needs. */
export interface Progress {
  match: number
  next: number
  /**
   * Probe: one append at a time until the follower's position is known; replicate: pipelined;
   * snapshot: the entries it needs were compacted, a snapshot is on its way (oneirOS), nothing
   * is sent until the follower answers from past it (etcd StateSnapshot).
   */
  state: 'probe' | 'replicate' | 'snapshot'
  /** Snapshot state: the index of the snapshot being sent. */
  pendingSnapshot: number
  /** Probe: an append is outstanding. Replicate: the inflight window is full. */
  paused: boolean
  /** Last index of each outstanding append (replicate state). */
  inflight: number[]
  /** Heard from since the last check-quorum round. */
  recentActive: boolean
}

/** One durable write in flight (etcd: the WAL append + fsync of a Ready), captured at its start. */
export interface DiskWrite {
  /** The stateSeq it makes durable. */
  seq: number
  /** First log index it rewrites (the durable log is cut to from − 1, then `entries` appended); 0: no log change. */
  from: number
  /** An installed snapshot's base: the durable log is replaced, starting after it. */
  base: LogBase | null
  entries: Entry[]
  term: number
  votedFor: NodeId | null
  doneUs: number
  /** False: the fsync reports an error at doneUs (drawn at the start, revealed at the end). */
  ok: boolean
}

/** A snapshot being written for a compaction (hypnOS's job), then the log cut to `compactTo`. */
export interface CompactionJob {
  job: number
  snap: SnapMeta
  compactTo: number
  doneUs: number
  ok: boolean
}

/** A message held until the state it reflects is durable (sent by step when stateSeq > durableSeq). */
export interface HeldMsg {
  /** Released once durableSeq >= need. */
  need: number
  sinceUs: number
  m: RaftMsg
}

export interface RaftNode {
  id: NodeId
  /**
   * A voter (elections, commit, CheckQuorum) or a learner (etcd's learners: it receives and
   * applies the log, answers appends and heartbeats, but has no election timer, never campaigns,
   * ignores vote requests and counts toward no quorum). Follows `voters` (membership.ts).
   */
  voter: boolean
  /**
   * This node's configuration: the voter set of the latest conf entry in its log, committed or not
   * (Raft dissertation §4.1), or its base's when the log holds none. `voter` says whether it is in it.
   */
  voters: NodeId[]
  /** Fenced (its world is quarantined by pandemoniOS): it may neither lead nor vote (Pacemaker's STONITH idea). */
  fenced: boolean
  up: boolean
  /**
   * The world's Raft software if a rollout (harmoniOS) installed one other than the scenario's: its
   * version and heartbeat interval. Installed on the host, so it survives crashes.
   */
  software: { version: string; heartbeatMs: number } | null
  /** Bumped on every crash so timers of an earlier life are recognised and ignored. */
  incarnation: number
  // ── persistent ──
  term: number
  votedFor: NodeId | null
  /** Entry at index i is log[i − base.index − 1]: the log starts after its base (log.ts). */
  log: Entry[]
  /** Where the log starts: index 0 until a compaction or a snapshot install moves it. */
  base: LogBase
  /** The last durable snapshot (index 0: none yet); base.index <= snapshot.index <= appliedIndex. */
  snapshot: SnapMeta
  appliedIndex: number
  /** Size of the applied state (the story's bytes): what a snapshot of it holds. Persisted with it. */
  appliedBytes: number
  /** Happening id → first log index holding it. */
  idIndex: Record<string, number>
  // ── volatile ──
  role: RaftRole
  leader: NodeId | null
  commitIndex: number
  /** Drawn on every reset in [electionTimeoutMsMin, electionTimeoutMsMax] (µs). */
  randomizedTimeoutUs: number
  /** When etcd's electionElapsed was last zeroed (leader contact, vote granted, reset). */
  electionStartUs: number
  /** The one election timer (id, time) or −1: re-armed lazily when the deadline moved on. */
  electionTimerId: number
  electionTimerAt: number
  /** Leader: the heartbeat tick timer, and when the current check-quorum round started. */
  heartbeatTimerId: number
  quorumRoundStartUs: number
  /** Votes received in the current (pre-)campaign, indexed by node id (only voters' count): true granted, false rejected. Empty for a learner. */
  votes: (boolean | null)[]
  /** Leader only: progress of every peer (own entry unused). */
  progress: Progress[]
  /** Leader: the node leadership is being transferred to. */
  transferee: NodeId | null
  /** Candidate: campaigning because of a TimeoutNow (voters ignore their leader lease). */
  transferCampaign: boolean
  // ── disk (persist.ts) ──
  /** Bumped on every change of term, vote or log. */
  stateSeq: number
  /** The stateSeq the last completed write captured: all of it is durable. */
  durableSeq: number
  /** Lowest log index changed since the last write was captured; 0: none. */
  unsavedFrom: number
  /** What a crash leaves: term, vote and log as of the last completed write. */
  durableTerm: number
  durableVote: NodeId | null
  /** Entries are shared with `log` (they are never mutated), so this is references, not copies. */
  durableLog: Entry[]
  /** Where the durable log starts (differs from base only while an installed snapshot is not yet durable). */
  durableBase: LogBase
  /** An installed snapshot moved the base and the next write must make it durable (persist.ts). */
  baseDirty: boolean
  /** A snapshot installed from the leader, not yet durable (its state is applied once it is), or null. */
  installing: SnapMeta | null
  /** The compaction job in flight (hypnOS asked; its snapshot is being written), or null. */
  compaction: CompactionJob | null
  /** The write in flight (one at a time per disk), or null. */
  write: DiskWrite | null
  /** When this world's disk is done with what it was asked (writes to one disk are sequential). */
  diskBusyUntilUs: number
  /** Messages waiting for their state to be durable, in send order. */
  held: HeldMsg[]
  /** Start of the current stretch during which messages were held. */
  heldSinceUs: number
  /** Writes completed (or failed) over the node's whole life. */
  fsyncs: number
  /** Time with at least one message held, over closed stretches, µs (the view adds the current one). */
  diskWaitUsTotal: number
}

export interface MythosStats {
  elections: number
  preVotesStarted: number
  votesStarted: number
  leadersElected: number
  stepDowns: number
  checkQuorumStepDowns: number
  proposalsReceived: number
  proposalsAppended: number
  proposalsForwarded: number
  proposalsDropped: number
  duplicatesIgnored: number
  duplicatesSkippedAtApply: number
  transfersRequested: number
  transfersCompleted: number
  transfersAborted: number
  rpcsSent: number
  rpcsLost: number
  rpcsDropped: number
  crashes: number
  restarts: number
  fsyncs: number
  diskWriteFailures: number
  /** Messages that waited for the disk before going out (or were dropped by a crash while waiting). */
  messagesHeld: number
  /** Raft messages delivered to each node (the load hypnOS reads, as a rate, from the metrics channel). */
  received: number[]
  compactions: number
  entriesCompacted: number
  snapshotsRequested: number
  snapshotsInstalled: number
}

export interface MythosState {
  /** Time of the last handled event (view() has no ctx). */
  nowUs: number
  n: number
  net: NetState
  nodes: RaftNode[]
  /**
   * The cluster's committed voter set, ascending: settings.voterIds at the start, then each conf
   * entry a leader committed (membership.ts). Every other node is a learner. The protocol reads each
   * node's own configuration (RaftNode.voters); this is what the other layers are told.
   */
  voters: NodeId[]
  /** Recent packets (in flight or just delivered), oldest first; pruned as it grows. */
  packets: PacketView[]
  stats: MythosStats
  /**
   * Telemetry for the leader-completeness check (never read by the protocol): the lowest
   * currentTerm in which any node applied each index so far (>= the term in which it was
   * committed; the raft checker computes the same), run-length encoded (appliedTerms.ts): it
   * changes only around elections, so it stays small however long the log grows.
   */
  firstAppliedTerm: AppliedTerms
  /** Last `leader` broadcast, so a step-down announces "no leader" only for the latest term. */
  announcedTerm: number
  announcedLeader: NodeId | null
  /**
   * Telemetry (never read by the protocol): commit latency at the leader — when the current leader
   * appended each entry proposed to it, by index, and the sum and count of append → commit times of
   * the entries it committed (the metrics commitWaitUs / commitsTimed; anomOS reads their ratio).
   */
  commitWait: { since: Record<number, number>; sumUs: number; count: number }
  /** Index of the last conf entry a leader committed (the one `voters` holds); 0: the initial set. */
  votersIndex: number
}

export const newStats = (): MythosStats => ({
  elections: 0,
  preVotesStarted: 0,
  votesStarted: 0,
  leadersElected: 0,
  stepDowns: 0,
  checkQuorumStepDowns: 0,
  proposalsReceived: 0,
  proposalsAppended: 0,
  proposalsForwarded: 0,
  proposalsDropped: 0,
  duplicatesIgnored: 0,
  duplicatesSkippedAtApply: 0,
  transfersRequested: 0,
  transfersCompleted: 0,
  transfersAborted: 0,
  rpcsSent: 0,
  rpcsLost: 0,
  rpcsDropped: 0,
  crashes: 0,
  restarts: 0,
  fsyncs: 0,
  diskWriteFailures: 0,
  messagesHeld: 0,
  received: [],
  compactions: 0,
  entriesCompacted: 0,
  snapshotsRequested: 0,
  snapshotsInstalled: 0,
})

export function newNode(id: NodeId, n: number, voter = true, voters: NodeId[] = []): RaftNode {
  return {
    id,
    voter,
    voters,
    fenced: false,
    up: true,
    software: null,
    incarnation: 0,
    term: 0,
    votedFor: null,
    log: [],
    base: { index: 0, term: 0, chain: GENESIS_CHAIN, voters },
    snapshot: { index: 0, term: 0, chain: GENESIS_CHAIN, bytes: 0, voters },
    appliedIndex: 0,
    appliedBytes: 0,
    idIndex: {},
    role: 'follower',
    leader: null,
    commitIndex: 0,
    randomizedTimeoutUs: 0,
    electionStartUs: 0,
    electionTimerId: -1,
    electionTimerAt: -1,
    heartbeatTimerId: -1,
    quorumRoundStartUs: 0,
    votes: voter ? new Array<boolean | null>(n).fill(null) : [],
    progress: [],
    transferee: null,
    transferCampaign: false,
    stateSeq: 0,
    durableSeq: 0,
    unsavedFrom: 0,
    durableTerm: 0,
    durableVote: null,
    durableLog: [],
    durableBase: { index: 0, term: 0, chain: GENESIS_CHAIN, voters },
    baseDirty: false,
    installing: null,
    compaction: null,
    write: null,
    diskBusyUntilUs: 0,
    held: [],
    heldSinceUs: 0,
    fsyncs: 0,
    diskWaitUsTotal: 0,
  }
}

/** Term or vote changed: the HardState must be written before the node answers. */
export function touchHardState(nd: RaftNode): void {
  nd.stateSeq++
}

/** The log changed from index `from` on (appended or truncated). */
export function touchLog(nd: RaftNode, from: number): void {
  nd.stateSeq++
  if (nd.unsavedFrom === 0 || from < nd.unsavedFrom) nd.unsavedFrom = from
}

/** State not yet durable (what a crash now would lose). */
export const unsynced = (nd: RaftNode): boolean => nd.stateSeq > nd.durableSeq

/** Votes needed: a strict majority of the n members. */
export const quorum = (n: number): number => Math.floor(n / 2) + 1

/** A strict majority of a node's voters (learners count toward no quorum). */
export const voterQuorum = (nd: RaftNode): number => quorum(nd.voters.length)

/** The leader of the highest term among up nodes (the one a transfer request addresses, the one the view shows). */
export function currentLeader(s: MythosState): RaftNode | undefined {
  let best: RaftNode | undefined
  for (const nd of s.nodes) if (nd.up && nd.role === 'leader' && (!best || nd.term > best.term)) best = nd
  return best
}
