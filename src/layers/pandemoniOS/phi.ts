/**
 * The phi accrual failure detector (Hayashibara et al. 2004), as Akka implements it
 * (akka.remote.PhiAccrualFailureDetector): a heartbeat history of inter-arrival intervals (a
 * window of maxSampleSize, kept with a running sum and squared sum), and
 *
 *   phi(t) = −log10(1 − F(t − last))   where F is the normal CDF of mean + acceptable pause and
 *                                      σ floored at minStdDeviation,
 *
 * with Akka's logistic approximation of the CDF: e = exp(−y (1.5976 + 0.070566 y²)),
 * y = (Δt − mean) / σ, phi = −log10(e / (1 + e)). Timestamps are whole milliseconds (Akka's clock
 * is a millisecond clock), so the sums are exact integers.
 *
 * Determinism (DESIGN §3): Math.exp / Math.log are not guaranteed identical in every engine, so
 * exp and the logarithms are computed here with + − × ÷ only (range reduction, then a series), and
 * tested against Math.exp / Math.log10. phi is computed as log10(1 + e^z) with z = y (1.5976 +
 * 0.070566 y²) — the same number as Akka's two branches (1 − 1/(1+e) = e/(1+e)) — in a form that
 * never underflows to Infinity: a world silent for an hour has a large but finite phi.
 */

// ── Deterministic exp and logarithms ────────────────────────────────────────────────────────────

/** ln 2 split in two (fdlibm's ln2_hi / ln2_lo): k · LN2_HI is exact for the k we meet. */
const LN2_HI = 6.93147180369123816490e-1
const LN2_LO = 1.90821492927058770002e-10
const INV_LN2 = 1.4426950408889634
const SQRT2 = 1.4142135623730951
export const LN10 = 2.302585092994046

/** Multiply x by 2^k exactly (steps of 2^±64, then single doublings: each product is exact until subnormal). */
function scale2(x: number, k: number): number {
  const BIG = 18446744073709551616 // 2^64
  while (k >= 64) { x *= BIG; k -= 64 }
  while (k <= -64) { x /= BIG; k += 64 }
  while (k > 0) { x *= 2; k-- }
  while (k < 0) { x /= 2; k++ }
  return x
}

/** e^x with + − × ÷ only: x = k ln2 + r, |r| ≤ ln2 / 2, e^r by its Taylor series (Horner, 18 terms). */
export function expDet(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x > 709.8) return Infinity
  if (x < -745.2) return 0
  const k = Math.round(x * INV_LN2)
  const r = x - k * LN2_HI - k * LN2_LO
  let sum = 1
  for (let i = 18; i >= 1; i--) sum = 1 + (r * sum) / i
  return scale2(sum, k)
}

/** ln(1 + u) for u in (−1, 1] via 2 atanh(u / (2 + u)): precise for small u too. */
function log1pSeries(u: number): number {
  const s = u / (2 + u)
  const s2 = s * s
  // 2 (s + s³/3 + s⁵/5 + …): |s| ≤ 1/3 here, s² ≤ 1/9: 20 terms reach 1e-19.
  let sum = 0
  for (let j = 20; j >= 0; j--) sum = 1 / (2 * j + 1) + s2 * sum
  return 2 * s * sum
}

/** Natural logarithm with + − × ÷ only: x = m · 2^e, m in [√½, √2), ln m = 2 atanh((m − 1)/(m + 1)). */
export function lnDet(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN
  if (x === 0) return -Infinity
  if (x === Infinity) return Infinity
  let m = x
  let e = 0
  const BIG = 18446744073709551616 // 2^64
  while (m >= BIG) { m /= BIG; e += 64 }
  while (m < 1 / BIG) { m *= BIG; e -= 64 }
  while (m >= 2) { m /= 2; e++ }
  while (m < 1) { m *= 2; e-- }
  if (m > SQRT2) { m /= 2; e++ }
  const s = (m - 1) / (m + 1)
  const s2 = s * s
  // |s| ≤ 0.1716, s² ≤ 0.0295: 16 terms reach 1e-24.
  let sum = 0
  for (let j = 16; j >= 0; j--) sum = 1 / (2 * j + 1) + s2 * sum
  return e * LN2_HI + (e * LN2_LO + 2 * s * sum)
}

/** ln(1 + u), u > −1, precise for small u. */
export function log1pDet(u: number): number {
  if (u > -0.5 && u <= 1) return log1pSeries(u)
  return lnDet(1 + u)
}

/** log10(x) with + − × ÷ only. */
export const log10Det = (x: number): number => lnDet(x) / LN10

// ── Akka's HeartbeatHistory ──────────────────────────────────────────────────────────────────────

