/**
 * Memory over a long run: the default scenario at entropy 0.5, resident memory (after a GC) and
 * each layer's snapshot size at 5, 30 and 60 sim-minutes. Run with --expose-gc (npm run bench does).
 */
import { startHeadless } from '../src/cli/runScenario'
import { ScenarioSchema, defaultScenario } from '../src/scenario/schema'

const MB = 2 ** 20
const gc = (globalThis as { gc?: () => void }).gc

export async function memoryFigures(over: Record<string, unknown> = {}, label = 'default'): Promise<void> {
  const d = defaultScenario()
  const s = ScenarioSchema.parse({ ...d, seed: 1, ...over, layers: { ...d.layers, chaOS: { ...d.layers.chaOS, entropy: 0.5 } } })
  const c = await startHeadless(s, { workers: 0 })
  console.log(`\nmemory over a 1 sim-hour run (${label}: ${s.run.join(' ')}, 5 worlds, entropy 0.5)`)
  console.log('sim-min'.padEnd(9) + 'rss MB'.padStart(9) + 'heap MB'.padStart(9) + '  snapshot KB per layer')
  for (const min of [5, 30, 60]) {
    await c.runUntil(min * 60e6)
    gc?.()
    const snap = await c.snapshot()
    const per = Object.entries(snap.layers).map(([l, v]) => `${l} ${Math.round(JSON.stringify(v).length / 1024)}`).join(' · ')
    const m = process.memoryUsage()
    console.log(`${min}`.padEnd(9) + `${Math.round(m.rss / MB)}`.padStart(9) + `${Math.round(m.heapUsed / MB)}`.padStart(9) + `  ${per}`)
  }
  c.dispose()
}

if (import.meta.url === `file://${process.argv[1]}`) await memoryFigures()
