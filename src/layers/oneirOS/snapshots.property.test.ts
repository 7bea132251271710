/**
 * Property: with aggressive compaction (a snapshot every 5 applied entries, 1 kept for catch-up)
 * at entropy 1 (crashes, partitions, loss, duplication, reordering, corruption) on either network,
 * every checker stays quiet — Raft safety with snapshots installed, jobs only in quiet windows, a
 * snapshot's state equal to the full log's, installed snapshots equal to the ones taken — and
 * snapshots are taken and installed. fast-check prints the failing seed. SNAPSHOT_RUNS=n runs more
 * seeds (the long sweep: npm run sweep -- --run …,hypnOS,oneirOS; see README).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers } from '../../scenario/schema'

const S = 1_000_000
const RUNS = Number(process.env['SNAPSHOT_RUNS'] ?? 3)
const UNTIL_S = 40

export const AGGRESSIVE = { hypnOS: { snapshotCount: 5, catchUpEntries: 1 }, oneirOS: { chunkBytes: 512, windowChunks: 2 } } as const

async function runSeed(seed: number, network: 'pneumOS' | 'aetherOS', nodes: number) {
  const scenario = ScenarioSchema.parse({
    seed,
    network,
    nodes: { count: nodes },
    run: [...DEFAULT_RUN],
    layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.02 }, atmOS: { happeningsPerSec: 2 }, ...AGGRESSIVE },
  })
  const r = await runInProcessWith(scenario, { untilUs: UNTIL_S * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
  const count = (type: string) => r.events.filter((e) => e.type === type).length
  return { violations: r.violations, compactions: count('compaction_done'), installs: count('snapshot_installed'), deferred: count('job_deferred') }
}

describe.each(['pneumOS', 'aetherOS'] as const)('hypnOS + oneirOS property at entropy 1 on %s', (network) => {
  it('checkers quiet over seeds; snapshots taken and installed', async () => {
    const total = { compactions: 0, installs: 0, deferred: 0 }
    await fc.assert(
      fc.asyncProperty(fc.nat(0xffff_ffff), fc.constantFrom(5, 7), async (seed, nodes) => {
        const r = await runSeed(seed, network, nodes)
        total.compactions += r.compactions
        total.installs += r.installs
        total.deferred += r.deferred
        if (r.violations.length > 0) console.error(`snapshots ${network} seed ${seed} nodes ${nodes}:`, r.violations.slice(0, 3))
        expect(r.violations).toEqual([])
      }),
      { numRuns: RUNS, seed: network === 'pneumOS' ? 51 : 52, endOnFailure: true },
    )
    expect(total.compactions).toBeGreaterThan(0)
    expect(total.installs).toBeGreaterThan(0)
    console.log(`hypnOS/oneirOS ${network}: ${total.compactions} compactions, ${total.installs} snapshots installed, ${total.deferred} deferrals over ${RUNS} seeds × ${UNTIL_S} s`)
  }, 180_000)
})
