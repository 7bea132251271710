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
const at = (t: number, type: string, node: number) => delivery('atmOS', type, { node }, t)

describe('atmOS worlds', () => {
  it('places the worlds at the shared layout, with names, drift within ±max and capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 500 }), (seed, count, drift) => {
        const s = scenario({ seed, nodes: { count, layout: 'galaxy' }, layers: { atmOS: { clockDriftPpmMax: drift } } })
        const rt = LayerRuntime.create(atmOS, s)
        const v = rt.view() as unknown as AtmosView
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
    const small = (LayerRuntime.create(atmOS, scenario({ nodes: { count: 3 } })).view() as unknown as AtmosView).worlds
    const big = (LayerRuntime.create(atmOS, scenario({ nodes: { count: 30 } })).view() as unknown as AtmosView).worlds
    expect(big.slice(0, 3).map((w) => [w.name, w.driftPpm])).toEqual(small.map((w) => [w.name, w.driftPpm]))
  })

  it('makes repeated names unique like planets of one system', () => {
    expect(uniqueNames(['Vela', 'Lyra', 'Vela', 'Vela'])).toEqual(['Vela', 'Lyra', 'Vela II', 'Vela III'])
  })
})

describe('atmOS lifecycle', () => {
  it('follows up → crashed → restarting → up and logs each step', () => {
    const rt = LayerRuntime.create(atmOS, scenario({ layers: { atmOS: { happeningsPerSec: 0 } } }))
    rt.takeResult()
    const r = rt.runWindow(0, 100_000, [at(10_000, 'node_crash', 2), at(20_000, 'node_restarting', 2), at(30_000, 'node_restart', 2)])
    expect(r.events.map((e) => [e.t, e.type, e.node, e.data])).toEqual([
      [10_000, 'node_crashed', 2, {}],
      [20_000, 'node_restarting', 2, {}],
      [30_000, 'node_restarted', 2, {}],
    ])
    expect(rt.peekState().illegalTransitions).toBe(0)
  })

  it('ignores and counts illegal announcements without applying them', () => {
    const rt = LayerRuntime.create(atmOS, scenario({ layers: { atmOS: { happeningsPerSec: 0 } } }))
    const r = rt.runWindow(0, 100_000, [
      at(1_000, 'node_restart', 0), // up → up
      at(2_000, 'node_restarting', 0), // up → restarting
      at(3_000, 'node_crash', 1),
      at(4_000, 'node_crash', 1), // crashed → crashed
      at(5_000, 'node_restart', 1), // crashed → up, skipping restarting
      at(6_000, 'node_crash', 99), // no such world
    ])
    expect(r.events.filter((e) => e.type === 'node_crashed').length).toBe(1)
    expect(r.events.filter((e) => e.type === 'transition_ignored').length).toBe(5)
    expect(rt.peekState().illegalTransitions).toBe(5)
    const v = rt.view() as unknown as AtmosView
    expect(v.worlds.map((w) => w.status)).toEqual(['up', 'crashed', 'up', 'up', 'up'])
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
  })

  it('stays legal under any sequence of announcements (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('node_crash', 'node_restarting', 'node_restart'), fc.integer({ min: 0, max: 4 })), { maxLength: 60 }), (steps) => {
        const rt = LayerRuntime.create(atmOS, scenario({ layers: { atmOS: { happeningsPerSec: 0 } } }))
        const r = rt.runWindow(0, 1_000_000, steps.map(([type, node], i) => at(i * 1_000, type, node)))
        const status = ['up', 'up', 'up', 'up', 'up']
        const next: Record<string, [string[], string]> = { node_crashed: [['up', 'restarting'], 'crashed'], node_restarting: [['crashed'], 'restarting'], node_restarted: [['restarting'], 'up'] }
        for (const e of r.events) {
          if (e.type === 'transition_ignored') continue
          const [from, to] = next[e.type]!
          expect(from).toContain(status[e.node!])
          status[e.node!] = to
        }
        expect(r.events.length).toBe(steps.length)
      }),
      { numRuns: 100 },
    )
  })
})

describe('atmOS workload', () => {
  const proposals = (s: Scenario, untilUs: number, inbox = [] as ReturnType<typeof at>[]) => {
    const rt = LayerRuntime.create(atmOS, s)
    return { rt, out: rt.runWindow(0, untilUs, inbox).outbox.filter((m) => m.type === 'propose') }
  }

  it('proposes happenings at the configured rate (10 worlds × 0.5/s × 200 s, ±10%)', () => {
    const { out } = proposals(scenario({ nodes: { count: 10 }, layers: { atmOS: { happeningsPerSec: 0.5 } } }), 200_000_000)
    console.info(`measured ${out.length} happenings (expected 1000)`)
    expect(Math.abs(out.length - 1_000)).toBeLessThan(100)
    for (const m of out) {
      expect(m.to).toBe('mythOS')
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
    const crashed = proposals(s, 10_000_000, [at(0, 'node_crash', 1)]).out
    expect(crashed.some((m) => m.data['node'] === 1)).toBe(false)
    expect(crashed.map((m) => m.data)).toEqual(all.filter((m) => m.data['node'] !== 1).map((m) => m.data))
  })

  it('is silent at 0 happenings per second', () => {
    const { rt, out } = proposals(scenario({ layers: { atmOS: { happeningsPerSec: 0 } } }), 60_000_000)
    expect(out).toEqual([])
    expect(rt.nextEventUs()).toBe(null)
  })
})
