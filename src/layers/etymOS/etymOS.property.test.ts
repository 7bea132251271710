/**
 * Property: at high entropy (crashes, partitions on pneumOS, loss, duplication, reordering and
 * messages corrupted in flight), with etymOS validating every boundary, on either network, every
 * checker stays quiet (corrupted Raft RPCs are rejected at the receiver, so none reaches Raft),
 * corrupted messages are rejected and counted, and each rejection names its layer and a reason.
 * fast-check prints the seed of any failure (and each assertion names it); ETYMOS_RUNS=n runs more
 * per network.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { ScenarioSchema, activeLayers } from '../../scenario/schema'
import { registry } from '../index'

const S = 1_000_000
const RUNS = Number(process.env['ETYMOS_RUNS'] ?? 3)

async function runSeed(seed: number, network: 'pneumOS' | 'aetherOS') {
  const scenario = ScenarioSchema.parse({
    seed,
    network,
    nodes: { count: 5 },
    run: ['atmOS', 'chaOS', 'mythOS', 'etymOS'],
    layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.15, crashRatePerMin: 6, partitionRatePerMin: 6, restartDelayMs: 2_000, partitionDurationMs: 3_000 } },
  })
  return runInProcessWith(scenario, { untilUs: 15 * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), validate: true })
}

describe('etymOS at high entropy (property, both networks)', () => {
  for (const network of ['pneumOS', 'aetherOS'] as const) {
    it(`${network}: checkers quiet, corrupted messages rejected and counted`, { timeout: 120_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(0xffff_ffff), async (seed) => {
          const r = await runSeed(seed, network)
          const where = `${network} seed ${seed}`
          expect(r.cosmos.error ?? null, where).toBeNull()
          expect(r.violations, `${where}: ${JSON.stringify(r.violations.slice(0, 3))}`).toEqual([])
          const rejected = r.events.filter((e) => e.layer === 'etymOS' && e.type === 'schema_rejected')
          expect(rejected.length, `${where}: no rejection at corruption 0.15`).toBeGreaterThan(0)
          for (const e of rejected) {
            expect(e.data['layer'], where).toBe('mythOS')
            expect(String(e.data['reason']).length, where).toBeGreaterThan(0)
          }
          const summary = r.summaries.etymOS as { rejected: number } | undefined
          expect(summary?.rejected, where).toBe(rejected.length)
        }),
        { numRuns: RUNS, seed: network === 'pneumOS' ? 101 : 202, verbose: true },
      )
    })
  }
})
