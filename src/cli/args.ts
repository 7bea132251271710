/**
 * CLI flags → a validated scenario and run options. Bad input throws UsageError with a one-line
 * message (the CLI prints it and exits 2, no stack trace).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ScenarioSchema, defaultScenario, type Scenario } from '../scenario/schema'
import { decodeScenario } from '../scenario/url'
import { migrate } from '../scenario/migrations'
import { formatIssues, quote } from '../scenario/errors'
import { RAFT_BUGS } from '../layers/mythOS/settings'

export class UsageError extends Error {}

export const SIM_USAGE = `usage: npm run sim -- [--scenario <file.json|URL|fragment>] [--seed N] [--nodes N] [--entropy X]
       [--network pneumOS|aetherOS] [--run atmOS,chaOS,mythOS] [--until <seconds>] [--workers N]
       [--bug figure8,forgetVote,skipLogCheck] [--out run.jsonl] [--metrics metrics.csv] [--shiviz out.log] [--print-url]`

export const COMMON_OPTIONS = {
  scenario: { type: 'string' },
  seed: { type: 'string' },
  nodes: { type: 'string' },
  entropy: { type: 'string' },
  network: { type: 'string' },
  run: { type: 'string' },
  until: { type: 'string' },
  workers: { type: 'string' },
  bug: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export interface RunOptions {
  scenario: Scenario
  untilUs: number
  workers: number
  warnings: string[]
}

const DEFAULT_UNTIL_S = 30

/** A plain decimal number: optional sign, digits, optional fraction, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Reads a numeric flag. Only plain decimal is accepted: `Number()` alone would also take hex
 * (`0x10`), binary, octal, `Infinity` and whitespace, which nobody means on a command line.
 */
export function parseNumberFlag(flag: string, raw: string, { int = false, min = -Infinity, max = Infinity } = {}): number {
  if (!DECIMAL.test(raw)) throw new UsageError(`--${flag} must be a decimal number, got ${quote(raw, 40)}`)
  const v = Number(raw)
  if (int && Number.isFinite(v) && !Number.isInteger(v)) throw new UsageError(`--${flag} must be a whole number, got ${raw}`)
  if (!Number.isFinite(v) || v < min || v > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${raw}`)
  return v
}
const number = parseNumberFlag

/** Load --scenario: a URL or fragment (decoded by the share-URL codec) or a JSON file. */
export function loadScenarioArg(arg: string | undefined): { scenario: Scenario; warnings: string[] } {
  if (arg === undefined) return { scenario: defaultScenario(), warnings: [] }
  const looksLikeLink = /^(https?:|#|s\d+\.|scenario=)/.test(arg)
  if (looksLikeLink) {
    const hash = arg.includes('#') ? arg.slice(arg.indexOf('#')) : arg
    const r = decodeScenario(hash)
    if (!r.ok) throw new UsageError(`--scenario: ${r.error}`)
    return { scenario: r.scenario, warnings: r.warnings }
  }
  let text: string
  try {
    text = readFileSync(arg, 'utf8')
  } catch {
    throw new UsageError(`--scenario: cannot read file '${arg}' (nor is it a share link)`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`--scenario: '${arg}' is not valid JSON (${e instanceof Error ? e.message : e})`)
  }
  const m = migrate(raw)
  if (!m.ok) throw new UsageError(`--scenario: ${m.error}`)
  const parsed = ScenarioSchema.safeParse(m.value)
  if (!parsed.success) throw new UsageError(`--scenario: ${formatIssues(parsed.error.issues)}`)
  return { scenario: parsed.data, warnings: m.warnings }
}

/** Apply the overriding flags and re-validate the whole scenario. */
export function buildRun(values: Partial<Record<keyof typeof COMMON_OPTIONS, string | boolean | undefined>>, defaultWorkers = 0): RunOptions {
  const { scenario: base, warnings } = loadScenarioArg(values.scenario as string | undefined)
  const s: Record<string, unknown> = structuredClone(base)
  if (typeof values.seed === 'string') s.seed = number('seed', values.seed, { int: true, min: 0, max: 0xffff_ffff })
  if (typeof values.nodes === 'string') s.nodes = { ...(s.nodes as object), count: number('nodes', values.nodes, { int: true, min: 1, max: 2000 }) }
  if (typeof values.entropy === 'string') {
    const layers = s.layers as Record<string, object>
    s.layers = { ...layers, chaOS: { ...layers.chaOS, entropy: number('entropy', values.entropy, { min: 0, max: 1 }) } }
  }
  if (typeof values.run === 'string') s.run = values.run.split(',').map((x) => x.trim()).filter((x) => x !== '')
  if (typeof values.bug === 'string') {
    // mythOS's switches that break Raft on purpose (settings.ts RAFT_BUGS).
    const bugs = values.bug.split(',').map((x) => x.trim()).filter((x) => x !== '')
    const unknown = bugs.filter((b) => !(RAFT_BUGS as readonly string[]).includes(b))
    if (bugs.length === 0 || unknown.length > 0) throw new UsageError(`--bug must be one or more of ${RAFT_BUGS.join(', ')} (comma-separated), got ${quote(values.bug, 60)}`)
    const layers = s.layers as Record<string, object>
    s.layers = { ...layers, mythOS: { ...layers.mythOS, bugs: [...new Set(bugs)] } }
  }
  if (typeof values.network === 'string') {
    if (values.network !== 'pneumOS' && values.network !== 'aetherOS') throw new UsageError(`--network must be pneumOS or aetherOS, got '${values.network}'`)
    s.network = values.network
  }
  const parsed = ScenarioSchema.safeParse(s)
  if (!parsed.success) throw new UsageError(formatIssues(parsed.error.issues))
  const scenario = parsed.data
  const untilUs = typeof values.until === 'string'
    ? Math.round(number('until', values.until, { min: 0, max: 86_400 }) * 1_000_000)
    : scenario.stopUs ?? DEFAULT_UNTIL_S * 1_000_000
  const workers = typeof values.workers === 'string' ? number('workers', values.workers, { int: true, min: 0, max: 64 }) : defaultWorkers
  return { scenario, untilUs, workers, warnings }
}

/** A token that reads as a negative number (`-1`, `-0.5`, `-.5`, `-1e3`, `-0x10`), not as a flag. */
const NEGATIVE_NUMBER = /^-(?:\d|\.\d)/

type CliOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>

/**
 * `--nodes -1` is, to parseArgs, an option missing its value followed by an unknown flag `-1`
 * ("argument is ambiguous"). A string option followed by a token that looks like a negative number
 * takes it as its value, exactly as if `--nodes=-1` had been written, so the range check can say
 * what is wrong with it.
 */
function joinNegativeValues(argv: readonly string[], options: CliOptions): string[] {
  const takesValue = new Set<string>()
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'string') continue
    takesValue.add(`--${name}`)
    if (o.short) takesValue.add(`-${o.short}`)
  }
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') { out.push(...argv.slice(i)); break }
    const next = argv[i + 1]
    if (takesValue.has(a) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(a.startsWith('--') ? `${a}=${next}` : `${a}${next}`)
      i++
    } else out.push(a)
  }
  return out
}

export function parseCli<T extends CliOptions>(argv: string[], options: T) {
  let parsed
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: false, tokens: true })
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e))
  }
  // parseArgs keeps the last of repeated flags; `--seed 1 --seed 2` is more likely a mistake.
  const seen = new Set<string>()
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given twice`)
    seen.add(t.name)
  }
  return { values: parsed.values, positionals: parsed.positionals }
}
