/**
 * A bounded voter set (etcd's voters and learners): min(votersMax, worlds) worlds spread over the
 * cluster vote, campaign and count toward commit and CheckQuorum; every other world is a learner
 * that receives, acknowledges and applies the log and nothing else. So a cluster of thousands of
 * worlds elects as fast as one of five.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import type { LoggedEvent } from '../../kernel/types'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'
import { mythOS } from './index'
import { MythosHarness } from './__tests__/harness'
import { FakeCtx, flushDisks, freshLayer, markDurable } from './__tests__/fakeCtx'
import { RaftLoop } from './__tests__/loop'
import type { NodeTimer } from './node'
import { hup, onElectionTimer, onHeartbeatTimer, poll } from './node'
import { maybeCommit, newProgress } from './replication'
import type { RaftMsg } from './rpc'
import { voterIds } from './settings'
import type { MythosState, RaftNode } from './state'
import { step, transferLeadership } from './step'

const S = 1_000_000
const MS = 1_000

/** 15 worlds, 5 voters: worlds 0, 3, 6, 9, 12. */
const FIFTEEN: ScenarioInput = { nodes: { count: 15 }, layers: { mythOS: { votersMax: 5 } } }
const VOTERS_15 = [0, 3, 6, 9, 12]

function makeLeader(s: MythosState, nd: RaftNode, term: number): void {
  nd.term = term
  nd.role = 'leader'
  nd.leader = nd.id
  nd.progress = s.nodes.map(() => newProgress(nd))
  markDurable(nd)
}

/** The RPCs sent so far, once every disk write has completed (held messages go out then). */
function sent(s: MythosState, ctx: FakeCtx): RaftMsg[] {
  flushDisks(s, ctx)
  return ctx.takeRpcs()
}

const mythos = (events: readonly LoggedEvent[], type: string) => events.filter((e) => e.layer === 'mythOS' && e.type === type)

describe('the voter set', () => {
  it('is min(votersMax, worlds) worlds ⌊i·n/k⌋, spread over the cluster; every world when votersMax >= worlds', () => {
    expect(voterIds(50, 5)).toEqual([0, 10, 20, 30, 40])
    expect(voterIds(15, 5)).toEqual(VOTERS_15)
    expect(voterIds(7, 5)).toEqual([0, 1, 2, 4, 5])
    expect(voterIds(2000, 5)).toEqual([0, 400, 800, 1200, 1600])
    expect(voterIds(5, 5)).toEqual([0, 1, 2, 3, 4])
    expect(voterIds(3, 2000)).toEqual([0, 1, 2])
    expect(voterIds(1, 5)).toEqual([0])
    for (const [n, k] of [[2000, 7], [1999, 1000], [500, 499], [11, 3]] as const) {
      const v = voterIds(n, k)
      expect(v).toHaveLength(k)
      expect(new Set(v).size).toBe(k)
      expect(v.every((id, i) => id >= 0 && id < n && (i === 0 || id > v[i - 1]!))).toBe(true)
    }
  })

  it('defaults to 5 voters: the default 5-world scenario keeps every world a voter', () => {
    const sc = ScenarioSchema.parse({})
    expect(sc.layers.mythOS.votersMax).toBe(5)
    const { s } = freshLayer()
    expect(s.voters).toEqual([0, 1, 2, 3, 4])
    expect(s.nodes.every((nd) => nd.voter)).toBe(true)
    expect(() => ScenarioSchema.parse({ layers: { mythOS: { votersMax: 0 } } })).toThrow()
    expect(() => ScenarioSchema.parse({ layers: { mythOS: { votersMax: 2001 } } })).toThrow()
  })

  it('shows in the view: voter or learner for every world', () => {
    const { s } = freshLayer(FIFTEEN)
    const v = mythOS.view(s)
    expect(v.nodes.filter((n) => n.voter).map((n) => n.id)).toEqual(VOTERS_15)
    expect(v.nodes.filter((n) => !n.voter)).toHaveLength(10)
  })
})

