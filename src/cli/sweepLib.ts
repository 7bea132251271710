/**
 * The sweep CLI's pure parts, importable by tests (sweep.ts itself runs on import): its flags,
 * seed ranges and their split into shards, the command that reproduces one seed, and the result
 * lines a shard prints so that `npm run sweep -- --collect <dir>` can merge the shards' logs.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { COMMON_OPTIONS, UsageError, parseNumberFlag } from './args'

export const SWEEP_USAGE = `usage: npm run sweep -- --seeds A..B [--parallel N] [--scenario …] [--nodes N] [--entropy X] [--network …] [--run …] [--until <seconds>]
       npm run sweep -- --seeds A..B [sim flags] --k8s [--shards N] [--parallelism N] [--parallel N] [--image REF] [--name NAME] [--out job.yaml]
       npm run sweep -- --seeds A..B [sim flags] --shards N (--shard I | --shard-from-env)   (one shard; prints result lines)
       npm run sweep -- --collect <dir>   (merge the shards' logs: failing seeds and how to reproduce them)`

/** Flags that belong to the sweep, not to the runs: never carried into a reproduce command. */
const SWEEP_ONLY_OPTIONS = {
  seeds: { type: 'string' },
  parallel: { type: 'string' },
  shards: { type: 'string' },
  shard: { type: 'string' },
  'shard-from-env': { type: 'boolean' },
  k8s: { type: 'boolean' },
  parallelism: { type: 'string' },
  image: { type: 'string' },
  name: { type: 'string' },
  out: { type: 'string' },
  collect: { type: 'string' },
} as const

export const SWEEP_OPTIONS = { ...COMMON_OPTIONS, ...SWEEP_ONLY_OPTIONS } as const

/**
 * The flags of `sim` that a sweep passes on to every run (a --k8s sweep into every pod): all of
 * COMMON_OPTIONS but the seed (the sweep's own), --workers (a sweep runs each seed in-process) and
 * --help, so that a flag added there is carried without a change here.
 */
const NOT_CARRIED = ['seed', 'workers', 'help'] as const
export type CarriedFlag = Exclude<keyof typeof COMMON_OPTIONS, (typeof NOT_CARRIED)[number]>
export const CARRIED_FLAGS = (Object.keys(COMMON_OPTIONS) as (keyof typeof COMMON_OPTIONS)[])
  .filter((k): k is CarriedFlag => !(NOT_CARRIED as readonly string[]).includes(k))

/** The most seeds one sweep runs (across all its shards). */
export const MAX_SWEEP_SEEDS = 100_000

export function parseSeedRange(raw: string): [number, number] {
  const m = /^(\d+)\.\.(\d+)$/.exec(raw.trim())
  if (!m) throw new UsageError(`--seeds must look like A..B (e.g. 1..100), got '${raw}'`)
  const a = Number(m[1]), b = Number(m[2])
  if (b < a) throw new UsageError(`--seeds: ${b} is before ${a}`)
  if (b > 0xffff_ffff) throw new UsageError('--seeds: seeds are 32-bit (at most 4294967295)')
  if (b - a >= MAX_SWEEP_SEEDS) throw new UsageError(`--seeds: at most ${MAX_SWEEP_SEEDS} seeds per sweep`)
  return [a, b]
}

/**
 * The seeds of shard `index` of `shards` over from..to (inclusive): contiguous, in order, the
 * shards together cover the range exactly once and their sizes differ by at most one (the first
 * `count % shards` shards take one more). Needs 1 ≤ shards ≤ to − from + 1.
 */
export function shardRange(from: number, to: number, shards: number, index: number): [number, number] {
  const count = to - from + 1
  if (!Number.isInteger(shards) || shards < 1 || shards > count) throw new RangeError(`shards must be 1..${count}, got ${shards}`)
  if (!Number.isInteger(index) || index < 0 || index >= shards) throw new RangeError(`index must be 0..${shards - 1}, got ${index}`)
  const base = Math.floor(count / shards), extra = count % shards
  const start = from + index * base + Math.min(index, extra)
  return [start, start + base + (index < extra ? 1 : 0) - 1]
}

/** --shards N: between 1 and the number of seeds. */
export function parseShards(raw: string, from: number, to: number): number {
  return parseNumberFlag('shards', raw, { int: true, min: 1, max: to - from + 1 })
}

/**
 * Which shard this process runs: `--shard I`, or `--shard-from-env`, which reads the index that
 * a Kubernetes Indexed Job gives each pod in JOB_COMPLETION_INDEX.
 */
export function resolveShardIndex(values: { shard?: string | undefined; 'shard-from-env'?: boolean | undefined }, shards: number, env: Record<string, string | undefined>): number {
  if (values.shard !== undefined && values['shard-from-env']) throw new UsageError('--shard and --shard-from-env exclude each other')
  if (values.shard !== undefined) return parseNumberFlag('shard', values.shard, { int: true, min: 0, max: shards - 1 })
  if (!values['shard-from-env']) throw new UsageError('--shards without --k8s needs --shard I or --shard-from-env')
  const raw = env.JOB_COMPLETION_INDEX
  if (raw === undefined) throw new UsageError('--shard-from-env: JOB_COMPLETION_INDEX is not set (it is set in the pods of a Kubernetes Indexed Job)')
  if (!/^\d+$/.test(raw) || Number(raw) >= shards) throw new UsageError(`--shard-from-env: JOB_COMPLETION_INDEX must be 0..${shards - 1}, got '${raw.slice(0, 40)}'`)
  return Number(raw)
}

/** A command-line word as the shell reads it back: bare when it is plainly safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`
}

/**
 * The runs' own flags among `argv` (everything but the sweep's), e.g. to reproduce one seed.
 * Each flag keeps its value; `--seed` and `--help` are not run flags either.
 */
