import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { allCheckers } from '../../checkers'
import { Cosmos } from '../cosmos'
import { runInProcessWith } from '../run'
import { inProcessEndpoint } from '../../kernel/host'
import { registry } from '../../layers/index'
import { DEFAULT_RUN, FORMAT2_DEFAULT_RUN, ScenarioSchema, activeLayers } from '../../scenario/schema'

/**
 * Lookahead (a lone busy layer runs its windows without a barrier: LayerRuntime.runSpan) changes
 * where the windows are computed, never what: the same fingerprint, events, violations and the
 * same feed to the checkers as with every window through the coordinator, on any placement.
 */
const OPTIONAL = DEFAULT_RUN.filter((l) => !(FORMAT2_DEFAULT_RUN as readonly string[]).includes(l))

/** The layers and every layer they require. */
const closed = (ls: string[]): string[] => {
  const out = new Set(ls)
  for (let grew = true; grew;) {
    grew = false
    for (const l of [...out]) for (const r of registry.get(l)?.requires ?? []) if (!out.has(r)) { out.add(r); grew = true }
  }
  return [...out]
}

const scenario = (seed: number, extra: string[]) => ScenarioSchema.parse({
  seed,
  run: closed([...FORMAT2_DEFAULT_RUN, ...extra]),
  layers: { chaOS: { entropy: 1, crashRatePerMin: 6, partitionRatePerMin: 6, partitionDurationMs: 3_000, restartDelayMs: 2_000 } },
  interventions: [{ kind: 'fault', atUs: 3_000_000, fault: 'crash', target: 'leader' }],
})

const run = (s: ReturnType<typeof scenario>, lookahead: boolean, hosts = 0) =>
  runInProcessWith(s, { untilUs: 12_000_000, registry, layers: [...activeLayers(s)], checkers: allCheckers(s), hosts, lookahead, validate: false })

describe('lookahead', () => {
  it('gives the same run with and without it, on one host and on three, whatever layers run (entropy 1)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 0xffff }), fc.subarray(OPTIONAL), async (seed, extra) => {
        const s = scenario(seed, extra)
        const off = await run(s, false)
        const on = await run(s, true)
        const spread = await run(s, true, 3)
        const say = `seed ${seed}, run +${extra.join(',') || 'nothing'}`
        expect(on.fingerprint, say).toBe(off.fingerprint)
        expect(spread.fingerprint, say).toBe(off.fingerprint)
        expect(on.events, say).toEqual(off.events)
        expect(on.metrics, say).toEqual(off.metrics)
        expect(on.violations.map((v) => v.message), say).toEqual(off.violations.map((v) => v.message))
        expect(on.cosmos.stats.windows, say).toBe(off.cosmos.stats.windows)
        expect(on.cosmos.stats.handled, say).toBe(off.cosmos.stats.handled)
        // It does run ahead: fewer calls to the host than windows.
        expect(on.cosmos.stats.hostCalls, say).toBeLessThan(off.cosmos.stats.hostCalls)
      }),
      { numRuns: 6, seed: 42 },
    )
  }, 120_000)

  it('feeds the checkers the same tape (events, observations, samples, window ends)', async () => {
    const s = scenario(7, ['chronOS', 'karmOS', 'pandemoniOS'])
    const tapes = []
    for (const lookahead of [false, true]) {
      const c = await Cosmos.start(s, { registry, layers: [...activeLayers(s)], spawn: () => inProcessEndpoint(registry), checkers: allCheckers(s), tape: true, lookahead })
      await c.runUntil(8_000_000)
      tapes.push(c.checkerTape!.map((x) => JSON.stringify(x)))
      c.dispose()
    }
    expect(tapes[0]!.length).toBeGreaterThan(1_000)
    expect(tapes[1]).toEqual(tapes[0])
  })
})
