/**
 * Snapshot installs at one follower, step by step (FakeCtx: disk writes completed by hand): two
 * installs in a row before the first is durable, and an install while older log writes are in
 * flight — the cases a review found (a node stalled for ever below its base; a negative slice).
 */
import { describe, expect, it } from 'vitest'
import { appendOne, durableIndex, lastIndex } from './log'
import { persist } from './persist'
import { onInstallSnapshot } from './snapshot'
import { flushDisks, freshLayer, markDurable } from './__tests__/fakeCtx'

const snap = (index: number) => ({ node: 1, from: 0, term: 1, index, snapTerm: 1, chain: index.toString(16).padStart(16, '0'), bytes: 1_000, voters: [0, 1, 2] })
const entry = (i: number) => ({ term: 1, kind: 'happening' as const, id: `x.${i}`, text: `t${i}`, digest: i.toString(16).padStart(16, 'f') })

describe('snapshot installs at a follower', () => {
  it('a second install before the first is durable: the node takes the later one, and applies on from it', () => {
    const { s, ctx } = freshLayer({ nodes: { count: 3 } })
    const f = s.nodes[1]!
    f.term = 1
    markDurable(f)
    onInstallSnapshot(s, ctx, snap(100))
    expect(f.write).not.toBeNull() // the first install's write is in flight
    onInstallSnapshot(s, ctx, snap(150))
    flushDisks(s, ctx)
    expect(f.appliedIndex).toBe(150)
    expect(f.snapshot.index).toBe(150)
    expect(f.base.index).toBe(150)
    expect(f.installing).toBeNull()
    expect(durableIndex(f)).toBe(150)
    expect(ctx.events.filter((e) => e.type === 'snapshot_installed').map((e) => e.data['index'])).toEqual([150])
    // It applies on from the snapshot.
    appendOne(f, entry(151))
    f.commitIndex = 151
    persist(s, ctx, f)
    flushDisks(s, ctx)
    expect(f.appliedIndex).toBe(151)
  })

  it('an install while older log writes are in flight and unsaved: the durable log restarts at the base', () => {
    const { s, ctx } = freshLayer({ nodes: { count: 3 } })
    const f = s.nodes[1]!
    f.term = 1
    for (let i = 1; i <= 3; i++) appendOne(f, entry(i))
    markDurable(f)
    appendOne(f, entry(4))
    persist(s, ctx, f) // a write of entry 4 in flight
    appendOne(f, entry(5)) // unsaved: waits for the next write
    onInstallSnapshot(s, ctx, snap(100))
    expect(() => flushDisks(s, ctx)).not.toThrow()
    expect(f.base.index).toBe(100)
    expect(f.durableBase.index).toBe(100)
    expect(f.durableLog).toEqual([])
    expect(lastIndex(f)).toBe(100)
    expect(f.appliedIndex).toBe(100)
  })
})
