/** karmOS's state: plain data (snapshots hold it). */
import type { NetState, WireMeta } from '../net/transport'
import type { PacketView } from '../views'
import type { Ledger } from './ledger'
import type { Range } from './merkle'
import type { KarmosMsg } from './messages'

/** An anti-entropy round a world leads (the initiator's side; the peer and witnesses answer statelessly). */
export interface Round {
  s: number
  peer: number
  /** The initiator's prefix length when it said hello; then the common prefix compared. */
  L: number
  /** Round trips of the tree exchange so far (the hello's root comparison is the first). */
  levels: number
  startedUs: number
  phase: 'hello' | 'desc' | 'vote' | 'fetch'
  /** Ranges whose children the peer was asked for. */
  pending: Range[]
  /** Differing ledger indices found (ascending) and the peer's leaf hash at each. */
  diff: number[]
  peerLeaf: string[]
  witnesses: number[]
  /** Per witness, its leaf hashes at diff (null: not answered yet). */
  votes: ((string | null)[] | null)[]
  /** What the fetch waits for: index → the majority's leaf hash. */
  want: Record<number, string>
  /** Index → the replicas that hold the majority's copy (the fetch asks another if one goes down). */
  sources: Record<number, number[]>
  /** Requests of the current step still unanswered (resent on timeout, as TCP would). */
  outbox: KarmosMsg[]
  /** Bumped at every step: a retry timer of an older step is void. */
  step: number
}

export interface KarmosWorld {
  id: number
  ledger: Ledger
  round: Round | null
  nextSession: number
  /**
   * Each peer's ledger length as it last said (hello, or the answer to ours), by peer id; absent:
   * not heard yet (−1). Bounds folding. Sparse: n dense arrays of n would be n² numbers (10⁸ at
   * 10,000 worlds), in memory and in every snapshot.
   */
  peerLen: Record<number, number>
  /** View memo: the Merkle root at `len` (null: to be recomputed). Not read by the mechanism. */
  rootMemo: [number, string] | null
  /** daemOS reports the world's repairer daemon down: it starts no anti-entropy round (absent without daemOS). */
  repairerDown?: boolean
}

export interface KarmosStats {
  rounds: number
  roundsInSync: number
  roundsDiverged: number
  roundsAbandoned: number
  /** Requests sent again after a timeout. */
  retries: number
  divergences: number
  /** ae_suspect hints received (a replica told its copy is the minority's). */
  suspects: number
  repairs: number
  corruptions: number
  bytesExchanged: number
  messagesSent: number
  messagesLost: number
  entriesLost: number
  entriesRefetched: number
  /** Σ levels over the divergences found (mean = / divergences). */
  levelsTotal: number
  /** Ledger entries folded away (ledger.ts fold). */
  entriesFolded: number
}

export interface KarmosState {
  n: number
  /** The anti-entropy interval (for the view). */
  intervalMs: number
  nowUs: number
  net: NetState
  worlds: KarmosWorld[]
  packets: PacketView[]
  stats: KarmosStats
}

/** The timer payload of a packet in flight. */
export interface KPacketTimer {
  k: 'pkt'
  sentUs: number
  m: KarmosMsg
  w?: WireMeta
}

export const newStats = (): KarmosStats => ({
  rounds: 0,
  roundsInSync: 0,
  roundsDiverged: 0,
  roundsAbandoned: 0,
  retries: 0,
  suspects: 0,
  divergences: 0,
  repairs: 0,
  corruptions: 0,
  bytesExchanged: 0,
  messagesSent: 0,
  messagesLost: 0,
  entriesLost: 0,
  entriesRefetched: 0,
  levelsTotal: 0,
  entriesFolded: 0,
})
