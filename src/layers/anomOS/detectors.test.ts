/** The detectors alone: EWMA z and MAD's modified z against hand-computed values, warm-up, floors, directions. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { anomalous, newDetector, observe } from './detectors'
import { AlertSpec } from './settings'

const spec = (over: Partial<AlertSpec>) => AlertSpec.parse({ name: 'A', layer: 'atmOS', metric: 'worldsUp', warmup: 3, ...over })

describe('EWMA detector', () => {
  it('scores nothing during warm-up, then z against the learnt mean and σ', () => {
    const s = spec({ alpha: 0.5 })
    const d = newDetector()
    expect([observe(d, s, 10), observe(d, s, 12), observe(d, s, 10)]).toEqual([null, null, null])
    // mean: 10 → 11 → 10.5; variance: 0 → 0.5·(0 + 0.5·4) = 1 → 0.5·(1 + 0.5·1) = 0.75
    expect(d.mean).toBe(10.5)
    expect(d.variance).toBe(0.75)
    expect(observe(d, s, 13)).toBeCloseTo(2.5 / Math.sqrt(0.75), 12)
  })
  it('never divides by less than its floor, and learns slower from an anomaly', () => {
    const s = spec({ minDeviation: 0.5, alpha: 0.2 })
    const d = newDetector()
    for (let i = 0; i < 3; i++) observe(d, s, 5)
    expect(observe(d, s, 4)).toBe(-2) // (4 − 5) / 0.5
    const flat = newDetector()
    for (let i = 0; i < 3; i++) observe(flat, s, 5)
    observe(flat, s, 100) // anomalous: the mean learns at α / 10, the variance nothing
    expect(flat.mean).toBeCloseTo(5 + 0.02 * 95, 12)
    expect(flat.variance).toBe(0)
  })
})

describe('MAD detector', () => {
  it('scores 0.6745 (x − median) / MAD over the window', () => {
    const s = spec({ detector: 'mad', threshold: 3.5, window: 5, warmup: 5 })
    const d = newDetector()
    for (const x of [1, 2, 3, 4, 100]) observe(d, s, x)
    // window [1,2,3,4,100]: median 3, deviations [2,1,0,1,97] → MAD 1
    expect(observe(d, s, 10)).toBeCloseTo(0.6745 * 7, 12)
    expect(d.window).toEqual([2, 3, 4, 100, 10])
  })
  it('an outlier in the window does not move the median (robust), unlike the mean', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 10, maxLength: 30 }), (xs) => {
      const s = spec({ detector: 'mad', window: 100, warmup: 1, minDeviation: 1 })
      const a = newDetector()
      const b = newDetector()
      for (const x of xs) observe(a, s, x)
      for (const x of [...xs, 1e9]) observe(b, s, x)
      const za = observe(a, s, 0)!
      const zb = observe(b, s, 0)!
      // One huge value shifts the median by at most one rank: the score stays finite and close.
      expect(Number.isFinite(zb)).toBe(true)
      expect(Math.abs(zb)).toBeLessThanOrEqual(Math.abs(za) + 1e6)
    }))
  })
})

describe('direction', () => {
  it('up, down, both', () => {
    expect(anomalous(spec({ direction: 'up' }), 4)).toBe(true)
    expect(anomalous(spec({ direction: 'up' }), -4)).toBe(false)
    expect(anomalous(spec({ direction: 'down' }), -4)).toBe(true)
    expect(anomalous(spec({ direction: 'both' }), -4)).toBe(true)
    expect(anomalous(spec({ direction: 'both' }), 2)).toBe(false)
  })
})
