/**
 * theOS in the whole run: a crash reschedules its pods and desired = actual again within the bound;
 * a drain moves pods off one budget-limited step at a time and reports its pod count down to 0 to
 * thanatOS (handoff_status, heard here by a stand-in); scale, add and remove services; a convicted
 * world (pandemoniOS's verdict, sent here by a stand-in) loses its pods though atmOS says it is up.
 */
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { convergenceBoundUs } from '../../checkers/theos'
import { runInProcessWith } from '../../cosmos/run'
import { LayerRegistry } from '../../kernel/registry'
import type { LoggedEvent } from '../../kernel/types'
import { int } from '../../scenario/base'
import { FORMAT2_DEFAULT_RUN, ScenarioSchema, activeLayers, makeScenarioSchema, type ScenarioInput } from '../../scenario/schema'
import { defineLayer } from '../define'
import { LAYERS, registry } from '../index'
import { ConvictionMsg } from '../pandemoniOS/messages'
import { HandoffStatusMsg } from './messages'
import { podsAt } from './__tests__/podsAt'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'theOS']

/** Stand-ins: thanatOS's ear for handoff_status, pandemoniOS's voice for convictions. */
const listenOS = defineLayer({
  name: 'listenOS', role: 'test', reference: 'none', settings: z.strictObject({}), requires: ['theOS'],
  consumes: { handoff_status: HandoffStatusMsg }, sends: { conviction: ConvictionMsg },
  interventions: { accuse: z.strictObject({ kind: z.literal('accuse'), atUs: int(0, Number.MAX_SAFE_INTEGER), node: int(0, 1_000), convicted: z.boolean() }) },
  init: () => ({}),
  onMessage(_s, msg, ctx) {
    if (msg.type === 'handoff_status') ctx.emit('heard_handoff', msg.data.node, { pods: msg.data.pods })
    else ctx.send('conviction', { node: msg.data.node, convicted: msg.data.convicted, phi: msg.data.convicted ? 9 : 0 })
  },
  onTimer() {},
  view: () => ({}),
})
const layersWithListener = [...LAYERS, listenOS] as const
const registryWithListener = new LayerRegistry(layersWithListener)
const SchemaWithListener = makeScenarioSchema(layersWithListener, FORMAT2_DEFAULT_RUN)

async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ seed: 3, run: RUN, ...input, layers: { chaOS: { entropy: 0 }, ...input.layers } })
  const r = await runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
  expect(r.cosmos.error).toBeNull()
  return r
}

async function runWithListener(input: Record<string, unknown>, untilS: number) {
  const s = SchemaWithListener.parse({ seed: 3, run: [...RUN, 'listenOS'], ...input, layers: { chaOS: { entropy: 0 }, ...(input['layers'] as object | undefined) } })
  const checked = s as unknown as Parameters<typeof allCheckers>[0]
  const r = await runInProcessWith(s, { untilUs: untilS * S, registry: registryWithListener, layers: activeLayers(s).concat('listenOS'), checkers: allCheckers(checked) })
  expect(r.cosmos.error).toBeNull()
  return r
}

const of = (r: { events: LoggedEvent[] }, type: string, after = -1) => r.events.filter((e) => e.layer === 'theOS' && e.type === type && e.t > after)

