import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Heap } from './heap'

type Item = { t: number; seq: number }
const less = (a: Item, b: Item) => a.t < b.t || (a.t === b.t && a.seq < b.seq)

describe('Heap', () => {
  it('pops in comparator order whatever the pushes and interleaved pops (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const h = new Heap<Item>(less)
        const model: Item[] = []
        let seq = 0
        for (const op of ops) {
          if (op === -1) {
            model.sort((a, b) => (less(a, b) ? -1 : 1))
            expect(h.pop()).toEqual(model.shift())
          } else {
            const x = { t: op, seq: seq++ }
            h.push(x)
            model.push(x)
          }
          expect(h.size).toBe(model.length)
        }
        model.sort((a, b) => (less(a, b) ? -1 : 1))
        for (const m of model) expect(h.pop()).toEqual(m)
        expect(h.pop()).toBeUndefined()
      }),
      { numRuns: 300 },
    )
  })

  it('re-heapifies the items it is built from (a snapshot restore)', () => {
    const items = [5, 3, 9, 1, 7, 1].map((t, seq) => ({ t, seq }))
    const h = new Heap<Item>(less, items.slice())
    expect([...Array(6)].map(() => h.pop()!.seq)).toEqual([3, 5, 1, 0, 4, 2])
  })
})
