/**
 * Durability: Raft persists term, vote and entries before it answers (etcd's Ready contract), on
 * the world's disk (atmOS disk model). Slow disks (20 ms fsync, a spinning disk) make every write
 * a wide window for a crash to fall into.
 */
import { describe, expect, it } from 'vitest'
import { MythosHarness } from './__tests__/harness'
import { flushDisks, freshLayer, markDurable } from './__tests__/fakeCtx'
import { RaftLoop } from './__tests__/loop'
import { raftChecker } from '../../checkers/raft'
import { ScenarioSchema, type ScenarioInput } from '../../scenario/schema'
import { happeningDigest } from './digest'
import { appendOne, chainAt, durableIndex, lastIndex } from './log'
import { newProgress } from './replication'
import type { RaftMsg } from './rpc'
import { restartNode, stopNode } from './node'
import type { RaftNode } from './state'
import { step } from './step'

const S = 1_000_000
const MS = 1_000
const SLOW = { fsyncUs: 20_000, fsyncJitterUs: 5_000 }
/** The fastest a SLOW write can be: fsyncUs − 0.73 σ. */
const SLOW_MIN_US = 16_300

const durableChain = (nd: RaftNode, i: number): string | null => (i === 0 ? chainAt(nd, 0) : (nd.durableLog[i - 1]?.chain ?? null))

/**
 * What must hold whenever a node puts a message on the network: the state it reflects is on its
 * disk. An acknowledgement of index i in term T: the entries up to i are durable, unless the node
 * has since durably moved to a later term (a newer leader may replace unacknowledged-as-committed
 * entries). A granted vote, and a RequestVote: the term and the vote are durable.
 */
function checkDurableAtSend(loop: RaftLoop, m: RaftMsg): void {
  const nd = loop.s.nodes[m.from]!
  if (nd.role === 'leader') return // the leader writes in parallel; it counts itself only when durable
  if (m.t === 'app_resp' && !m.reject && m.index > 0) {
    if (nd.durableTerm === m.term) expect(durableIndex(nd), `node ${m.from} acknowledged ${m.index} in term ${m.term} at ${loop.now}`).toBeGreaterThanOrEqual(m.index)
    else expect(nd.durableTerm).toBeGreaterThan(m.term)
  }
  if ((m.t === 'vote_resp' && !m.reject) || m.t === 'vote') {
    const votedFor = m.t === 'vote' ? m.from : m.to
    expect(nd.durableTerm, `node ${m.from} sent ${m.t} for term ${m.term} at ${loop.now}`).toBeGreaterThanOrEqual(m.term)
    if (nd.durableTerm === m.term) expect(nd.durableVote).toBe(votedFor)
  }
}

/** After every event: nobody applies what is not durable on its own disk. */
function checkAppliedDurable(loop: RaftLoop): void {
  for (const nd of loop.s.nodes) expect(nd.appliedIndex, `node ${nd.id} at ${loop.now}`).toBeLessThanOrEqual(durableIndex(nd))
}

function watched(input: ScenarioInput = {}): RaftLoop {
  const loop = new RaftLoop(input)
  loop.onSend = (_t, m, l) => checkDurableAtSend(l, m)
  loop.onEvent = checkAppliedDurable
  return loop
}

