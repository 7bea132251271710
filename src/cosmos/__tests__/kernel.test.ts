import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Cosmos, placeLayers } from '../cosmos'
import { inProcessEndpoint } from '../../kernel/host'
import { LayerRegistry } from '../../kernel/registry'
import { runInProcessWith } from '../run'
import type { LoggedEvent } from '../../kernel/types'
import { ScenarioSchema, type Scenario } from '../../scenario/schema'
import { TEST_LAYERS, TEST_MODULES, testRegistry } from './testLayers'

const scenario = (over: Record<string, unknown> = {}): Scenario => ScenarioSchema.parse({ seed: 7, ...over })
const run = (s: Scenario, untilUs = 2_000_000, hosts = 0) => runInProcessWith(s, { untilUs, registry: testRegistry, layers: TEST_LAYERS, hosts })
const strip = (es: LoggedEvent[]) => es.map((e) => JSON.stringify(e))

describe('cosmOS kernel', () => {
  it('gives the same fingerprint and event log for the same seed', async () => {
    const a = await run(scenario())
    const b = await run(scenario())
    expect(a.events.length).toBeGreaterThan(100)
    expect(a.fingerprint).toBe(b.fingerprint)
    expect(strip(a.events)).toEqual(strip(b.events))
  })

  it('gives different runs for different seeds (property over many seeds)', async () => {
    const seen = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffff_ffff }), async (seed) => {
        const r = await run(scenario({ seed }), 300_000)
        const prior = seen.get(r.fingerprint)
        if (prior !== undefined && prior !== seed) throw new Error(`seeds ${prior} and ${seed} gave the same run ${r.fingerprint}`)
        seen.set(r.fingerprint, seed)
        const again = await run(scenario({ seed }), 300_000)
        expect(again.fingerprint).toBe(r.fingerprint)
      }),
      { numRuns: 60 },
    )
  })

  it('does not depend on placement: one host, two hosts, one host per layer', async () => {
    const runs = await Promise.all([0, 2, 4].map((h) => run(scenario(), 2_000_000, h)))
    for (const r of runs.slice(1)) {
      expect(r.fingerprint).toBe(runs[0]!.fingerprint)
      expect(strip(r.events)).toEqual(strip(runs[0]!.events))
    }
  })

  it('delivers a cross-layer message at max(at, next window start), never inside the sending window', async () => {
    const q = 10_000
    const r = await run(scenario({ quantumUs: q }))
    const received = r.events.filter((e) => e.type === 'ping_received' || e.type === 'pong_received')
    expect(received.length).toBeGreaterThan(20)
    for (const e of received) {
      const at = e.data['at'] as number
      const deliverAt = e.data['deliverAt'] as number
      expect(deliverAt).toBe(Math.max(at, at - (at % q) + q))
      expect(e.t).toBe(deliverAt)
    }
  })

  it('applies an announcement sent one quantum ahead at exactly that instant in every layer that consumes it', async () => {
    const r = await run(scenario())
    const applied = r.events.filter((e) => e.type === 'announcement_applied' && e.data['type'] === 'announce')
    expect(applied.length).toBeGreaterThan(5)
    for (const e of applied) expect(e.data['exact']).toBe(true)
    // Routed by consumed type: the tickers hear each other's announcements; the ping-pong pair never does.
    expect(new Set(applied.map((e) => e.layer))).toEqual(new Set(['chronOS', 'karmOS']))
    expect(r.events.some((e) => (e.layer === 'atmOS' || e.layer === 'mythOS') && e.type === 'announce_received')).toBe(false)
  })

  it('orders logOS by dense offsets and non-decreasing time', async () => {
    const r = await run(scenario())
    r.events.forEach((e, i) => expect(e.offset).toBe(i))
    for (let i = 1; i < r.events.length; i++) expect(r.events[i]!.t).toBeGreaterThanOrEqual(r.events[i - 1]!.t)
  })

  it('skips idle time: windows run only when some layer has work', async () => {
    const r = await run(scenario({ quantumUs: 1_000 }), 2_000_000)
    expect(r.cosmos.stats.windows).toBeLessThan(2_000)
    expect(r.simTimeUs).toBe(2_000_000)
  })

  it('never fires a cancelled timer', async () => {
    // The ticker throws from a cancelled timer; a thrown layer error stops the run.
    const r = await run(scenario({ seed: 99 }), 5_000_000)
    expect(r.cosmos.error).toBeNull()
    expect((r.summaries.atmOS as { sent: number }).sent).toBeGreaterThan(10)
  })

  it('continues from a snapshot to the same fingerprint as an uninterrupted run', async () => {
    const s = scenario()
    const full = await run(s, 3_000_000)
    const start = (hosts: number, ...args: [] ) => Cosmos.start(s, { registry: testRegistry, layers: TEST_LAYERS, placement: placeLayers(testRegistry, TEST_LAYERS, hosts), spawn: () => inProcessEndpoint(testRegistry), ...args })
    const first = await start(2)
    await first.runUntil(1_230_000)
    const snap = await first.snapshot()
    first.dispose()
    // Restore onto a different placement: still the same run.
    const second = await Cosmos.restore(s, snap, { registry: testRegistry, layers: TEST_LAYERS, placement: placeLayers(testRegistry, TEST_LAYERS, 4), spawn: () => inProcessEndpoint(testRegistry) })
    expect(second.nowUs).toBe(1_230_000)
    await second.runUntil(3_000_000)
    expect(second.fingerprint).toBe(full.fingerprint)
    second.dispose()
  })

  it('restores a killed host from its last snapshot and reaches the same fingerprint', async () => {
    const s = scenario()
    const full = await run(s, 3_000_000, 4)
    const notices: string[] = []
    const c = await Cosmos.start(s, { registry: testRegistry, layers: TEST_LAYERS, placement: placeLayers(testRegistry, TEST_LAYERS, 4), spawn: () => inProcessEndpoint(testRegistry), snapshotEveryWindows: 40, onNotice: (m) => notices.push(m) })
    await c.runUntil(1_700_000)
    c.killHost(1)
    await c.runUntil(2_100_000)
    c.killHost(3)
    c.killHost(0)
    await c.runUntil(3_000_000)
    expect(c.stats.recoveries).toBe(3)
    expect(notices.some((n) => n.includes('died'))).toBe(true)
    expect(c.fingerprint).toBe(full.fingerprint)
    c.dispose()
  })

  it('stops with a clear error when a layer throws, naming the layer', async () => {
    const broken = new LayerRegistry(TEST_MODULES.map((m) => (m.name === 'karmOS' ? { ...m, onTimer: () => { throw new Error('boom') } } : m)))
    const r = await runInProcessWith(scenario(), { untilUs: 1_000_000, registry: broken, layers: TEST_LAYERS })
    expect(r.cosmos.error).toMatch(/boom/)
  })
})
