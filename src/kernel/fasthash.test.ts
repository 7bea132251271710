import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { absorb64Name, absorb64String, hash64, hash64Close, hash64Hex, hash64Open, hash64Start, hash64Update, hash64Value } from './fasthash'

describe('fasthash', () => {
  it('is a fixed function: these values are part of every run (a change alters digests and fingerprints: bump the engine)', () => {
    expect(hash64('')).toBe(hash64(''))
    expect([hash64(''), hash64('a'), hash64('happening\u0000x\u0000y'), hash64('é😊')]).toEqual(['e9c5d035fe2adef5', 'a28504a517d6fd58', '4eb4abcecfffb992', '36e6926243a6633e'])
  })

  it('absorbs a name through its cache of mixed words exactly as the string itself: cold, warm, and across the cache starting afresh', () => {
    const texts = [...Array.from({ length: 300 }, (_, i) => `type_${i}_${'x'.repeat(i % 70)}`), 'abc', 'abcd', 'é😊é😊', '\ud800lone', ''] // 0 to 78 units
    const state = (absorb: (s: string) => void, t: string) => { const st = hash64Start(7); hash64Open(st); absorb(t); absorb(t); hash64Close(st); return st }
    const check = () => { for (const t of texts) expect(state(absorb64Name, t)).toEqual(state(absorb64String, t)) }
    check() // cold: each name mixed and cached on first sight
    check() // warm
    for (let i = 0; i < 5_000; i++) state(absorb64Name, `filler name ${i}`) // more names than the cache holds: it starts afresh
    check()
  })

  it('is 16 lower-case hex characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => /^[0-9a-f]{16}$/.test(hash64(s))))
  })

  it('absorbing strings one by one delimits them: ("ab","c") ≠ ("a","bc") ≠ ("abc")', () => {
    const of = (...xs: string[]) => { const st = hash64Start(); for (const x of xs) hash64Update(st, x); return hash64Hex(st) }
    const vs = new Set([of('ab', 'c'), of('a', 'bc'), of('abc'), of('abc', ''), of('', 'abc')])
    expect(vs.size).toBe(5)
  })

  it('tells apart strings that differ in one code unit, including beyond the BMP and in the last odd unit', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), fc.nat(), fc.integer({ min: 1, max: 0xffff }), (s, at, delta) => {
      const i = at % s.length
      const c = String.fromCharCode((s.charCodeAt(i) + delta) & 0xffff)
      const t = s.slice(0, i) + c + s.slice(i + 1)
      return t === s || hash64(t) !== hash64(s)
    }), { seed: 7, numRuns: 2000 })
  })

  it('no collisions in 200,000 similar strings, and each output bit is set about half the time', () => {
    const seen = new Set<string>()
    const ones = new Array<number>(64).fill(0)
    const N = 200_000
    for (let i = 0; i < N; i++) {
      const h = hash64(`entry\u0000${i}\u0000${i % 7}`)
      seen.add(h)
      for (let k = 0; k < 16; k++) { const nib = parseInt(h[k]!, 16); for (let b = 0; b < 4; b++) if (nib & (1 << b)) ones[k * 4 + b]!++ }
    }
    expect(seen.size).toBe(N)
    for (const o of ones) expect(Math.abs(o / N - 0.5)).toBeLessThan(0.01)
  })

  describe('hash64Value (by structure)', () => {
    const hv = (v: unknown) => { const st = hash64Start(); hash64Value(st, v); return hash64Hex(st) }

    it('tells apart values JSON tells apart, across types and shapes', () => {
      const vs = [null, false, true, 0, 1, -1, 1.5, -0.5, 2 ** 31, 2 ** 53 - 1, '', '0', '1', 'a', [], [1], ['1'], [[1]], [1, 2], [2, 1], {}, { a: 1 }, { a: '1' }, { b: 1 }, { a: 1, b: 2 }, { a: [1] }, ['a', 1], { a: null }]
      expect(new Set(vs.map(hv)).size).toBe(vs.length)
    })

    it('leaves out properties whose value is undefined, as JSON does', () => {
      expect(hv({ a: 1, b: undefined })).toBe(hv({ a: 1 }))
    })

    it('agrees for values with equal JSON text built in the same order (property test)', () => {
      fc.assert(fc.property(fc.jsonValue(), (v) => hv(JSON.parse(JSON.stringify(v))) === hv(v)), { seed: 3, numRuns: 500 })
    })

    it('differs when one number or one string in a nested value changes (property test)', () => {
      fc.assert(fc.property(fc.array(fc.record({ t: fc.integer(), s: fc.string(), x: fc.double({ noNaN: true }) }), { minLength: 1 }), fc.nat(), (xs, at) => {
        const i = at % xs.length
        const ys = xs.map((x, j) => (j === i ? { ...x, t: x.t === 0 ? 1 : x.t - 1 } : x))
        return hv(xs) !== hv(ys)
      }), { seed: 5, numRuns: 500 })
    })
  })
})