describe('learners (single steps)', () => {
  it('have no election timer: only the voters arm one at start', () => {
    const ctx = new FakeCtx(FIFTEEN)
    const s = mythOS.init(ctx)
    const armed = ctx.timers.map((t) => t.payload as unknown as NodeTimer).filter((p) => p.k === 'election').map((p) => p.n)
    expect(armed).toEqual(VOTERS_15)
    expect(s.nodes.filter((nd) => nd.electionTimerId !== -1).map((nd) => nd.id)).toEqual(VOTERS_15)
  })

  it('never campaign: hup, a stray election timer and TimeoutNow leave a learner a quiet follower', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const l = s.nodes[1]!
    expect(l.voter).toBe(false)
    ctx.at(10 * S)
    hup(s, l, ctx, false)
    hup(s, l, ctx, true)
    onElectionTimer(s, l, ctx)
    step(s, ctx, l, { t: 'timeout_now', from: 0, to: 1, term: 0 })
    expect(l.role).toBe('follower')
    expect(l.term).toBe(0)
    expect(sent(s, ctx)).toEqual([])
    expect(ctx.events).toEqual([])
  })

  it('never vote: (pre-)vote requests are ignored — no reply, no term change, nothing written', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const l = s.nodes[4]!
    for (const t of ['prevote', 'vote'] as const) {
      step(s, ctx, l, { t, from: 3, to: 4, term: 7, lastIndex: 0, lastTerm: 0, transfer: false })
      step(s, ctx, l, { t, from: 3, to: 4, term: 7, lastIndex: 0, lastTerm: 0, transfer: true })
    }
    expect(sent(s, ctx)).toEqual([])
    expect(l).toMatchObject({ term: 0, votedFor: null, fsyncs: 0 })
    // a voter in the same place grants
    step(s, ctx, s.nodes[6]!, { t: 'vote', from: 3, to: 6, term: 7, lastIndex: 0, lastTerm: 0, transfer: false })
    expect(sent(s, ctx)).toMatchObject([{ t: 'vote_resp', from: 6, to: 3, reject: false }])
  })

  it('a candidate asks only the voters, and a learner\'s vote would not count', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const c = s.nodes[3]!
    ctx.at(10 * S)
    hup(s, c, ctx, false) // pre-vote first
    const asked = sent(s, ctx)
    expect(asked.every((m) => m.t === 'prevote')).toBe(true)
    expect(asked.map((m) => m.to)).toEqual([0, 6, 9, 12])
    expect(c.role).toBe('precandidate')
    // grants from every learner: still no majority of the voters
    for (const from of [1, 2, 4, 5, 7, 8, 10, 11, 13, 14]) expect(poll(s, c, from, true)).toBe('pending')
    expect(poll(s, c, 0, true)).toBe('pending')
    expect(poll(s, c, 6, true)).toBe('won') // itself, 0 and 6: 3 of 5 voters
  })

  it('do not count toward commit: entries on every learner but only two voters stay uncommitted', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const l = s.nodes[0]!
    makeLeader(s, l, 1)
    for (let i = 0; i < 3; i++) step(s, ctx, l, { t: 'forward', from: 1, to: 0, term: 0, id: `h${i}`, text: `h${i}`, hops: 1 })
    flushDisks(s, ctx)
    ctx.takeRpcs()
    for (const nd of s.nodes) if (!nd.voter) l.progress[nd.id]!.match = 3
    l.progress[3]!.match = 3 // the leader and voter 3: 2 of 5
    expect(maybeCommit(s, ctx, l)).toBe(false)
    expect(l.commitIndex).toBe(0)
    l.progress[12]!.match = 2 // a third voter holds 1..2
    expect(maybeCommit(s, ctx, l)).toBe(true)
    expect(l.commitIndex).toBe(2)
  })

  it('do not count toward CheckQuorum: a leader that hears only learners steps down', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const l = s.nodes[0]!
    makeLeader(s, l, 1)
    for (const nd of s.nodes) if (!nd.voter) l.progress[nd.id]!.recentActive = true
    l.progress[3]!.recentActive = true // itself and one voter: 2 of 5
    ctx.at(1_000 * MS)
    onHeartbeatTimer(s, l, ctx)
    expect(l.role).toBe('follower')
    expect(s.stats.checkQuorumStepDowns).toBe(1)
  })

  it('answer appends and heartbeats, and apply what the leader says is committed', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const lead = s.nodes[0]!
    makeLeader(s, lead, 2)
    step(s, ctx, lead, { t: 'forward', from: 1, to: 0, term: 0, id: 'a', text: 'a', hops: 1 })
    flushDisks(s, ctx)
    const app = ctx.takeRpcs().find((m) => m.t === 'app' && m.to === 7)!
    expect(app).toBeDefined() // the leader replicates to learners too
    const learner = s.nodes[7]!
    step(s, ctx, learner, app)
    expect(sent(s, ctx)).toMatchObject([{ t: 'app_resp', from: 7, to: 0, reject: false, index: 1, term: 2 }])
    expect(learner).toMatchObject({ term: 2, leader: 0, role: 'follower' })
    step(s, ctx, learner, { t: 'hb', from: 0, to: 7, term: 2, commit: 1 })
    expect(sent(s, ctx)).toMatchObject([{ t: 'hb_resp', from: 7, to: 0 }])
    expect(learner.appliedIndex).toBe(1)
    // a restarted learner still has no election timer
    expect(learner.electionTimerId).toBe(-1)
  })

  it('leadership goes only to a voter: a learner as the target is refused; `to` null picks the most caught-up voter', () => {
    const { s, ctx } = freshLayer(FIFTEEN)
    const l = s.nodes[0]!
    makeLeader(s, l, 1)
    for (const nd of s.nodes) l.progress[nd.id]!.recentActive = true
    l.progress[5]!.match = 9 // a learner, the most caught up
    l.progress[9]!.match = 4
    expect(transferLeadership(s, ctx, l, 5)).toBe(false)
    expect(l.transferee).toBe(null)
    expect(transferLeadership(s, ctx, l, null)).toBe(true)
    expect(l.transferee).toBe(9)
  })
})

