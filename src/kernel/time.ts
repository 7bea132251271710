/**
 * Simulated time: an integer count of microseconds since the big bang of the run.
 * Never a float, never wall-clock. Branded so a raw number cannot slip in unnoticed.
 */
export type SimTime = number & { readonly __simTime: 'us' }

export const US_PER_MS = 1_000
export const US_PER_S = 1_000_000

/** Make a SimTime from an integer microsecond count; throws on non-integers (a bug, not input). */
export function simUs(us: number): SimTime {
  if (!Number.isSafeInteger(us) || us < 0) throw new RangeError(`SimTime must be a non-negative safe integer µs, got ${us}`)
  return us as SimTime
}

/** t + delta µs, rounded to the nearest integer µs (delays may be computed as exact fractions). */
export function addUs(t: SimTime, deltaUs: number): SimTime {
  return simUs(t + Math.max(0, Math.round(deltaUs)))
}

/** Start of the window containing t. */
export const windowStart = (t: number, quantumUs: number): SimTime => simUs(t - (t % quantumUs))

/** Smallest window boundary >= t. */
export const alignUp = (t: number, quantumUs: number): SimTime => {
  const r = t % quantumUs
  return simUs(r === 0 ? t : t + quantumUs - r)
}

export function formatSimTime(t: number): string {
  const s = t / US_PER_S
  return s < 10 ? `${s.toFixed(3)} s` : s < 100 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`
}
