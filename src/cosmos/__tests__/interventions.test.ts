import { describe, expect, it } from 'vitest'
import { Cosmos, placeLayers } from '../cosmos'
import { inProcessEndpoint } from '../../kernel/host'
import { runInProcessWith } from '../run'
import { registry } from '../../layers/index'
import { ScenarioSchema, activeLayers, type Intervention } from '../../scenario/schema'

describe('interventions from the UI', () => {
  it('are stamped at the frontier when a window is in flight, and replay to the same run', async () => {
    const s = ScenarioSchema.parse({ seed: 5, nodes: { count: 7 } })
    const layers = activeLayers(s)
    // Hosts that answer asynchronously, as workers do: only then is a window in flight while the UI acts.
    const asyncHost = () => ({ ...inProcessEndpoint(registry), handleSync: undefined })
    const c = await Cosmos.start(structuredClone(s), { registry, layers, placement: placeLayers(registry, layers, 3), spawn: asyncHost })
    await c.runUntil(1_000_000)
    const recorded: Intervention[] = []
    for (let i = 0; i < 6; i++) {
      const inFlight = c.step() // a window is now being computed: now < frontier
      const iv: Intervention = { kind: 'fault', atUs: c.frontierUs, fault: i % 2 ? 'heal' : 'partition', target: 'minority' }
      expect(c.frontierUs).toBeGreaterThan(c.nowUs)
      expect(() => c.addIntervention({ ...iv, atUs: c.nowUs })).toThrow(/in the past/)
      c.addIntervention(iv)
      recorded.push(iv)
      await inFlight
      await c.runUntil(c.nowUs + 700_000)
    }
    await c.runUntil(8_000_000)
    expect(c.error).toBeNull()
    const live = c.fingerprint
    c.dispose()
    // The recorded scenario (what the share URL carries) replays to the same fingerprint.
    const replay = await runInProcessWith({ ...s, interventions: recorded }, { untilUs: 8_000_000, registry, layers })
    expect(replay.fingerprint).toBe(live)
    expect(replay.events.filter((e) => e.type === 'partition_started').length).toBeGreaterThan(0)
  })
})
