import { describe, expect, it } from 'vitest'
import type { AtmosView, MythosView, NetworkView, PartitionView, RaftNodeView, WorldView } from '../../layers/views'
import { ingestViews, newCosmosModel } from './model'

const world = (id: number, x: number): WorldView => ({ id, name: `w${id}`, x, y: 0, z: 0, status: 'up', driftPpm: 0, proposed: 0 })
const atmos = (n: number): AtmosView => ({ worlds: Array.from({ length: n }, (_, i) => world(i, i * 1000)) })
const node = (id: number, role: RaftNodeView['role'], up = true): RaftNodeView => ({
  id, voter: true, up, role, term: 1, votedFor: null, leader: null, lastIndex: 0, commitIndex: 0, appliedIndex: 0, snapshotIndex: 0, firstIndex: 1, compacting: false, installing: false, snapshotTo: [], software: null,
  durableIndex: 0, pendingWrite: false, diskWaitUs: 0, heldMessages: 0, fsyncs: 0, diskWaitUsTotal: 0,
  electionDeadlineUs: null, electionTimeoutUs: 0,
})
const mythos = (nodes: RaftNodeView[]): MythosView => ({ term: 1, leader: null, commitIndex: 0, nodes, inFlight: [], story: [], logs: [] })
const network = (partitions: PartitionView[]): NetworkView => ({
  kind: 'pneumOS', partitions, totals: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 }, byLayer: {}, links: [],
  chaos: {} as NetworkView['chaos'],
})
const split = (id: number, groups: number[][]): PartitionView => ({ id, kind: 'groups', groups })
const ring = (id: number, order: number[], reach = 1): PartitionView => ({ id, kind: 'ring', order, reach })

describe('the cosmos model', () => {
  it('rebuilds the layout only when the worlds move or their number changes', () => {
    const m = newCosmosModel()
    ingestViews(m, 1, atmos(5), undefined, undefined)
    expect(m.layoutVersion).toBe(1)
    expect(m.pos.length).toBe(15)
    ingestViews(m, 2, atmos(5), undefined, undefined)
    expect(m.layoutVersion).toBe(1)
    ingestViews(m, 3, atmos(6), undefined, undefined)
    expect(m.layoutVersion).toBe(2)
  })

  it('lists every up leader (a split brain shows two halos) and maps roles by world id', () => {
    const m = newCosmosModel()
    ingestViews(m, 1, atmos(4), mythos([node(3, 'leader'), node(1, 'leader'), node(0, 'follower'), node(2, 'leader', false)]), undefined)
    expect(m.leaders.sort()).toEqual([1, 3])
    expect(m.nodes[0]?.role).toBe('follower')
  })

  it('bumps the partitions version only when the active partitions change', () => {
    const m = newCosmosModel()
    ingestViews(m, 1, atmos(5), undefined, network([]))
    const none = m.partitionsVersion
    ingestViews(m, 2, atmos(5), undefined, network([split(1, [[0, 1], [2, 3, 4]])]))
    expect(m.partitionsVersion).toBe(none + 1)
    ingestViews(m, 3, atmos(5), undefined, network([split(1, [[0, 1], [2, 3, 4]])]))
    expect(m.partitionsVersion).toBe(none + 1)
    ingestViews(m, 4, atmos(5), undefined, network([]))
    expect(m.partitionsVersion).toBe(none + 2)
    ingestViews(m, 5, atmos(5), undefined, network([ring(2, [0, 1, 2, 3, 4])]))
    expect(m.partitionsVersion).toBe(none + 3)
    ingestViews(m, 6, atmos(5), undefined, network([ring(2, [0, 1, 2, 3, 4])]))
    expect(m.partitionsVersion).toBe(none + 3)
    ingestViews(m, 7, atmos(5), undefined, network([ring(2, [0, 2, 1, 3, 4])])) // another ring order
    expect(m.partitionsVersion).toBe(none + 4)
  })

  it('empties when the views are gone (a new run starting)', () => {
    const m = newCosmosModel()
    ingestViews(m, 1, atmos(5), mythos([node(0, 'leader')]), undefined)
    ingestViews(m, 2, undefined, undefined, undefined)
    expect(m.worlds).toEqual([])
    expect(m.leaders).toEqual([])
  })
})

describe('the pandemonium zone', () => {
  it('pulls quarantined worlds beside the cluster, one slot each, and is null without any', async () => {
    const { pullIntoZone } = await import('./model')
    const pos = new Float32Array([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0])
    expect(pullIntoZone(pos.slice(), 4, 0.2, [])).toBeNull()
    const p = pos.slice()
    const zone = pullIntoZone(p, 4, 0.2, [1, 3])!
    expect(zone.x).toBeGreaterThan(3)
    for (const i of [1, 3]) expect(Math.hypot(p[i * 3]! - zone.x, p[i * 3 + 1]! - zone.y, p[i * 3 + 2]! - zone.z)).toBeLessThan(zone.r)
    expect([p[3], p[9]]).not.toEqual([1, 3])
    expect(p[6]).toBe(2) // the others stay
    expect(Math.hypot(p[3]! - p[9]!, p[4]! - p[10]!)).toBeGreaterThan(0.2) // two slots, apart
  })
})
