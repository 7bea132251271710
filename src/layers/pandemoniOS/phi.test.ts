/** phi.ts: the deterministic exp / logarithms against the engine's, and Akka's phi accrual figures. */
import { describe, expect, it } from 'vitest'
import { expDet, firstHistory, heartbeat, historyMean, historyStdDev, lnDet, log10Det, log1pDet, newDetector, phiAt, phiOf, pushInterval, emptyHistory, type PhiParams } from './phi'

const rel = (a: number, b: number): number => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b))

/** Akka's formula as written, with the engine's Math.exp / Math.log10 (the reference: tests only). */
function akkaPhi(timeDiff: number, mean: number, sd: number): number {
  const y = (timeDiff - mean) / sd
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y))
  return timeDiff > mean ? -Math.log10(e / (1.0 + e)) : -Math.log10(1.0 - 1.0 / (1.0 + e))
}

const AKKA: PhiParams = { thresholdPhi: 8, maxSampleSize: 1000, minStdDeviationMs: 100, acceptableHeartbeatPauseMs: 3000, firstHeartbeatEstimateMs: 1000 }

describe('deterministic exp and logarithms', () => {
  it('exp matches Math.exp to 1e-12 relative over [-700, 700]', () => {
    for (let x = -700; x <= 700; x += 0.37) expect(rel(expDet(x), Math.exp(x)), `exp(${x})`).toBeLessThan(1e-12)
    for (const x of [0, 1e-12, -1e-12, 0.5, -0.5, 1, -1, 2.302585092994046, 709, -744]) expect(rel(expDet(x), Math.exp(x)), `exp(${x})`).toBeLessThan(1e-9)
    expect(expDet(800)).toBe(Infinity)
    expect(expDet(-800)).toBe(0)
  })
  it('ln, log10 and log1p match the engine to 1e-12 relative from 1e-300 to 1e300', () => {
    for (let e = -300; e <= 300; e += 0.731) {
      const x = 10 ** e
      expect(rel(lnDet(x), Math.log(x)), `ln(1e${e})`).toBeLessThan(1e-12)
      expect(rel(log10Det(x), Math.log10(x)), `log10(1e${e})`).toBeLessThan(1e-12)
    }
    for (const x of [1, 1.0000001, 0.9999999, 2, Math.SQRT2, 3, 0.5, 7.5e-310]) expect(Math.abs(log10Det(x) - Math.log10(x))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(Math.log10(x))))
    for (const u of [1e-15, 1e-9, 1e-4, 0.01, 0.3, 0.9, 1, 5, 1e6, -0.3, -0.9]) expect(rel(log1pDet(u), Math.log1p(u)), `log1p(${u})`).toBeLessThan(1e-12)
    expect(lnDet(0)).toBe(-Infinity)
    expect(Number.isNaN(lnDet(-1))).toBe(true)
  })
})

describe('phi (Akka PhiAccrualFailureDetector)', () => {
  it('equals Akka\'s two-branch formula to 1e-9 relative (wherever Akka\'s own digits are good)', () => {
    for (let dt = 0; dt <= 6000; dt += 7) {
      for (const [mean, sd] of [[4000, 100], [1000, 250], [4000, 612], [2000, 30]] as const) {
        const ref = akkaPhi(dt, mean, sd)
        const y0 = (dt - mean) / sd
        // Far below the mean Akka's 1 − 1/(1 + e) cancels (e ≫ 1): its digits are noise below ~1e-6;
        // far above, e is subnormal (z > 708) and loses digits before it reaches 0.
        if (Math.abs(y0 * (1.5976 + 0.070566 * y0 * y0)) < 700 && ref > 1e-6) expect(rel(phiOf(dt, mean, sd), ref), `phi(${dt}, ${mean}, ${sd})`).toBeLessThan(1e-9)
        // The same number computed without cancellation: log10(1 + e^z).
        const y = (dt - mean) / sd
        const precise = Math.log1p(Math.exp(y * (1.5976 + 0.070566 * y * y))) / Math.LN10
        if (precise > 1e-300 && Number.isFinite(precise)) expect(rel(phiOf(dt, mean, sd), precise), `phi(${dt}, ${mean}, ${sd})`).toBeLessThan(1e-9)
      }
    }
  })

  it('stays finite (and huge) where Akka\'s overflows to Infinity', () => {
    expect(Number.isFinite(akkaPhi(3_600_000, 4000, 100))).toBe(false)
    const phi = phiOf(3_600_000, 4000, 100)
    expect(Number.isFinite(phi)).toBe(true)
    expect(phi).toBeGreaterThan(1e12)
  })

  it('the first heartbeat seeds the history with 1000 ms ± 250 (σ = estimate / 4)', () => {
    const h = firstHistory(1000, 1000)
    expect(h.iv).toEqual([750, 1250])
    expect(historyMean(h)).toBe(1000)
    expect(historyStdDev(h)).toBe(250)
  })

  it('keeps a bounded window with exact running sums', () => {
    const h = emptyHistory()
    for (let i = 1; i <= 10; i++) pushInterval(h, i * 100, 4)
    expect(h.iv.length).toBe(4)
    expect(h.sum).toBe(700 + 800 + 900 + 1000)
    expect(h.sq).toBe(700 ** 2 + 800 ** 2 + 900 ** 2 + 1000 ** 2)
    expect(historyMean(h)).toBe(850)
  })

  it('rises with the time since the last heartbeat; passes 8 about 3 s + a few σ past the mean, with 1 s heartbeats', () => {
    const d = newDetector()
    expect(phiAt(d, 0, AKKA)).toBe(0) // no heartbeat yet: Akka's 0
    for (let t = 0; t <= 60_000; t += 1000) heartbeat(d, t, AKKA)
    expect(historyMean(d.h)).toBeCloseTo(1000, 0)
    const last = 60_000
    let prev = -1
    let crossed: number | null = null
    for (let dt = 0; dt <= 8000; dt += 10) {
      const phi = phiAt(d, last + dt, AKKA)
      expect(phi).toBeGreaterThanOrEqual(prev)
      prev = phi
      if (crossed === null && phi >= 8) crossed = dt
    }
    // mean 1000 + pause 3000 = 4000 ms, σ floored at 100 ms: phi 8 at y ≈ 5.3σ.
    expect(crossed).not.toBeNull()
    expect(crossed!).toBeGreaterThan(4400)
    expect(crossed!).toBeLessThan(4700)
    expect(phiAt(d, last + 1000, AKKA)).toBeLessThan(1e-6)
    expect(phiAt(d, last + 4000, AKKA)).toBeCloseTo(Math.log10(2), 9) // at the mean: F = ½
  })

  it('does not learn a silence past the threshold as an interval', () => {
    const d = newDetector()
    for (let t = 0; t <= 10_000; t += 1000) heartbeat(d, t, AKKA)
    const n = d.h.iv.length
    heartbeat(d, 30_000, AKKA) // after 20 s of silence: phi ≫ 8
    expect(d.h.iv.length).toBe(n)
    expect(d.lastMs).toBe(30_000)
    expect(phiAt(d, 30_500, AKKA)).toBeLessThan(1e-6)
  })
})
