/** Single Raft steps, driven by hand: the rules that random schedules rarely reach. */
import { describe, expect, it } from 'vitest'
import { flushDisks, freshLayer, markDurable, type FakeCtx } from './__tests__/fakeCtx'
import { happeningDigest } from './digest'
import { appendOne, findConflictByTerm, termAt } from './log'
import { noteApplied } from './appliedTerms'
import { restartNode, stopNode } from './node'
import { maybeCommit, maybeSendAppend, newProgress } from './replication'
import type { RaftMsg } from './rpc'
import type { MythosState, RaftNode } from './state'
import { step } from './step'

function withTerms(nd: RaftNode, terms: number[]): RaftNode {
  for (const [k, term] of terms.entries()) appendOne(nd, { term, kind: 'happening', id: `e${k + 1}.${term}`, text: '', digest: happeningDigest(`e${k + 1}`, String(term)) })
  return markDurable(nd)
}

function makeLeader(s: MythosState, nd: RaftNode, term: number): void {
  nd.term = term
  nd.role = 'leader'
  nd.leader = nd.id
  nd.progress = s.nodes.map(() => newProgress(nd))
}

/** The RPCs sent so far, once every disk write has completed (held messages go out then). */
function sent(s: MythosState, ctx: FakeCtx): RaftMsg[] {
  flushDisks(s, ctx)
  return ctx.takeRpcs()
}

/** Deliver every RPC sent, and what they cause, until the network is quiet; returns the trace. */
function pump(s: MythosState, ctx: FakeCtx): RaftMsg[] {
  const trace: RaftMsg[] = []
  for (let round = 0; round < 50; round++) {
    const rpcs = sent(s, ctx)
    if (rpcs.length === 0) return trace
    for (const m of rpcs) {
      trace.push(m)
      step(s, ctx, s.nodes[m.to]!, m)
    }
  }
  throw new Error('no quiescence')
}

describe('commitment (Figure 8)', () => {
  it('a leader does not commit an earlier-term entry by counting replicas, only through one of its own term', () => {
    const { s, ctx } = freshLayer()
    const l = withTerms(s.nodes[0]!, [1, 2, 4])
    makeLeader(s, l, 4)
    l.commitIndex = l.appliedIndex = 1
    noteApplied(s.firstAppliedTerm, 1, 1) // index 1 was applied (in term 1) before this test starts
    l.progress[1]!.match = 2
    l.progress[2]!.match = 2
    expect(maybeCommit(s, ctx, l)).toBe(false) // index 2 (term 2) is on a majority, but not of this term
    expect(l.commitIndex).toBe(1)
    l.progress[1]!.match = 3
    expect(maybeCommit(s, ctx, l)).toBe(false)
    l.progress[2]!.match = 3
    expect(maybeCommit(s, ctx, l)).toBe(true)
    expect(l.commitIndex).toBe(3)
    expect(ctx.events.filter((e) => e.type === 'entry_applied').map((e) => e.data['index'])).toEqual([2, 3])
  })
})

describe('votes', () => {
  it('votedFor survives a crash: no second vote in the same term', () => {
    const { s, ctx } = freshLayer()
    const v = s.nodes[0]!
    const ask = (from: number): RaftMsg => ({ t: 'vote', from, to: 0, term: 5, lastIndex: 0, lastTerm: 0, transfer: false })
    step(s, ctx, v, ask(1))
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', to: 1, reject: false }])
    stopNode(s, v, ctx)
    restartNode(s, v, ctx)
    step(s, ctx, v, ask(2))
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', to: 2, reject: true }])
    step(s, ctx, v, ask(1))
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', to: 1, reject: false }])
  })

  it('refuses a candidate whose log is less up to date (§5.4.1)', () => {
    const { s, ctx } = freshLayer()
    const v = withTerms(s.nodes[0]!, [1, 2])
    v.term = 2
    step(s, ctx, v, { t: 'vote', from: 1, to: 0, term: 3, lastIndex: 5, lastTerm: 1, transfer: false })
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', reject: true, term: 3 }])
    step(s, ctx, v, { t: 'vote', from: 2, to: 0, term: 3, lastIndex: 2, lastTerm: 2, transfer: false })
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', to: 2, reject: false }])
  })

  it('a pre-vote never moves the voter to the new term', () => {
    const { s, ctx } = freshLayer()
    const v = s.nodes[0]!
    v.term = 2
    step(s, ctx, v, { t: 'prevote', from: 1, to: 0, term: 3, lastIndex: 0, lastTerm: 0, transfer: false })
    expect(sent(s, ctx)).toMatchObject([{ t: 'prevote_resp', reject: false, term: 3 }])
    expect(v.term).toBe(2)
    expect(v.votedFor).toBe(null)
  })

  it('CheckQuorum lease: a follower that just heard its leader ignores a higher-term vote, unless it is a transfer', () => {
    const { s, ctx } = freshLayer()
    const f = s.nodes[0]!
    f.term = 2
    f.leader = 3
    ctx.at(5_000_000)
    f.electionStartUs = 4_900_000 // heard from node 3 100 ms ago
    step(s, ctx, f, { t: 'vote', from: 1, to: 0, term: 3, lastIndex: 0, lastTerm: 0, transfer: false })
    expect(sent(s, ctx)).toEqual([])
    expect(f.term).toBe(2)
    step(s, ctx, f, { t: 'vote', from: 1, to: 0, term: 3, lastIndex: 0, lastTerm: 0, transfer: true })
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', reject: false }])
    expect(f.term).toBe(3)
    expect(f.votedFor).toBe(1)
  })
})

