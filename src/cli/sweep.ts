/**
 * npm run sweep -- --seeds A..B [sim flags] [--parallel N]: run many seeds in parallel on
 * worker_threads (one whole run per worker at a time), with a progress bar, and list every seed
 * whose run violated an invariant with the command that reproduces it. Exit 1 if any did.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import { COMMON_OPTIONS, UsageError, buildRun, parseCli, parseNumberFlag } from './args'
import type { SweepJob, SweepResult } from './sweepWorker'

const USAGE = 'usage: npm run sweep -- --seeds A..B [--parallel N] [--scenario …] [--nodes N] [--entropy X] [--network …] [--until <seconds>]'

export function parseSeedRange(raw: string): [number, number] {
  const m = /^(\d+)\.\.(\d+)$/.exec(raw.trim())
  if (!m) throw new UsageError(`--seeds must look like A..B (e.g. 1..100), got '${raw}'`)
  const a = Number(m[1]), b = Number(m[2])
  if (b < a) throw new UsageError(`--seeds: ${b} is before ${a}`)
  if (b > 0xffff_ffff) throw new UsageError('--seeds: seeds are 32-bit (at most 4294967295)')
  if (b - a >= 100_000) throw new UsageError('--seeds: at most 100000 seeds per sweep')
  return [a, b]
}

function reproduce(argv: string[], seed: number): string {
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--seeds' || a === '--parallel') { i++; continue }
    if (a.startsWith('--seeds=') || a.startsWith('--parallel=')) continue
    rest.push(/^[\w./:=-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)
  }
  return `npm run sim -- --seed ${seed} ${rest.join(' ')}`.trim()
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, { ...COMMON_OPTIONS, seeds: { type: 'string' }, parallel: { type: 'string' } })
  if (values.help) { console.log(USAGE); return 0 }
  if (typeof values.seeds !== 'string') throw new UsageError(`--seeds is required. ${USAGE}`)
  const [from, to] = parseSeedRange(values.seeds)
  const base = buildRun({ ...values, seed: String(from) })
  const parallel = typeof values.parallel === 'string' ? parseNumberFlag('parallel', values.parallel, { int: true, min: 1, max: 64 }) : Math.max(1, availableParallelism())
  const seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i)
  const results: SweepResult[] = []
  const entry = fileURLToPath(new URL('./sweepWorker.bootstrap.mjs', import.meta.url))
  const started = process.hrtime.bigint()
  const progress = () => {
    const done = results.length, total = seeds.length, width = 30
    const filled = Math.round((done / total) * width)
    const bad = results.filter((r) => !r.ok || r.violations.length > 0).length
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds · ${bad} failing`)
  }
  let next = 0
  await Promise.all(Array.from({ length: Math.min(parallel, seeds.length) }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(entry)
    const feed = () => {
      if (next >= seeds.length) { void w.terminate().then(() => resolve()); return }
      const seed = seeds[next++]!
      w.postMessage({ seed, scenario: { ...base.scenario, seed }, untilUs: base.untilUs } satisfies SweepJob)
    }
    w.on('message', (r: SweepResult) => { results.push(r); progress(); feed() })
    w.on('error', reject)
    feed()
  })))
  process.stderr.write('\n')
  const wallS = Number(process.hrtime.bigint() - started) / 1e9
  const failing = results.filter((r) => !r.ok || r.violations.length > 0).sort((a, b) => a.seed - b.seed)
  console.log(`${seeds.length} seeds × ${(base.untilUs / 1e6).toFixed(1)} s sim in ${wallS.toFixed(1)} s on ${parallel} workers: ${failing.length} failing`)
  for (const r of failing) {
    const why = r.ok ? r.violations.map((v) => `[${v.checker}] ${v.message}`).slice(0, 3).join('; ') : `error: ${r.error}`
    console.log(`seed ${r.seed}: ${why}\n  reproduce: ${reproduce(argv, r.seed)}`)
  }
  console.log(JSON.stringify({ seeds: seeds.length, failing: failing.map((r) => r.seed) }))
  return failing.length > 0 ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = err instanceof UsageError ? 2 : 3
  },
)
