import { describe, expect, it } from 'vitest'
import { candidateOf, combine, discipline, FILTER_SIZE, filterPick, filterPush, marzullo, newLoop, offsetDelay, PHI_PPB, sampleDispersionUs, type Candidate, type Sample } from './ntp'
import { referenceIds, serversOf } from './daemon'

const cand = (server: number, offsetUs: number, distUs: number): Candidate => ({ server, offsetUs, distUs, delayUs: 0, stratum: 1, rootDelayUs: 0 })
const sample = (offsetUs: number, delayUs: number, atUs = 0): Sample => ({ offsetUs, delayUs, dispUs: 2, atUs, corrUs: 0, rootDelayUs: 0, rootDispUs: 0, stratum: 1 })

describe('NTP on-wire exchange (RFC 5905 §8)', () => {
  it('computes θ and δ from the four timestamps', () => {
    // Server 1000 µs ahead, 300 µs each way, 50 µs in the server: T1 0, T2 1300, T3 1350, T4 650.
    expect(offsetDelay({ t1: 0, t2: 1_300, t3: 1_350, t4: 650 })).toEqual({ offsetUs: 1_000, delayUs: 600 })
    // Client ahead by 5 ms, symmetric 1 ms paths.
    expect(offsetDelay({ t1: 10_000, t2: 6_000, t3: 6_000, t4: 12_000 })).toEqual({ offsetUs: -5_000, delayUs: 2_000 })
    // Asymmetric paths (100 out, 900 back): θ is wrong by (100 − 900)/2 = −400, within δ/2 = 500.
    const r = offsetDelay({ t1: 0, t2: 100, t3: 100, t4: 1_000 })
    expect(r).toEqual({ offsetUs: -400, delayUs: 1_000 })
    expect(Math.abs(r.offsetUs - 0)).toBeLessThanOrEqual(r.delayUs / 2)
  })

  it('grows a sample dispersion with the exchange at PHI = 15 ppm', () => {
    expect(PHI_PPB).toBe(15_000)
    expect(sampleDispersionUs({ t1: 0, t2: 0, t3: 0, t4: 1_000_000 })).toBe(2 + 15)
  })
})

describe('clock filter', () => {
  it('keeps 8 samples and picks the one of least delay (the newest at a tie)', () => {
    const f: Sample[] = []
    for (let i = 0; i < 12; i++) filterPush(f, sample(i, [900, 500, 700, 300, 800, 300, 600, 950, 400, 420, 810, 990][i]!, i))
    expect(f.length).toBe(FILTER_SIZE)
    expect(f[0]!.offsetUs).toBe(4) // samples 0…3 fell out
    expect(filterPick(f)!.offsetUs).toBe(5) // delay 300 (sample 3 is gone)
    expect(filterPick([])).toBeNull()
  })

  it('carries an old sample forward by the correction applied since and the drift believed, and grows its distance with age', () => {
    const s: Sample = { ...sample(1_000, 400, 0), rootDelayUs: 200, rootDispUs: 10, corrUs: 100 }
    const c = candidateOf(7, s, 2_000_000, 400, 10_000, 0)
    expect(c.offsetUs).toBe(1_000 - 300 + 20) // less the 300 µs corrected since, plus 10 ppm × 2 s of drift the loop believes in
    expect(c.distUs).toBe(300 + 10 + 2 + 30) // (200 + 400)/2 + rootDisp + ε₀ + 15 ppm × 2 s
  })
})

