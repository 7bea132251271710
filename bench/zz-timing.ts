import { startHeadless } from '../src/cli/runScenario'
import { ScenarioSchema, defaultScenario } from '../src/scenario/schema'
const d = defaultScenario()
const base = { ...d, seed: 1, layers: { ...d.layers, chaOS: { ...d.layers.chaOS, entropy: 0.5 } } }
const without = { ...base, run: d.run.filter((l) => l !== 'hypnOS' && l !== 'oneirOS'), layers: { ...base.layers, karmOS: { ...base.layers.karmOS, keepEntries: 10_000_000 } } }
const cases = [ScenarioSchema.parse(base), ScenarioSchema.parse(without)]
const t: number[][] = [[], []]
for (let r = 0; r < 5; r++) for (let i = 0; i < 2; i++) {
  const c = await startHeadless(cases[i]!, { workers: 0 })
  const t0 = performance.now()
  await c.runUntil(3600e6)
  t[i]!.push(performance.now() - t0)
  c.dispose()
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[2]!
console.log('with', t[0]!.map(Math.round), 'without', t[1]!.map(Math.round), 'ratio', (med(t[0]!) / med(t[1]!)).toFixed(3))
