/**
 * Property: at entropy 1 — random world crashes and partitions, random daemon crashes at a high
 * rate, tight supervisors so that escalations and reboots happen — on either network, every checker
 * stays quiet (supervision's restart limits and backoff among them) on any seed; fast-check prints
 * the failing seed. DAEMOS_RUNS=n runs more seeds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers } from '../../scenario/schema'

const RUNS = Number(process.env['DAEMOS_RUNS'] ?? 2)

describe('daemOS property', () => {
  for (const network of ['pneumOS', 'aetherOS'] as const) {
    it(`entropy 1 on ${network}: restart limits and backoff respected, no checker finds a violation`, async () => {
      let restarts = 0
      let escalations = 0
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
          const scenario = ScenarioSchema.parse({
            seed,
            network,
            run: [...new Set([...DEFAULT_RUN, 'chronOS', 'karmOS', 'daemOS'])],
            layers: { chaOS: { entropy: 1, daemonCrashRatePerMin: 30 }, daemOS: { backoffInitialMs: 1_000, backoffMaxMs: 8_000, supervisorIntensity: 2, supervisorPeriodMs: 20_000, rootPeriodMs: 30_000 } },
          })
          const r = await runInProcessWith(scenario, { untilUs: 30_000_000, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
          restarts += r.events.filter((e) => e.type === 'daemon_restarted').length
          escalations += r.events.filter((e) => e.type === 'supervisor_escalated').length
          if (r.violations.length > 0) throw new Error(`seed ${seed}: ${r.violations.map((v) => `${v.checker}: ${v.message}`).join('; ')}`)
        }),
        { numRuns: RUNS, seed: network === 'pneumOS' ? 21 : 22 },
      )
      expect(restarts).toBeGreaterThan(0)
      expect(escalations).toBeGreaterThan(0)
    }, 300_000)
  }
})
