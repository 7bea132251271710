import { describe, expect, it } from 'vitest'
import { deriveRng } from '../../kernel/rng'
import { DiskSettingsSchema, diskWrite, fsyncDelayUs, type DiskSettings } from './disk'

const settings = (over: Partial<DiskSettings> = {}): DiskSettings => DiskSettingsSchema.parse(over)

function draws(over: Partial<DiskSettings>, n: number, seed = 1): number[] {
  const rng = deriveRng(seed, 'test', 'disk')
  const st = settings(over)
  return Array.from({ length: n }, () => fsyncDelayUs(rng, st))
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const sd = (xs: readonly number[]) => {
  const m = mean(xs)
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length)
}
const pct = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)]!

describe('the disk model', () => {
  it('defaults to a datacenter NVMe SSD with power-loss protection', () => {
    expect(settings()).toEqual({ fsyncUs: 200, fsyncJitterUs: 100, slowFsyncRate: 0.001, slowFsyncMultiplier: 20, writeFailRate: 0, writeMBps: 400 })
    expect(DiskSettingsSchema.safeParse({ fsyncUs: 20_000, fsyncJitterUs: 5_000 }).success).toBe(true) // a spinning disk
    expect(DiskSettingsSchema.safeParse({ fsyncUs: 0 }).success).toBe(false)
    expect(DiskSettingsSchema.safeParse({ fsyncUs: 1.5 }).success).toBe(false)
    expect(DiskSettingsSchema.safeParse({ writeFailRate: 2 }).success).toBe(false)
    expect(DiskSettingsSchema.safeParse({ fsyncMs: 1 }).success).toBe(false) // unknown keys are errors
  })

  it('draws integer latencies whose mean is fsyncUs and whose spread is fsyncJitterUs, skewed right', () => {
    const xs = draws({ slowFsyncRate: 0 }, 100_000)
    expect(xs.every((x) => Number.isInteger(x) && x >= 1)).toBe(true)
    expect(mean(xs)).toBeGreaterThan(198)
    expect(mean(xs)).toBeLessThan(202)
    expect(sd(xs)).toBeGreaterThan(97)
    expect(sd(xs)).toBeLessThan(103)
    // floor at fsyncUs − 0.73 σ, median below the mean, a long right tail
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(127)
    expect(pct(xs, 0.5)).toBeGreaterThan(155)
    expect(pct(xs, 0.5)).toBeLessThan(168)
    expect(pct(xs, 0.99)).toBeGreaterThan(550)
    expect(pct(xs, 0.99)).toBeLessThan(650)
    expect(Math.max(...xs)).toBeLessThanOrEqual(200 + Math.ceil((35 * 100) / Math.sqrt(1.9)))
  })

  it('has a rare slow tail: about slowFsyncRate of the writes take slowFsyncMultiplier times longer', () => {
    const xs = draws({}, 200_000)
    // mean = fsyncUs · (1 + rate · (multiplier − 1)) = 200 · 1.019
    expect(mean(xs)).toBeGreaterThan(200 * 1.019 * 0.98)
    expect(mean(xs)).toBeLessThan(200 * 1.019 * 1.02)
    // no normal write exceeds 200 + 25.4 σ ≈ 2740 µs; slow ones start at 20 × 127
    const slow = xs.filter((x) => x >= 20 * 127).length / xs.length
    expect(slow).toBeGreaterThan(0.0007)
    expect(slow).toBeLessThan(0.0013)
    expect(pct(xs, 0.99)).toBeLessThan(700) // the tail lives beyond p99
    expect(pct(xs, 0.9995)).toBeGreaterThan(2_000)
  })

  it('covers spinning disks: 20 ms ± 5 ms', () => {
    const xs = draws({ fsyncUs: 20_000, fsyncJitterUs: 5_000, slowFsyncRate: 0 }, 20_000)
    expect(mean(xs) / 20_000).toBeCloseTo(1, 1)
    expect(pct(xs, 0.5)).toBeGreaterThan(17_000)
    expect(pct(xs, 0.5)).toBeLessThan(19_000)
  })

  it('no jitter and no tail: every write takes exactly fsyncUs', () => {
    expect(new Set(draws({ fsyncJitterUs: 0, slowFsyncRate: 0 }, 1_000))).toEqual(new Set([200]))
    // jitter far above the mean is clamped at 1 µs
    expect(Math.min(...draws({ fsyncUs: 10, fsyncJitterUs: 1_000 }, 10_000))).toBe(1)
  })

  it('is deterministic: the same stream gives the same latencies, another stream others', () => {
    expect(draws({}, 1_000, 7)).toEqual(draws({}, 1_000, 7))
    expect(draws({}, 1_000, 8)).not.toEqual(draws({}, 1_000, 7))
  })

  it('writes to one disk are sequential: a write starts when the previous one is done', () => {
    const rng = deriveRng(3, 'test', 'disk')
    const st = settings({ fsyncJitterUs: 0, slowFsyncRate: 0 })
    expect(diskWrite(rng, st, 1_000, 0)).toEqual({ doneUs: 1_200, ok: true })
    expect(diskWrite(rng, st, 1_000, 1_200)).toEqual({ doneUs: 1_400, ok: true })
    expect(diskWrite(rng, st, 5_000, 1_400)).toEqual({ doneUs: 5_200, ok: true })
  })

  it('fails writes at writeFailRate', () => {
    const rng = deriveRng(4, 'test', 'disk')
    for (const rate of [0, 0.01, 0.3, 1]) {
      const st = settings({ writeFailRate: rate })
      let failed = 0
      const n = 50_000
      for (let i = 0; i < n; i++) if (!diskWrite(rng, st, 0, 0).ok) failed++
      expect(failed / n).toBeCloseTo(rate, 2)
    }
  })
})
