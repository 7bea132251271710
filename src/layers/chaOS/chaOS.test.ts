import fc from 'fast-check'
import type { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { deriveRng } from '../../kernel/rng'
import { LayerRuntime } from '../../kernel/runtime'
import type { Delivery, Envelope, SimEvent } from '../../kernel/types'
import type { WorldStatus, WorldStatusMsg } from '../../kernel/worlds'
import { ScenarioSchema, type FaultTarget, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { atmOS } from '../atmOS'
import type { LifecycleRequestMsg } from '../atmOS/messages'
import { delivery } from '../net/__tests__/helpers'
import type { NetParamsMsg, PartitionHealMsg, PartitionStartMsg } from '../net/messages'
import { chaosNetParams } from '../net/transport'
import { cutsLink, parsePartition, reachableFrom } from '../net/partition'
import { CHAOS_TICK_US, drawPartition, partitionOfWorlds, partitionShapes, resolvePartition, resolveTargets } from './faults'
import type { ChaosSliders } from './settings'
import { clampSlider } from './sliders'
import { chaOS } from './index'

type Request = z.infer<typeof LifecycleRequestMsg>
type Start = z.infer<typeof PartitionStartMsg>
type ChaosInput = NonNullable<NonNullable<ScenarioInput['layers']>['chaOS']>

const Q = 10_000
/** atmOS proposes nothing in these runs: it only answers chaOS's lifecycle requests. */
const scenario = (over: ScenarioInput = {}, chaos: ChaosInput = {}): Scenario =>
  ScenarioSchema.parse({ seed: 5, quantumUs: Q, ...over, layers: { ...over.layers, atmOS: { happeningsPerSec: 0 }, chaOS: chaos } })
/** A scenario where nothing happens by itself: only interventions act. */
const manual = (over: ScenarioInput = {}, chaos: ChaosInput = {}): Scenario => scenario(over, { entropy: 1, crashRatePerMin: 0, partitionRatePerMin: 0, ...chaos })

// What the kernel delivers to chaOS: interventions (from cosmOS, typed by their kind), mythOS's
// leader announcements, and atmOS's world_status announcements (which update the mirror, ctx.worlds).
const fault = (atUs: number, f: 'crash' | 'restart' | 'partition' | 'heal', target: FaultTarget): Delivery =>
  delivery('chaOS', 'fault', { kind: 'fault', atUs, fault: f, target }, atUs, 'cosmOS')
const slider = (atUs: number, name: keyof ChaosSliders, value: number): Delivery => delivery('chaOS', 'slider', { kind: 'slider', atUs, name, value }, atUs, 'cosmOS')
const leader = (atUs: number, term: number, node: number | null): Delivery => delivery('chaOS', 'leader', { term, node }, atUs, 'mythOS')
const worldStatus = (atUs: number, node: number, from: WorldStatus, status: WorldStatus, requester = 'chaOS'): Delivery =>
  delivery('chaOS', 'world_status', { node, from, status, reason: 'test', requester } satisfies WorldStatusMsg, atUs, 'atmOS')

const byTime = (a: Delivery, b: Delivery) => a.deliverAt - b.deliverAt

/** chaOS alone, one window: the test plays every other layer with the deliveries it hands it. */
function run(s: Scenario, untilUs: number, inbox: Delivery[] = []) {
  const rt = LayerRuntime.create(chaOS, s, { validate: true })
  const r = rt.runWindow(0, untilUs, [...inbox].sort(byTime))
  return { rt, out: r.outbox, events: r.events, view: rt.view() }
}

/**
 * chaOS with its world owner, atmOS, window by window as the kernel runs them: chaOS's
 * lifecycle_requests reach atmOS at max(at, next window start), and atmOS's world_status
 * announcements come back to chaOS the same way, so the mirror follows every crash and restart.
 * `ownerInbox`: what else atmOS receives (the user's lifecycle interventions).
 */
function runWithOwner(s: Scenario, untilUs: number, inbox: Delivery[] = [], ownerInbox: Delivery[] = []) {
  const rt = LayerRuntime.create(chaOS, s, { validate: true })
  const owner = LayerRuntime.create(atmOS, s, { validate: true })
  const q = s.quantumUs
  let toChaos = [...inbox].sort(byTime)
  let toOwner = [...ownerInbox].sort(byTime)
  const out: Envelope[] = []
  const events: SimEvent[] = []
  const ownerEvents: SimEvent[] = []
  for (let start = 0; start < untilUs; start += q) {
    const end = Math.min(start + q, untilUs)
    const dueChaos = toChaos.filter((d) => d.deliverAt < end)
    const dueOwner = toOwner.filter((d) => d.deliverAt < end)
    toChaos = toChaos.filter((d) => d.deliverAt >= end)
    toOwner = toOwner.filter((d) => d.deliverAt >= end)
    const c = rt.runWindow(start, end, dueChaos)
    const o = owner.runWindow(start, end, dueOwner)
    out.push(...c.outbox)
    events.push(...c.events)
    ownerEvents.push(...o.events)
    for (const m of c.outbox) if (m.type === 'lifecycle_request') toOwner.push(delivery('atmOS', m.type, m.data, Math.max(m.at, end), 'chaOS'))
    for (const m of o.outbox) if (m.type === 'world_status') toChaos.push(delivery('chaOS', m.type, m.data, Math.max(m.at, end), 'atmOS'))
    toChaos.sort(byTime)
    toOwner.sort(byTime)
  }
  return { rt, out, events, ownerEvents, view: rt.view() }
}

const ofType = (out: Envelope[], type: string) => out.filter((m) => m.type === type)
const evs = (events: SimEvent[], type: string) => events.filter((e) => e.type === type)
/** The lifecycle requests chaOS sent (optionally of one action), with their send time. */
const requests = (out: Envelope[], action?: Request['action']) =>
  ofType(out, 'lifecycle_request')
    .map((m) => ({ at: m.at as number, ...(m.data as Request) }))
    .filter((r) => action === undefined || r.action === action)
const starts = (out: Envelope[]) => ofType(out, 'partition_start').map((m) => ({ at: m.at as number, data: m.data as Start }))

describe('chaOS at entropy 0', () => {
  it('injects nothing and draws nothing over an hour, whatever the other sliders', () => {
    const { rt, out, events } = run(scenario({}, { entropy: 0, crashRatePerMin: 60, partitionRatePerMin: 60, lossRate: 1 }), 3_600_000_000)
    expect(out).toEqual([])
    expect(events).toEqual([])
    // Idle: no tick at all; the only thing queued is the runtime's own metrics grid.
    expect(rt.peekState().ticking).toBe(false)
    expect(rt.snapshot().queue.every((e) => e.metrics === true)).toBe(true)
    expect(rt.snapshot().rngs).toEqual({})
  })
})

describe('chaOS random faults', () => {
  const s = scenario({ nodes: { count: 5 } }, { entropy: 1, crashRatePerMin: 6, restartDelayMs: 1_000, partitionRatePerMin: 6, partitionDurationMs: 2_000 })
  const minutes = 30
  const r = runWithOwner(s, minutes * 60_000_000)

  it('crashes worlds and partitions the cluster at roughly the configured rates', () => {
    const crashes = evs(r.events, 'fault_injected').filter((e) => e.data['kind'] === 'crash').length
    const partitions = evs(r.events, 'fault_injected').filter((e) => e.data['kind'] === 'partition').length
    // A world is down (not 'up' in the mirror) for 10 ticks after each crash (no draws then): up ~ 1 / (1 + 0.01 × 10) of the ticks.
    const expectedCrashes = 5 * 6 * minutes * (1 / (1 + 0.01 * 10))
    const expectedPartitions = 6 * minutes
    console.info(`measured ${crashes} crashes (expected ≈${expectedCrashes.toFixed(0)}), ${partitions} partitions (expected ≈${expectedPartitions})`)
    expect(Math.abs(crashes - expectedCrashes) / expectedCrashes).toBeLessThan(0.15)
    expect(Math.abs(partitions - expectedPartitions) / expectedPartitions).toBeLessThan(0.2)
    expect(requests(r.out, 'crash').length).toBe(crashes)
    expect(ofType(r.out, 'partition_start').length).toBe(partitions)
    // Every request chaOS made was legal for the owner: it applied every crash and restart.
    expect(evs(r.ownerEvents, 'lifecycle_refused')).toEqual([])
    expect(evs(r.ownerEvents, 'node_crashed').length).toBe(crashes)
  })

  it('asks atmOS for crashes when it decides them, on the 100 ms tick, and announces partitions one quantum ahead', () => {
    expect(new Set(r.out.map((m) => m.type))).toEqual(new Set(['lifecycle_request', 'partition_start', 'partition_heal']))
    for (const m of r.out) expect(m).not.toHaveProperty('to') // routed by type: no recipient
    for (const q of requests(r.out, 'crash')) {
      expect(q.at % CHAOS_TICK_US).toBe(0)
      expect(q).toMatchObject({ action: 'crash', reason: 'random crash', requester: 'chaOS' })
    }
    for (const m of starts(r.out)) expect((m.at - Q) % CHAOS_TICK_US).toBe(0)
    const injected = evs(r.events, 'fault_injected')
    // A crash is logged when chaOS decides it (with its request); a partition when it takes effect.
    const crashRequests = requests(r.out, 'crash').map((q) => [q.at, [q.node]])
    expect(injected.filter((e) => e.data['kind'] === 'crash').map((e) => [e.t, e.data['targets']])).toEqual(crashRequests)
    for (const e of injected.filter((e) => e.data['kind'] === 'partition')) expect(e.t % CHAOS_TICK_US).toBe(Q)
    // The owner applies each crash one quantum after it receives the request (the next window).
    const applied = evs(r.ownerEvents, 'node_crashed').map((e) => [e.t - 2 * Q, [e.node]])
    expect(applied).toEqual(crashRequests)
    for (const e of evs(r.ownerEvents, 'node_crashed')) expect(e.data['requester']).toBe('chaOS')
  })

  it('asks for the restart of a crashed world restartDelayMs after the crash, and heals the fault when it is up again', () => {
    const crashes = requests(r.out, 'crash')
    const restarts = requests(r.out, 'restart')
    expect(restarts.length).toBeGreaterThan(0)
    expect(restarts.length).toBeGreaterThanOrEqual(crashes.length - 5) // the last few are still down at the end
    for (const q of restarts) {
      expect(q).toMatchObject({ reason: 'automatic restart after a random crash', requester: 'chaOS' })
      const crash = crashes.filter((c) => c.node === q.node && c.at < q.at).at(-1)!
      expect(q.at).toBe(crash.at + 1_000_000)
    }
    for (const e of evs(r.events, 'fault_injected').filter((e) => e.data['kind'] === 'crash')) expect(e.data['untilUs']).toBe(e.t + 1_000_000)
    // fault_healed when atmOS's world_status {from: restarting, status: up} reaches chaOS: booted one quantum after restarting.
    const healedCrashes = evs(r.events, 'fault_healed').filter((e) => e.data['kind'] === 'crash')
    const booted = evs(r.ownerEvents, 'node_restarted')
    expect(healedCrashes.map((e) => [e.t, e.data['targets']])).toEqual(booted.map((e) => [e.t, [e.node]]))
    expect(healedCrashes.map((e) => [e.t, e.data['targets']])).toEqual(restarts.filter((q) => q.at + 3 * Q < minutes * 60_000_000).map((q) => [q.at + 3 * Q, [q.node]]))
  })

  it('heals every random partition after partitionDurationMs, in Jepsen shapes (majorities-ring included)', () => {
    const heals = new Map(ofType(r.out, 'partition_heal').map((m) => [(m.data as z.infer<typeof PartitionHealMsg>).id, m.at]))
    const sizes = new Set<number>()
    let rings = 0
    for (const m of starts(r.out)) {
      if (heals.has(m.data.id)) expect(heals.get(m.data.id)).toBe(m.at + 2_000_000)
      const p = parsePartition(m.data, 5)!
      expect(p).not.toBeNull()
      if (p.kind === 'ring') {
        rings++
        expect([...p.order].sort()).toEqual([0, 1, 2, 3, 4])
        expect(p.reach).toBe(1)
        continue
      }
      const [isolated, rest] = p.groups
      expect([...isolated!, ...rest!].sort()).toEqual([0, 1, 2, 3, 4])
      sizes.add(isolated!.length)
    }
    expect([...sizes].sort()).toEqual([1, 2]) // one / minority-third isolate 1 of 5; majority bisects 2 | 3
    expect(rings).toBeGreaterThan(0)
    expect(evs(r.events, 'fault_healed').filter((e) => e.data['kind'] === 'partition').length).toBeGreaterThan(0)
  })

  it('is reproducible: the same seed gives the same faults, another seed different ones', () => {
    const again = runWithOwner(s, minutes * 60_000_000)
    expect(again.out).toEqual(r.out)
    expect(again.events).toEqual(r.events)
    const other = runWithOwner({ ...s, seed: 6 }, minutes * 60_000_000)
    expect(other.out).not.toEqual(r.out)
  })

  it('asks for each random crash once, even when the mirror shows it only after the next tick (quantumUs ≥ 50 ms)', () => {
    for (const quantumUs of [50_000, 100_000]) {
      const big = scenario({ nodes: { count: 3 }, quantumUs }, { entropy: 1, crashRatePerMin: 60, partitionRatePerMin: 0, restartDelayMs: 2_000 })
      const b = runWithOwner(big, 120_000_000)
      const crashes = requests(b.out, 'crash')
      expect(crashes.length).toBeGreaterThan(50)
      expect(evs(b.ownerEvents, 'lifecycle_refused')).toEqual([])
      expect(evs(b.ownerEvents, 'node_crashed').length).toBe(crashes.length)
      expect(evs(b.events, 'fault_injected').length).toBe(crashes.length)
    }
  })

  it('never partitions the ideal network', () => {
    const ideal = runWithOwner({ ...s, network: 'aetherOS' }, 10 * 60_000_000)
    expect(ofType(ideal.out, 'partition_start')).toEqual([])
    expect(requests(ideal.out, 'crash').length).toBeGreaterThan(0)
  })
})

describe('chaOS manual faults (Jepsen targets)', () => {
  it('asks atmOS to crash a world by id at the intervention time, down until a manual restart', () => {
    const { out, events, view } = run(manual(), 10_000_000, [fault(1_000_000, 'crash', 3), worldStatus(1_000_000 + 2 * Q, 3, 'up', 'crashed')])
    expect(out.map((m) => [m.type, m.data, m.at])).toEqual([['lifecycle_request', { node: 3, action: 'crash', reason: 'manual crash', requester: 'chaOS' }, 1_000_000]])
    expect(evs(events, 'fault_injected').map((e) => [e.t, e.data])).toEqual([[1_000_000, { kind: 'crash', targets: [3], untilUs: null }]])
    expect(view.activeFaults).toEqual([{ kind: 'crash', targets: [3], untilUs: null }])
    expect(view.injected).toBe(1)

    const restarted = run(manual(), 10_000_000, [
      fault(1_000_000, 'crash', 3),
      worldStatus(1_000_000 + 2 * Q, 3, 'up', 'crashed'),
      fault(5_000_000, 'restart', 3),
      worldStatus(5_000_000 + 2 * Q, 3, 'crashed', 'restarting'),
      worldStatus(5_000_000 + 3 * Q, 3, 'restarting', 'up', 'atmOS'),
    ])
    expect(requests(restarted.out).map((q) => [q.at, q.node, q.action, q.reason])).toEqual([
      [1_000_000, 3, 'crash', 'manual crash'],
      [5_000_000, 3, 'restart', 'manual restart'],
    ])
    // The fault heals when the owner says the world is up again, not when chaOS asks.
    expect(evs(restarted.events, 'fault_healed').map((e) => [e.t, e.data])).toEqual([[5_000_000 + 3 * Q, { kind: 'crash', targets: [3] }]])
    expect(restarted.view.activeFaults).toEqual([])
  })

  it('heals only the crashes it caused, when the world comes up from restarting', () => {
    const { events, view } = run(manual(), 3_000_000, [
      fault(100_000, 'crash', 1),
      worldStatus(100_000 + 2 * Q, 1, 'up', 'crashed'),
      // World 2 crashed and rebooted by the user: not chaOS's fault.
      worldStatus(200_000, 2, 'up', 'crashed', 'user'),
      worldStatus(300_000, 2, 'crashed', 'restarting', 'user'),
      worldStatus(300_000 + Q, 2, 'restarting', 'up', 'atmOS'),
      // World 1 rebooted by someone else: still the end of chaOS's crash, but only once it is up.
      worldStatus(1_000_000, 1, 'crashed', 'restarting', 'user'),
    ])
    expect(evs(events, 'fault_healed')).toEqual([])
    expect(view.activeFaults).toEqual([{ kind: 'crash', targets: [1], untilUs: null }])
    const up = run(manual(), 3_000_000, [fault(100_000, 'crash', 1), worldStatus(100_000 + 2 * Q, 1, 'up', 'crashed'), worldStatus(1_000_000, 1, 'crashed', 'restarting', 'user'), worldStatus(1_000_000 + Q, 1, 'restarting', 'up', 'atmOS')])
    expect(evs(up.events, 'fault_healed').map((e) => [e.t, e.data])).toEqual([[1_000_000 + Q, { kind: 'crash', targets: [1] }]])
    expect(up.view.activeFaults).toEqual([])
  })

  it("resolves 'leader' to the latest leader broadcast (highest term), and skips when none is known", () => {
    const none = run(manual(), 2_000_000, [fault(1_000_000, 'crash', 'leader')])
    expect(none.out).toEqual([])
    expect(evs(none.events, 'fault_skipped').map((e) => e.data)).toEqual([{ kind: 'crash', reason: 'leader: no leader is known yet' }])
    const known = run(manual(), 2_000_000, [leader(100_000, 2, 4), leader(200_000, 1, 1), fault(1_000_000, 'crash', 'leader')])
    expect(requests(known.out, 'crash').map((q) => q.node)).toEqual([4])
    const gone = run(manual(), 2_000_000, [leader(100_000, 2, 4), leader(200_000, 3, null), fault(1_000_000, 'partition', 'leader')])
    expect(gone.out).toEqual([])
  })

  it("resolves 'one' to an up world for a crash and to a down world for a restart, as the mirror shows them", () => {
    const down = [0, 1, 2, 3].map((n) => worldStatus(100_000 + n, n, 'up', 'crashed'))
    const { out } = run(manual(), 2_000_000, [...down, fault(500_000, 'crash', 'one'), fault(900_000, 'restart', 'one')])
    expect(requests(out, 'crash').map((q) => q.node)).toEqual([4])
    const restarted = requests(out, 'restart')
    expect(restarted.length).toBe(1)
    expect([0, 1, 2, 3]).toContain(restarted[0]!.node)
    // Nothing is down in the mirror: there is nothing to restart.
    const none = run(manual(), 1_000_000, [fault(100_000, 'restart', 'one')])
    expect(none.out).toEqual([])
    expect(evs(none.events, 'fault_skipped').map((e) => e.data)).toEqual([{ kind: 'restart', reason: 'one: no world is down' }])
  })

  it("resolves 'minority' to ⌊(n−1)/2⌋ and 'majority' to ⌊n/2⌋+1 random worlds, and partitions isolate them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 3, max: 40 }), (seed, n) => {
        const { out, events } = run(manual({ seed, nodes: { count: n } }), 2_000_000, [fault(100_000, 'partition', 'minority'), fault(200_000, 'partition', 'majority')])
        const groups = starts(out).map((m) => {
          expect(m.data.kind).toBe('groups')
          return { ...m, groups: m.data.kind === 'groups' ? m.data.groups : [] }
        })
        expect(groups.map((m) => m.groups[0]!.length)).toEqual([Math.floor((n - 1) / 2), Math.floor(n / 2) + 1])
        for (const m of groups) {
          const [isolated, rest] = m.groups
          expect([...isolated!, ...rest!].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
          expect(m.at).toBe((m.data.id === 1 ? 100_000 : 200_000) + Q)
        }
        expect(evs(events, 'fault_injected').map((e) => e.data['untilUs'])).toEqual([null, null])
      }),
      { numRuns: 30 },
    )
  })

  it('crashes and restarts each target; a target already in that state (in the mirror) is skipped with a reason', () => {
    const { out, events, ownerEvents } = runWithOwner(manual(), 3_000_000, [fault(100_000, 'crash', 1), fault(200_000, 'crash', 'majority'), fault(1_000_000, 'restart', 'majority'), fault(1_100_000, 'restart', 0)])
    const crashed = requests(out, 'crash').map((q) => q.node)
    expect(crashed[0]).toBe(1)
    expect(new Set(crashed).size).toBe(crashed.length)
    expect(evs(events, 'fault_skipped').length).toBeGreaterThanOrEqual(1)
    for (const e of evs(events, 'fault_skipped')) expect(e.data['reason']).toMatch(/already down|not down/)
    // The owner admitted every request chaOS made: it crashed and restarted each of them.
    expect(evs(ownerEvents, 'lifecycle_refused')).toEqual([])
    expect(evs(ownerEvents, 'node_crashed').map((e) => e.node)).toEqual(crashed)
    const restarts = requests(out, 'restart')
    expect(restarts.length).toBeGreaterThan(0)
    expect(evs(ownerEvents, 'node_restarting').map((e) => [e.t, e.node])).toEqual(restarts.map((q) => [q.at + 2 * Q, q.node]))
    expect(evs(events, 'fault_healed').map((e) => [e.t, e.data['targets']])).toEqual(restarts.map((q) => [q.at + 3 * Q, [q.node]]))
  })

  it('heal heals every partition and restarts nothing', () => {
    const { out, events, view } = run(manual(), 3_000_000, [fault(100_000, 'crash', 0), fault(200_000, 'partition', 1), fault(300_000, 'partition', 'minority'), fault(1_000_000, 'heal', 'one')])
    expect(ofType(out, 'partition_heal').map((m) => [m.data, m.at])).toEqual([[{ id: null }, 1_000_000 + Q]])
    expect(requests(out, 'restart')).toEqual([])
    expect(evs(events, 'fault_healed').map((e) => [e.t, e.data['kind']])).toEqual([[1_000_000 + Q, 'partition'], [1_000_000 + Q, 'partition']])
    expect(view.activeFaults).toEqual([{ kind: 'crash', targets: [0], untilUs: null }])
    const nothing = run(manual(), 1_000_000, [fault(100_000, 'heal', 'one')])
    expect(evs(nothing.events, 'fault_skipped').map((e) => e.data['kind'])).toEqual(['heal'])
  })

  it("'majorities-ring' partitions the worlds into a shuffled ring ('manual' stream) where each sees a different majority", () => {
    for (const n of [4, 5, 7, 9]) {
      const { out, events, view } = run(manual({ nodes: { count: n } }), 2_000_000, [fault(100_000, 'partition', 'majorities-ring')])
      const started = starts(out)
      expect(started.map((m) => m.at)).toEqual([100_000 + Q])
      const p = parsePartition(started[0]!.data, n)!
      expect(p.kind).toBe('ring')
      if (p.kind !== 'ring') return
      expect([...p.order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
      const seen = new Set<string>()
      for (let a = 0; a < n; a++) {
        const r = reachableFrom([p], a, n)
        expect(r.length * 2).toBeGreaterThan(n)
        seen.add(r.join(','))
      }
      expect(seen.size).toBe(n)
      expect(cutsLink(p, p.order[0]!, p.order[p.reach + 1]!)).toBe(true)
      expect(evs(events, 'fault_injected').map((e) => e.data)).toEqual([{ kind: 'partition', targets: p.order, untilUs: null }])
      expect(view.activeFaults).toEqual([{ kind: 'partition', targets: p.order, untilUs: null }])
    }
    const a = run(manual({ nodes: { count: 7 } }), 2_000_000, [fault(100_000, 'partition', 'majorities-ring')])
    const b = run(manual({ nodes: { count: 7 } }), 2_000_000, [fault(100_000, 'partition', 'majorities-ring')])
    expect(b.out).toEqual(a.out)
    expect(a.rt.snapshot().rngs).toHaveProperty('manual')
  })

  it('a majorities-ring heals like any partition; on fewer than 4 worlds, or as a crash/restart target, it is skipped with a reason', () => {
    const healed = run(manual(), 3_000_000, [fault(100_000, 'partition', 'majorities-ring'), fault(1_000_000, 'heal', 'one')])
    expect(ofType(healed.out, 'partition_heal').map((m) => m.data)).toEqual([{ id: null }])
    expect(healed.view.activeFaults).toEqual([])
    const small = run(manual({ nodes: { count: 3 } }), 1_000_000, [fault(100_000, 'partition', 'majorities-ring')])
    expect(small.out).toEqual([])
    expect(evs(small.events, 'fault_skipped').map((e) => e.data)).toEqual([{ kind: 'partition', reason: expect.stringMatching(/majorities-ring: a ring of 3 worlds cuts nothing/) }])
    const aimed = run(manual(), 1_000_000, [fault(100_000, 'crash', 'majorities-ring'), fault(200_000, 'restart', 'majorities-ring')])
    expect(aimed.out).toEqual([])
    expect(evs(aimed.events, 'fault_skipped').map((e) => [e.data['kind'], e.data['reason']])).toEqual([
      ['crash', 'majorities-ring: a majorities-ring is a partition shape: it names no worlds to crash'],
      ['restart', 'majorities-ring: a majorities-ring is a partition shape: it names no worlds to restart'],
    ])
    const ideal = run(manual({ network: 'aetherOS' }), 1_000_000, [fault(100_000, 'partition', 'majorities-ring')])
    expect(ideal.out).toEqual([])
    expect(evs(ideal.events, 'fault_skipped').map((e) => e.data['kind'])).toEqual(['partition'])
  })

  it('refuses a manual partition on aetherOS with fault_skipped', () => {
    const { out, events } = run(manual({ network: 'aetherOS' }), 1_000_000, [fault(100_000, 'partition', 'one')])
    expect(out).toEqual([])
    expect(evs(events, 'fault_skipped').map((e) => e.data['kind'])).toEqual(['partition'])
  })

  it("a partition's worlds written down start exactly that partition and draw nothing; a random one written down replays it", () => {
    const written = (atUs: number, target: FaultTarget, worlds: number[]): Delivery => delivery('chaOS', 'fault', { kind: 'fault', atUs, fault: 'partition', target, worlds }, atUs, 'cosmOS')
    const { out, events, rt } = run(manual({ nodes: { count: 5 } }), 1_000_000, [written(100_000, 3, [3, 1]), written(200_000, 'majorities-ring', [4, 2, 0, 3, 1]), written(300_000, 'one', [0, 1, 2, 3, 4]), written(400_000, 'majorities-ring', [0, 1, 2])])
    expect(starts(out).map((m) => m.data)).toEqual([
      { id: 1, kind: 'groups', groups: [[1, 3], [0, 2, 4]] },
      { id: 2, kind: 'ring', order: [4, 2, 0, 3, 1], reach: 1 },
    ])
    expect(evs(events, 'fault_skipped').map((e) => e.data['reason'])).toEqual(['isolating every world cuts nothing', 'majorities-ring: its order must name each of the 5 worlds once (at least 4)'])
    expect(Object.keys(rt.snapshot().rngs)).not.toContain('manual')
    // Drawn from the 'manual' stream, then written down as its worlds (a ring's order, a group's isolated side): the same partition.
    for (const target of ['majorities-ring', 'minority', 'majority', 'one'] as const) {
      const drawn = starts(run(manual({ seed: 11, nodes: { count: 7 } }), 1_000_000, [fault(100_000, 'partition', target)]).out)[0]!.data
      const worlds = drawn.kind === 'ring' ? drawn.order : drawn.groups[0]!
      expect(starts(run(manual({ seed: 11, nodes: { count: 7 } }), 1_000_000, [written(100_000, target, worlds)]).out)[0]!.data).toEqual(drawn)
    }
  })

  it('a manual restart replaces a scheduled automatic one', () => {
    const s = scenario({ nodes: { count: 3 } }, { entropy: 1, crashRatePerMin: 60, partitionRatePerMin: 0, restartDelayMs: 60_000 })
    const first = requests(runWithOwner(s, 2_000_000).out, 'crash')[0]!
    const { out } = runWithOwner(s, first.at + 61_000_000, [fault(first.at + 100_000, 'restart', first.node)])
    const restarts = requests(out, 'restart').filter((q) => q.node === first.node && q.at <= first.at + 60_000_000)
    expect(restarts.map((q) => [q.at, q.reason])).toEqual([[first.at + 100_000, 'manual restart']])
    // Without the manual one, the automatic restart comes restartDelayMs after the crash.
    const auto = requests(runWithOwner(s, first.at + 61_000_000).out, 'restart').filter((q) => q.node === first.node)
    expect(auto.map((q) => [q.at, q.reason])[0]).toEqual([first.at + 60_000_000, 'automatic restart after a random crash'])
  })
})

describe('chaOS and the other requesters of a world\'s life', () => {
  it('does not restart a world someone else brought back: its pending automatic restart is dropped', () => {
    const s = scenario({ nodes: { count: 3 } }, { entropy: 1, crashRatePerMin: 60, partitionRatePerMin: 0, restartDelayMs: 60_000 })
    const first = requests(runWithOwner(s, 2_000_000).out, 'crash')[0]!
    const user = (atUs: number, action: 'crash' | 'restart') => delivery('atmOS', 'lifecycle', { kind: 'lifecycle', atUs, node: first.node, action }, atUs, 'cosmOS')
    // chaOS goes quiet right after its crash; the user restarts the world, then crashes it.
    const r = runWithOwner(s, first.at + 61_000_000, [slider(first.at + 5_000, 'entropy', 0)], [user(first.at + 1_000_000, 'restart'), user(first.at + 2_000_000, 'crash')])
    expect(evs(r.events, 'fault_healed').map((e) => [e.t, e.data])).toEqual([[first.at + 1_000_000 + 2 * Q, { kind: 'crash', targets: [first.node] }]])
    expect(requests(r.out).map((q) => [q.at, q.node, q.action])).toEqual([[first.at, first.node, 'crash']])
    expect(evs(r.ownerEvents, 'lifecycle_refused')).toEqual([])
    expect(r.ownerEvents.filter((e) => e.node === first.node).map((e) => [e.type, e.data['requester']]).at(-1)).toEqual(['node_crashed', 'user'])
    expect(r.rt.peekState().worlds[first.node]!.restartTimer).toBe(null)
  })
})

describe('chaOS keeps no private copy of world status', () => {
  it('holds no up/restarting flags: only the timer of an automatic restart it will ask for', () => {
    const s = scenario({ nodes: { count: 4 } }, { entropy: 1, crashRatePerMin: 60, partitionRatePerMin: 0, restartDelayMs: 500 })
    const { rt } = runWithOwner(s, 5_000_000)
    const worlds = rt.peekState().worlds
    expect(worlds.length).toBe(4)
    for (const w of worlds) {
      expect(Object.keys(w)).toEqual(['restartTimer'])
      expect(w).not.toHaveProperty('up')
      expect(w).not.toHaveProperty('restarting')
    }
  })

  it('reads the mirror: a manual crash of a world the mirror shows crashed is skipped, and goes ahead once it is up again', () => {
    // World 2 was crashed by someone else (the user, through atmOS): chaOS never asked for it.
    const down = worldStatus(200_000, 2, 'up', 'crashed', 'user')
    const skipped = run(manual(), 1_000_000, [down, fault(500_000, 'crash', 2)])
    expect(skipped.out).toEqual([])
    expect(evs(skipped.events, 'fault_skipped').map((e) => e.data)).toEqual([{ kind: 'crash', reason: 'world 2 already down' }])
    expect(evs(skipped.events, 'fault_injected')).toEqual([])
    expect(skipped.view.activeFaults).toEqual([])
    // Once atmOS announces it up again, the same crash goes ahead.
    const back = run(manual(), 1_000_000, [down, worldStatus(300_000, 2, 'crashed', 'restarting', 'user'), worldStatus(300_000 + Q, 2, 'restarting', 'up', 'atmOS'), fault(500_000, 'crash', 2)])
    expect(requests(back.out).map((q) => [q.at, q.node, q.action])).toEqual([[500_000, 2, 'crash']])
    // A restart follows the mirror too: chaOS may restart a world it did not crash, once the mirror shows it crashed.
    const restart = run(manual(), 1_000_000, [down, fault(500_000, 'restart', 2)])
    expect(requests(restart.out).map((q) => [q.at, q.node, q.action])).toEqual([[500_000, 2, 'restart']])
    // A status from cosmOS is not the owner's announcement: the kernel's mirror ignores it.
    const fake = run(manual(), 1_000_000, [delivery('chaOS', 'world_status', { node: 2, from: 'up', status: 'crashed', reason: 'test', requester: 'user' }, 200_000, 'cosmOS'), fault(500_000, 'crash', 2)])
    expect(requests(fake.out).map((q) => q.node)).toEqual([2])
  })
})

describe('chaOS sliders', () => {
  it('moves a slider, logs it, and announces net_params one quantum ahead when the network changes', () => {
    const { out, events, view } = run(manual(), 2_000_000, [slider(500_000, 'lossRate', 0.5), slider(600_000, 'restartDelayMs', 100)])
    expect(evs(events, 'slider_changed').map((e) => [e.t, e.data])).toEqual([[500_000, { name: 'lossRate', value: 0.5 }], [600_000, { name: 'restartDelayMs', value: 100 }]])
    const params = ofType(out, 'net_params')
    expect(params.length).toBe(1)
    expect(params[0]!.at).toBe(500_000 + Q)
    expect((params[0]!.data as z.infer<typeof NetParamsMsg>).params).toEqual(chaosNetParams({ ...manual().layers.chaOS, lossRate: 0.5 }, false))
    expect(view.sliders.lossRate).toBe(0.5)
  })

  it('takes its sliders from its settings slice, layers.chaOS', () => {
    const s = manual({}, { lossRate: 0.25, restartDelayMs: 1_234 })
    expect(s).not.toHaveProperty('chaos')
    expect(run(s, 1_000).view.sliders).toEqual(s.layers.chaOS)
    expect(ScenarioSchema.safeParse({ chaos: { entropy: 1 } }).success).toBe(false)
  })

  it('clamps an out-of-range value to the schema range, with a warning event', () => {
    const { events, view } = run(manual(), 2_000_000, [slider(100_000, 'entropy', 7), slider(200_000, 'restartDelayMs', 12.6)])
    expect(evs(events, 'slider_clamped').map((e) => e.data)).toEqual([{ name: 'entropy', requested: 7, value: 1 }, { name: 'restartDelayMs', requested: 12.6, value: 13 }])
    expect(view.sliders.entropy).toBe(1)
  })

  it('wakes up when entropy rises from 0', () => {
    const s = scenario({}, { entropy: 0, crashRatePerMin: 60 })
    const { out } = run(s, 10_000_000, [slider(5_000_000, 'entropy', 1)])
    const crashes = requests(out, 'crash')
    expect(crashes.length).toBeGreaterThan(0)
    expect(Math.min(...crashes.map((q) => q.at))).toBeGreaterThan(5_000_000)
  })

  it('never sees a malformed intervention: the scenario refuses it, naming the field', () => {
    const r = ScenarioSchema.safeParse({ interventions: [{ kind: 'slider', atUs: 1, name: 'nope', value: 1 }] })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['interventions.0.name'])
    const far = ScenarioSchema.safeParse({ nodes: { count: 3 }, interventions: [{ kind: 'fault', atUs: 1, fault: 'crash', target: 7 }] })
    expect(far.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['interventions.0.target', 'no world 7 (there are 3)']])
  })
})

