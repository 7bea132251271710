import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LayerRuntime } from '../../kernel/runtime'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { delivery } from '../net/__tests__/helpers'
import type { AtmosView } from '../views'
import { atmOS, isLegalTransition, LEGAL_TRANSITIONS, WORKLOAD_TICK_US } from './index'
import { layoutWorlds } from './layout'
import { uniqueNames } from './names'

const scenario = (over: ScenarioInput = {}): Scenario => ScenarioSchema.parse({ seed: 3, ...over })
const crashAt = (t: number, node: number) => delivery('atmOS', 'lifecycle_request', { node, action: 'crash', reason: 'test', requester: 'chaOS' }, t)

describe('atmOS worlds', () => {
  it('places the worlds at the shared layout, with names, drift within ±max and capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 500 }), (seed, count, drift) => {
        const s = scenario({ seed, nodes: { count, layout: 'galaxy' }, layers: { atmOS: { clockDriftPpmMax: drift } } })
        const rt = LayerRuntime.create(atmOS, s)
        const v = rt.view() as AtmosView
        const pos = layoutWorlds(s)
        expect(v.worlds.map((w) => ({ x: w.x, y: w.y, z: w.z }))).toEqual(pos)
        expect(new Set(v.worlds.map((w) => w.name)).size).toBe(count)
        for (const w of v.worlds) {
          expect(w.status).toBe('up')
          expect(Math.abs(w.driftPpm)).toBeLessThanOrEqual(drift)
          expect(Math.round(w.driftPpm * 1000) / 1000).toBe(w.driftPpm) // exact: a whole number of ppb
          expect(w.name).toMatch(/^[A-Z][A-Za-z ]*(-\d+[b-f])?( [IVX]+| \d+)?$/)
        }
        for (const w of rt.peekState().worlds) expect(w.capacity).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 30 },
    )
  })

  it('draws each world from its own stream: a world keeps its name when the cluster grows', () => {
    const small = (LayerRuntime.create(atmOS, scenario({ nodes: { count: 3 } })).view() as AtmosView).worlds
    const big = (LayerRuntime.create(atmOS, scenario({ nodes: { count: 30 } })).view() as AtmosView).worlds
    expect(big.slice(0, 3).map((w) => [w.name, w.driftPpm])).toEqual(small.map((w) => [w.name, w.driftPpm]))
  })

  it('makes repeated names unique like planets of one system', () => {
    expect(uniqueNames(['Vela', 'Lyra', 'Vela', 'Vela'])).toEqual(['Vela', 'Lyra', 'Vela II', 'Vela III'])
  })
})

describe('atmOS lifecycle: the one owner of a world\'s life', () => {
  const Q = 10_000
  const quiet = () => LayerRuntime.create(atmOS, scenario({ layers: { atmOS: { happeningsPerSec: 0 } } }))
  const request = (t: number, node: number, action: string, from = 'chaOS') => delivery('atmOS', 'lifecycle_request', { node, action, reason: `test ${action}`, requester: from }, t, from)

  it('announces every change one quantum ahead and logs it then, with its reason and requester', () => {
    const rt = quiet()
    rt.takeResult()
    const r = rt.runWindow(0, 100_000, [request(10_000, 2, 'crash'), request(40_000, 2, 'restart')])
    // The announcements (world_status) are what every other layer's mirror applies.
    expect(r.outbox.filter((m) => m.type === 'world_status').map((m) => [m.at, m.data])).toEqual([
      [10_000 + Q, { node: 2, from: 'up', status: 'crashed', reason: 'test crash', requester: 'chaOS' }],
      [40_000 + Q, { node: 2, from: 'crashed', status: 'restarting', reason: 'test restart', requester: 'chaOS' }],
      [40_000 + 2 * Q, { node: 2, from: 'restarting', status: 'up', reason: 'booted', requester: 'atmOS' }],
    ])
    expect(r.events.map((e) => [e.t, e.type, e.node, e.data])).toEqual([
      [10_000 + Q, 'node_crashed', 2, { from: 'up', to: 'crashed', reason: 'test crash', requester: 'chaOS' }],
      [40_000 + Q, 'node_restarting', 2, { from: 'crashed', to: 'restarting', reason: 'test restart', requester: 'chaOS' }],
      [40_000 + 2 * Q, 'node_restarted', 2, { from: 'restarting', to: 'up', reason: 'booted', requester: 'atmOS' }],
    ])
  })

  it('knows every status: drain, quarantine, release and decommission', () => {
    const rt = quiet()
    const r = rt.runWindow(0, 200_000, [
      request(1_000, 0, 'drain', 'thanatOS'),
      request(20_000, 0, 'release', 'thanatOS'),
      request(40_000, 1, 'quarantine', 'pandemoniOS'),
      request(60_000, 1, 'release', 'pandemoniOS'),
      request(80_000, 2, 'drain', 'thanatOS'),
      request(100_000, 2, 'decommission', 'thanatOS'),
    ])
    expect(r.events.map((e) => [e.type, e.node])).toEqual([
      ['node_draining', 0], ['node_released', 0], ['node_quarantined', 1], ['node_released', 1], ['node_draining', 2], ['node_decommissioned', 2],
    ])
    expect(rt.view().worlds.map((w) => w.status)).toEqual(['up', 'up', 'decommissioned', 'up', 'up'])
  })

  it('refuses illegal requests without applying them, judging each against the changes already decided', () => {
    const rt = quiet()
    const r = rt.runWindow(0, 100_000, [
      request(1_000, 0, 'restart'), // up → restarting: only a crashed world restarts
      request(2_000, 0, 'release'), // only a draining or quarantined world is released
      request(3_000, 1, 'crash'),
      request(3_500, 1, 'crash'), // already decided (not yet applied): crashed → crashed
      request(5_000, 3, 'decommission'),
      request(30_000, 3, 'restart'), // a decommissioned world is gone for good
      request(6_000, 99, 'crash'), // no such world
    ])
    expect(r.events.filter((e) => e.type === 'lifecycle_refused').length).toBe(5)
    expect(rt.peekState().refused).toBe(5)
    expect(rt.view().worlds.map((w) => w.status)).toEqual(['up', 'crashed', 'up', 'decommissioned', 'up'])
  })

  it('takes the user\'s lifecycle intervention, naming the user as requester', () => {
    const rt = quiet()
    const r = rt.runWindow(0, 100_000, [delivery('atmOS', 'lifecycle', { kind: 'lifecycle', atUs: 5_000, node: 4, action: 'drain' }, 5_000, 'cosmOS')])
    expect(r.events.map((e) => [e.type, e.node, e.data['requester']])).toEqual([['node_draining', 4, 'user']])
  })

  it('keeps its transition table closed: every target is a known status, only restarting leads back up from a crash', () => {
    for (const [from, tos] of Object.entries(LEGAL_TRANSITIONS))
      for (const to of tos) {
        expect(Object.keys(LEGAL_TRANSITIONS)).toContain(to)
        expect(from).not.toBe(to)
      }
    expect(isLegalTransition('crashed', 'up')).toBe(false)
    expect(isLegalTransition('crashed', 'restarting')).toBe(true)
    expect(isLegalTransition('up', 'up')).toBe(false)
    expect(LEGAL_TRANSITIONS.decommissioned).toEqual([])
  })

  it('stays legal under any sequence of requests, and every event tells the truth about from → to (property)', () => {
    const actions = ['crash', 'restart', 'drain', 'quarantine', 'release', 'decommission'] as const
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...actions), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 40_000 })), { maxLength: 60 }), (steps) => {
        const rt = quiet()
        const sorted = steps.map(([a, n, t]) => [a, n, t] as const).sort((x, y) => x[2] - y[2])
        const r = rt.runWindow(0, 1_000_000, sorted.map(([a, n, t]) => request(t, n, a)))
        const status: string[] = ['up', 'up', 'up', 'up', 'up']
        for (const e of r.events) {
          if (e.type === 'lifecycle_refused') continue
          expect(e.data['from']).toBe(status[e.node!])
          expect(LEGAL_TRANSITIONS[e.data['from'] as keyof typeof LEGAL_TRANSITIONS]).toContain(e.data['to'])
          status[e.node!] = e.data['to'] as string
        }
        expect(rt.view().worlds.map((w) => w.status)).toEqual(status)
      }),
      { numRuns: 100 },
    )
  })
})

