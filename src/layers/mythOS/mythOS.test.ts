import { describe, expect, it } from 'vitest'
import { MythosHarness } from './__tests__/harness'
import { chainAt, lastIndex } from './log'
import { ScenarioSchema, type ScenarioInput } from '../../scenario/schema'
import { raftChecker } from '../../checkers/raft'
import type { MythosView } from '../views'

const S = 1_000_000
const MS = 1_000

/** No chaOS noise on the links: only what a test does by hand. */
const quiet = (extra: ScenarioInput = {}): ScenarioInput => ({ ...extra, layers: { ...extra.layers, chaOS: { entropy: 0, ...extra.layers?.chaOS } } })

function expectConverged(h: MythosHarness): void {
  const up = h.state.nodes.filter((n) => n.up)
  const ref = up[0]!
  for (const nd of up) {
    expect(lastIndex(nd), `node ${nd.id} lastIndex`).toBe(lastIndex(ref))
    expect(chainAt(nd, lastIndex(nd)), `node ${nd.id} chain`).toBe(chainAt(ref, lastIndex(ref)))
    expect(nd.appliedIndex, `node ${nd.id} applied`).toBe(ref.appliedIndex)
  }
}

describe('mythOS elections', () => {
  it('elects one leader within a few election timeouts and keeps it through a quiet minute (default scenario)', () => {
    // Default scenario; no atmOS runs here, so tell the liveness checker there is no workload.
    const h = new MythosHarness({ layers: { atmOS: { happeningsPerSec: 0 } } })
    h.runUntil(60 * S)
    const leaders = h.leaders()
    expect(leaders).toHaveLength(1)
    const first = leaders[0]!
    console.log(`default scenario: first leader node ${first.node} (term ${first.term}) at ${first.t / MS} ms`)
    expect(first.t).toBeLessThan(3 * 2_000 * MS)
    expect(h.state.nodes.every((n) => n.term === first.term && n.leader === first.node)).toBe(true)
    // no per-heartbeat events: a quiet minute is a handful of events
    expect(h.events.length).toBeLessThan(40)
    expect(h.outbox.some((m) => m.type === 'leader' && (m.data as { node: number; term: number }).node === first.node && (m.data as { term: number }).term === first.term)).toBe(true)
    expect(h.finish()).toEqual([])
  })

  it('commits proposals made at any node and every node applies the same story (default scenario)', () => {
    const h = new MythosHarness({})
    for (let i = 0; i < 40; i++) h.propose(5 * S + i * 250 * MS, i % 5, `w${i % 5}.${i}`)
    h.runUntil(30 * S)
    const stories = [0, 1, 2, 3, 4].map((n) => h.story(n))
    for (const s of stories) expect(s).toEqual(stories[0])
    // forwards may be lost on the 1.5 % lossy default links; nearly all make it
    expect(stories[0]!.length).toBeGreaterThanOrEqual(36)
    expect(new Set(stories[0]).size).toBe(stories[0]!.length)
    expectConverged(h)
    expect(h.finish()).toEqual([])
  })

  it('loses nothing on lossless links, and shows the story and packets in its view', () => {
    const h = new MythosHarness(quiet())
    for (let i = 0; i < 30; i++) h.propose(4 * S + i * 100 * MS, i % 5, `p${i}`, `text of p${i}`)
    h.runUntil(10 * S)
    expect(h.story(2)).toEqual(Array.from({ length: 30 }, (_, i) => `p${i}`))
    h.propose(10 * S, 0, 'last')
    h.runUntil(10 * S + 1 * MS) // mid-flight
    const v = h.rt.view() as unknown as MythosView
    expect(v.story).toHaveLength(8)
    expect(v.story[7]!.text).toBe('text of p29')
    expect(v.leader).toBe(h.leader())
    expect(v.nodes).toHaveLength(5)
    expect(v.inFlight.length).toBeGreaterThan(0)
    expect(v.inFlight.length).toBeLessThanOrEqual(200)
    for (const p of v.inFlight) expect(p.deliverUs).toBeGreaterThan(10 * S + 1 * MS - 1)
  })

  it('a single world leads itself and commits alone', () => {
    const h = new MythosHarness(quiet({ nodes: { count: 1 } }))
    h.propose(3 * S, 0, 'solo')
    h.runUntil(4 * S)
    expect(h.leaders()).toHaveLength(1)
    expect(h.story(0)).toEqual(['solo'])
    expect(h.finish()).toEqual([])
  })

  it('elects on the ideal aetherOS network and on a pneumOS of distant worlds', () => {
    const times: Record<string, number> = {}
    for (const [name, sc] of [
      ['aetherOS (100 µs)', { network: 'aetherOS' }],
      ['pneumOS ring 6000 km', {}],
      ['pneumOS galaxy 40000 km', { nodes: { count: 5, layout: 'galaxy', spreadKm: 40_000 } }],
    ] as [string, ScenarioInput][]) {
      const h = new MythosHarness(sc)
      h.runUntil(15 * S)
      const first = h.leaders()[0]
      expect(first, name).toBeDefined()
      times[name] = first!.t / MS
      expect(h.finish()).toEqual([])
    }
    console.log('time to first leader (ms):', times)
  })
})