describe('durability: a crash loses only what no one was told', () => {
  it('a follower crashed while writes are pending keeps every entry it acknowledged; only unacknowledged ones are lost', () => {
    const loop = watched({ seed: 3, layers: { atmOS: { disk: SLOW } } })
    loop.run(3 * S)
    const leader = loop.leader()!
    expect(leader).not.toBeNull()
    const f = (leader + 2) % 5
    const acked = new Map<number, string>() // index → chain the follower vouched for
    const prevOnSend = loop.onSend!
    loop.onSend = (t, m, l) => {
      prevOnSend(t, m, l)
      if (m.t === 'app_resp' && m.from === f && !m.reject) for (let i = 1; i <= m.index; i++) acked.set(i, chainAt(l.s.nodes[f]!, i)!)
    }
    for (let i = 0; i < 400; i++) loop.propose(3 * S + i * 4 * MS, leader, `p${i}`)
    let lostInAll = 0
    for (let k = 0; k < 5; k++) {
      const crashAt = 3 * S + 100 * MS + k * 300 * MS + 7 * MS * k
      loop.run(crashAt)
      const nd = loop.s.nodes[f]!
      expect(nd.write, `a write is in flight at crash ${k}`).not.toBeNull()
      const before = lastIndex(nd)
      const maxAcked = Math.max(0, ...acked.keys())
      loop.crash(crashAt, f).run(crashAt + 1)
      expect(nd.up).toBe(false)
      expect(nd.held).toEqual([])
      expect(lastIndex(nd)).toBe(nd.durableLog.length)
      lostInAll += before - lastIndex(nd)
      // everything it ever acknowledged is still there, as it vouched for it
      expect(lastIndex(nd)).toBeGreaterThanOrEqual(maxAcked)
      for (const [i, chain] of acked) expect(chainAt(nd, i), `index ${i}`).toBe(chain)
      loop.restart(crashAt + 100 * MS, f).run(crashAt + 100 * MS + 1)
      expect(nd.up).toBe(true)
      for (const [i, chain] of acked) expect(chainAt(nd, i), `index ${i} after restart`).toBe(chain)
    }
    expect(lostInAll, 'the crashes did lose entries that were not yet durable').toBeGreaterThan(0)
    loop.run(6 * S)
    // the leader never changed, and the follower caught up with the whole story
    expect(loop.ofType('leader_elected')).toHaveLength(1)
    expect(chainAt(loop.s.nodes[f]!, lastIndex(loop.s.nodes[leader]!))).toBe(chainAt(loop.s.nodes[leader]!, lastIndex(loop.s.nodes[leader]!)))
    expect(loop.checker.violations()).toEqual([])
  })

  it('crashing leaders and followers mid-write never loses a committed entry', () => {
    const loop = watched({ seed: 11, layers: { atmOS: { disk: SLOW } } })
    const committed = new Map<number, string>() // index → chain, from entry_applied anywhere
    const prevOnEvent = loop.onEvent!
    loop.onEvent = (l) => {
      prevOnEvent(l)
      for (const e of l.events.slice(-20)) if (e.type === 'entry_applied') committed.set(e.data['index'] as number, e.data['chain'] as string)
    }
    for (let i = 0; i < 1_500; i++) loop.propose(2 * S + i * 5 * MS, i % 5, `c${i}`)
    let crashes = 0
    let pendingAtCrash = 0
    for (let k = 0; k < 12; k++) {
      let at = 2 * S + 200 * MS + k * 550 * MS + 3 * MS * k
      loop.run(at)
      const victim = k % 3 === 0 ? (loop.leader() ?? k % 5) : (k * 2) % 5
      if (!loop.s.nodes[victim]!.up) continue
      // strike while a write is in flight, if one comes within 300 ms
      for (let tries = 0; tries < 300 && loop.s.nodes[victim]!.write === null; tries++) loop.run((at += MS))
      if (loop.s.nodes[victim]!.write !== null) pendingAtCrash++
      loop.crash(at, victim).restart(at + 250 * MS, victim)
      crashes++
      loop.run(at + 1)
      // a majority still holds every committed entry on disk: none can be lost
      for (const [i, chain] of committed) {
        const holders = loop.s.nodes.filter((nd) => durableChain(nd, i) === chain).length
        expect(holders, `committed index ${i} after crash ${k}`).toBeGreaterThanOrEqual(3)
      }
    }
    expect(crashes).toBeGreaterThanOrEqual(10)
    expect(pendingAtCrash).toBeGreaterThanOrEqual(8)
    expect(loop.ofType('leader_elected').length).toBeGreaterThan(2)
    loop.run(12 * S)
    expect(committed.size).toBeGreaterThan(300)
    for (const nd of loop.s.nodes) for (const [i, chain] of committed) expect(chainAt(nd, i), `node ${nd.id} index ${i}`).toBe(chain)
    loop.checker.finish(loop.ctx.now)
    expect(loop.checker.violations()).toEqual([])
  })

  it('30 seeds of dense crashes at high entropy with slow disks: the raft checker finds nothing', { timeout: 120_000 }, () => {
    // Short timeouts, a crash every ~150 ms (half of them at the leader), each down 20–320 ms: many
    // crashes land inside a 20 ms write. Without the durability gate this finds a violation.
    let elections = 0
    for (let seed = 1; seed <= 30; seed++) {
      const sc = ScenarioSchema.parse({
        seed,
        nodes: { count: 5, spreadKm: 1_500 },
        layers: { atmOS: { disk: SLOW }, mythOS: { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, heartbeatMs: 30 }, chaOS: { entropy: 1 } },
      })
      const h = new MythosHarness(sc)
      for (let i = 0; i < 1_500; i++) h.propose(500 * MS + i * 10 * MS, (i * 3 + seed) % 5, `s${i}`)
      const downUntil = [0, 0, 0, 0, 0]
      for (let k = 0; k < 60; k++) {
        const at = 1 * S + k * 150 * MS + ((seed * 37 + k * 101) % 50) * MS
        h.runUntil(at)
        const node = k % 2 === 0 ? (h.leader() ?? (seed + k) % 5) : (seed + k * 2) % 5
        if (downUntil[node]! > at) continue
        downUntil[node] = at + 20 * MS + ((seed * k * 13) % 300) * MS
        h.crash(at, node)
        h.restart(downUntil[node], node)
      }
      h.runUntil(16 * S)
      expect(h.finish(), `seed ${seed}`).toEqual([])
      elections += h.leaders().length
    }
    console.log(`30 seeds of dense crashes with 20 ms disks: ${elections} leaders elected`)
  })
})

