/**
 * Streaming anomaly detectors, as plain data (a run's state is cloned for snapshots):
 * - EWMA: exponentially weighted mean and variance (Finch 2009: mean += a·d, var = (1 − a)(var + a·d²)),
 *   score z = (x − mean) / max(σ, floor). An anomalous value moves the mean ten times slower and
 *   the variance not at all, so a lasting anomaly is not the norm at once (it is, eventually: a
 *   level shift resolves after some hundred samples).
 * - MAD: the modified z-score of Iglewicz and Hoaglin, 0.6745 (x − median) / max(MAD, floor),
 *   over the last `window` values (median and MAD of the window, the new value excluded).
 * A value is scored only after `warmup` values were learnt. Only + − × ÷ and √ (correctly rounded):
 * the same on every machine.
 */
import type { AlertSpec } from './settings'

export interface Detector {
  n: number
  mean: number
  variance: number
  /** MAD: the last values, oldest first. */
  window: number[]
}

export const newDetector = (): Detector => ({ n: 0, mean: 0, variance: 0, window: [] })

/** The median of values sorted ascending (at least one). */
export function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2
}

/** The score of x (null during warm-up), then x is learnt. */
export function observe(d: Detector, spec: AlertSpec, x: number): number | null {
  let score: number | null = null
  if (spec.detector === 'ewma') {
    if (d.n >= spec.warmup) score = (x - d.mean) / Math.max(Math.sqrt(d.variance), spec.minDeviation, Number.MIN_VALUE)
    const diff = x - d.mean
    if (score !== null && anomalous(spec, score)) d.mean += (spec.alpha / 10) * diff // the variance learns nothing from an anomaly
    else {
      const a = d.n === 0 ? 1 : spec.alpha
      d.mean += a * diff
      d.variance = d.n === 0 ? 0 : (1 - a) * (d.variance + a * diff * diff)
    }
  } else {
    if (d.n >= spec.warmup && d.window.length > 0) {
      const sorted = d.window.slice().sort((p, q) => p - q)
      const med = median(sorted)
      const mad = median(sorted.map((v) => Math.abs(v - med)).sort((p, q) => p - q))
      score = (0.6745 * (x - med)) / Math.max(mad, spec.minDeviation, Number.MIN_VALUE)
    }
    d.window.push(x)
    if (d.window.length > spec.window) d.window.splice(0, d.window.length - spec.window)
  }
  d.n++
  // A deviation of 0 with no floor makes any change infinitely surprising: bounded, so it stays a number.
  return score === null ? null : Math.max(-MAX_SCORE, Math.min(MAX_SCORE, score))
}

export const MAX_SCORE = 1e9

export function anomalous(spec: AlertSpec, score: number): boolean {
  switch (spec.direction) {
    case 'up': return score > spec.threshold
    case 'down': return score < -spec.threshold
    case 'both': return Math.abs(score) > spec.threshold
  }
}
