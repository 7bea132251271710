/**
 * Property: at high entropy (random crashes and partitions judged by the law) on the default run
 * with nomOS, every checker stays quiet — no denied action happens, none skips admission, and no
 * admitted action breaks the Raft quorum — on any seed; fast-check prints the failing seed.
 * NOMOS_RUNS=n runs more seeds (the sweep quoted in the closing note used `npm run sweep`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers } from '../../scenario/schema'

const RUNS = Number(process.env['NOMOS_RUNS'] ?? 4)

describe('nomOS property', () => {
  it('high entropy: no denied action happens, none skips admission, no admitted one breaks quorum', async () => {
    let denied = 0
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const scenario = ScenarioSchema.parse({ seed, run: [...new Set([...DEFAULT_RUN, 'nomOS'])], layers: { chaOS: { entropy: 1, crashRatePerMin: 20, partitionRatePerMin: 6 } } })
        const r = await runInProcessWith(scenario, { untilUs: 30_000_000, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
        denied += r.events.filter((e) => e.type === 'admission_denied').length
        if (r.violations.length > 0) throw new Error(`seed ${seed}: ${r.violations.map((v) => `${v.checker}: ${v.message}`).join('; ')}`)
      }),
      { numRuns: RUNS, seed: 11 },
    )
    expect(denied).toBeGreaterThan(0)
  }, 300_000)
})