/** Inter-arrival intervals, ms (whole): a ring of at most maxSampleSize, with their exact sum and squared sum. */
export interface HeartbeatHistory {
  iv: number[]
  /** The oldest sample's index once the ring is full. */
  head: number
  sum: number
  sq: number
}

export const emptyHistory = (): HeartbeatHistory => ({ iv: [], head: 0, sum: 0, sq: 0 })

/** Append an interval, dropping the oldest past maxSampleSize (Akka's `:+`). */
export function pushInterval(h: HeartbeatHistory, intervalMs: number, maxSampleSize: number): void {
  if (h.iv.length < maxSampleSize) h.iv.push(intervalMs)
  else {
    const old = h.iv[h.head]!
    h.sum -= old
    h.sq -= old * old
    h.iv[h.head] = intervalMs
    h.head = (h.head + 1) % h.iv.length
  }
  h.sum += intervalMs
  h.sq += intervalMs * intervalMs
}

export const historyMean = (h: HeartbeatHistory): number => (h.iv.length === 0 ? 0 : h.sum / h.iv.length)

/** Population standard deviation (Akka: squaredIntervalSum / n − mean²; never below 0 under rounding). */
export function historyStdDev(h: HeartbeatHistory): number {
  const n = h.iv.length
  if (n === 0) return 0
  const mean = h.sum / n
  return Math.sqrt(Math.max(0, h.sq / n - mean * mean))
}

/**
 * The history a first heartbeat seeds (Akka's firstHeartbeat): two intervals, estimate ∓ σ with
 * σ = estimate / 4, so the detector has a mean and a deviation before any interval is measured.
 */
export function firstHistory(firstHeartbeatEstimateMs: number, maxSampleSize: number): HeartbeatHistory {
  const h = emptyHistory()
  const sd = Math.floor(firstHeartbeatEstimateMs / 4)
  pushInterval(h, firstHeartbeatEstimateMs - sd, maxSampleSize)
  pushInterval(h, firstHeartbeatEstimateMs + sd, maxSampleSize)
  return h
}

// ── phi ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Akka's phi for a time since the last heartbeat, a mean and a standard deviation (all ms):
 * −log10(e / (1 + e)), e = exp(−y (1.5976 + 0.070566 y²)), y = (Δt − mean) / σ, computed as
 * log10(1 + e^z), z = y (1.5976 + 0.070566 y²) (stable: finite for any finite input).
 */
export function phiOf(timeDiffMs: number, meanMs: number, stdDevMs: number): number {
  const y = (timeDiffMs - meanMs) / stdDevMs
  const z = y * (1.5976 + 0.070566 * y * y)
  const softplus = z > 0 ? z + log1pDet(expDet(-z)) : log1pDet(expDet(z))
  return softplus / LN10
}

/** The detector's parameters (Akka's names; ms). */
export interface PhiParams {
  thresholdPhi: number
  maxSampleSize: number
  minStdDeviationMs: number
  acceptableHeartbeatPauseMs: number
  firstHeartbeatEstimateMs: number
}

/** One observer's detector for one observed world: the last arrival, ms, and the history. */
export interface PhiDetector {
  /** The last heartbeat's arrival on the observer's millisecond clock, or null: none yet (phi 0). */
  lastMs: number | null
  h: HeartbeatHistory
}

export const newDetector = (): PhiDetector => ({ lastMs: null, h: emptyHistory() })

/** phi now (Akka: 0 before the first heartbeat). */
export function phiAt(d: PhiDetector, nowMs: number, p: PhiParams): number {
  if (d.lastMs === null) return 0
  const mean = historyMean(d.h) + p.acceptableHeartbeatPauseMs
  const sd = Math.max(historyStdDev(d.h), p.minStdDeviationMs)
  return phiOf(nowMs - d.lastMs, mean, sd)
}

/**
 * A heartbeat arrives (Akka's heartbeat()): the first seeds the history; a later one adds its
 * interval only while the world is still deemed available (phi below the threshold) — the silence
 * of a failure is not learnt as a normal interval.
 */
export function heartbeat(d: PhiDetector, nowMs: number, p: PhiParams): void {
  if (d.lastMs === null) d.h = firstHistory(p.firstHeartbeatEstimateMs, p.maxSampleSize)
  else if (phiAt(d, nowMs, p) < p.thresholdPhi) pushInterval(d.h, nowMs - d.lastMs, p.maxSampleSize)
  d.lastMs = nowMs
}

/** Forget everything (a new incarnation of either end). */
export function resetDetector(d: PhiDetector): void {
  d.lastMs = null
  d.h = emptyHistory()
}