describe('Marzullo intersection (RFC 5905 §11.2.1)', () => {
  it('keeps every interval when all agree', () => {
    expect(marzullo([cand(0, 10, 5), cand(1, 12, 5), cand(2, 11, 3)]).map((c) => c.server)).toEqual([0, 1, 2])
  })
  it('drops a falseticker that overlaps no majority', () => {
    expect(marzullo([cand(0, 0, 100), cand(1, 50, 100), cand(2, 50_000, 100)]).map((c) => c.server)).toEqual([0, 1])
  })
  it('finds the majority among five with two falsetickers', () => {
    const cs = [cand(0, 1_000, 200), cand(1, 1_100, 200), cand(2, 900, 250), cand(3, -9_000, 100), cand(4, 20_000, 300)]
    expect(marzullo(cs).map((c) => c.server)).toEqual([0, 1, 2])
  })
  it('finds no majority between two disjoint intervals', () => {
    expect(marzullo([cand(0, 0, 10), cand(1, 1_000, 10)])).toEqual([])
    expect(marzullo([])).toEqual([])
  })
})

describe('combine', () => {
  it('weights by 1/λ and bounds the error by m / Σ(1/λ)', () => {
    const r = combine([cand(0, 100, 100), cand(1, 400, 200)])
    expect(r.offsetUs).toBe(200) // (1 + 2) / (1/100 + 1/200) … = (100/100 + 400/200)/(3/200) = 200
    expect(r.errorUs).toBe(134) // 2 / (3/200) = 133.3 → 134
  })
})

describe('discipline (RFC 5905 §12)', () => {
  const STEP = 128_000, TAU = 8_000_000, MAX = 500_000
  it('steps above 128 ms', () => {
    expect(discipline(newLoop(), 200_000, 0, 0, 0, STEP, TAU, MAX)).toEqual({ kind: 'step', stepUs: 200_000 })
    expect(discipline(newLoop(), -128_001, 0, 0, 0, STEP, TAU, MAX)).toEqual({ kind: 'step', stepUs: -128_001 })
  })
  it('slews below it at θ/τ, clamped to ±500 ppm', () => {
    expect(discipline(newLoop(), 800, 0, 0, 0, STEP, TAU, MAX)).toEqual({ kind: 'slew', ratePpb: 100_000, saturated: false, growing: false })
    expect(discipline(newLoop(), 50_000, 0, 0, 0, STEP, TAU, MAX)).toEqual({ kind: 'slew', ratePpb: 500_000, saturated: true, growing: false })
    expect(discipline(newLoop(), -128_000, 0, 0, 0, STEP, TAU, MAX)).toEqual({ kind: 'slew', ratePpb: -500_000, saturated: true, growing: false })
  })
  it('learns the frequency of a drifting oscillator and says when it cannot keep up', () => {
    // A clock 100 ppm slow, updated every 2 s: simulate x' = −(hw + corr) and check the loop locks.
    const run = (hwPpb: number, updates = 200) => {
      const loop = newLoop()
      let x = 0, corr = 0, lastSat = false
      for (let k = 0; k < updates; k++) {
        const d = discipline(loop, Math.round(x), 0, k * 2_000_000, Math.round(((corr - loop.freqPpb) * 2_000_000) / 1e9), STEP, TAU, MAX)
        if (d.kind !== 'slew') throw new Error('no step expected')
        corr = d.ratePpb
        lastSat = d.saturated && d.growing
        x -= ((hwPpb + corr) * 2_000_000) / 1e9
      }
      return { loop, x, lastSat }
    }
    const slow = run(-100_000)
    expect(Math.abs(slow.loop.freqPpb - 100_000)).toBeLessThan(2_000)
    expect(Math.abs(slow.x)).toBeLessThan(50)
    expect(slow.lastSat).toBe(false)
    expect(run(-900_000, 50).lastSat).toBe(true) // 900 ppm > MAXFREQ: the offset grows even at full slew
  })
})

describe('topology', () => {
  it('spreads the reference worlds and gives clients their servers without cycles', () => {
    expect(referenceIds(5, 2)).toEqual([0, 2])
    expect(referenceIds(10, 3)).toEqual([0, 3, 6])
    const isRef = [true, false, true, false, false]
    expect(serversOf(4, [0, 2], isRef, 3)).toEqual([0, 2, 3])
    expect(serversOf(1, [0, 2], isRef, 3)).toEqual([0, 2])
    expect(serversOf(7, [0, 3, 6], [], 2)).toEqual([3, 6])
  })
})