describe('learners over whole runs', () => {
  it('a transfer to a learner is refused, saying why; to a voter it goes through', () => {
    const h = new MythosHarness({ ...FIFTEEN, layers: { ...FIFTEEN.layers, chaOS: { entropy: 0 } } })
    h.runUntil(5 * S)
    const leader = h.leader()!
    expect(VOTERS_15).toContain(leader)
    h.transfer(5 * S, 7)
    h.runUntil(6 * S)
    expect(h.ofType('transfer_refused').map((e) => e.data)).toEqual([{ to: 7, reason: 'a learner cannot lead' }])
    const target = VOTERS_15.find((v) => v !== leader)!
    h.transfer(6 * S, target)
    h.runUntil(8 * S)
    expect(h.leader()).toBe(target)
    expect(h.finish()).toEqual([])
  })

  it('in a churning 15-world cluster no learner ever campaigns, votes or is asked to (every RPC watched)', () => {
    const loop = new RaftLoop({ ...FIFTEEN, seed: 4, layers: { ...FIFTEEN.layers, mythOS: { votersMax: 5, electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, heartbeatMs: 30 } } })
    const isVoter = (id: number) => VOTERS_15.includes(id)
    loop.onSend = (_t, m) => {
      if (m.t === 'vote' || m.t === 'prevote' || m.t === 'vote_resp' || m.t === 'prevote_resp') {
        expect(isVoter(m.from), `${m.t} from node ${m.from}`).toBe(true)
        expect(isVoter(m.to), `${m.t} to node ${m.to}`).toBe(true)
      }
      if (m.t === 'timeout_now') expect(isVoter(m.to)).toBe(true)
    }
    for (let t = 300; t < 9_000; t += 50) loop.propose(t * MS, (t / 50) % 15, `h${t}`)
    // crash whoever leads, three times over, and a few learners
    for (const at of [2, 4, 6]) {
      loop.run(at * S)
      const leader = loop.leader()
      if (leader !== null) loop.crash(at * S, leader).restart(at * S + 700 * MS, leader)
      loop.crash(at * S + 100 * MS, at + 1).restart(at * S + 900 * MS, at + 1)
    }
    loop.run(10 * S)
    const leaders = loop.ofType('leader_elected')
    expect(leaders.length).toBeGreaterThanOrEqual(4)
    expect(leaders.every((e) => isVoter(e.node!) && e.data['voters'] === 5 && (e.data['grantedBy'] as number[]).every(isVoter))).toBe(true)
    const campaigners = loop.ofType('role_changed').filter((e) => e.data['role'] !== 'follower').map((e) => e.node!)
    expect(campaigners.every(isVoter)).toBe(true)
    expect(loop.checker.violations()).toEqual([])
    // learners applied the log too
    const applied = loop.s.nodes.map((nd) => nd.appliedIndex)
    expect(Math.min(...applied.filter((_, i) => !isVoter(i)))).toBeGreaterThan(100)
  })

  it('50 worlds, 5 voters: elects within a few election timeouts and every world, learners too, tells the same story', () => {
    const h = new MythosHarness({ seed: 2, nodes: { count: 50 }, layers: { chaOS: { entropy: 0 } } })
    expect(h.state.voters).toEqual([0, 10, 20, 30, 40])
    for (let i = 0; i < 60; i++) h.propose(4 * S + i * 100 * MS, (i * 7) % 50, `w${i}`)
    h.runUntil(15 * S)
    const leaders = h.leaders()
    expect(leaders.length).toBeGreaterThanOrEqual(1)
    console.log(`50 worlds / 5 voters: first leader node ${leaders[0]!.node} at ${leaders[0]!.t / MS} ms`)
    expect(leaders[0]!.t).toBeLessThan(3 * 2_000 * MS)
    expect(h.state.voters).toContain(leaders[0]!.node)
    const stories = Array.from({ length: 50 }, (_, n) => h.story(n))
    expect(stories[0]).toEqual(Array.from({ length: 60 }, (_, i) => `w${i}`))
    for (const [n, st] of stories.entries()) expect(st, `world ${n}`).toEqual(stories[0])
    expect(h.finish()).toEqual([])
  })

  it('50 worlds, 5 voters, the whole run (atmOS workload, chaOS at default entropy): elects fast, every checker quiet, learners keep up', async () => {
    const scenario = ScenarioSchema.parse({ seed: 3, nodes: { count: 50 } })
    const r = await runInProcessWith(scenario, { untilUs: 30 * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), hosts: 0 })
    expect(r.violations).toEqual([])
    const leaders = mythos(r.events, 'leader_elected')
    expect(leaders[0]!.t).toBeLessThan(3 * 2_000 * MS)
    expect(leaders.every((e) => [0, 10, 20, 30, 40].includes(e.node!))).toBe(true)
    const applied = r.summaries.mythOS!['appliedIndex'] as number[]
    const up = r.summaries.mythOS!['up'] as boolean[]
    const most = Math.max(...applied)
    expect(most).toBeGreaterThan(300)
    // every up world — learners included — is within a heartbeat or two of the most advanced
    for (const [n, a] of applied.entries()) if (up[n]) expect(a, `world ${n}`).toBeGreaterThan(most - 60)
  })

  it('15 worlds / 5 voters at high entropy over 20 seeds: no checker violation, and liveness after the final heal', async () => {
    let elections = 0
    for (let seed = 1; seed <= 20; seed++) {
      const scenario = ScenarioSchema.parse({
        seed,
        nodes: { count: 15 },
        layers: {
          mythOS: { votersMax: 5, electionTimeoutMsMin: 300, electionTimeoutMsMax: 600, heartbeatMs: 50 },
          chaOS: { entropy: 1, crashRatePerMin: 12, partitionRatePerMin: 8, restartDelayMs: 1_500, partitionDurationMs: 2_000 },
        },
        interventions: [
          { kind: 'fault', atUs: 6 * S, fault: 'crash', target: 'leader' },
          { kind: 'fault', atUs: 9 * S, fault: 'partition', target: 'minority' },
          { kind: 'slider', atUs: 15 * S, name: 'entropy', value: 0 },
          { kind: 'fault', atUs: 17 * S, fault: 'heal', target: 'majority' },
        ],
      })
      const r = await runInProcessWith(scenario, { untilUs: 30 * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), hosts: 0 })
      expect(r.violations, `seed ${seed}`).toEqual([])
      elections += mythos(r.events, 'leader_elected').length
      expect(mythos(r.events, 'leader_elected').every((e) => VOTERS_15.includes(e.node!)), `seed ${seed}`).toBe(true)
    }
    console.log(`15 worlds / 5 voters, 20 seeds at entropy 1: ${elections} leaders elected`)
    expect(elections).toBeGreaterThan(40)
  })
})

