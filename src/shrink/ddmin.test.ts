import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ddmin } from './ddmin'

/** A synthetic failure: the list fails when it holds every element of some "cause" set. */
const failsWhen = (causes: readonly (readonly number[])[]) => (list: readonly number[]) => causes.some((c) => c.every((x) => list.includes(x)))

describe('ddmin (Zeller & Hildebrandt delta debugging)', () => {
  it('finds the two elements a failure needs among 16', async () => {
    const items = Array.from({ length: 16 }, (_, i) => i)
    const r = await ddmin(items, failsWhen([[3, 11]]))
    expect(r.items).toEqual([3, 11])
    expect(r.minimal).toBe(true)
  })

  it('returns a sublist that still fails and is 1-minimal (removing any one element makes it pass)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            causes: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
          }),
        ),
        async ({ n, causes }) => {
          const items = Array.from({ length: n }, (_, i) => i)
          const fails = failsWhen(causes)
          let calls = 0
          const r = await ddmin(items, (l) => { calls++; return fails(l) })
          expect(fails(r.items)).toBe(true)
          // A sublist: same order, elements of the input.
          expect(r.items).toEqual(items.filter((x) => r.items.includes(x)))
          for (let k = 0; k < r.items.length; k++) expect(fails(r.items.filter((_, j) => j !== k))).toBe(false)
          expect(r.tests).toBe(calls) // every subset tested at most once: tests = calls
        },
      ),
      { seed: 20_240_613, numRuns: 200, verbose: true },
    )
  })

  it('gives the empty list when the failure needs no element, and stops at maxTests', async () => {
    expect((await ddmin([1, 2, 3, 4], () => true)).items).toEqual([])
    const r = await ddmin(Array.from({ length: 64 }, (_, i) => i), failsWhen([[5, 60]]), { maxTests: 3 })
    expect(r.minimal).toBe(false)
    expect(r.tests).toBeLessThanOrEqual(3)
    expect(failsWhen([[5, 60]])(r.items)).toBe(true)
  })
})
