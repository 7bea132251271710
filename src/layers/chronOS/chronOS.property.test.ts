/**
 * Property: at high entropy (crashes, partitions, loss, jitter, duplication, reordering, random
 * clock jumps, and in half the runs ±1000 ppm of extra drift), on either network, every checker — HLC monotone and
 * causal, synchronised clocks within their root distance, and the other layers' — finds nothing.
 * fast-check prints the failing seed; CHRONOS_RUNS=n runs more.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { measureChronos } from './__tests__/measure'

const RUNS = Number(process.env['CHRONOS_RUNS'] ?? 3)

describe('chronOS under high entropy', () => {
  for (const network of ['pneumOS', 'aetherOS'] as const) {
    it(`keeps HLC causal and synchronised clocks honest on ${network}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(0xffff_ffff), fc.constantFrom(0.8, 1), fc.constantFrom(3, 5, 8), fc.boolean(), async (seed, entropy, nodes, maxDrift) => {
          const r = await measureChronos({ seed, network, entropy, nodes, maxDrift, untilS: 40 })
          if (r.violations.length > 0) throw new Error(`seed ${seed} (${network}, entropy ${entropy}, ${nodes} worlds, clockDriftPpm ${maxDrift ? 1000 : 'default'}): ${r.violations.slice(0, 3).map((v) => v.message).join('; ')}`)
          expect(r.stampedSends).toBeGreaterThan(0)
        }),
        { numRuns: RUNS, seed: network === 'pneumOS' ? 20_261 : 41_017 },
      )
    }, 120_000)
  }
})
