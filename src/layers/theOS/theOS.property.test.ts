/**
 * Property: at entropy 1 (random crashes, restarts and partitions) on either network, with theOS
 * and its disruption budgets, every checker stays quiet — desired = actual within the bound after
 * each change wherever capacity allows, no drain breaks a budget, and nothing else breaks — on any
 * seed; fast-check prints the failing seed. Entropy falls to 0 at 30 s so that the run ends calm: the
 * convergence checker judges only once the bound has passed since the last change, which a storm
 * of faults never allows. THEOS_RUNS=n runs more seeds per network.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers } from '../../scenario/schema'

const RUNS = Number(process.env['THEOS_RUNS'] ?? 2)

describe('theOS property', () => {
  for (const network of ['pneumOS', 'aetherOS'] as const) {
    it(`entropy 1 on ${network}: the convergence and budget checkers (and all others) find nothing`, async () => {
      let lost = 0
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 4 }), async (seed, drained) => {
          const scenario = ScenarioSchema.parse({
            seed,
            network,
            run: ['atmOS', 'chaOS', 'mythOS', 'theOS'],
            layers: { chaOS: { entropy: 1, crashRatePerMin: 10, partitionRatePerMin: 6 } },
            // A drain in the storm, released later, and a scale up and down: the budget is tested under faults.
            interventions: [
              { kind: 'lifecycle', atUs: 8_000_000, node: drained, action: 'drain' },
              { kind: 'scale', atUs: 12_000_000, service: 'api', replicas: 5 },
              { kind: 'lifecycle', atUs: 20_000_000, node: drained, action: 'release' },
              { kind: 'scale', atUs: 24_000_000, service: 'api', replicas: 2 },
              // Then calm (Jepsen's final heal): the checkers judge convergence in the quiet tail.
              { kind: 'slider', atUs: 30_000_000, name: 'entropy', value: 0 },
            ],
          })
          const r = await runInProcessWith(scenario, { untilUs: 55_000_000, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
          if (r.cosmos.error) throw new Error(`seed ${seed}: ${r.cosmos.error}`)
          lost += r.events.filter((e) => e.type === 'pod_evicted' && e.data['kind'] === 'lost').length
          if (r.violations.length > 0) throw new Error(`seed ${seed} (drained ${drained}, ${network}): ${r.violations.map((v) => `${v.checker}: ${v.message}`).join('; ')}`)
        }),
        { numRuns: RUNS, seed: network === 'pneumOS' ? 17 : 23 },
      )
      expect(lost).toBeGreaterThan(0)
    }, 300_000)
  }
})
