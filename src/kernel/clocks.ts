/**
 * The world clock mirror (DESIGN §3.2, chronOS): what each world's system clock reads, as chronOS
 * last announced it. A world's clock is piecewise linear in cosmic time: from `baseUs` (cosmic) it
 * reads `localUs` and advances at 1 + ratePpb/10⁹ (its oscillator's drift plus the slew chronOS's
 * discipline applies). chronOS announces a new segment (a `clock_set`) one quantum ahead whenever
 * it steps, slews, or a clock jumps; the kernel applies it to the mirror of every layer that
 * consumes `clock_set`, at the instant it is delivered. Without chronOS every clock is ideal:
 * local time = cosmic time.
 *
 * Integer arithmetic only: (t − base) × ratePpb stays below 2⁵³ for runs of months at ±500 ppm,
 * and one IEEE division by 10⁹ rounds the same in every engine.
 */
import { z } from 'zod'

export const CLOCK_SET_TYPE = 'clock_set'

const us = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

/** A new segment of a world's clock, effective from `baseUs` (the delivery instant). */
export const ClockSetMsg = z.strictObject({
  node: z.number().int().min(0),
  /** Cosmic time the segment starts at, µs. */
  baseUs: us,
  /** What the world's clock reads at baseUs, µs (may run ahead of or behind cosmic time). */
  localUs: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  /** Rate error, parts per billion: the clock advances 1 + ratePpb/10⁹ µs per cosmic µs. */
  ratePpb: z.number().int().min(-10_000_000).max(10_000_000),
})
export type ClockSetMsg = z.infer<typeof ClockSetMsg>

export interface ClockSegment {
  baseUs: number
  localUs: number
  ratePpb: number
}

/** An ideal clock: reads cosmic time. */
export const idealClock = (): ClockSegment => ({ baseUs: 0, localUs: 0, ratePpb: 0 })

/** What a clock segment reads at cosmic time nowUs (whole µs, rounded toward −∞). */
export function readClock(seg: ClockSegment, nowUs: number): number {
  const dt = nowUs - seg.baseUs
  return seg.localUs + dt + Math.floor((dt * seg.ratePpb) / 1_000_000_000)
}
