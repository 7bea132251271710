/**
 * The gallery keeps its promises: every curated scenario is valid, opens from its own link, and,
 * run headless for its length with every checker on, does what its sentence says — read from the
 * events — with no violation.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../checkers'
import { runInProcessWith } from '../cosmos/run'
import type { LoggedEvent } from '../kernel/types'
import { registry } from '../layers/index'
import { GALLERY, parseGallery } from './gallery'
import { activeLayers } from './schema'
import { decodeScenario } from './url'

type Data = Record<string, unknown>
const S = 1_000_000
const of = (events: readonly LoggedEvent[], type: string, from = 0, to = Infinity): LoggedEvent[] => events.filter((e) => e.type === type && e.t >= from && e.t < to)
const data = (e: LoggedEvent): Data => e.data as Data
const elected = (events: readonly LoggedEvent[], from = 0, to = Infinity) => of(events, 'leader_elected', from, to).map((e) => ({ t: e.t, node: e.node!, term: data(e).term as number }))
/** The isolated side of the first partition chaOS injected. */
const isolated = (events: readonly LoggedEvent[]): { t: number; targets: number[] } => {
  const e = of(events, 'fault_injected').find((f) => data(f).kind === 'partition')
  if (e === undefined) throw new Error('no partition was injected')
  return { t: e.t, targets: data(e).targets as number[] }
}
const heal = (events: readonly LoggedEvent[]): number => of(events, 'fault_healed')[0]?.t ?? Infinity
/** The leader at time t (the latest elected before it). */
const leaderAt = (events: readonly LoggedEvent[], t: number) => elected(events, 0, t).at(-1)

/** What each entry's sentence promises, as assertions on the run's events. */
const PROMISES: Record<string, (events: readonly LoggedEvent[]) => void> = {
  'leader-crash': (ev) => {
    const crash = of(ev, 'fault_injected').find((e) => data(e).kind === 'crash')!
    const old = leaderAt(ev, crash.t)!
    expect(data(crash).targets).toEqual([old.node])
    const next = elected(ev, crash.t)[0]
    expect(next, 'a new leader after the crash').toBeDefined()
    expect(next!.node).not.toBe(old.node)
    expect(next!.term).toBeGreaterThan(old.term)
    expect(next!.t - crash.t, 'within about two election timeouts').toBeLessThan(4 * S)
  },
  'minority-partition': (ev) => {
    const cut = isolated(ev)
    const healed = heal(ev)
    expect(cut.targets).toHaveLength(2)
    const leader = leaderAt(ev, cut.t)!
    expect(cut.targets, 'the leader is on the majority side').not.toContain(leader.node)
    expect(elected(ev, cut.t, healed), 'nobody elected while cut: the leader keeps leading').toEqual([])
    const cutOff = new Set(cut.targets)
    // The cut-off worlds did try (pre-votes), in vain, without raising the term.
    expect(of(ev, 'role_changed', cut.t, healed).some((e) => cutOff.has(e.node!) && data(e).role === 'precandidate')).toBe(true)
    expect(of(ev, 'term_changed', cut.t, healed)).toEqual([])
  },
  'majority-partition': (ev) => {
    const cut = isolated(ev)
    const healed = heal(ev)
    const old = leaderAt(ev, cut.t)!
    expect(cut.targets, 'three worlds cut away from the leader').toHaveLength(3)
    expect(cut.targets).not.toContain(old.node)
    const fresh = elected(ev, cut.t, healed)
    expect(fresh.length).toBeGreaterThan(0)
    for (const f of fresh) {
      expect(cut.targets, 'only the majority side elects').toContain(f.node)
      expect(f.term).toBeGreaterThan(old.term)
    }
    const stepDown = of(ev, 'role_changed', cut.t, healed).find((e) => e.node === old.node && data(e).role === 'follower')
    expect(stepDown && data(stepDown).reason, 'the old leader steps down').toBe('check quorum')
    // After the heal it follows the new leader's term.
    expect(of(ev, 'role_changed', healed).some((e) => e.node === old.node && data(e).role === 'follower' && (data(e).term as number) >= fresh[0]!.term)).toBe(true)
  },
  'split-votes': (ev) => {
    const first = elected(ev)[0]
    expect(first, 'a leader in the end').toBeDefined()
    const candidates = new Map<number, Set<number>>()
    for (const e of of(ev, 'role_changed', 0, first!.t))
      if (data(e).role === 'candidate') candidates.set(data(e).term as number, (candidates.get(data(e).term as number) ?? new Set()).add(e.node!))
    const split = [...candidates.values()].filter((c) => c.size >= 2)
    expect(split.length, 'at least two terms split between several candidates').toBeGreaterThanOrEqual(2)
    expect(first!.term).toBeGreaterThanOrEqual(3)
  },
  'clock-skew': (ev) => {
    const jump = of(ev, 'clock_jumped')[0]!
    expect(data(jump)).toMatchObject({ node: 3, jumpUs: 400_000 })
    const step = of(ev, 'clock_stepped', jump.t).find((e) => e.node === 3)
    expect(step, 'the discipline steps the clock back').toBeDefined()
    expect(data(step!).stepUs as number).toBeLessThan(-300_000)
  },
  'loss-storm': (ev) => {
    const [start, end] = of(ev, 'slider_changed').map((e) => e.t)
    const old = leaderAt(ev, start!)!
    const stepDown = of(ev, 'role_changed', start, end).find((e) => e.node === old.node && data(e).role === 'follower')
    expect(stepDown && data(stepDown).reason).toBe('check quorum')
    expect(elected(ev, start, end), 'no leader during the storm').toEqual([])
    expect(of(ev, 'term_changed', start, end), 'pre-votes keep the term').toEqual([])
    const next = elected(ev, end)[0]
    expect(next).toBeDefined()
    expect(next!.t - end!).toBeLessThan(1 * S)
  },
  conviction: (ev) => {
    const cut = isolated(ev)
    expect(cut.targets).toEqual([3])
    expect(of(ev, 'node_convicted', cut.t).map((e) => e.node)).toContain(3)
    expect(of(ev, 'node_quarantined', cut.t).map((e) => e.node)).toContain(3)
    expect(of(ev, 'node_fenced', cut.t).map((e) => e.node)).toContain(3)
  },
  decommission: (ev) => {
    expect(of(ev, 'decommission_started').map((e) => e.node)).toEqual([2])
    expect(of(ev, 'member_added').length, 'a learner promoted in its place').toBeGreaterThan(0)
    const removed = of(ev, 'member_removed')[0]!
    expect(data(removed).voters).not.toContain(2)
    const done = of(ev, 'decommission_completed')[0]!
    expect(done.node).toBe(2)
    expect(data(done).graceful).toBe(true)
    expect(of(ev, 'node_decommissioned').map((e) => e.node)).toEqual([2])
  },
  'crash-loop': (ev) => {
    const backoffs = of(ev, 'daemon_backoff').filter((e) => e.node === 1 && data(e).daemon === 'ntp-client').map((e) => data(e).backoffUs as number)
    expect(backoffs.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < backoffs.length; i++) expect(backoffs[i], 'ever longer back-offs').toBeGreaterThan(backoffs[i - 1]!)
  },
  'denied-crash': (ev) => {
    const denied = of(ev, 'admission_denied')
    expect(denied.map((e) => data(e).rule)).toEqual(['spare-the-leader'])
    expect(data(denied[0]!).action).toBe('crash')
    expect(of(ev, 'node_crashed')).toEqual([])
    expect(elected(ev)).toHaveLength(1) // the same leader all along
    expect(data(denied[0]!).target).toBe(elected(ev)[0]!.node)
  },
}

