/** kube-scheduler's filter and score, on hand-made worlds. */
import { describe, expect, it } from 'vitest'
import { fits, leastAllocated, pickWorld, scoreWorlds, spreadScore, unschedulableReason, type WorldRoom } from './scheduler'

const world = (id: number, units: number, used = 0, sameService = 0, eligible = true): WorldRoom => ({ id, eligible, cpuMilli: units * 1000, memMb: units * 1024, usedCpuMilli: used, usedMemMb: (used * 1024) / 1000, sameService })
const pod = { cpuMilli: 500, memMb: 512 }
const weights = { fit: 1, spread: 2 }

describe('filter', () => {
  it('keeps a world that is eligible and holds the requests, drops one that is not up or full', () => {
    expect(fits(world(0, 1), pod)).toBe(true)
    expect(fits(world(0, 1, 500), pod)).toBe(true) // exactly full after it
    expect(fits(world(0, 1, 600), pod)).toBe(false) // insufficient cpu
    expect(fits({ ...world(0, 4), usedMemMb: 3_800 }, pod)).toBe(false) // insufficient memory
    expect(fits(world(0, 8, 0, 0, false), pod)).toBe(false) // draining, crashed, convicted …
  })
  it('says why nothing fits', () => {
    expect(unschedulableReason([world(0, 1, 1000), world(1, 8, 0, 0, false), { ...world(2, 4), usedMemMb: 4_000 }], pod)).toBe('0/3 worlds are available: 1 not up or convicted, 1 insufficient cpu, 1 insufficient memory')
    expect(pickWorld([world(0, 1, 1000)], pod, weights)).toBeNull()
  })
})

describe('score', () => {
  it('LeastAllocated: an emptier world scores higher, 0–100 on integers', () => {
    expect(leastAllocated(world(0, 1), pod)).toBe(50)
    expect(leastAllocated(world(0, 8), pod)).toBe(93) // 7,500 of 8,000 free → 93.75, floored
    expect(leastAllocated(world(0, 1, 500), pod)).toBe(0)
  })
  it('spread: 100 where the service has fewest pods, 0 where it has most, 100 everywhere when none', () => {
    expect(spreadScore(0, 0)).toBe(100)
    expect(spreadScore(0, 2)).toBe(100)
    expect(spreadScore(1, 2)).toBe(50)
    expect(spreadScore(2, 2)).toBe(0)
  })
  it('weighs spread (2) over fit (1): a replica goes to an empty small world rather than beside its sibling on a big one', () => {
    const ws = [world(0, 8, 500, 1), world(1, 2)]
    const scored = scoreWorlds(ws, pod, weights)
    expect(scored).toEqual([
      { node: 0, score: Math.floor((87 + 0) / 3), fit: 87, spread: 0 },
      { node: 1, score: Math.floor((75 + 200) / 3), fit: 75, spread: 100 },
    ])
    expect(pickWorld(ws, pod, weights)!.node).toBe(1)
    // With spread weighed 0 it packs by resources alone.
    expect(pickWorld(ws, pod, { fit: 1, spread: 0 })!.node).toBe(0)
  })
  it('breaks ties by the lowest world id, whatever the order given', () => {
    const ws = [world(3, 4), world(1, 4), world(2, 4)]
    expect(pickWorld(ws, pod, weights)).toEqual({ node: 1, score: 95, fit: 87, spread: 100, feasible: 3 })
  })
  it('spreads the replicas of a service placed one after another over distinct worlds', () => {
    const ws = [world(0, 4), world(1, 4), world(2, 4)]
    const placed: number[] = []
    for (let i = 0; i < 3; i++) {
      const w = pickWorld(ws, pod, weights)!
      placed.push(w.node)
      const r = ws.find((x) => x.id === w.node)!
      r.usedCpuMilli += pod.cpuMilli
      r.usedMemMb += pod.memMb
      r.sameService++
    }
    expect(placed).toEqual([0, 1, 2])
  })
})
