/**
 * mythOS's view for the RaftScope-style log view and the election-timeout arcs: each shown world's
 * newest entries with their terms (divergent entries of a deposed leader included), a bounded set
 * of worlds at any cluster size, and the election deadline of every voter that does not lead.
 */
import { describe, expect, it } from 'vitest'
import { MythosHarness } from './__tests__/harness'
import { entryAt, lastIndex } from './log'
import { LOG_VIEW_ENTRIES, LOG_VIEW_WORLDS, logViewWorlds } from './view'
import type { ScenarioInput } from '../../scenario/schema'
import type { MythosView } from '../views'

const S = 1_000_000
const MS = 1_000
const quiet = (extra: ScenarioInput = {}): ScenarioInput => ({ ...extra, layers: { ...extra.layers, chaOS: { entropy: 0, ...extra.layers?.chaOS } } })
const viewOf = (h: MythosHarness) => h.rt.view() as unknown as MythosView

describe('mythOS log view', () => {
  it('carries every shown entry with the term and kind the node holds, aligned on the newest indices', () => {
    const h = new MythosHarness(quiet())
    for (let i = 0; i < 60; i++) h.propose(4 * S + i * 50 * MS, i % 5, `p${i}`)
    h.runUntil(9 * S)
    const v = viewOf(h)
    expect(v.logs.map((l) => l.id)).toEqual([0, 1, 2, 3, 4])
    const hi = Math.max(...h.state.nodes.map(lastIndex))
    expect(hi).toBeGreaterThan(LOG_VIEW_ENTRIES)
    for (const l of v.logs) {
      const nd = h.state.nodes[l.id]!
      expect(l.fromIndex + l.terms.length - 1).toBe(lastIndex(nd))
      expect(l.terms.length).toBeLessThanOrEqual(LOG_VIEW_ENTRIES)
      expect(l.kinds).toHaveLength(l.terms.length)
      l.terms.forEach((t, k) => {
        const e = entryAt(nd, l.fromIndex + k)!
        expect(t).toBe(e.term)
        expect(l.kinds[k]).toBe(e.kind[0])
      })
      // An up-to-date world carries the whole window of the newest indices.
      if (lastIndex(nd) === hi) expect(l.fromIndex).toBe(hi - LOG_VIEW_ENTRIES + 1)
    }
  })

  it('shows a deposed leader’s uncommitted entries beside the new leader’s, at the same indices in another term', () => {
    const h = new MythosHarness(quiet())
    h.runUntil(4 * S)
    const old = h.leader()!
    const others = [0, 1, 2, 3, 4].filter((n) => n !== old)
    h.partition(4 * S, [[old]])
    for (let i = 0; i < 3; i++) h.propose(4 * S + 10 * MS + i * MS, old, `lost${i}`)
    h.runUntil(9 * S)
    const fresh = h.leader()
    expect(fresh).not.toBe(old)
    for (let i = 0; i < 3; i++) h.propose(9 * S + i * MS, others[0]!, `kept${i}`)
    h.runUntil(10 * S)
    const v = viewOf(h)
    const a = v.logs.find((l) => l.id === old)!
    const b = v.logs.find((l) => l.id === fresh)!
    const termAt = (l: typeof a, i: number) => l.terms[i - l.fromIndex]
    const commonLast = Math.min(a.fromIndex + a.terms.length, b.fromIndex + b.terms.length) - 1
    let divergent = 0
    for (let i = Math.max(a.fromIndex, b.fromIndex); i <= commonLast; i++) if (termAt(a, i) !== termAt(b, i)) divergent++
    expect(divergent).toBeGreaterThanOrEqual(3)
    // The old leader's extra entries are uncommitted on it.
    const oldNode = v.nodes.find((n) => n.id === old)!
    expect(oldNode.commitIndex).toBeLessThan(oldNode.lastIndex)
  })

  it('carries at most LOG_VIEW_WORLDS worlds, the voters and the leader among them, at 2,000 worlds', () => {
    const h = new MythosHarness(quiet({ nodes: { count: 2000 }, layers: { mythOS: { votersMax: 5 } } }))
    h.runUntil(5 * S)
    const shown = logViewWorlds(h.state).map((n) => n.id)
    expect(shown).toHaveLength(LOG_VIEW_WORLDS)
    for (const v of h.state.voters) expect(shown).toContain(v)
    expect(shown).toEqual([...shown].sort((x, y) => x - y))
    const v = viewOf(h)
    expect(v.logs).toHaveLength(LOG_VIEW_WORLDS)
    // Learners carry no election timer.
    expect(v.nodes.filter((n) => n.electionDeadlineUs !== null).every((n) => n.voter)).toBe(true)
  })

  it('gives each follower its election deadline within one timeout ahead, the leader and a down world none', () => {
    const h = new MythosHarness(quiet({ layers: { mythOS: { electionTimeoutMsMin: 1000, electionTimeoutMsMax: 2000 } } }))
    h.runUntil(6 * S)
    const leader = h.leader()!
    const follower = [0, 1, 2, 3, 4].find((n) => n !== leader)!
    h.crash(6 * S, follower)
    h.runUntil(6 * S + 500 * MS)
    const now = h.nowUs
    for (const n of viewOf(h).nodes) {
      if (n.id === leader || n.id === follower) {
        expect(n.electionDeadlineUs, `world ${n.id}`).toBeNull()
        expect(n.electionTimeoutUs).toBe(0)
        continue
      }
      expect(n.electionTimeoutUs).toBeGreaterThanOrEqual(1000 * MS)
      expect(n.electionTimeoutUs).toBeLessThanOrEqual(2000 * MS)
      // It heard a heartbeat within the last 100 ms or so: the deadline is most of a timeout ahead.
      expect(n.electionDeadlineUs!).toBeGreaterThan(now)
      expect(n.electionDeadlineUs!).toBeLessThanOrEqual(now + n.electionTimeoutUs)
    }
  })
})