describe('the 5-world default is unchanged', () => {
  // First leaders of the default scenario (no workload) before the voter set existed.
  const BEFORE: Record<number, { t: number; node: number }> = {
    1: { t: 1_398_777, node: 3 },
    2: { t: 1_253_386, node: 4 },
    3: { t: 1_659_969, node: 0 },
    4: { t: 1_773_012, node: 0 },
    5: { t: 1_505_703, node: 0 },
  }
  for (const [seed, want] of Object.entries(BEFORE)) {
    it(`seed ${seed}: the same first leader at the same instant, with votersMax 5 (default) or 2000`, () => {
      for (const votersMax of [5, 2_000]) {
        const h = new MythosHarness({ seed: Number(seed), layers: { atmOS: { happeningsPerSec: 0 }, mythOS: { votersMax } } })
        h.runUntil(10 * S)
        const first = h.leaders()[0]!
        expect({ t: first.t, node: first.node }).toEqual(want)
        expect(h.finish()).toEqual([])
      }
    })
  }

  it('a whole 5-world run gives the same events whatever votersMax >= 5', async () => {
    const events = async (votersMax: number) => {
      const scenario = ScenarioSchema.parse({ seed: 8, layers: { chaOS: { entropy: 0.7 }, mythOS: { votersMax } } })
      const r = await runInProcessWith(scenario, { untilUs: 30 * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), hosts: 0 })
      expect(r.violations).toEqual([])
      return JSON.stringify(r.events)
    }
    expect(await events(5)).toBe(await events(2_000))
  })
})
