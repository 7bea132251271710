/**
 * The speed slider: a log scale from 0.1× to 1000× real time in twentieths of a decade, and one
 * more notch at the end for "max" (as fast as the workers go). Pure; the input works in notches.
 */
export const NOTCHES_PER_DECADE = 20
export const MIN_EXP = -1
export const MAX_EXP = 3
/** Notches 0 … LAST_FINITE are 10^(−1) … 10^3; MAX_NOTCH is "max". */
export const LAST_FINITE = (MAX_EXP - MIN_EXP) * NOTCHES_PER_DECADE
export const MAX_NOTCH = LAST_FINITE + 1

export function notchToSpeed(notch: number): number {
  if (notch >= MAX_NOTCH) return Number.POSITIVE_INFINITY
  const n = Math.min(LAST_FINITE, Math.max(0, Math.round(notch)))
  const v = Math.pow(10, MIN_EXP + n / NOTCHES_PER_DECADE)
  // Three significant digits, so 1× is exactly 1 and 10× exactly 10.
  return Number(v.toPrecision(3))
}

export function speedToNotch(speed: number): number {
  if (!Number.isFinite(speed)) return MAX_NOTCH
  if (speed <= 0) return 0
  const n = Math.round((Math.log10(speed) - MIN_EXP) * NOTCHES_PER_DECADE)
  return Math.min(LAST_FINITE, Math.max(0, n))
}
