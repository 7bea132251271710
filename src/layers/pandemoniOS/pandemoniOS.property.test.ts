/**
 * Property: at entropy 1 (random crashes and partitions, loss, latency, duplication, reordering) on
 * either network, with pandemoniOS convicting, fencing and rehabilitating, every checker stays quiet
 * — among them `fencing` (a quarantined world never leads nor votes) and `conviction` (every
 * conviction backed by a quorum of standing suspicions). fast-check prints the failing seed.
 * PANDEMONIOS_RUNS=n runs more seeds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers } from '../../scenario/schema'

const RUNS = Number(process.env['PANDEMONIOS_RUNS'] ?? 2)
const RUN = ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'pandemoniOS']

describe('pandemoniOS property', () => {
  for (const network of ['pneumOS', 'aetherOS'] as const) {
    it(`entropy 1 on ${network}: no checker finds a violation`, async () => {
      let convictions = 0
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
          const scenario = ScenarioSchema.parse({ seed, network, nodes: { count: 7 }, run: RUN, layers: { chaOS: { entropy: 1, crashRatePerMin: 3, partitionRatePerMin: 4, partitionDurationMs: 12_000, restartDelayMs: 8_000 } } })
          const r = await runInProcessWith(scenario, { untilUs: 90_000_000, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
          convictions += r.events.filter((e) => e.type === 'node_convicted').length
          if (r.violations.length > 0) throw new Error(`seed ${seed} (${network}): ${r.violations.map((v) => `${v.checker}: ${v.message}`).join('; ')}`)
        }),
        { numRuns: RUNS, seed: 17 },
      )
      expect(convictions).toBeGreaterThan(0)
    }, 300_000)
  }
})