describe('chaOS fault shapes (pure)', () => {
  it('draws Jepsen partition shapes: one, majority (⌊n/2⌋ | rest), minority-third (⌊(n−1)/3⌋ | rest), majorities-ring (n ≥ 4)', () => {
    const rng = deriveRng(1, 'test')
    const isolatedOf = (d: ReturnType<typeof drawPartition>): number[] => (d.kind === 'groups' ? d.isolated : [])
    expect(partitionShapes(1)).toEqual([])
    expect(partitionShapes(3)).toEqual(['one', 'majority'])
    expect(partitionShapes(4)).toEqual(['one', 'majority', 'minority-third', 'majorities-ring'])
    expect(partitionShapes(7)).toEqual(['one', 'majority', 'minority-third', 'majorities-ring'])
    expect(isolatedOf(drawPartition(rng, 7, 'one')).length).toBe(1)
    expect(isolatedOf(drawPartition(rng, 7, 'majority')).length).toBe(3)
    expect(isolatedOf(drawPartition(rng, 7, 'minority-third')).length).toBe(2)
    const d = drawPartition(rng, 7, 'majority')
    expect(d.kind === 'groups' && [...d.isolated, ...d.rest].sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    const ring = drawPartition(rng, 9, 'majorities-ring')
    expect(ring.kind === 'ring' && [ring.reach, [...ring.order].sort()]).toEqual([2, [0, 1, 2, 3, 4, 5, 6, 7, 8]])
  })

  it('resolves targets with Jepsen sizes and refuses what cannot be', () => {
    const rng = deriveRng(1, 'test')
    const up = [true, false, true, true, false]
    expect(resolveTargets(2, 'crash', rng, up, null)).toEqual({ targets: [2] })
    expect(resolveTargets(9, 'crash', rng, up, null)).toHaveProperty('skip')
    expect(resolveTargets('leader', 'crash', rng, up, 3)).toEqual({ targets: [3] })
    for (let i = 0; i < 20; i++) expect([[1], [4]]).toContainEqual((resolveTargets('one', 'restart', rng, up, null) as { targets: number[] }).targets)
    expect(resolveTargets('minority', 'crash', rng, [true], null)).toHaveProperty('skip')
    expect((resolveTargets('majority', 'crash', rng, [true], null) as { targets: number[] }).targets).toEqual([0])
    expect(resolveTargets('majorities-ring', 'crash', rng, up, null)).toHaveProperty('skip')
  })

  it('resolves a manual partition: written-down worlds (checked, no draw) or drawn by the target, then one construction', () => {
    const up = [true, true, false, true, true]
    const noDraw = (): never => {
      throw new Error('a written-down partition draws nothing')
    }
    expect(resolvePartition(1, [1, 3], noDraw, up, null)).toEqual({ draw: { kind: 'groups', isolated: [1, 3], rest: [0, 2, 4] } })
    expect(resolvePartition('majorities-ring', [3, 0, 4, 1, 2], noDraw, up, null)).toEqual({ draw: { kind: 'ring', order: [3, 0, 4, 1, 2], reach: 1 } })
    expect(resolvePartition('one', [0, 7], noDraw, up, null)).toEqual({ skip: 'there is no world 7' })
    expect(resolvePartition('majorities-ring', [3, 0, 4], noDraw, up, null)).toEqual({ skip: 'majorities-ring: its order must name each of the 5 worlds once (at least 4)' })
    expect(resolvePartition('majorities-ring', [2, 0, 1], noDraw, [true, true, true], null)).toEqual({ skip: 'majorities-ring: its order must name each of the 3 worlds once (at least 4)' })
    expect(resolvePartition('leader', [4, 3, 2, 1, 0], noDraw, up, 2)).toEqual({ skip: 'isolating every world cuts nothing' })
    // Drawn: a ring is one shuffle of the worlds; other targets as resolveTargets, their skips prefixed with the target.
    expect(resolvePartition('majorities-ring', undefined, () => deriveRng(3, 'm'), up, null)).toEqual({ draw: { kind: 'ring', order: deriveRng(3, 'm').shuffled([0, 1, 2, 3, 4]), reach: 1 } })
    expect(resolvePartition('majorities-ring', undefined, () => deriveRng(3, 'm'), [true, true, true], null)).toEqual({ skip: "majorities-ring: a ring of 3 worlds cuts nothing (every world's majority is the whole cluster; it needs 4)" })
    expect(resolvePartition('leader', undefined, () => deriveRng(3, 'm'), up, 2)).toEqual({ draw: { kind: 'groups', isolated: [2], rest: [0, 1, 3, 4] } })
    expect(resolvePartition('leader', undefined, () => deriveRng(3, 'm'), up, null)).toEqual({ skip: 'leader: no leader is known yet' })
    expect(resolvePartition('majority', undefined, () => deriveRng(3, 'm'), [true], null)).toEqual({ skip: 'majority: isolating every world cuts nothing' })
    // A drawn partition written down (a ring's order, a group's isolated side) resolves to the same partition.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 2, max: 12 }), fc.constantFrom<FaultTarget>('one', 'minority', 'majority', 'majorities-ring', 'leader', 0), (seed, n, target) => {
        const all = Array.from({ length: n }, () => true)
        const r = resolvePartition(target, undefined, () => deriveRng(seed, 'manual'), all, n - 1)
        if (!('draw' in r)) return
        const worlds = r.draw.kind === 'ring' ? r.draw.order : r.draw.isolated
        expect(resolvePartition(target, worlds, noDraw, all, null)).toEqual(r)
        // The tick's shapes are built the same way: drawPartition = partitionOfWorlds(n, ring, drawn worlds).
        const shape = target === 'majorities-ring' ? 'majorities-ring' : 'majority'
        const d = drawPartition(deriveRng(seed, 'p'), n, shape)
        expect(partitionOfWorlds(n, shape === 'majorities-ring', d.kind === 'ring' ? d.order : d.isolated)).toEqual(d)
      }),
      { numRuns: 200 },
    )
  })

  it('clamps sliders to the schema ranges', () => {
    expect(clampSlider('lossRate', -1)).toEqual({ value: 0, clamped: true })
    expect(clampSlider('latencyMultiplier', 0.5)).toEqual({ value: 1, clamped: true })
    expect(clampSlider('crashRatePerMin', 3)).toEqual({ value: 3, clamped: false })
    expect(clampSlider('partitionDurationMs', Number.NaN).value).toBe(0)
  })
})