describe('replication', () => {
  it('fast backtracking skips a whole conflicting term per round trip', () => {
    const { s, ctx } = freshLayer()
    const l = withTerms(s.nodes[0]!, [1, 1, 1, 3, 3, 3, 3])
    const f = withTerms(s.nodes[1]!, [1, 1, 1, 2, 2, 2])
    makeLeader(s, l, 3)
    f.term = 3
    f.leader = 0
    maybeSendAppend(s, ctx, l, 1, true)
    const trace = pump(s, ctx)
    // probe (rejected with the hint), the fix-up, then (etcd: it was paused) an empty append with the commit index
    expect(trace.map((m) => m.t)).toEqual(['app', 'app_resp', 'app', 'app_resp', 'app', 'app_resp'])
    expect(trace[4]).toMatchObject({ prevIndex: 7, entries: [] })
    expect(trace[1]).toMatchObject({ reject: true, index: 7, hint: 6, hintTerm: 2 })
    expect(trace[2]).toMatchObject({ prevIndex: 3, prevTerm: 1 })
    expect(f.log.map((e) => e.term)).toEqual([1, 1, 1, 3, 3, 3, 3])
    expect(f.log.map((e) => e.chain)).toEqual(l.log.map((e) => e.chain))
    expect(l.progress[1]).toMatchObject({ match: 7, next: 8, state: 'replicate' })
  })

  it('a late, duplicated append never truncates entries that match', () => {
    const { s, ctx } = freshLayer()
    const f = withTerms(s.nodes[1]!, [1, 1, 1])
    f.term = 1
    f.leader = 0
    const first = f.log[0]!
    step(s, ctx, f, { t: 'app', from: 0, to: 1, term: 1, prevIndex: 0, prevTerm: 0, entries: [{ term: 1, kind: first.kind, id: first.id, text: first.text, digest: first.digest }], commit: 0 })
    expect(f.log).toHaveLength(3)
    expect(sent(s, ctx)).toMatchObject([{ t: 'app_resp', reject: false, index: 1 }])
  })

  it('a stale leader learns the new term from the follower it writes to, and steps down', () => {
    const { s, ctx } = freshLayer()
    const l = s.nodes[0]!
    makeLeader(s, l, 2)
    const f = s.nodes[1]!
    f.term = 4
    step(s, ctx, f, { t: 'hb', from: 0, to: 1, term: 2, commit: 0 })
    pump(s, ctx)
    expect(l.role).toBe('follower')
    expect(l.term).toBe(4)
  })

  it('findConflictByTerm finds the last index whose term is at most the given one', () => {
    const { s } = freshLayer()
    const nd = withTerms(s.nodes[0]!, [1, 1, 2, 2, 5, 5])
    expect(findConflictByTerm(nd, 6, 4)).toEqual({ index: 4, term: 2 })
    expect(findConflictByTerm(nd, 6, 5)).toEqual({ index: 6, term: 5 })
    expect(findConflictByTerm(nd, 9, 0)).toEqual({ index: 0, term: 0 })
    expect(termAt(nd, 7)).toBe(-1)
  })
})
