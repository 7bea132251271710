import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lastBelow, newAppliedTerms, noteApplied, termOf } from './appliedTerms'

describe('appliedTerms (run-length encoded lowest apply term per index)', () => {
  it('answers as a plain array would, over random histories (fast-check prints the failing one)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), fc.nat(12)), { maxLength: 200 }), (ops) => {
        const a = newAppliedTerms()
        const plain: number[] = []
        for (const [k, t] of ops) {
          // k picks an index among those known, or the next one.
          const i = (k % (plain.length + 1)) + 1
          noteApplied(a, i, t)
          if (i === plain.length + 1) plain.push(t)
          else plain[i - 1] = Math.min(plain[i - 1]!, t)
        }
        expect(a.length).toBe(plain.length)
        for (let i = 1; i <= plain.length; i++) expect(termOf(a, i)).toBe(plain[i - 1])
        for (let t = 0; t <= 13; t++) {
          let r = plain.length
          while (r > 0 && plain[r - 1]! >= t) r--
          expect(lastBelow(a, t)).toBe(r)
        }
        // Runs never hold two equal neighbours.
        for (let r = 2; r < a.runs.length; r += 2) expect(a.runs[r + 1]).not.toBe(a.runs[r - 1])
      }),
      { numRuns: 500 },
    )
  })

  it('stays small over a long log with few terms, and records a gap (never so in a run) rather than stopping', () => {
    const a = newAppliedTerms()
    for (let i = 1; i <= 100_000; i++) noteApplied(a, i, 1 + Math.floor(i / 25_000))
    expect(a.runs.length).toBe(10)
    noteApplied(a, 100_003, 9)
    expect(a.length).toBe(100_003)
    expect(termOf(a, 100_001)).toBe(9)
    expect(lastBelow(a, 9)).toBe(100_000)
  })
})
