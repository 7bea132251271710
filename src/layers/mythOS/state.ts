/**
 * mythOS state: one Raft node per world, all of it plain data (it is what snapshots hold).
 *
 * Persistent (survives a crash, as etcd's WAL + HardState + backend do): term, votedFor, the log
 * (with each entry's locally computed hash chain), appliedIndex (etcd persists its "consistent
 * index" atomically with the applied state, so a restarted node never re-applies an entry and
 * the applied-index sequence of a node is 1, 2, 3 … across crashes), and the id → first-index map
 * of happenings (derived from the log; kept so dedupe is O(1)).
 * Volatile (wiped on crash): role, known leader, commitIndex (restarts at appliedIndex: applied
 * entries are known to be committed), votes, per-peer progress, timers, transfer target.
 */
import type { NodeId } from '../../kernel/types'
import type { NetState } from '../net/transport'
import type { PacketView, RaftRole } from '../views'

export type EntryKind = 'noop' | 'happening'

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
}

/** etcd's tracker.Progress, reduced to what the simulation needs. */
export interface Progress {
  match: number
  next: number
  /** Probe: one append at a time until the follower's position is known; replicate: pipelined. */
  state: 'probe' | 'replicate'
  /** Probe: an append is outstanding. Replicate: the inflight window is full. */
  paused: boolean
  /** Last index of each outstanding append (replicate state). */
  inflight: number[]
  /** Heard from since the last check-quorum round. */
  recentActive: boolean
}

export interface RaftNode {
  id: NodeId
  up: boolean
  /** Bumped on every crash so timers of an earlier life are recognised and ignored. */
  incarnation: number
  // ── persistent ──
  term: number
  votedFor: NodeId | null
  /** Entry at index i is log[i − 1]. */
  log: Entry[]
  appliedIndex: number
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
  /** Votes received in the current (pre-)campaign, by voter: true granted, false rejected. */
  votes: (boolean | null)[]
  /** Leader only: progress of every peer (own entry unused). */
  progress: Progress[]
  /** Leader: the node leadership is being transferred to. */
  transferee: NodeId | null
  /** Candidate: campaigning because of a TimeoutNow (voters ignore their leader lease). */
  transferCampaign: boolean
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
}

export interface MythosState {
  /** Time of the last handled event (view() has no ctx). */
  nowUs: number
  n: number
  net: NetState
  nodes: RaftNode[]
  /** Recent packets (in flight or just delivered), oldest first; pruned as it grows. */
  packets: PacketView[]
  stats: MythosStats
  /**
   * Telemetry for the leader-completeness check (never read by the protocol): the currentTerm of
   * the first node to apply each index (= the term in which it was committed: a leader applies
   * in the same step as it commits). firstAppliedTerm[i − 1] is index i.
   */
  firstAppliedTerm: number[]
  /** Last `leader` broadcast, so a step-down announces "no leader" only for the latest term. */
  announcedTerm: number
  announcedLeader: NodeId | null
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
})

export function newNode(id: NodeId, n: number): RaftNode {
  return {
    id,
    up: true,
    incarnation: 0,
    term: 0,
    votedFor: null,
    log: [],
    appliedIndex: 0,
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
    votes: new Array<boolean | null>(n).fill(null),
    progress: [],
    transferee: null,
    transferCampaign: false,
  }
}

/** Votes needed: a strict majority of the n members. */
export const quorum = (n: number): number => Math.floor(n / 2) + 1

/** The leader of the highest term among up nodes (the one a transfer request addresses, the one the view shows). */
export function currentLeader(s: MythosState): RaftNode | undefined {
  let best: RaftNode | undefined
  for (const nd of s.nodes) if (nd.up && nd.role === 'leader' && (!best || nd.term > best.term)) best = nd
  return best
}
