/**
 * Memory over a long run (npm run bench, BENCH_ONLY=memory): the default scenario at entropy 0.5
 * for 1 sim-hour, with compaction (hypnOS + oneirOS, karmOS folding) and without it (the same
 * layers but hypnOS and oneirOS, ledgers never folded); resident memory and V8 heap after a GC,
 * and each layer's state size (its snapshot as JSON) at 5, 30 and 60 sim-minutes; and the wall
 * time of each hour, as medians of interleaved repetitions (with, without, with, …). Each case's
 * memory is measured in a fresh process (node --expose-gc), so one case's heap does not colour the
 * other's resident memory.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startHeadless } from '../src/cli/runScenario'
import { ScenarioSchema, defaultScenario, type Scenario } from '../src/scenario/schema'

const MB = 2 ** 20
const gc = (globalThis as { gc?: () => void }).gc
const wall = () => Number(process.hrtime.bigint()) / 1e6
const MINUTES = [5, 30, 60]

function scenarios(): [string, Scenario][] {
  const d = defaultScenario()
  const base = { ...d, seed: 1, layers: { ...d.layers, chaOS: { ...d.layers.chaOS, entropy: 0.5 } } }
  const without = { ...base, run: d.run.filter((l) => l !== 'hypnOS' && l !== 'oneirOS'), layers: { ...base.layers, karmOS: { ...base.layers.karmOS, keepEntries: 10_000_000 } } }
  return [['with compaction', ScenarioSchema.parse(base)], ['without', ScenarioSchema.parse(without)]]
}

async function hour(s: Scenario, report: boolean): Promise<number> {
  const c = await startHeadless(s, { workers: 0 })
  let ms = 0
  for (const min of MINUTES) {
    const t0 = wall()
    await c.runUntil(min * 60e6)
    ms += wall() - t0
    if (!report) continue
    gc?.()
    const snap = await c.snapshot()
    const per = Object.entries(snap.layers).map(([l, v]) => `${l} ${Math.round(JSON.stringify(v).length / 1024)}`).join(' · ')
    const m = process.memoryUsage()
    console.log(`  ${min}`.padEnd(9) + `${Math.round(m.rss / MB)}`.padStart(8) + `${Math.round(m.heapUsed / MB)}`.padStart(9) + `  ${per}`)
  }
  c.dispose()
  return ms
}

export async function memoryFigures(reps = 3): Promise<void> {
  const cases = scenarios()
  for (const [name] of cases) {
    // A fresh process per case: resident memory is the process's, not the run's alone.
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' })
    process.stdout.write(out)
  }
  const times: number[][] = cases.map(() => [])
  for (let r = 0; r < reps; r++) for (let i = 0; i < cases.length; i++) times[i]!.push(await hour(cases[i]![1], false))
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const [a, b] = times.map(med) as [number, number]
  console.log(`  1 sim-hour wall time (median of ${reps}, interleaved): with compaction ${(a / 1000).toFixed(1)} s, without ${(b / 1000).toFixed(1)} s → with / without = ${(a / b).toFixed(2)}`)
}

async function oneCase(name: string): Promise<void> {
  const found = scenarios().find(([n]) => n === name)
  if (!found) throw new Error(`no memory case ${name}`)
  const [, s] = found
  console.log(`\nmemory over 1 sim-hour, ${name} (${s.run.join(' ')}; 5 worlds, entropy 0.5)`)
  console.log('  sim-min'.padEnd(9) + 'rss MB'.padStart(8) + 'heap MB'.padStart(9) + '  state KB per layer (snapshot JSON)')
  await hour(s, true)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--case')
  if (i >= 0) await oneCase(process.argv[i + 1] ?? '')
  else await memoryFigures(Number(process.env['BENCH_REPS'] ?? 3))
}
