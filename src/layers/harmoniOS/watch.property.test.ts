/**
 * Property (anomOS and harmoniOS together): on any seed, a fault of any kind injected into a quiet
 * run at a random moment is noticed — an alert fires within 5 s (the alert-detection checker holds
 * it to 4.5 s for crashes and partitions) — harmony is lost, and once the fault is over harmony is
 * regained within 10 s; every checker stays quiet (harmony never declared against the ground
 * truth, alerts move as Prometheus' do). fast-check prints the failing seed. WATCH_RUNS=n for more.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'
import { QUIET, RUN } from '../anomOS/__tests__/measure'

const S = 1_000_000
const RUNS = Number(process.env['WATCH_RUNS'] ?? 4)

const fault = (kind: 'crash' | 'partition' | 'loss', atUs: number): ScenarioInput['interventions'] => {
  switch (kind) {
    case 'crash': return [{ kind: 'lifecycle', atUs, node: 3, action: 'crash' }, { kind: 'lifecycle', atUs: atUs + 10 * S, node: 3, action: 'restart' }]
    case 'partition': return [{ kind: 'fault', atUs, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: atUs + 10 * S, fault: 'heal', target: 'one' }]
    case 'loss': return [{ kind: 'slider', atUs, name: 'lossRate', value: 0.3 }, { kind: 'slider', atUs, name: 'entropy', value: 1 }, { kind: 'slider', atUs: atUs + 10 * S, name: 'entropy', value: 0 }]
  }
}

describe('anomOS and harmoniOS property', () => {
  it('a fault in a quiet run is alerted on, harmony is lost and regained after it; every checker quiet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom('crash' as const, 'partition' as const, 'loss' as const), fc.integer({ min: 65, max: 90 }), async (seed, kind, atS) => {
        const atUs = atS * S
        const scenario = ScenarioSchema.parse({ seed, run: RUN, layers: { chaOS: QUIET }, interventions: fault(kind, atUs) })
        const r = await runInProcessWith(scenario, { untilUs: (atS + 30) * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
        const why = `seed ${seed}, ${kind} at ${atS} s`
        expect(r.violations, why).toEqual([])
        const alert = r.events.find((e) => e.type === 'alert_firing' && e.t >= atUs)
        expect(alert, `${why}: an alert fires`).toBeDefined()
        expect(alert!.t - atUs, why).toBeLessThanOrEqual(5 * S)
        expect(r.events.filter((e) => e.type === 'alert_firing' && e.t < atUs), `${why}: no false alert before the fault`).toEqual([])
        expect(r.events.some((e) => e.type === 'harmony_lost' && e.t >= atUs), `${why}: harmony lost`).toBe(true)
        const back = r.events.find((e) => e.type === 'harmony_reached' && e.t >= atUs + 10 * S)
        expect(back, `${why}: harmony regained`).toBeDefined()
        // A partitioned world that pandemoniOS convicted stays quarantined for its probation (10 s
        // after trust returns) before it is released: harmony wants every world up.
        const probationS = r.events.some((e) => e.type === 'node_fenced' && e.t >= atUs) ? scenario.layers.pandemoniOS.probationMs / 1_000 : 0
        expect(back!.t - (atUs + 10 * S), why).toBeLessThanOrEqual((10 + probationS) * S)
      }),
      { numRuns: RUNS, seed: 5 },
    )
  }, 300_000)
})