describe('durability: nothing is said before it is written', () => {
  it('a RequestVote goes out only once the term and self-vote are durable, a grant only once the vote is', () => {
    const loop = watched({ seed: 5, layers: { atmOS: { disk: SLOW } } })
    const grants: { t: number; m: RaftMsg }[] = []
    const requests: { t: number; m: RaftMsg }[] = []
    const prevOnSend = loop.onSend!
    loop.onSend = (t, m, l) => {
      prevOnSend(t, m, l)
      if (m.t === 'vote') requests.push({ t, m })
      if (m.t === 'vote_resp' && !m.reject) grants.push({ t, m })
    }
    loop.run(4 * S)
    expect(requests.length).toBeGreaterThan(0)
    expect(grants.length).toBeGreaterThan(0)
    /** When `node` last moved to `term`, at or before t. */
    const movedAt = (node: number, term: number, t: number) => loop.ofType('term_changed').filter((e) => e.node === node && e.data['term'] === term && e.t <= t).at(-1)!.t
    for (const { t, m } of requests) {
      const since = movedAt(m.from, m.term, t)
      expect(t - since, `RequestVote of ${m.from} for term ${m.term}`).toBeGreaterThanOrEqual(SLOW_MIN_US)
    }
    for (const { t, m } of grants) {
      const req = requests.find((r) => r.m.from === m.to && r.m.to === m.from && r.m.term === m.term)!
      // the request took 100 µs on aetherOS; then the voter wrote its vote
      expect(t - (req.t + 100), `grant of ${m.from} to ${m.to} in term ${m.term}`).toBeGreaterThanOrEqual(SLOW_MIN_US)
    }
    const first = loop.ofType('leader_elected')[0]!
    const campaignStart = movedAt(first.node!, first.data['term'] as number, first.t)
    expect(first.t - campaignStart).toBeGreaterThanOrEqual(2 * SLOW_MIN_US)
    expect(loop.checker.violations()).toEqual([])
  })

  it('a vote that was never durable is forgotten in a crash, and nobody was told of it', () => {
    const { s, ctx } = freshLayer({ layers: { atmOS: { disk: SLOW } } })
    const v = s.nodes[0]!
    step(s, ctx, v, { t: 'vote', from: 1, to: 0, term: 5, lastIndex: 0, lastTerm: 0, transfer: false })
    expect(v.term).toBe(5)
    expect(v.votedFor).toBe(1)
    expect(v.write).not.toBeNull()
    expect(ctx.takeRpcs()).toEqual([]) // held
    expect(v.held.map((h) => h.m.t)).toEqual(['vote_resp'])
    // crash before the write completes: term and vote revert, the grant is never sent
    ctx.at(5 * MS)
    stopNode(s, v, ctx)
    restartNode(s, v, ctx)
    expect(v.term).toBe(0)
    expect(v.votedFor).toBe(null)
    expect(v.held).toEqual([])
    flushDisks(s, ctx) // the lost write's timer is ignored
    expect(ctx.takeRpcs()).toEqual([])
    expect(v.durableTerm).toBe(0)
    // it may now vote for someone else in term 5: it never told anyone otherwise
    step(s, ctx, v, { t: 'vote', from: 2, to: 0, term: 5, lastIndex: 0, lastTerm: 0, transfer: false })
    flushDisks(s, ctx)
    expect(ctx.takeRpcs()).toMatchObject([{ t: 'vote_resp', to: 2, reject: false, term: 5 }])
    expect(v.durableVote).toBe(2)
  })
})