describe('no randomised timeout (electionTimeoutMsMin = Max): the classic split vote', () => {
  // Five worlds on aetherOS (every link 100 µs) start together and time out together, every
  // election timeout: all pre-candidates grant each other's pre-votes (PreVote cannot break the
  // tie), all become candidates, vote for themselves, and the vote splits. What breaks the
  // symmetry is the only randomness left, each world's disk: a candidate's RequestVote and a
  // loser's step-down wait for its own fsync (200 ± 100 µs), so the worlds drift apart by fractions
  // of a millisecond until one times out far enough ahead to collect a majority. Identical disks
  // (no jitter, no slow tail) never break it: a perpetual split vote.
  // Safety only: such a cluster may stay leaderless past the liveness checker's bound (12 s here).
  const splitVote = (seed: number, disk: Record<string, number> = {}) => {
    const sc = ScenarioSchema.parse({
      seed,
      network: 'aetherOS',
      layers: { atmOS: { happeningsPerSec: 0, disk }, mythOS: { electionTimeoutMsMin: 1_000, electionTimeoutMsMax: 1_000 }, chaOS: { entropy: 0 } },
    })
    return new MythosHarness(sc, [raftChecker(sc)])
  }

  it('splits the vote for the first rounds, and the disks\' jitter eventually elects a leader', () => {
    const firsts: number[] = []
    for (let seed = 1; seed <= 6; seed++) {
      const h = splitVote(seed)
      h.runUntil(2_500 * MS)
      expect(h.leaders(), `seed ${seed}: no leader in the first rounds`).toEqual([])
      expect(h.rt.summary()['votesStarted'] as number, `seed ${seed}: candidates of two rounds`).toBeGreaterThan(5)
      h.runUntil(40 * S)
      const leaders = h.leaders()
      expect(leaders.length, `seed ${seed}`).toBeGreaterThan(0)
      firsts.push(leaders[0]!.t / MS)
      expect(h.finish()).toEqual([])
    }
    console.log('min = max: first leader (ms) on seeds 1–6:', firsts)
  })

  it('with identical disks the symmetry never breaks: a perpetual split vote', () => {
    const h = splitVote(1, { fsyncJitterUs: 0, slowFsyncRate: 0 })
    h.runUntil(10 * S)
    expect(h.leaders()).toEqual([])
    expect(h.rt.summary()['votesStarted']).toBe(5 * 9) // every world a candidate at 1 s, 2 s … 9 s
  })
})