export function runArgs(argv: readonly string[]): string[] {
  const skipWithValue = new Set(['--seed', ...Object.entries(SWEEP_ONLY_OPTIONS).filter(([, o]) => o.type === 'string').map(([k]) => `--${k}`)])
  const skip = new Set(['--help', '-h', ...Object.entries(SWEEP_ONLY_OPTIONS).filter(([, o]) => o.type === 'boolean').map(([k]) => `--${k}`)])
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (skipWithValue.has(a)) { i++; continue }
    if (skip.has(a) || skipWithValue.has(a.split('=')[0]!)) continue
    rest.push(a)
  }
  return rest
}

/** The shell command that replays one seed of a sweep whose runs took `args`. */
export function reproduceCommand(args: readonly string[], seed: number): string {
  return ['npm run sim -- --seed', String(seed), ...args.map(shellQuote)].join(' ')
}

// ---- result lines: what a shard prints, what --collect reads ----

/** Every result line is one JSON object whose first key is `"sweep": 1` (so it is found in any log). */
export const RESULT_TAG = '{"sweep":1,'

export interface FailingLine { sweep: 1; kind: 'failing'; shard: number; seed: number; why: string }
export interface ShardLine { sweep: 1; kind: 'shard'; shard: number; shards: number; from: number; to: number; seeds: number; failing: number; args: string[] }

export const failingLine = (shard: number, seed: number, why: string): string =>
  JSON.stringify({ sweep: 1, kind: 'failing', shard, seed, why } satisfies FailingLine)

/** The last line a shard prints, once all its seeds have run. */
export const shardLine = (l: Omit<ShardLine, 'sweep' | 'kind'>): string =>
  JSON.stringify({ sweep: 1, kind: 'shard', ...l } satisfies ShardLine)

export interface Collected {
  from: number
  to: number
  shards: number
  args: string[]
  /** Seeds that ran, over the shards that finished. */
  ran: number
  /** Failing seeds in order, each once (a shard that ran again prints the same lines again). */
  failing: { seed: number; why: string }[]
  /** Shards with no final line: they have not finished, or their logs were not fetched. */
  missing: number[]
  /** Shards whose final line counts more failing seeds than their failing lines (a cut log). */
  short: number[]
}

/**
 * Merges result lines from any text (one or many `kubectl logs` outputs, with or without
 * prefixes or timestamps; other lines are skipped). Throws UsageError when there is no result
 * at all or when the lines come from different sweeps.
 */
export function collectLines(texts: Iterable<string>): Collected {
  const summaries = new Map<number, ShardLine>()
  const failing = new Map<number, FailingLine>()
  let sweep: Pick<ShardLine, 'from' | 'to' | 'shards' | 'args'> | null = null
  let key = ''
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const at = line.indexOf(RESULT_TAG)
      if (at < 0) continue
      let o: unknown
      try { o = JSON.parse(line.slice(at)) } catch { continue } // a line cut short by a killed pod
      if (isShardLine(o)) {
        const k = JSON.stringify([o.from, o.to, o.shards, o.args])
        if (sweep === null) { sweep = { from: o.from, to: o.to, shards: o.shards, args: o.args }; key = k }
        else if (k !== key) throw new UsageError(`--collect: results of two different sweeps (seeds ${sweep.from}..${sweep.to} in ${sweep.shards} shards, and ${o.from}..${o.to} in ${o.shards}); collect each into its own folder`)
        summaries.set(o.shard, o)
      } else if (isFailingLine(o)) failing.set(o.seed, o)
    }
  }
  if (sweep === null) throw new UsageError('--collect: no shard finished (no final result line found); see deploy/sweep/README.md')
  const failingList = [...failing.values()].filter((f) => f.seed >= sweep.from && f.seed <= sweep.to).sort((a, b) => a.seed - b.seed)
  const missing: number[] = [], short: number[] = []
  let ran = 0
  for (let i = 0; i < sweep.shards; i++) {
    const s = summaries.get(i)
    if (!s) { missing.push(i); continue }
    ran += s.seeds
    const [a, b] = shardRange(sweep.from, sweep.to, sweep.shards, i)
    if (failingList.filter((f) => f.seed >= a && f.seed <= b).length < s.failing) short.push(i)
  }
  return { ...sweep, ran, failing: failingList.map(({ seed, why }) => ({ seed, why })), missing, short }
}

/** Reads every file directly inside `dir` and merges their result lines. */
export function collectDir(dir: string): Collected {
  let names: string[]
  try {
    names = readdirSync(dir).sort()
  } catch {
    throw new UsageError(`--collect: cannot read the folder '${dir}'`)
  }
  const files = names.map((n) => join(dir, n)).filter((p) => statSync(p).isFile())
  return collectLines(files.map((p) => readFileSync(p, 'utf8')))
}

const isObj = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o)
const isIdx = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0

function isShardLine(o: unknown): o is ShardLine {
  if (!isObj(o) || o.sweep !== 1 || o.kind !== 'shard') return false
  const { shard, shards, from, to, seeds, failing, args } = o
  return isIdx(shard) && isIdx(shards) && isIdx(from) && isIdx(to) && isIdx(seeds) && isIdx(failing)
    && to >= from && shards >= 1 && shard < shards && shards <= to - from + 1
    && Array.isArray(args) && args.every((a) => typeof a === 'string')
}

function isFailingLine(o: unknown): o is FailingLine {
  return isObj(o) && o.sweep === 1 && o.kind === 'failing' && isIdx(o.shard) && isIdx(o.seed) && typeof o.why === 'string'
}
