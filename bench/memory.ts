/**
 * Memory over a long run (npm run bench, BENCH_ONLY=memory): the default scenario at entropy 0.5
 * for 1 sim-hour, with compaction (hypnOS + oneirOS, karmOS folding) and without it (the same
 * layers but hypnOS and oneirOS, ledgers never folded); resident memory and V8 heap after a GC,
 * and each layer's state size (its snapshot as JSON) at 5, 30 and 60 sim-minutes; and the wall
 * time of each hour, as medians of interleaved repetitions (with, without, with, …). Every
 * measurement runs in a fresh process (node --expose-gc): in one process, an hour without
 * compaction leaves a heap that slows the next run's collector, which made "with" look 1.24×
 * slower than it is (separate processes: 0.99×).
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

/** CPU ms (user + system) of this process so far: less swayed than wall time by a shared machine's other work. */
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1_000
}

async function hour(s: Scenario, report: boolean): Promise<[number, number]> {
  const c = await startHeadless(s, { workers: 0 })
  let ms = 0
  let cpuMs = 0
  for (const min of MINUTES) {
    const t0 = wall()
    const c0 = cpu()
    await c.runUntil(min * 60e6)
    ms += wall() - t0
    cpuMs += cpu() - c0
    if (!report) continue
    gc?.()
    const snap = await c.snapshot()
    const per = Object.entries(snap.layers).map(([l, v]) => `${l} ${Math.round(JSON.stringify(v).length / 1024)}`).join(' · ')
    const m = process.memoryUsage()
    console.log(`  ${min}`.padEnd(9) + `${Math.round(m.rss / MB)}`.padStart(8) + `${Math.round(m.heapUsed / MB)}`.padStart(9) + `  ${per}`)
  }
  c.dispose()
  return [ms, cpuMs]
}

export async function memoryFigures(reps = 3): Promise<void> {
  const cases = scenarios()
  for (const [name] of cases) {
    // A fresh process per case: resident memory is the process's, not the run's alone.
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' })
    process.stdout.write(out)
  }
  const wallMs: number[][] = cases.map(() => [])
  const cpuMs: number[][] = cases.map(() => [])
  for (let r = 0; r < reps; r++)
    for (let i = 0; i < cases.length; i++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--time', cases[i]![0]], { encoding: 'utf8' })
      const [w, c] = out.trim().split(' ').map(Number) as [number, number]
      wallMs[i]!.push(w)
      cpuMs[i]!.push(c)
    }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const [wa, wb] = wallMs.map(med) as [number, number]
  const [ca, cb] = cpuMs.map(med) as [number, number]
  console.log(`  1 sim-hour, medians of ${reps} interleaved runs, each in a fresh process: wall ${(wa / 1000).toFixed(1)} s with compaction, ${(wb / 1000).toFixed(1)} s without (${(wa / wb).toFixed(2)}×); CPU ${(ca / 1000).toFixed(1)} s vs ${(cb / 1000).toFixed(1)} s (${(ca / cb).toFixed(2)}×)`)
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
  const t = process.argv.indexOf('--time')
  if (i >= 0) await oneCase(process.argv[i + 1] ?? '')
  else if (t >= 0) console.log((await hour(scenarios().find(([n]) => n === process.argv[t + 1])![1], false)).join(' '))
  else await memoryFigures(Number(process.env['BENCH_REPS'] ?? 3))
}
