import { z } from 'zod'
import { LeaderMsg } from '../mythOS/messages'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { Cosmos, placeLayers } from '../../cosmos/cosmos'
import { runInProcessWith } from '../../cosmos/run'
import { inProcessEndpoint } from '../../kernel/host'
import { LayerRegistry } from '../../kernel/registry'
import { defineLayer } from '../define'
import { LAYERS, registry } from '../index'
import { LAYER_NAMES } from '../pantheon'
import { FORMAT2_DEFAULT_RUN, ScenarioSchema, activeLayers, makeScenarioSchema } from '../../scenario/schema'
import { echOS } from './throwaway'
import { FaultIntervention } from '../chaOS/settings'

describe('the pantheon contract (v2)', () => {
  it('adds a throwaway layer with one line and runs it end to end: settings, routing, intervention, metrics', async () => {
    const layers = [...LAYERS, echOS] as const // ← the one line
    const reg = new LayerRegistry(layers)
    const Schema = makeScenarioSchema(layers, FORMAT2_DEFAULT_RUN)
    const s = Schema.parse({
      seed: 4,
      run: ['atmOS', 'chaOS', 'mythOS', 'echOS'],
      layers: { echOS: { loud: true }, chaOS: { entropy: 1, crashRatePerMin: 20, partitionRatePerMin: 0 } },
      interventions: [{ kind: 'shout', atUs: 2_000_000, text: 'hello' }],
    })
    // The checkers judge the pantheon's scenario; this one is a superset of it (one more layer).
    const checked = s as unknown as Parameters<typeof allCheckers>[0]
    const r = await runInProcessWith(s, { untilUs: 10_000_000, registry: reg, layers: activeLayers(s).concat('echOS'), checkers: allCheckers(checked) })
    expect(r.cosmos.error).toBeNull()
    expect(r.violations).toEqual([])
    // It hears atmOS's lifecycle announcements (with its mirror already applied) and mythOS's leaders.
    const heard = r.events.filter((e) => e.layer === 'echOS' && e.type === 'heard_world')
    expect(heard.length).toBeGreaterThan(0)
    for (const e of heard) expect(e.data['mirror']).toBe(e.data['status'])
    expect((r.summaries.echOS as { leaders: number }).leaders).toBeGreaterThan(0)
    // The user's intervention reached it at its exact time, with its settings.
    expect(r.events.filter((e) => e.type === 'shouted').map((e) => [e.t, e.data])).toEqual([[2_000_000, { text: 'hello', loud: true }]])
    // Its metric is on the grid (every second of sim time).
    const samples = r.metrics.filter((m) => m.layer === 'echOS')
    expect(samples.map((m) => m.t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k * 1_000_000))
  })

  it('routes a message only to the layers that consume its type', async () => {
    const s = ScenarioSchema.parse({})
    const c = await Cosmos.start(s, { registry, layers: activeLayers(s), spawn: () => inProcessEndpoint(registry) })
    expect(c.consumersOf('leader')).toEqual(['chaOS'])
    expect(c.consumersOf('propose')).toEqual(['mythOS'])
    expect(c.consumersOf('world_status')).toEqual(['chaOS', 'mythOS'])
    expect(c.consumersOf('net_stats')).toEqual(['pneumOS'])
    expect(c.consumersOf('lifecycle_request')).toEqual(['atmOS'])
    c.dispose()
  })

  it('fails a run on a malformed message, naming the sender, the type and the field', async () => {
    const Bad = z.strictObject({ n: z.number().int() })
    const sender = defineLayer({
      name: 'badOS', role: 'test', reference: 'none', settings: z.strictObject({}),
      consumes: {}, sends: { bad: Bad }, interventions: {},
      init(ctx) { ctx.schedule(ctx.now, null); return {} },
      onMessage() {},
      onTimer(_s, _p, ctx) { ctx.send('bad', { n: 1.5 }) },
      view: () => ({}),
    })
    const reg = new LayerRegistry([...LAYERS, sender])
    const s = ScenarioSchema.parse({})
    const r = await runInProcessWith(s, { untilUs: 100_000, registry: reg, layers: [...activeLayers(s), 'badOS'] })
    expect(r.cosmos.error).toMatch(/badOS sent a malformed 'bad': field n: /)
  })

  it('refuses a message type the sender does not declare, even without validation', async () => {
    const sender = defineLayer({
      name: 'sneakOS', role: 'test', reference: 'none', settings: z.strictObject({}),
      consumes: {}, sends: {}, interventions: {},
      init(ctx) { ctx.schedule(ctx.now, null); return {} },
      onMessage() {},
      onTimer(_s, _p, ctx) { (ctx.send as (t: string, d: unknown) => void)('leader', { term: 1, node: 0 }) },
      view: () => ({}),
    })
    const reg = new LayerRegistry([...LAYERS, sender])
    const s = ScenarioSchema.parse({})
    const r = await runInProcessWith(s, { untilUs: 100_000, registry: reg, layers: [...activeLayers(s), 'sneakOS'], validate: false })
    expect(r.cosmos.error).toMatch(/sneakOS sent 'leader', which it does not declare in sends/)
  })

  it('refuses two schemas for one message type, and an intervention kind claimed twice', () => {
    const twin = (name: string, schema: z.ZodType, iv = false) => defineLayer({
      name, role: 'test', reference: 'none', settings: z.strictObject({}),
      consumes: { leader: schema }, sends: {}, interventions: iv ? { fault: FaultIntervention } : {},
      init: () => ({}), onMessage() {}, onTimer() {}, view: () => ({}),
    })
    expect(() => new LayerRegistry([...LAYERS, twin('twinOS', z.strictObject({ term: z.number() }))])).toThrow(/'leader' has two different schemas/)
    expect(() => new LayerRegistry([...LAYERS, twin('twinOS', LeaderMsg, true)])).toThrow(/intervention 'fault' is claimed by chaOS and twinOS/)
  })

  it('keeps the list in the pantheon order (the delivery order of links already shared)', () => {
    const idx = LAYERS.map((m) => LAYER_NAMES.indexOf(m.name as (typeof LAYER_NAMES)[number]))
    expect(idx.every((i) => i >= 0)).toBe(true)
    expect([...idx].sort((a, b) => a - b)).toEqual(idx)
    expect(placeLayers(registry, ['mythOS', 'atmOS', 'chaOS'], 0)).toEqual([['atmOS', 'chaOS', 'mythOS']])
  })

  it('commits the fingerprint to the scenario: a setting that changes nothing else still changes it; format and engine do not', async () => {
    const fp = async (input: Record<string, unknown>) => {
      const sc = ScenarioSchema.parse(input)
      return (await runInProcessWith(sc, { untilUs: 3_000_000, registry, layers: activeLayers(sc) })).fingerprint
    }
    const base = await fp({ seed: 2 })
    // aetherOS's latency does nothing on a pneumOS run, and the metrics grid feeds no layer here.
    expect(await fp({ seed: 2, layers: { aetherOS: { latencyUs: 123 } } })).not.toBe(base)
    expect(await fp({ seed: 2, metricsIntervalMs: 500 })).not.toBe(base)
    expect(await fp({ seed: 2, engine: '0.1.0' })).toBe(base)
  })
})
