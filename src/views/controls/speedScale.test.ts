import { describe, expect, it } from 'vitest'
import { LAST_FINITE, MAX_NOTCH, notchToSpeed, speedToNotch } from './speedScale'

describe('the speed slider scale', () => {
  it('spans 0.1× to 1000× on a log scale, with "max" on the last notch', () => {
    expect(notchToSpeed(0)).toBe(0.1)
    expect(notchToSpeed(LAST_FINITE)).toBe(1000)
    expect(notchToSpeed(MAX_NOTCH)).toBe(Number.POSITIVE_INFINITY)
  })

  it('hits the round speeds exactly', () => {
    expect(notchToSpeed(speedToNotch(1))).toBe(1)
    expect(notchToSpeed(speedToNotch(10))).toBe(10)
    expect(notchToSpeed(speedToNotch(100))).toBe(100)
  })

  it('round-trips every notch and clamps what is out of range', () => {
    for (let n = 0; n <= MAX_NOTCH; n++) expect(speedToNotch(notchToSpeed(n))).toBe(n)
    expect(speedToNotch(0)).toBe(0)
    expect(speedToNotch(1e9)).toBe(LAST_FINITE)
    expect(speedToNotch(Number.POSITIVE_INFINITY)).toBe(MAX_NOTCH)
  })

  it('is monotone', () => {
    for (let n = 1; n <= MAX_NOTCH; n++) expect(notchToSpeed(n)).toBeGreaterThan(notchToSpeed(n - 1))
  })
})
