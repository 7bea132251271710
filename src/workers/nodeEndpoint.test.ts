import { describe, expect, it } from 'vitest'
import { Cosmos, placeLayers } from '../cosmos/cosmos'
import { runInProcessWith } from '../cosmos/run'
import { ScenarioSchema } from '../scenario/schema'
import { TEST_LAYERS, testRegistry } from '../cosmos/__tests__/testLayers'
import { nodeWorkerEndpoint } from './nodeEndpoint'

const s = ScenarioSchema.parse({ seed: 3 })

describe('layers on Node worker_threads', () => {
  it('give the same fingerprint as in-process, for 1 and 4 workers, and survive a killed worker', async () => {
    const inProcess = await runInProcessWith(s, { untilUs: 2_000_000, registry: testRegistry, layers: TEST_LAYERS })
    for (const workers of [1, 4]) {
      const c = await Cosmos.start(s, { registry: testRegistry, layers: TEST_LAYERS, placement: placeLayers(testRegistry, TEST_LAYERS, workers), spawn: () => nodeWorkerEndpoint('test'), snapshotEveryWindows: 30 })
      await c.runUntil(1_100_000)
      if (workers === 4) c.killHost(2) // a real worker terminated mid-run
      await c.runUntil(2_000_000)
      expect(c.fingerprint).toBe(inProcess.fingerprint)
      expect(c.log.nextOffset).toBe(inProcess.events.length)
      if (workers === 4) expect(c.stats.recoveries).toBe(1)
      c.dispose()
    }
  })
})