describe('mythOS under faults', () => {
  it('replaces a crashed leader in a later term, and committed entries survive', () => {
    const h = new MythosHarness(quiet())
    h.runUntil(5 * S)
    const old = h.leader()!
    const oldTerm = h.state.nodes[old]!.term
    for (let i = 0; i < 10; i++) h.propose(5 * S + i * 50 * MS, old, `c${i}`)
    h.runUntil(8 * S)
    expect(h.story(old)).toHaveLength(10)
    h.crash(8 * S, old)
    h.runUntil(14 * S)
    const next = h.leader()!
    expect(next).not.toBe(old)
    expect(h.state.nodes[next]!.term).toBeGreaterThan(oldTerm)
    h.propose(14 * S, next, 'after')
    h.restart(15 * S, old)
    h.runUntil(20 * S)
    for (let n = 0; n < 5; n++) expect(h.story(n)).toEqual([...Array.from({ length: 10 }, (_, i) => `c${i}`), 'after'])
    expect(h.ofType('node_stopped').map((e) => e.node)).toEqual([old])
    expectConverged(h)
    expect(h.finish()).toEqual([])
  })

  it('a partitioned minority leader cannot commit; after the heal it steps down and logs converge (CheckQuorum off)', () => {
    const h = new MythosHarness(quiet({ layers: { mythOS: { checkQuorum: false } } }))
    h.runUntil(5 * S)
    const old = h.leader()!
    const buddy = (old + 1) % 5
    const commitBefore = h.state.nodes[old]!.commitIndex
    const part = h.partition(5 * S, [[old, buddy]])
    for (let i = 0; i < 5; i++) h.propose(5 * S + 100 * MS + i * MS, old, `minority${i}`)
    const majority = [0, 1, 2, 3, 4].filter((n) => n !== old && n !== buddy)
    for (let i = 0; i < 5; i++) h.propose(9 * S + i * 100 * MS, majority[i % 3]!, `majority${i}`)
    h.runUntil(12 * S)
    expect(h.state.nodes[old]!.role).toBe('leader') // without CheckQuorum it does not know
    expect(h.state.nodes[old]!.commitIndex).toBe(commitBefore)
    expect(lastIndex(h.state.nodes[old]!)).toBe(commitBefore + 5)
    expect(h.ofType('entry_applied').filter((e) => String(e.data['id']).startsWith('minority'))).toEqual([])
    const newLeader = h.leader()!
    expect(majority).toContain(newLeader)
    h.heal(12 * S, part)
    h.runUntil(16 * S)
    expect(h.state.nodes[old]!.role).toBe('follower')
    expect(h.leader()).toBe(newLeader)
    for (let n = 0; n < 5; n++) expect(h.story(n)).toEqual(Array.from({ length: 5 }, (_, i) => `majority${i}`))
    for (const nd of h.state.nodes) expect(nd.log.some((e) => e.id?.startsWith('minority'))).toBe(false)
    expectConverged(h)
    expect(h.finish()).toEqual([])
  })

  it('CheckQuorum: a leader cut off from the majority steps down within two election timeouts', () => {
    const h = new MythosHarness(quiet())
    h.runUntil(5 * S)
    const old = h.leader()!
    const term = h.state.nodes[old]!.term
    h.partition(5 * S, [[0], [1], [2], [3]]) // every world alone: nobody can lead
    h.runUntil(8 * S)
    const down = h.ofType('role_changed').find((e) => e.node === old && e.t >= 5 * S)
    expect(down?.data).toMatchObject({ role: 'follower', reason: 'check quorum' })
    expect(down!.t - 5 * S).toBeLessThanOrEqual(2 * 1_000 * MS)
    expect(h.leader()).toBeNull()
    expect(h.outbox.filter((m) => m.type === 'leader').at(-1)?.data).toEqual({ term, node: null })
    expect(h.finish()).toEqual([])
  })
})

describe('PreVote', () => {
  function isolateAndRejoin(preVote: boolean) {
    const h = new MythosHarness(quiet({ layers: { mythOS: { preVote } } }))
    h.runUntil(5 * S)
    const leader = h.leader()!
    const term = h.state.nodes[leader]!.term
    const loner = (leader + 2) % 5
    const part = h.partition(5 * S, [[loner]])
    h.runUntil(15 * S)
    const lonerTerm = h.state.nodes[loner]!.term
    h.heal(15 * S, part)
    h.runUntil(25 * S)
    expect(h.finish()).toEqual([])
    return { h, leader, term, lonerTerm, electedAfter: h.leaders().filter((l) => l.t > 5 * S) }
  }

  it('an isolated world that rejoins does not disrupt the cluster (PreVote on)', () => {
    const { h, leader, term, lonerTerm, electedAfter } = isolateAndRejoin(true)
    expect(lonerTerm).toBe(term) // pre-candidates never bump their term
    expect(electedAfter).toEqual([])
    expect(h.leader()).toBe(leader)
    expect(h.state.nodes.every((n) => n.term === term)).toBe(true)
    expect((h.rt.summary()['preVotesStarted'] as number)).toBeGreaterThan(3)
  })

  it('without PreVote the rejoining world forces a new election in a higher term', () => {
    const { term, lonerTerm, electedAfter } = isolateAndRejoin(false)
    expect(lonerTerm).toBeGreaterThan(term + 3)
    expect(electedAfter.length).toBeGreaterThan(0)
    expect(electedAfter[0]!.term).toBeGreaterThan(lonerTerm - 1)
  })
})

