import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveRng } from '../../kernel/rng'
import { copyPartition, cutsLink, majoritiesRingReach, MAJORITIES_RING_MIN_WORLDS, parsePartition, partitionData, reachableFrom, type Partition } from './partition'

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
const ring = (order: number[], id = 1): Extract<Partition, { kind: 'ring' }> => ({ id, kind: 'ring', order, reach: majoritiesRingReach(order.length) })
/** What a world reaches under one partition, as a sorted key. */
const seenBy = (p: Partition, a: number, n: number): string => reachableFrom([p], a, n).join(',')

describe('cutsLink, groups', () => {
  const p: Partition = { id: 1, kind: 'groups', groups: [[0, 1], [2, 3]] }

  it('cuts links between groups, not within one; unlisted worlds form one more group', () => {
    expect(cutsLink(p, 0, 1)).toBe(false)
    expect(cutsLink(p, 2, 3)).toBe(false)
    expect(cutsLink(p, 0, 2)).toBe(true)
    expect(cutsLink(p, 3, 1)).toBe(true)
    expect(cutsLink(p, 4, 5)).toBe(false) // both unlisted
    expect(cutsLink(p, 4, 0)).toBe(true)
    expect(cutsLink(p, 4, 4)).toBe(false)
  })

  it('is transitive: reachability is an equivalence (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 2, max: 12 }), (seed, n) => {
        const rng = deriveRng(seed, 'test')
        const shuffled = rng.shuffled(range(n))
        const cut = rng.int(1, n - 1)
        const q: Partition = { id: 1, kind: 'groups', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] }
        for (const a of range(n)) for (const b of range(n)) for (const c of range(n)) if (!cutsLink(q, a, b) && !cutsLink(q, b, c)) expect(cutsLink(q, a, c)).toBe(false)
      }),
      { numRuns: 50 },
    )
  })
})

describe('cutsLink, majorities-ring', () => {
  it('uses reach ⌈⌊n/2⌋/2⌉: 1 for 4 and 5 worlds (as Jepsen’s perfect ring), 2 for 6 … 9, 3 for 10', () => {
    expect([3, 4, 5, 6, 7, 8, 9, 10, 11].map(majoritiesRingReach)).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3])
  })

  it('on 5 worlds each reaches exactly its two ring neighbours and itself', () => {
    const p = ring([3, 0, 4, 1, 2])
    expect(seenBy(p, 3, 5)).toBe('0,2,3')
    expect(seenBy(p, 4, 5)).toBe('0,1,4')
    expect(cutsLink(p, 3, 4)).toBe(true)
    expect(cutsLink(p, 3, 2)).toBe(false) // across the ring's seam
  })

  for (const n of [4, 5, 6, 7, 8, 9, 12, 31]) {
    it(`on ${n} worlds: every world reaches a strict majority (itself included), no two the same set, symmetric, not transitive`, () => {
      for (let seed = 0; seed < 5; seed++) {
        const p = ring(deriveRng(seed, 'ring').shuffled(range(n)))
        const sets = new Set<string>()
        for (const a of range(n)) {
          const seen = reachableFrom([p], a, n)
          expect(seen).toContain(a)
          expect(seen.length * 2).toBeGreaterThan(n)
          expect(seen.length).toBeLessThan(n) // it does cut something
          sets.add(seen.join(','))
          for (const b of range(n)) expect(cutsLink(p, a, b)).toBe(cutsLink(p, b, a))
        }
        expect(sets.size).toBe(n)
        // Not transitive: along the ring, a reaches b and b reaches c, yet a does not reach c.
        const [a, b, c] = [p.order[0]!, p.order[1]!, p.order[p.reach + 1]!]
        expect([cutsLink(p, a, b), cutsLink(p, b, c), cutsLink(p, a, c)]).toEqual([false, false, true])
      }
    })
  }

  it(`degenerates below ${MAJORITIES_RING_MIN_WORLDS} worlds: a ring of 3 cuts nothing`, () => {
    const p = ring([2, 0, 1])
    for (const a of range(3)) expect(seenBy(p, a, 3)).toBe('0,1,2')
  })

  it('does not cut a world that is not on the ring', () => {
    const p = ring([0, 1, 2, 3, 4])
    expect(cutsLink(p, 0, 9)).toBe(false)
  })

  it('combines with other partitions: a link is cut when any partition cuts it', () => {
    const p = ring([0, 1, 2, 3, 4])
    const q: Partition = { id: 2, kind: 'groups', groups: [[1]] }
    expect(reachableFrom([p], 0, 5)).toEqual([0, 1, 4])
    expect(reachableFrom([p, q], 0, 5)).toEqual([0, 4])
  })
})

describe('partition data', () => {
  it('parses both kinds (no kind: groups) and round-trips through partitionData', () => {
    const g: Partition = { id: 3, kind: 'groups', groups: [[0], [1, 2]] }
    const r: Partition = { id: 4, kind: 'ring', order: [2, 0, 4, 1, 3], reach: 1 }
    expect(parsePartition(partitionData(g), 5)).toEqual(g)
    expect(parsePartition(partitionData(r), 5)).toEqual(r)
    expect(parsePartition({ id: 3, groups: [[0], [1, 2]] }, 5)).toEqual(g)
    const copy = copyPartition(r)
    expect(copy).toEqual(r)
    expect(copy.kind === 'ring' && copy.order).not.toBe(r.order)
  })

  it('rejects malformed partitions', () => {
    const bad: Record<string, unknown>[] = [
      { kind: 'groups', groups: [[0]] }, // no id
      { id: 1.5, kind: 'groups', groups: [[0]] },
      { id: 1, kind: 'wedge', groups: [[0]] },
      { id: 1, kind: 'groups', groups: [0, 1] },
      { id: 1, kind: 'groups', groups: [[0, 1], [1, 2]] }, // world 1 in two groups
      { id: 1, kind: 'groups', groups: [[0, 5]] }, // no world 5
      { id: 1, kind: 'groups', groups: [[-1]] },
      { id: 1, kind: 'groups' },
      { id: 1, kind: 'ring', order: [0, 1, 2, 3], reach: 1 }, // world 4 missing
      { id: 1, kind: 'ring', order: [0, 1, 2, 3, 3], reach: 1 },
      { id: 1, kind: 'ring', order: [0, 1, 2, 3, 5], reach: 1 },
      { id: 1, kind: 'ring', order: [0, 1, 2, 3, 4], reach: 0 },
      { id: 1, kind: 'ring', order: [0, 1, 2, 3, 4], reach: 1.5 },
      { id: 1, kind: 'ring', order: [0, 1, 2, 3, 4] },
      { id: 1, kind: 'ring', order: 'all', reach: 1 },
    ]
    expect(parsePartition(null, 5)).toBeNull()
    expect(parsePartition([1, 2], 5)).toBeNull()
    for (const d of bad) expect(parsePartition(d, 5), JSON.stringify(d)).toBeNull()
  })
})
