/** pandemoniOS's state: plain data (what snapshots hold). */
import type { NetState, WireMeta } from '../net/transport'
import type { HeartbeatPacket } from './contract'
import type { PhiDetector, PhiParams } from './phi'
import type { Topology } from './topology'

/** Evaluations kept per (observer, world) for the inspector's chart. */
export const PHI_HISTORY = 120
/**
 * Inter-arrival samples kept in all, over every (observer, world) pair: each pair keeps
 * min(maxSampleSize, this / pairs) — Akka's 1000 up to 1000 pairs (every cluster of up to 32
 * worlds), 62 per pair at 2,000 worlds (a minute of heartbeats: mean and σ are as good) — so the
 * snapshot stays bounded.
 */
export const SAMPLE_BUDGET = 1_000_000
/** phi as reported (metric, events, view): finite, capped. */
export const PHI_CAP = 1e6

/** One observer's view of one world. */
export interface Pair extends PhiDetector {
  /** The last heartbeat round accepted from the world (duplicates and late copies are ignored). */
  seq: number
  /** phi at the observer's last evaluation (capped). */
  phi: number
  suspected: boolean
  /** phi at the last PHI_HISTORY evaluations, oldest first (only for the worlds the inspector charts). */
  hist: number[] | null
  /** When the last of hist was taken, µs. */
  histAtUs: number
}

export type Verdict = 'ok' | 'suspected' | 'convicted' | 'fenced' | 'probation' | 'gone'

/** Why a conviction happened, as only the simulator knows (the summary's false-conviction count). */
export type Cause = 'down' | 'partitioned' | 'silent' | 'false'

/** A world, as observed (its detectors, one per observer slot) and as a heartbeating process. */
export interface Watched {
  id: number
  pairs: Pair[]
  /** Its processes run (live): it heartbeats and its observer evaluates. */
  alive: boolean
  /** Incarnation of its timers: bumped when it stops or starts, so stale timers do nothing. */
  inc: number
  /** daemOS's heartbeater runs on it (true until daemOS says otherwise). */
  beating: boolean
  /** Its next heartbeat round. */
  seq: number
  /** Decommissioned: out of the membership, observed no more. */
  gone: boolean
  convicted: boolean
  convictedAtUs: number
  /** Quarantined by atmOS at pandemoniOS's request (its mirror status is quarantined). */
  fenced: boolean
  probationSinceUs: number | null
  /** Why the last quarantine or release was not done (nomOS's rule, atmOS's refusal), for the view. */
  note: string | null
  /** The last time a partition that cut it from an observer healed, µs (−1: never). */
  cutHealedUs: number
  /** How many of its pairs suspect it now (their `suspected`, counted as they change): while 0 and it is not convicted, no verdict is taken. */
  suspectedBy: number
}

export interface ConvictionMark {
  atUs: number
  node: number
  kind: 'convicted' | 'fenced' | 'rehabilitated' | 'denied'
  phi: number
}
export const MARKS_KEPT = 200

export interface PandemoniosState {
  topo: Topology
  p: PhiParams
  heartbeatUs: number
  evalUs: number
  probationUs: number
  net: NetState
  worlds: Watched[]
  marks: ConvictionMark[]
  stats: {
    heartbeatsSent: number
    heartbeatsReceived: number
    suspicions: number
    convictions: number
    byCause: Record<Cause, number>
    fenced: number
    fencingDenied: number
    rehabilitated: number
    probationsFailed: number
  }
}

/** Timer payloads. */
export interface BeatTimer { k: 'beat'; w: number; inc: number }
export interface EvalTimer { k: 'eval'; w: number; inc: number }
export interface PacketTimer { k: 'pkt'; sentUs: number; m: HeartbeatPacket; x?: WireMeta }