describe('leadership transfer (etcd MsgTimeoutNow)', () => {
  it('hands leadership to the named follower within an election timeout', () => {
    const h = new MythosHarness(quiet())
    h.runUntil(5 * S)
    const old = h.leader()!
    const term = h.state.nodes[old]!.term
    const target = (old + 3) % 5
    h.transfer(5 * S, target)
    h.runUntil(6 * S)
    expect(h.leader()).toBe(target)
    const e = h.ofType('leader_elected').at(-1)!
    expect(e.node).toBe(target)
    expect(e.data).toMatchObject({ term: term + 1, transfer: true })
    expect(e.t - 5 * S).toBeLessThan(1_000 * MS)
    expect(h.ofType('transfer_started')[0]).toMatchObject({ node: old, data: { to: target } })
    expect(h.state.nodes[old]!.role).toBe('follower')
    // to: null picks the most caught-up follower
    h.transfer(6 * S, null)
    h.runUntil(7 * S)
    expect(h.leader()).not.toBe(target)
    expect(h.leaders().at(-1)!.term).toBe(term + 2)
    expect(h.rt.summary()['transfersCompleted']).toBe(2)
    expect(h.finish()).toEqual([])
  })

  it('catches a lagging target up before it campaigns', () => {
    const h = new MythosHarness(quiet())
    h.runUntil(5 * S)
    const old = h.leader()!
    const target = (old + 1) % 5
    const part = h.partition(5 * S, [[target]])
    for (let i = 0; i < 20; i++) h.propose(5 * S + 100 * MS + i * 50 * MS, old, `lag${i}`)
    h.heal(7 * S, part)
    h.transfer(7 * S, target)
    h.runUntil(9 * S)
    expect(h.leader()).toBe(target)
    expect(h.story(target)).toHaveLength(20)
    expect(h.finish()).toEqual([])
  })

  it('gives up after an election timeout when the target is gone, dropping proposals meanwhile', () => {
    const h = new MythosHarness(quiet())
    h.runUntil(5 * S)
    const old = h.leader()!
    const target = (old + 1) % 5
    h.crash(5 * S, target)
    h.transfer(5 * S + 10 * MS, target)
    h.propose(5 * S + 500 * MS, old, 'during')
    h.propose(7 * S, old, 'after')
    h.runUntil(8 * S)
    expect(h.leader()).toBe(old)
    expect(h.ofType('transfer_aborted')[0]).toMatchObject({ node: old, data: { to: target, reason: 'timed out' } })
    expect(h.story(old)).toEqual(['after'])
    expect(h.rt.summary()['proposalsDropped']).toBe(1)
  })
})

describe('proposals and duplicates', () => {
  it('a proposal duplicated by the network is applied once', () => {
    const h = new MythosHarness(quiet({ layers: { pneumOS: { duplicateRate: 1 } } }))
    for (let i = 0; i < 20; i++) h.propose(4 * S + i * 100 * MS, i % 5, `d${i}`)
    h.runUntil(10 * S)
    const ids = Array.from({ length: 20 }, (_, i) => `d${i}`)
    for (let n = 0; n < 5; n++) expect(h.story(n)).toEqual(ids)
    const applied = h.ofType('entry_applied').filter((e) => e.node === 0 && e.data['kind'] === 'happening').map((e) => e.data['id'])
    expect(applied).toEqual(ids)
    expect((h.rt.summary()['duplicatesIgnored'] as number)).toBeGreaterThan(0)
    expect(h.finish()).toEqual([])
  })

  it('drops proposals at a world that knows no leader, and counts them', () => {
    const h = new MythosHarness(quiet())
    h.propose(100 * MS, 0, 'too early')
    h.runUntil(200 * MS)
    expect(h.rt.summary()['proposalsDropped']).toBe(1)
  })
})

describe('determinism', () => {
  const churn = (h: MythosHarness) => {
    for (let i = 0; i < 60; i++) h.propose(2 * S + i * 200 * MS, (i * 7) % 5, `x${i}`)
    h.crash(4 * S, 1)
    h.restart(6 * S, 1)
    const p = h.partition(7 * S, [[0, 4]])
    h.heal(9 * S, p)
    h.crash(10 * S, 3)
    h.restart(11 * S, 3)
  }

  it('the same seed gives the same event list; a snapshot-restored run continues identically', () => {
    const run = (reloadAt: number | null) => {
      const h = new MythosHarness({ seed: 42, layers: { chaOS: { entropy: 1 } } })
      churn(h)
      if (reloadAt !== null) h.runUntil(reloadAt).reload()
      h.runUntil(15 * S)
      return h
    }
    const a = run(null)
    const b = run(null)
    const c = run(8_500 * MS)
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events))
    expect(JSON.stringify(c.events)).toBe(JSON.stringify(a.events))
    expect(a.finish()).toEqual([])
    const other = new MythosHarness({ seed: 43, layers: { chaOS: { entropy: 1 } } })
    churn(other)
    other.runUntil(15 * S)
    expect(JSON.stringify(other.events)).not.toBe(JSON.stringify(a.events))
  })
})
