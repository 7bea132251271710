import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * chronOS settings (NTP, RFC 5905). Times in the unit their name ends with.
 *
 * pollIntervalMs: NTP's minpoll is 64 s (2⁶) and maxpoll 1024 s; a sim run lasts minutes, so the
 * default polls every 2 s and the loop's time constant is scaled down with it (timeConstantMs).
 * The thresholds are RFC 5905's: STEPT 128 ms (stepThresholdMs), MAXFREQ 500 ppm (maxFreqPpm).
 */
export const ChronosSettings = z.strictObject({
  /** Stratum-1 worlds: they read cosmic time from a reference clock (GPS); spread over the ids. */
  referenceWorlds: int(0, 2_000).default(2),
  /** Servers each client polls (stratum-1 worlds first, then synchronised clients of lower id). */
  serversPerClient: int(1, 16).default(3),
  /** How often a client polls all its servers, ms (each client with its own phase). */
  pollIntervalMs: int(100, 1_024_000).default(2_000),
  /** A client only uses servers of a stratum below this (its own is its system peer's + 1). */
  maxStratum: int(2, 15).default(4),
  /** |offset| above this steps the clock; below it the clock is slewed (RFC 5905 STEPT). */
  stepThresholdMs: int(1, 10_000).default(128),
  /** Most frequency correction the discipline applies, ppm (RFC 5905 MAXFREQ). */
  maxFreqPpm: int(1, 10_000).default(500),
  /** The phase-locked loop's time constant τ, ms: a phase error is slewed out at θ/τ. */
  timeConstantMs: int(100, 10_000_000).default(8_000),
})
export type ChronosSettings = z.infer<typeof ChronosSettings>