describe('durability: votes', () => {
  it('a vote in the current term (no term change) is also written before it is granted', () => {
    const { s, ctx } = freshLayer({ layers: { atmOS: { disk: SLOW } } })
    const v = s.nodes[0]!
    v.term = 5
    markDurable(v) // term 5 on disk, no vote yet
    step(s, ctx, v, { t: 'vote', from: 3, to: 0, term: 5, lastIndex: 0, lastTerm: 0, transfer: false })
    expect(v.votedFor).toBe(3)
    expect(v.write).toMatchObject({ term: 5, votedFor: 3 })
    expect(ctx.takeRpcs()).toEqual([])
    flushDisks(s, ctx)
    expect(ctx.takeRpcs()).toMatchObject([{ t: 'vote_resp', to: 3, reject: false, term: 5 }])
  })

  it('a single world counts its own vote only once it is durable, so a crash cannot make it lead one term twice', () => {
    const loop = watched({ nodes: { count: 1 }, layers: { atmOS: { disk: SLOW } } })
    loop.run(3 * S)
    const [first] = loop.ofType('leader_elected')
    expect(first).toBeDefined()
    const moved = loop.ofType('term_changed').find((e) => e.data['term'] === first!.data['term'])!
    expect(first!.t - moved.t).toBeGreaterThanOrEqual(SLOW_MIN_US)
    // crash it again and again right after it campaigns, before its vote is on disk
    for (let k = 0; k < 5; k++) {
      const nd = loop.s.nodes[0]!
      loop.crash(loop.now, 0).run(loop.now + 1)
      loop.restart(loop.now + 10 * MS, 0)
      // run until it moves to a new term, then crash within the write
      let t = loop.now
      while (nd.term === nd.durableTerm && t < loop.now + 5 * S) loop.run((t += MS))
      expect(nd.write).not.toBeNull()
      loop.crash(t, 0).run(t + 1)
      expect(nd.term).toBe(nd.durableTerm)
      loop.restart(t + 10 * MS, 0).run(t + 3 * S)
    }
    const terms = loop.ofType('leader_elected').map((e) => e.data['term'])
    expect(new Set(terms).size).toBe(terms.length)
    loop.checker.finish(loop.ctx.now)
    expect(loop.checker.violations()).toEqual([])
  })
})