describe('theOS in the run', () => {
  it('schedules the default services spread over the worlds and reaches desired = actual', async () => {
    const r = await run({}, 10)
    expect(r.violations).toEqual([])
    const scheduled = of(r, 'pod_scheduled')
    expect(scheduled).toHaveLength(6)
    // The three api replicas on three different worlds (spread weighs twice the fit).
    expect(new Set(scheduled.filter((e) => e.data['service'] === 'api').map((e) => e.node)).size).toBe(3)
    expect(of(r, 'cluster_reconciled')).toHaveLength(1)
    expect(r.summaries.theOS).toMatchObject({ converged: true, services: ['api:3/3', 'worker:2/2', 'cache:1/1'] })
  }, 60_000)

  it('a crash of a world holding pods reschedules them elsewhere; desired = actual again within the bound', async () => {
    const where = podsAt((await run({}, 4)).events, 4 * S)
    const count = new Map<number, number>()
    for (const w of where.values()) count.set(w, (count.get(w) ?? 0) + 1)
    const victim = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0]
    const r = await run({ interventions: [{ kind: 'fault', atUs: 5 * S, fault: 'crash', target: victim }] }, 30)
    expect(r.violations).toEqual([])
    const crash = r.events.find((e) => e.type === 'node_crashed' && e.node === victim)!
    const lost = of(r, 'pod_evicted', crash.t - 1)
    expect(lost).toHaveLength(count.get(victim)!)
    for (const e of lost) expect(e.data['kind']).toBe('lost')
    const again = of(r, 'pod_scheduled', crash.t)
    expect(again).toHaveLength(lost.length)
    for (const e of again) expect(e.node).not.toBe(victim)
    const back = of(r, 'cluster_reconciled', crash.t)[0]!
    expect(back.t - crash.t).toBeLessThanOrEqual(convergenceBoundUs(ScenarioSchema.parse({ run: RUN }).layers.theOS))
    expect(back.t - crash.t).toBeLessThan(3 * S) // sync 100 ms + startup 2 s
  }, 60_000)

  it('a drain moves pods one at a time within the budget and reports the count down to 0', async () => {
    // api ×6 with minAvailable 5 over five worlds: some world holds two, and only one may go at a time.
    const layers = { theOS: { services: [{ name: 'api', replicas: 6, cpuMilli: 500, memMb: 512, minAvailable: 5 }] } }
    const where = podsAt((await runWithListener({ layers }, 4)).events, 4 * S)
    const count = new Map<number, number>()
    for (const w of where.values()) count.set(w, (count.get(w) ?? 0) + 1)
    const victim = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0]
    expect(count.get(victim)).toBe(2)
    const r = await runWithListener({ layers, interventions: [{ kind: 'lifecycle', atUs: 5 * S, node: victim, action: 'drain' }] }, 30)
    expect(r.violations).toEqual([])
    const drains = of(r, 'pod_evicted').filter((e) => e.data['kind'] === 'drain')
    expect(drains).toHaveLength(2)
    for (const e of drains) expect(e.data['ready'] as number).toBeGreaterThanOrEqual(5)
    // The second waited for the budget (429) and for the first one's replacement to be ready.
    expect(of(r, 'eviction_blocked').length).toBeGreaterThan(0)
    const readyBetween = of(r, 'pod_ready', drains[0]!.t).filter((e) => e.t <= drains[1]!.t)
    expect(readyBetween.length).toBeGreaterThan(0)
    expect(drains[1]!.t - drains[0]!.t).toBeGreaterThanOrEqual(2 * S)
    // thanatOS heard 2 at the start of the drain, then every change down to 0.
    const heard = r.events.filter((e) => e.type === 'heard_handoff' && e.node === victim).map((e) => e.data['pods'])
    expect(heard).toEqual([2, 1, 0])
    expect(podsAt(r.events, 30 * S).size).toBe(6)
    expect([...podsAt(r.events, 30 * S).values()]).not.toContain(victim)
  }, 60_000)

  it('scales up and down, adds and removes services (kubectl scale / apply / delete)', async () => {
    const r = await run({ interventions: [
      { kind: 'scale', atUs: 5 * S, service: 'api', replicas: 5 },
      { kind: 'scale', atUs: 10 * S, service: 'api', replicas: 1 },
      { kind: 'service', atUs: 15 * S, name: 'batch', replicas: 2, cpuMilli: 750, memMb: 256, minAvailable: 0 },
      { kind: 'service_remove', atUs: 20 * S, name: 'cache' },
      { kind: 'scale', atUs: 21 * S, service: 'nothing', replicas: 1 },
    ] }, 30)
    expect(r.violations).toEqual([])
    const readyApi = (t: number) => [...podsAt(r.events, t).keys()].filter((k) => k.startsWith('api#')).length
    expect(readyApi(9 * S)).toBe(5)
    expect(readyApi(14 * S)).toBe(1)
    const down = of(r, 'pod_evicted', 10 * S - 1).filter((e) => e.data['kind'] === 'scale_down')
    expect(down).toHaveLength(4)
    expect(of(r, 'reconciled').map((e) => `${String(e.data['service'])}:${String(e.data['desired'])}@${Math.floor(e.t / S)}`)).toEqual(
      expect.arrayContaining(['api:5@7', 'api:1@10', 'batch:2@17']),
    )
    expect(of(r, 'service_removed')[0]!.data).toEqual({ name: 'cache', pods: 1 })
    expect(of(r, 'intervention_rejected')[0]!.data['reason']).toMatch(/no service named nothing/)
    expect(r.summaries.theOS).toMatchObject({ converged: true, services: ['api:1/1', 'worker:2/2', 'batch:2/2'] })
  }, 60_000)

  it('a world convicted by the failure detector loses its pods though atmOS says it is up; rehabilitated, it takes pods again', async () => {
    const where = podsAt((await runWithListener({}, 4)).events, 4 * S)
    const victim = [...where.values()][0]!
    const r = await runWithListener({ interventions: [
      { kind: 'accuse', atUs: 5 * S, node: victim, convicted: true },
      { kind: 'accuse', atUs: 10 * S, node: victim, convicted: false },
      { kind: 'scale', atUs: 11 * S, service: 'api', replicas: 5 },
    ] }, 20)
    expect(r.violations).toEqual([])
    expect(r.events.some((e) => e.layer === 'atmOS' && e.node === victim && e.type.startsWith('node_'))).toBe(false)
    const lost = of(r, 'pod_evicted').filter((e) => e.node === victim)
    expect(lost.length).toBeGreaterThan(0)
    for (const e of lost) expect(e.data['reason']).toMatch(/convicted/)
    expect(of(r, 'pod_scheduled', 5 * S).filter((e) => e.t < 10 * S).every((e) => e.node !== victim)).toBe(true)
    expect(of(r, 'pod_scheduled', 11 * S).some((e) => e.node === victim)).toBe(true)
  }, 60_000)

  it('leaves runs without theOS unchanged: atmOS announces capacities only while theOS runs', async () => {
    const r = await run({ run: ['atmOS', 'chaOS', 'mythOS'] }, 3)
    expect(r.events.some((e) => e.layer === 'theOS')).toBe(false)
  }, 60_000)
})
