/**
 * npm run sweep -- --seeds A..B [sim flags] [--parallel N]: run many seeds in parallel on
 * worker_threads (one whole run per worker at a time), with a progress bar, and list every seed
 * whose run violated an invariant with the command that reproduces it. Exit 1 if any did.
 *
 * Beyond one machine (see deploy/sweep/README.md): `--k8s` writes a Kubernetes Indexed Job whose
 * pods each run one shard (`--shards N --shard-from-env`); a shard prints its failing seeds and a
 * summary as JSON lines and exits 0 once it has run (its failures are results, not a pod to
 * retry); `--collect <dir>` merges the pods' logs and exits 1 if any seed failed, 3 if a shard's
 * results are missing.
 */
import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import { UsageError, buildRun, parseCli, parseNumberFlag } from './args'
import type { SweepJob, SweepResult } from './sweepWorker'
import {
  SWEEP_OPTIONS, SWEEP_USAGE, collectDir, failingLine, parseSeedRange, parseShards, reproduceCommand, resolveShardIndex,
  runArgs, shardLine, shardRange,
} from './sweepLib'
import { DEFAULT_IMAGE, carriedRunArgs, defaultJobName, parseImageRef, parseJobName, renderManifest } from './k8s'

/** Shards a --k8s sweep gets when --shards is not given (fewer if there are fewer seeds). */
const DEFAULT_SHARDS = 10

async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values } = parseCli(argv, SWEEP_OPTIONS)
  if (values.help) { console.log(SWEEP_USAGE); return 0 }
  if (typeof values.collect === 'string') {
    const other = Object.keys(values).find((k) => k !== 'collect' && values[k as keyof typeof values] !== undefined)
    if (other !== undefined) throw new UsageError(`--collect takes no other flag (got --${other})`)
    return collect(values.collect)
  }
  if (values.seed !== undefined) throw new UsageError('--seed is not a sweep flag: give the seeds as --seeds A..B')
  if (typeof values.seeds !== 'string') throw new UsageError(`--seeds is required. ${SWEEP_USAGE.split('\n')[0]}`)
  const [from, to] = parseSeedRange(values.seeds)
  const base = buildRun({ ...values, seed: String(from) })
  for (const w of base.warnings) console.error(`warning: ${w}`)
  if (values.k8s) return writeJob(values, from, to)
  for (const flag of ['parallelism', 'image', 'name', 'out'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} only goes with --k8s`)
  }

  let shard: { index: number; shards: number } | null = null
  let [first, last] = [from, to]
  if (values.shards !== undefined) {
    const shards = parseShards(values.shards, from, to)
    shard = { index: resolveShardIndex(values, shards, env), shards }
    ;[first, last] = shardRange(from, to, shards, shard.index)
  } else if (values.shard !== undefined || values['shard-from-env']) throw new UsageError('--shard and --shard-from-env need --shards N')

  const parallel = typeof values.parallel === 'string' ? parseNumberFlag('parallel', values.parallel, { int: true, min: 1, max: 64 }) : Math.max(1, availableParallelism())
  const seeds = Array.from({ length: last - first + 1 }, (_, i) => first + i)
  const results: SweepResult[] = []
  const entry = fileURLToPath(new URL('./sweepWorker.bootstrap.mjs', import.meta.url))
  const started = process.hrtime.bigint()
  const progress = progressReporter(seeds.length, () => results.filter((r) => !r.ok || r.violations.length > 0).length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(parallel, seeds.length) }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(entry)
    const feed = () => {
      if (next >= seeds.length) { void w.terminate().then(() => resolve()); return }
      const seed = seeds[next++]!
      w.postMessage({ seed, scenario: { ...base.scenario, seed }, untilUs: base.untilUs } satisfies SweepJob)
    }
    w.on('message', (r: SweepResult) => { results.push(r); progress(results.length); feed() })
    w.on('error', reject)
    feed()
  })))
  const wallS = Number(process.hrtime.bigint() - started) / 1e9
  const failing = results.filter((r) => !r.ok || r.violations.length > 0).sort((a, b) => a.seed - b.seed)
  const what = shard === null ? '' : `shard ${shard.index} of ${shard.shards} (seeds ${first}..${last}): `
  console.log(`${what}${seeds.length} seeds × ${(base.untilUs / 1e6).toFixed(1)} s sim in ${wallS.toFixed(1)} s on ${parallel} workers: ${failing.length} failing`)
  const args = runArgs(argv)
  const whys = failing.map((r) => r.ok ? r.violations.map((v) => `[${v.checker}] ${v.message}`).slice(0, 3).join('; ') : `error: ${r.error}`)
  failing.forEach((r, i) => console.log(`seed ${r.seed}: ${whys[i]}\n  reproduce: ${reproduceCommand(args, r.seed)}`))
  if (shard === null) {
    console.log(JSON.stringify({ seeds: seeds.length, failing: failing.map((r) => r.seed) }))
    return failing.length > 0 ? 1 : 0
  }
  failing.forEach((r, i) => console.log(failingLine(shard.index, r.seed, whys[i]!)))
  console.log(shardLine({ shard: shard.index, shards: shard.shards, from, to, seeds: seeds.length, failing: failing.length, args }))
  return 0
}

/** A bar redrawn in place on a terminal; elsewhere (a pod's log, a pipe) one line per tenth. */
function progressReporter(total: number, bad: () => number): (done: number) => void {
  const tty = process.stderr.isTTY === true
  let shown = 0
  return (done) => {
    if (tty) {
      const width = 30, filled = Math.round((done / total) * width)
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds · ${bad()} failing${done === total ? '\n' : ''}`)
    } else if (Math.floor((done * 10) / total) > shown || done === total) {
      shown = Math.floor((done * 10) / total)
      process.stderr.write(`${done}/${total} seeds · ${bad()} failing\n`)
    }
  }
}