describe('gallery: curated scenarios that keep their promises', () => {
  const parsed = parseGallery()

  it('are all valid, with distinct ids, and each has its promise checked here', () => {
    for (const e of parsed) expect(e.ok, e.ok ? '' : `${e.id}: ${e.error}`).toBe(true)
    expect(new Set(GALLERY.map((e) => e.id)).size).toBe(GALLERY.length)
    expect(Object.keys(PROMISES).sort()).toEqual(GALLERY.map((e) => e.id).sort())
    for (const e of GALLERY) expect(e.watch.length, `${e.id}: one sentence on what to watch`).toBeGreaterThan(40)
  })

  it('open from their own links as the same scenarios', () => {
    for (const e of parsed) {
      if (!e.ok) continue
      const d = decodeScenario(e.link)
      expect(d.ok && d.scenario).toEqual(e.parsed)
    }
  })

  it('reports an invalid entry instead of throwing', () => {
    const [bad] = parseGallery([{ id: 'bad', title: 'bad', watch: 'nothing', untilS: 1, scenario: { seed: -1 } }])
    expect(bad!.ok).toBe(false)
    if (!bad!.ok) expect(bad!.error).toMatch(/seed/)
  })

  for (const e of parsed) {
    it(`${e.id}: does what its sentence says, with no violation`, async () => {
      if (!e.ok) throw new Error(e.error)
      const r = await runInProcessWith(e.parsed, { untilUs: e.untilS * S, registry, layers: activeLayers(e.parsed), checkers: allCheckers(e.parsed), validate: true })
      expect(r.cosmos.error).toBeFalsy()
      expect(r.violations.map((v) => `${v.checker}: ${v.message}`)).toEqual([])
      PROMISES[e.id]!(r.events)
    })
  }
})
