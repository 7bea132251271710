import { describe, expect, it } from 'vitest'
import { allCheckers } from '.'
import { runInProcessWith } from '../cosmos/run'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, Observation } from '../kernel/types'
import { registry } from '../layers'
import { ScenarioSchema, activeLayers } from '../scenario/schema'
import { boundaryChecker } from './boundary'

const scenario = ScenarioSchema.parse({ seed: 5, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS'] })
const obs = (t: number, type: string, data: JsonObject, layer: LayerName = 'mythOS'): Observation => ({ t: simUs(t), layer, type, data })

function run(history: Observation[]) {
  const c = boundaryChecker(scenario)
  for (const o of history) c.onObservation!(o)
  return c.violations()
}

describe('boundary checker (etymOS)', () => {
  it('is quiet when corrupted packets are dropped and clean ones delivered', () => {
    expect(run([
      obs(1_000, 'packet_corrupted', { id: 1, from: 0, to: 1 }),
      obs(2_000, 'packet_delivered', { id: 2, from: 0, to: 1, sentUs: 1_000 }),
      // Another layer's packet #1 is another packet.
      obs(2_000, 'packet_delivered', { id: 1, from: 0, to: 1, sentUs: 1_000 }, 'karmOS'),
      // Without ids (no stamps) there is nothing to match.
      obs(2_500, 'packet_delivered', { from: 0, to: 1, sentUs: 1_000 }),
    ])).toEqual([])
  })

  it('fails when a packet corrupted in flight is processed, naming layer, packet, link and time', () => {
    const v = run([obs(1_000, 'packet_corrupted', { id: 7, from: 2, to: 4 }), obs(1_800, 'packet_delivered', { id: 7, from: 2, to: 4, sentUs: 1_000 })])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/^mythOS processed packet #7 2>4 at .* although it was corrupted in flight/)
    expect(v[0]!.seed).toBe(5)
  })

  it('holds in whole runs with heavy message corruption, with and without etymOS validating', async () => {
    for (const run of [['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS'], ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'karmOS']]) {
      const s = ScenarioSchema.parse({ seed: 9, run, layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.2 } } })
      const r = await runInProcessWith(s, { untilUs: 15_000_000, registry, layers: activeLayers(s), checkers: allCheckers(s) })
      expect(r.violations, run.join(' ')).toEqual([])
      // Corruption did hit packets: rejected at the boundary while etymOS validates.
      if (run.includes('etymOS')) expect(r.events.filter((e) => e.type === 'schema_rejected').length).toBeGreaterThan(10)
    }
  })
})
