import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PerProcess, SentPackets } from './sentPackets'

describe('SentPackets', () => {
  it('finds a send by (layer, id) and forgets it keepUs after it was sent', () => {
    const s = new SentPackets<string>(1_000)
    s.add('mythOS', 1, 0, 'a')
    s.add('karmOS', 1, 100, 'b')
    expect(s.get('mythOS', 1)).toBe('a')
    expect(s.get('karmOS', 1)).toBe('b')
    expect(s.get('mythOS', 2)).toBeUndefined()
    // Pruning happens as later sends arrive: a send older than keepUs is gone, a younger one stays.
    s.add('mythOS', 2, 1_050, 'c')
    expect(s.get('mythOS', 1)).toBeUndefined()
    expect(s.get('karmOS', 1)).toBe('b')
    s.add('mythOS', 3, 1_400, 'd') // (pruned at most every keepUs / 4)
    expect(s.get('karmOS', 1)).toBeUndefined()
    expect(s.get('mythOS', 2)).toBe('c')
  })
})

describe('SentPackets.hold', () => {
  it('remembers a send the network holds back until keepUs after it is due, and only that one', () => {
    const s = new SentPackets<string>(1_000)
    s.add('karmOS', 0, 0, 'held')
    s.add('karmOS', 1, 0, 'not held')
    s.hold('karmOS', 0, 5_000)
    s.hold('karmOS', 9, 5_000) // never sent: nothing to hold
    for (let t = 300; t <= 5_900; t += 300) s.add('karmOS', 2 + t / 300, t, 'x')
    expect(s.get('karmOS', 1)).toBeUndefined()
    expect(s.get('karmOS', 9)).toBeUndefined()
    expect(s.get('karmOS', 0)).toBe('held')
    for (let t = 6_000; t <= 7_500; t += 300) s.add('karmOS', 100 + t / 300, t, 'x')
    expect(s.get('karmOS', 0)).toBeUndefined()
  })
})

describe('SentPackets over any order of ids', () => {
  // Sends in time order; ids mostly consecutive (as the network numbers them), with repeats, gaps,
  // jumps back and far ahead; two layers. Each look-up is judged against the contract: a send is
  // found while it is younger than keepUs (its latest value), and gone once it is older than
  // 1.25 keepUs (when its id was sent once).
  const KEEP = 1_000
  const step = fc.record({
    layer: fc.constantFrom('a', 'b'),
    dt: fc.integer({ min: 0, max: 300 }),
    id: fc.oneof(
      { weight: 8, arbitrary: fc.constant('next' as const) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }).map((d) => ({ d })) },
      { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: -50, max: 5_000 }).map((x) => x + 0.5) },
    ),
    probe: fc.integer({ min: -100, max: 6_000 }),
  })
  it('finds what is younger than keepUs and forgets what is older than 1.25 keepUs', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 300, maxLength: 1_500 }), (steps) => {
        const s = new SentPackets<number>(KEEP)
        const next = { a: 0, b: 0 }
        const latest = new Map<string, { t: number; v: number; times: number }>()
        let t = 0
        steps.forEach((st, k) => {
          t += st.dt
          const id = st.id === 'next' ? next[st.layer]++ : typeof st.id === 'number' ? st.id : next[st.layer] + st.id.d
          s.add(st.layer, id, t, k)
          const key = `${st.layer}:${id}`
          latest.set(key, { t, v: k, times: (latest.get(key)?.times ?? 0) + 1 })
          // Ids never sent are not found: gaps, fillers, fractions, far off.
          for (const p of [st.probe, st.probe + 0.5, next[st.layer], next[st.layer] + 3]) {
            if (!latest.has(`${st.layer}:${p}`) && s.get(st.layer, p) !== undefined) throw new Error(`${st.layer}:${p} was never sent but is found at ${t}`)
          }
          for (const [kk, e] of latest) {
            const [layer, i] = kk.split(':') as [string, string]
            const got = s.get(layer, Number(i))
            if (t - e.t < KEEP && got !== e.v) throw new Error(`${kk} sent at ${e.t} (value ${e.v}) not found at ${t}: ${got}`)
            if (t - e.t > 1.25 * KEEP && e.times === 1 && got !== undefined) throw new Error(`${kk} sent at ${e.t} still found at ${t}`)
          }
        })
      }),
      { numRuns: 60, seed: 7 },
    )
  })
})

describe('PerProcess', () => {
  it('keeps one slot per world for each layer', () => {
    const p = new PerProcess<number>(3)
    p.of('a')[2] = 7
    expect(p.of('a')).toEqual([undefined, undefined, 7])
    expect(p.of('b')).toHaveLength(3)
    expect(p.of('b')[2]).toBeUndefined()
  })
})
