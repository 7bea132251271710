/**
 * Property: ledgers fold (bounded memory) while the run goes on at high entropy with many ledger
 * corruptions — every checker stays quiet (corruptions are still repaired within the bound, no
 * healthy entry is overwritten) and ledgers do fold. 20 entries/s (4 happenings/s per world): at
 * 50 entries/s and entropy 1 a Merkle round of 12 levels can outlast the repair bound with or
 * without folding (seed 2 at 10 happenings/s, keepEntries 10⁶, fails the same way), so the
 * rate stays where the bound holds. fast-check prints the failing seed. FOLD_RUNS=n runs more seeds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers } from '../../scenario/schema'

const S = 1_000_000
const RUNS = Number(process.env['FOLD_RUNS'] ?? 2)
const UNTIL_S = 90

describe.each(['pneumOS', 'aetherOS'] as const)('karmOS ledgers fold at entropy 1 on %s', (network) => {
  it('checkers quiet, ledgers folded, corruptions repaired', async () => {
    let folded = 0
    let repaired = 0
    await fc.assert(
      fc.asyncProperty(fc.nat(0xffff_ffff), async (seed) => {
        const scenario = ScenarioSchema.parse({
          seed,
          network,
          run: ['atmOS', 'chaOS', 'mythOS', 'karmOS', 'hypnOS', 'oneirOS'],
          layers: { chaOS: { entropy: 1, ledgerCorruptionRatePerMin: 6 }, atmOS: { happeningsPerSec: 4 }, karmOS: { keepEntries: 512 } },
        })
        const r = await runInProcessWith(scenario, { untilUs: UNTIL_S * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
        if (r.violations.length > 0) console.error(`karmOS fold ${network} seed ${seed}:`, r.violations.slice(0, 3))
        expect(r.violations).toEqual([])
        const k = r.summaries.karmOS as { entriesFolded: number }
        folded += k.entriesFolded
        repaired += r.events.filter((e) => e.type === 'ledger_repaired').length
      }),
      { numRuns: RUNS, seed: network === 'pneumOS' ? 61 : 62, endOnFailure: true },
    )
    expect(folded).toBeGreaterThan(0)
    expect(repaired).toBeGreaterThan(0)
    console.log(`karmOS fold ${network}: ${folded} entries folded, ${repaired} repairs over ${RUNS} seeds × ${UNTIL_S} s`)
  }, 300_000)
})