function writeJob(values: ReturnType<typeof parseCli<typeof SWEEP_OPTIONS>>['values'], from: number, to: number): number {
  if (values.shard !== undefined || values['shard-from-env']) throw new UsageError('--shard and --shard-from-env are what the pods of --k8s run; not with --k8s')
  const shards = typeof values.shards === 'string' ? parseShards(values.shards, from, to) : Math.min(DEFAULT_SHARDS, to - from + 1)
  const o = {
    name: typeof values.name === 'string' ? parseJobName(values.name) : defaultJobName(from, to),
    image: typeof values.image === 'string' ? parseImageRef(values.image) : DEFAULT_IMAGE,
    from, to, shards,
    parallelism: typeof values.parallelism === 'string' ? parseNumberFlag('parallelism', values.parallelism, { int: true, min: 1, max: shards }) : shards,
    parallel: typeof values.parallel === 'string' ? parseNumberFlag('parallel', values.parallel, { int: true, min: 1, max: 64 }) : 1,
    runArgs: carriedRunArgs(values),
  }
  if (typeof values.out !== 'string') { process.stdout.write(renderManifest(o)); return 0 }
  try {
    writeFileSync(values.out, renderManifest(o, values.out))
  } catch (e) {
    throw new UsageError(`--out: cannot write '${values.out}': ${e instanceof Error ? e.message : String(e)}`)
  }
  console.error(`wrote ${values.out}: Job ${o.name}, seeds ${from}..${to} in ${shards} shards (its first lines say how to apply it and collect the results)`)
  return 0
}

function collect(dir: string): number {
  const c = collectDir(dir)
  console.log(`seeds ${c.from}..${c.to} in ${c.shards} shards: ${c.shards - c.missing.length} finished, ${c.ran} seeds ran, ${c.failing.length} failing`)
  for (const f of c.failing) console.log(`seed ${f.seed}: ${f.why}\n  reproduce: ${reproduceCommand(c.args, f.seed)}`)
  if (c.missing.length > 0) console.log(`missing: no summary line from shard(s) ${c.missing.join(', ')}: not finished, or the log is not in ${dir}`)
  if (c.short.length > 0) console.log(`incomplete: shard(s) ${c.short.join(', ')} counted more failing seeds than ${dir} holds (a cut or rotated log)`)
  console.log(JSON.stringify({ seeds: c.to - c.from + 1, ran: c.ran, failing: c.failing.map((f) => f.seed), missingShards: c.missing, incompleteShards: c.short }))
  if (c.failing.length > 0) return 1
  return c.missing.length > 0 || c.short.length > 0 ? 3 : 0
}

main(process.argv.slice(2), process.env).then(
  (code) => { process.exitCode = code },
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = err instanceof UsageError ? 2 : 3
  },
)
