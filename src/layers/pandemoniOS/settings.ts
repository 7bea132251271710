import { z } from 'zod'
import { int, num } from '../../scenario/base'

/**
 * pandemoniOS settings: Akka's phi accrual failure detector defaults
 * (akka.cluster.failure-detector: heartbeat-interval 1 s, threshold 8, max-sample-size 1000,
 * min-std-deviation 100 ms, acceptable-heartbeat-pause 3 s, expected-response-after 1 s, used as
 * the first heartbeat estimate), the quorum that convicts, and the probation that rehabilitates.
 */
export const PandemoniosSettings = z.strictObject({
  /** How often each world sends a heartbeat to each of its observers, ms (Akka: 1 s). */
  heartbeatIntervalMs: int(10, 600_000).default(1_000),
  /** phi at or above this: the observer suspects the world (Akka and Cassandra: 8). */
  thresholdPhi: num(0.5, 1_000).default(8),
  /** Inter-arrival intervals kept per (observer, world) (Akka: 1000); fewer in large clusters (state.ts SAMPLE_BUDGET: 62 at 2,000 worlds). */
  maxSampleSize: int(2, 10_000).default(1_000),
  /** σ never counts below this, ms (Akka: 100 ms). */
  minStdDeviationMs: int(1, 60_000).default(100),
  /** Silence tolerated on top of the mean interval, ms (Akka: 3 s). */
  acceptableHeartbeatPauseMs: int(0, 600_000).default(3_000),
  /** The interval assumed at the first heartbeat, ms (σ = a quarter of it) (Akka: 1 s). */
  firstHeartbeatEstimateMs: int(4, 600_000).default(1_000),
  /** How often each observer evaluates phi for the worlds it watches, ms. */
  evalIntervalMs: int(10, 60_000).default(500),
  /** Up to this many worlds every other world observes each; above it, `observersPerWorld` (the next ids on a ring). */
  allObserveMaxWorlds: int(2, 64).default(16),
  /** Observers per world in a larger cluster (a bounded set: the cost stays O(worlds)). */
  observersPerWorld: int(1, 64).default(8),
  /** A convicted world trusted again by a quorum of its observers for this long is rehabilitated, ms. */
  probationMs: int(0, 3_600_000).default(10_000),
  /** phi histories (last 120 evaluations per observer) are kept for the worlds of id below this (the inspector's chart). */
  phiHistoryWorlds: int(0, 64).default(16),
})
export type PandemoniosSettings = z.infer<typeof PandemoniosSettings>
