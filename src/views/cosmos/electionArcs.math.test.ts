import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { RaftNodeView } from '../../layers/views'
import { ARC_URGENT_BELOW, arcFraction, arcUrgency, arcWorlds } from './electionArcs.math'

const node = (id: number, deadline: number | null, timeout = 1_500_000): RaftNodeView => ({
  id, voter: deadline !== null, up: true, role: 'follower', term: 1, votedFor: null, leader: null, lastIndex: 0, commitIndex: 0, appliedIndex: 0,
  snapshotIndex: 0, firstIndex: 1, compacting: false, installing: false, snapshotTo: [], software: null,
  durableIndex: 0, pendingWrite: false, diskWaitUs: 0, heldMessages: 0, fsyncs: 0, diskWaitUsTotal: 0,
  electionDeadlineUs: deadline, electionTimeoutUs: deadline === null ? 0 : timeout,
})

describe('arcFraction', () => {
  it('is the part of the timeout still ahead: full when just reset, empty when it fires', () => {
    expect(arcFraction(2_000_000, 1_000_000, 1_000_000)).toBe(1)
    expect(arcFraction(2_000_000, 1_000_000, 1_500_000)).toBe(0.5)
    expect(arcFraction(2_000_000, 1_000_000, 2_000_000)).toBe(0)
    expect(arcFraction(2_000_000, 1_000_000, 2_500_000)).toBe(0)
    expect(arcFraction(2_000_000, 1_000_000, 0)).toBe(1)
  })

  it('is null without a timer or with nonsense', () => {
    expect(arcFraction(null, 1_000_000, 0)).toBeNull()
    expect(arcFraction(5, 0, 0)).toBeNull()
    expect(arcFraction(Number.NaN, 10, 0)).toBeNull()
    expect(arcFraction(5, 10, Number.POSITIVE_INFINITY)).toBeNull()
  })

  it('property: within [0, 1] and never growing as time goes on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e8 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e7 }), (deadline, timeout, now, dt) => {
        const a = arcFraction(deadline, timeout, now)!
        const b = arcFraction(deadline, timeout, now + dt)!
        expect(a).toBeGreaterThanOrEqual(0)
        expect(a).toBeLessThanOrEqual(1)
        expect(b).toBeLessThanOrEqual(a)
      }),
      { seed: 13, verbose: true },
    )
  })
})

describe('arcUrgency', () => {
  it('is calm above the threshold and rises to 1 as the arc empties', () => {
    expect(arcUrgency(1)).toBe(0)
    expect(arcUrgency(ARC_URGENT_BELOW)).toBe(0)
    expect(arcUrgency(ARC_URGENT_BELOW / 2)).toBeCloseTo(0.5)
    expect(arcUrgency(0)).toBe(1)
  })
})

describe('arcWorlds', () => {
  it('takes the worlds with a timer, in index order, up to the capacity, reusing the array', () => {
    const nodes = [node(0, 5), undefined, node(2, null), node(3, 9), node(4, 7)]
    const into: number[] = [99, 98]
    expect(arcWorlds(nodes, 10, into)).toBe(into)
    expect(into).toEqual([0, 3, 4])
    expect(arcWorlds(nodes, 2)).toEqual([0, 3])
    expect(arcWorlds([], 5)).toEqual([])
  })
})