describe('durability: apply and commit', () => {
  it('a follower applies a committed entry only once it is durable on its own disk', () => {
    const { s, ctx } = freshLayer({ layers: { atmOS: { disk: SLOW } } })
    const f = markDurable(s.nodes[1]!)
    f.term = 1
    f.durableTerm = 1
    const ents = [1, 2, 3].map((k) => ({ term: 1, kind: 'happening' as const, id: `a${k}`, text: '', digest: happeningDigest(`a${k}`, '') }))
    step(s, ctx, f, { t: 'app', from: 0, to: 1, term: 1, prevIndex: 0, prevTerm: 0, entries: ents, commit: 3 })
    expect(f.commitIndex).toBe(3)
    expect(f.appliedIndex).toBe(0) // committed, but not on its disk yet
    expect(durableIndex(f)).toBe(0)
    expect(ctx.events.filter((e) => e.type === 'entry_applied')).toEqual([])
    flushDisks(s, ctx)
    expect(durableIndex(f)).toBe(3)
    expect(f.appliedIndex).toBe(3)
    expect(ctx.takeRpcs()).toMatchObject([{ t: 'app_resp', index: 3, reject: false }])
  })

  it('a leader counts its own log toward commit only up to its durable index', () => {
    const { s, ctx } = freshLayer({ nodes: { count: 3 }, layers: { atmOS: { disk: SLOW } } })
    const l = s.nodes[0]!
    l.term = 1
    l.role = 'leader'
    l.leader = 0
    l.progress = s.nodes.map(() => newProgress(l))
    markDurable(l)
    appendOne(l, { term: 1, kind: 'happening', id: 'x', text: '', digest: happeningDigest('x', '') })
    // follower 1 acknowledges index 1 before the leader's own write is done: 1 of 3 holds it durably
    step(s, ctx, l, { t: 'app_resp', from: 1, to: 0, term: 1, index: 1, reject: false, hint: 0, hintTerm: 0 })
    expect(l.progress[1]!.match).toBe(1)
    expect(l.commitIndex).toBe(0)
    expect(l.write).not.toBeNull() // started by the step's Ready
    flushDisks(s, ctx)
    expect(l.commitIndex).toBe(1) // its own write made the majority
    expect(l.appliedIndex).toBe(1)
  })
})

describe('durability: a failed write stops the node, as etcd does', () => {
  it('writeFailRate 1: every node that writes emits disk_write_failed and stays down until its world restarts', () => {
    const sc = ScenarioSchema.parse({ seed: 2, layers: { atmOS: { happeningsPerSec: 0, disk: { writeFailRate: 1 } }, chaOS: { entropy: 0 } } })
    const h = new MythosHarness(sc, [raftChecker(sc)]) // no liveness checker: a cluster whose disks all fail cannot elect
    h.runUntil(10 * S)
    const failed = h.ofType('disk_write_failed')
    expect(failed.length).toBeGreaterThan(0)
    for (const e of failed) {
      expect(e.data).toEqual({ node: e.node, index: 0 })
      const stopped = h.ofType('node_stopped').find((x) => x.node === e.node && x.t === e.t)
      expect(stopped, `node ${e.node} stopped when its write failed`).toBeDefined()
    }
    const dead = new Set(failed.map((e) => e.node!))
    for (const n of dead) expect(h.state.nodes[n]!.up).toBe(false)
    expect(h.leaders()).toEqual([]) // nobody's term and vote ever became durable
    expect(h.state.nodes.every((nd) => nd.term === 0)).toBe(true) // reverted to what is on disk
    // its world restarts: the node is back (and its next write fails again)
    const n0 = [...dead][0]!
    h.crash(10 * S, n0)
    h.restart(10 * S + 500 * MS, n0)
    h.runUntil(10 * S + 600 * MS)
    expect(h.state.nodes[n0]!.up).toBe(true)
    expect(h.finish()).toEqual([])
  })
})
