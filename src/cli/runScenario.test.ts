import { describe, expect, it } from 'vitest'
import { ScenarioSchema } from '../scenario/schema'
import { runHeadless } from './runScenario'

describe('the built pantheon headless', () => {
  it('gives the same fingerprint in-process and with one worker_thread per layer', async () => {
    const s = ScenarioSchema.parse({ seed: 21, layers: { chaOS: { entropy: 1, crashRatePerMin: 6, partitionRatePerMin: 6 } } })
    const inProcess = await runHeadless(s, { untilUs: 20_000_000, workers: 0 })
    const threads = await runHeadless(s, { untilUs: 20_000_000, workers: 4 })
    expect(inProcess.events).toBeGreaterThan(100)
    expect(threads.fingerprint).toBe(inProcess.fingerprint)
    expect(threads.events).toBe(inProcess.events)
    expect(threads.violations).toEqual([])
  }, 120_000)

  it('elects a first leader sooner on aetherOS than on pneumOS with distant worlds (median of 9 seeds)', async () => {
    const firstLeaderUs = async (network: 'pneumOS' | 'aetherOS', seed: number) => {
      const s = ScenarioSchema.parse({ seed, network, nodes: { count: 5, layout: 'random', spreadKm: 40_000 }, layers: { chaOS: { entropy: 0 } } })
      let first: number | null = null
      await runHeadless(s, { untilUs: 15_000_000, workers: 0, onEvents: (es) => { for (const e of es) if (first === null && e.type === 'leader_elected') first = e.t } })
      if (first === null) throw new Error(`seed ${seed} on ${network}: no leader within 15 s`)
      return first as number
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    const aether = median(await Promise.all(seeds.map((s) => firstLeaderUs('aetherOS', s))))
    const pneuma = median(await Promise.all(seeds.map((s) => firstLeaderUs('pneumOS', s))))
    console.log(`median first leader: aetherOS ${(aether / 1000).toFixed(0)} ms, pneumOS 40 000 km ${(pneuma / 1000).toFixed(0)} ms`)
    expect(aether).toBeLessThan(pneuma)
  }, 120_000)
})
