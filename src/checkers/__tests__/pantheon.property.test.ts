import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { allCheckers } from '..'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../../layers/index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

/**
 * The whole built pantheon under high entropy, checked by every checker from outside. Each run
 * ends with Jepsen's "final heal": entropy drops to 0 at 20 s, open faults end, and the liveness
 * checker demands a leader and fresh commits by the end. More seeds: `npm run sweep -- --seeds 1..1000 --entropy 1`.
 */
const chaotic = (seed: number, over: ScenarioInput = {}) => ScenarioSchema.parse({
  seed,
  layers: { chaOS: { entropy: 1, crashRatePerMin: 6, partitionRatePerMin: 6, partitionDurationMs: 3_000, restartDelayMs: 2_000, lossRate: 0.1 } },
  interventions: [{ kind: 'slider', atUs: 20_000_000, name: 'entropy', value: 0 }],
  ...over,
})

const run = (seed: number, over: ScenarioInput = {}, hosts = 0) => {
  const s = chaotic(seed, over)
  return runInProcessWith(s, { untilUs: 45_000_000, registry, layers: [...activeLayers(s)], checkers: allCheckers(s), hosts })
}

describe('the built pantheon at high entropy', () => {
  it('violates no invariant over 100 seeds (with a final heal and liveness check)', async () => {
    let faults = 0
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom<'pneumOS' | 'aetherOS'>('pneumOS', 'pneumOS', 'aetherOS'), async (seed, network) => {
        const r = await run(seed, { network })
        expect(r.cosmos.error).toBeNull()
        faults += r.events.filter((e) => e.type === 'fault_injected').length
        if (r.violations.length > 0) throw new Error(`seed ${seed} on ${network}: ${r.violations.map((v) => `[${v.checker}] ${v.message}`).join('; ')}\n  reproduce: npm run sim -- --seed ${seed} --network ${network} (with this test's scenario)`)
      }),
      { numRuns: 100 },
    )
    expect(faults).toBeGreaterThan(100 * 3) // the runs really were chaotic
  }, 300_000)

  it('gives the same fingerprint on one host and on one host per layer, on both networks', async () => {
    for (const network of ['pneumOS', 'aetherOS'] as const) {
      const a = await run(11, { network })
      const b = await run(11, { network }, 5)
      expect(b.fingerprint).toBe(a.fingerprint)
      expect(b.events.length).toBe(a.events.length)
    }
  })
})
