/**
 * Property: at high entropy (crashes, partitions, loss, duplication, reordering, and many ledger
 * corruptions) on either network, every checker stays quiet — vector clocks equal the causality
 * derived from sends and receives, every corruption held by a healthy majority is repaired within
 * the bound, no healthy entry is overwritten — and corruptions do get repaired. fast-check prints
 * the failing seed. Also prints the time from each corruption to its repair (median, max):
 * the figure reported for karmOS. KARMOS_RUNS=n runs more seeds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers } from '../../scenario/schema'

const S = 1_000_000
const RUNS = Number(process.env['KARMOS_RUNS'] ?? 3)
const UNTIL_S = 30

async function runSeed(seed: number, network: 'pneumOS' | 'aetherOS', nodes: number) {
  const scenario = ScenarioSchema.parse({
    seed,
    network,
    nodes: { count: nodes },
    run: ['atmOS', 'chaOS', 'mythOS', 'karmOS'],
    layers: { chaOS: { entropy: 1, ledgerCorruptionRatePerMin: 6 } },
  })
  const r = await runInProcessWith(scenario, { untilUs: UNTIL_S * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
  const k = r.events.filter((e) => e.layer === 'karmOS')
  const corruptedAt = new Map<string, number>()
  const times: number[] = []
  let corruptions = 0
  for (const e of k) {
    const key = `${e.node}/${String(e.data['index'])}`
    if (e.type === 'ledger_corrupted') {
      corruptions++
      corruptedAt.set(key, e.t)
    }
    else if (e.type === 'ledger_repaired') times.push(e.t - corruptedAt.get(key)!)
  }
  return { violations: r.violations, corruptions, times, summary: r.summaries.karmOS! }
}

const median = (xs: number[]): number => {
  const v = xs.slice().sort((a, b) => a - b)
  return v.length === 0 ? NaN : v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2
}

describe.each(['pneumOS', 'aetherOS'] as const)('karmOS property at entropy 1 on %s', (network) => {
  it('checkers quiet over seeds; corruptions repaired', async () => {
    const all: number[] = []
    let corruptions = 0
    await fc.assert(
      fc.asyncProperty(fc.nat(0xffff_ffff), fc.constantFrom(5, 7), async (seed, nodes) => {
        const r = await runSeed(seed, network, nodes)
        all.push(...r.times)
        corruptions += r.corruptions
        if (r.violations.length > 0) console.error(`karmOS ${network} seed ${seed} nodes ${nodes}:`, r.violations.slice(0, 3))
        expect(r.violations).toEqual([])
      }),
      { numRuns: RUNS, seed: network === 'pneumOS' ? 41 : 42, endOnFailure: true },
    )
    expect(corruptions).toBeGreaterThan(0)
    expect(all.length).toBeGreaterThan(0)
    console.log(`karmOS ${network}: ${corruptions} corruptions, ${all.length} repaired; corruption → repair median ${median(all) / 1000} ms, max ${Math.max(...all) / 1000} ms over ${RUNS} seeds × ${UNTIL_S} s`)
  }, 120_000)
})
