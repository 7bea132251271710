/**
 * Integration: karmOS with mythOS, atmOS's workload and chaOS under the real kernel (in-process),
 * every checker watching: a corrupted ledger entry is found by Merkle anti-entropy and repaired.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'
import { repairBoundUs } from '../../checkers/karmos'

const S = 1_000_000

async function run(input: ScenarioInput, untilUs: number) {
  const scenario = ScenarioSchema.parse(input)
  const r = await runInProcessWith(scenario, { untilUs, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
  return { ...r, scenario }
}

describe('karmOS in the whole run', () => {
  it('a corrupt_ledger fault on world 1 is found by anti-entropy and repaired within the bound', async () => {
    const r = await run({ seed: 3, run: ['atmOS', 'chaOS', 'mythOS', 'karmOS'], layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'fault', atUs: 10 * S, fault: 'corrupt_ledger', target: 1 }] }, 20 * S)
    expect(r.violations).toEqual([])
    const ev = (type: string) => r.events.filter((e) => e.layer === 'karmOS' && e.type === type)
    const corrupted = ev('ledger_corrupted')
    expect(corrupted).toHaveLength(1)
    expect(corrupted[0]!.node).toBe(1)
    const index = corrupted[0]!.data['index'] as number
    const found = ev('divergence_found')
    expect(found.length).toBeGreaterThan(0)
    expect(found.some((e) => (e.data['fromIndex'] as number) <= index && index <= (e.data['toIndex'] as number))).toBe(true)
    const repaired = ev('ledger_repaired')
    expect(repaired.map((e) => [e.node, e.data['index']])).toEqual([[1, index]])
    const dt = repaired[0]!.t - corrupted[0]!.t
    expect(dt).toBeLessThanOrEqual(repairBoundUs(r.scenario))
    const k = r.summaries.karmOS!
    expect(k['corruptedNow']).toBe(0)
    expect(k['bytesExchanged']).toBeGreaterThan(0)
    console.log('corrupt_ledger → repaired in', dt / 1000, 'ms; divergences', found.map((e) => e.data), 'summary', k)
  })

  it('repair runs both ways: a world told its copy is the minority (ae_suspect) votes on it and repairs before its own round finds it', async () => {
    // Long intervals: world 1's own round comes rarely; the other four lead theirs, one of them with
    // world 1 as its peer finds the divergence, wins the vote and tells world 1 where to look.
    const seeds = [3, 4, 5, 6]
    let viaHint = 0
    for (const seed of seeds) {
      const r = await run({ seed, run: ['atmOS', 'chaOS', 'mythOS', 'karmOS'], layers: { chaOS: { entropy: 0 }, karmOS: { antiEntropyIntervalMs: 20_000 } }, interventions: [{ kind: 'fault', atUs: 25 * S, fault: 'corrupt_ledger', target: 1 }] }, 120 * S)
      expect(r.violations, `seed ${seed}`).toEqual([])
      const ev = (type: string) => r.events.filter((e) => e.layer === 'karmOS' && e.type === type)
      const repaired = ev('ledger_repaired').filter((e) => e.node === 1)
      expect(repaired, `seed ${seed}: the corrupted entry is repaired`).toHaveLength(1)
      const ownFinds = ev('divergence_found').filter((e) => e.node === 1 && e.t <= repaired[0]!.t)
      const othersFind = ev('divergence_found').filter((e) => e.node !== 1 && e.data['peer'] === 1 && e.t <= repaired[0]!.t)
      if (ownFinds.length === 0) {
        // Repaired without world 1 descending a tree itself: the hint did it, after another world's find.
        expect(othersFind.length, `seed ${seed}`).toBeGreaterThan(0)
        expect(r.summaries.karmOS!['suspects'], `seed ${seed}`).toBeGreaterThan(0)
        viaHint++
      }
    }
    expect(viaHint, 'most repairs come through the hint when the corrupted world\'s own rounds are rare').toBeGreaterThanOrEqual(seeds.length / 2)
  })
})
