import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DELIVERY, EventQueue, METRICS, TIMER, type EntryKind } from './eventQueue'

type Item = { t: number; seq: number; kind: EntryKind; timer: number; ref: unknown }
const byTimeSeq = (a: Item, b: Item) => a.t - b.t || a.seq - b.seq

function take(q: EventQueue): Item {
  const x = { t: q.topT, seq: -1, kind: q.topKind, timer: q.topTimer, ref: q.topRef }
  q.pop()
  return x
}

describe('EventQueue (typed-array heap on (time, seq))', () => {
  it('pops in (time, seq) order with each entry whole, whatever the pushes and interleaved pops, past its first growth (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(-1)), { maxLength: 400 }), (ops) => {
        const q = new EventQueue()
        const model: Item[] = []
        let seq = 0
        const check = (got: Item, want: Item) => {
          expect(got.t).toBe(want.t)
          expect(got.kind).toBe(want.kind)
          expect(got.ref).toBe(want.ref)
          if (want.kind === TIMER) expect(got.timer).toBe(want.timer)
        }
        for (const op of ops) {
          if (op === -1) {
            if (model.length === 0) continue
            model.sort(byTimeSeq)
            check(take(q), model.shift()!)
          } else {
            const s = seq++
            const kind = (s % 3) as EntryKind
            const x: Item = { t: op, seq: s, kind, timer: kind === TIMER ? s + 1 : 0, ref: kind === METRICS ? undefined : { n: s } }
            q.push(x.t, x.seq, x.kind, x.timer, x.ref)
            model.push(x)
          }
          expect(q.size).toBe(model.length)
        }
        model.sort(byTimeSeq)
        for (const m of model) check(take(q), m)
        expect(q.size).toBe(0)
      }),
      { seed: 11, numRuns: 300 },
    )
  })

  it('snapshots as plain entries and, pushed back in their order, rebuilds the same layout and the same pops', () => {
    const q = new EventQueue()
    for (let i = 0; i < 200; i++) q.push((i * 7919) % 101, i, (i % 3) as EntryKind, i % 3 === TIMER ? i + 1 : 0, i % 3 === METRICS ? undefined : { i })
    for (let i = 0; i < 50; i++) q.pop()
    const entries = q.entries()
    expect(entries).toHaveLength(150)
    for (const e of entries) expect(Object.keys(e)).toEqual(['t', 'seq', 'msg', 'timerId', 'payload', 'metrics'])
    const copy = new EventQueue()
    for (const e of structuredClone(entries)) copy.pushEntry(e)
    expect(copy.entries()).toEqual(entries)
    while (q.size > 0) expect(take(copy)).toEqual(take(q))
  })

  it('does nothing when popped empty, and takes pushes normally after', () => {
    const q = new EventQueue()
    q.pop()
    expect(q.size).toBe(0)
    q.push(5, 0, TIMER, 1, { k: 'a' })
    expect([q.size, q.topT, q.topTimer]).toEqual([1, 5, 1])
    q.pop()
    q.pop()
    expect(q.size).toBe(0)
  })

  it('keeps what each kind carries: a delivery, a timer id and payload, a metrics point', () => {
    const q = new EventQueue()
    const msg = { from: 'atmOS', at: 5, seq: 0, type: 'x', data: {}, deliverAt: 9, recipient: 'mythOS' }
    q.push(9, 0, DELIVERY, 0, msg)
    q.push(3, 1, TIMER, 7, { k: 'tick' })
    q.push(3, 2, METRICS, 0, undefined)
    expect(q.entries().map((e) => [e.t, e.msg !== undefined, e.timerId, e.payload, e.metrics]).sort()).toEqual([[3, false, 7, { k: 'tick' }, undefined], [3, false, undefined, undefined, true], [9, true, undefined, undefined, undefined]].sort())
    expect([take(q).kind, take(q).kind, take(q).ref]).toEqual([TIMER, METRICS, msg])
  })
})