describe('atmOS workload', () => {
  const proposals = (s: Scenario, untilUs: number, inbox = [] as ReturnType<typeof crashAt>[]) => {
    const rt = LayerRuntime.create(atmOS, s)
    return { rt, out: rt.runWindow(0, untilUs, inbox).outbox.filter((m) => m.type === 'propose').map((m) => ({ ...m, data: m.data as Record<string, unknown> })) }
  }

  it('proposes happenings at the configured rate (10 worlds × 0.5/s × 200 s, ±10%)', () => {
    const { out } = proposals(scenario({ nodes: { count: 10 }, layers: { atmOS: { happeningsPerSec: 0.5 } } }), 200_000_000)
    console.info(`measured ${out.length} happenings (expected 1000)`)
    expect(Math.abs(out.length - 1_000)).toBeLessThan(100)
    for (const m of out) {
      expect(typeof m.data['text']).toBe('string')
      expect(m.data['text']).toMatch(/^.+ [a-z ]+ the [a-z]+ [a-z]+$/)
    }
    expect(new Set(out.map((m) => m.data['id'])).size).toBe(out.length)
  })

  it('proposes more than one per tick when the rate asks for it (25/s ⇒ 2.5 per 100 ms tick)', () => {
    const { out } = proposals(scenario({ nodes: { count: 1 }, layers: { atmOS: { happeningsPerSec: 25 } } }), 10 * WORKLOAD_TICK_US + 1)
    expect(out.length).toBeGreaterThanOrEqual(20)
    expect(out.length).toBeLessThanOrEqual(30)
  })

  it('only up worlds propose, and a crashed world does not shift the others (own streams)', () => {
    const s = scenario({ nodes: { count: 3 }, layers: { atmOS: { happeningsPerSec: 5 } } })
    const all = proposals(s, 10_000_000).out
    const crashed = proposals(s, 10_000_000, [crashAt(0, 1)]).out
    // World 1 crashes at one quantum: it proposes nothing after that, and the others are unmoved.
    expect(crashed.some((m) => m.data['node'] === 1 && m.at > 10_000)).toBe(false)
    expect(crashed.filter((m) => m.data['node'] !== 1).map((m) => m.data)).toEqual(all.filter((m) => m.data['node'] !== 1).map((m) => m.data))
  })

  it('is silent at 0 happenings per second', () => {
    const { rt, out } = proposals(scenario({ layers: { atmOS: { happeningsPerSec: 0 } } }), 60_000_000)
    expect(out).toEqual([])
    // Nothing is queued but the next point of the metrics grid (the runtime samples atmOS's metrics).
    expect(rt.nextEventUs()).toBe(60_000_000)
  })
})
