/**
 * nomOS's rule language: CEL (github.com/google/cel-spec), the language of Kubernetes'
 * ValidatingAdmissionPolicy, parsed, type-checked and evaluated by a well-kept CEL library
 * (@marcbachmann/cel-js) — never `eval`: an expression can only read the variables declared here,
 * has no loops but CEL's bounded macros, and is limited in size and depth. Evaluation is a pure
 * function of the expression and the context, so it is deterministic. The page uses the same
 * checker to refuse a rule before it is sent (the nomOS panel).
 *
 * Variables a rule sees (ints are CEL ints, metrics doubles):
 *   request  {action, target (−1 for a partition), targets, requester, reason, random}
 *   target   {id, status, voter, leader, metrics: map<string, double>}  (id −1 for a partition)
 *   cluster  {worlds, up, serving, voters, votersUp, votersAvailable, quorum, leader, term,
 *             quarantined, partitions, alertsFiring}
 *   after    the same counts as cluster if the request were admitted (with every change already
 *             admitted and not yet announced)
 *   worlds   list of {id, status, voter, leader}
 *   metrics  map "layer.metric" → the latest cluster value (double)
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js'
import { MAX_EXPRESSION_CHARS } from './settings'

const COUNTS = { worlds: 'int', up: 'int', serving: 'int', voters: 'int', votersUp: 'int', votersAvailable: 'int', quorum: 'int', leader: 'int', term: 'int', quarantined: 'int', partitions: 'int', alertsFiring: 'int' } as const

let env: Environment | null = null

function environment(): Environment {
  if (env !== null) return env
  env = new Environment({ limits: { maxAstNodes: 1_000, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 } })
    .registerType('World', { fields: { id: 'int', status: 'string', voter: 'bool', leader: 'bool' } })
    .registerType('Target', { fields: { id: 'int', status: 'string', voter: 'bool', leader: 'bool', metrics: 'map<string, double>' } })
    .registerType('Request', { fields: { action: 'string', target: 'int', targets: 'list<int>', requester: 'string', reason: 'string', random: 'bool' } })
    .registerType('Cluster', { fields: { ...COUNTS } })
    .registerVariable('request', 'Request')
    .registerVariable('target', 'Target')
    .registerVariable('cluster', 'Cluster')
    .registerVariable('after', 'Cluster')
    .registerVariable('worlds', 'list<World>')
    .registerVariable('metrics', 'map<string, double>')
  return env
}

export interface CelWorld { id: number; status: string; voter: boolean; leader: boolean }
export type CelCounts = { [K in keyof typeof COUNTS]: number }
export interface CelContext {
  request: { action: string; target: number; targets: number[]; requester: string; reason: string; random: boolean }
  target: CelWorld & { metrics: Record<string, number> }
  cluster: CelCounts
  after: CelCounts
  worlds: CelWorld[]
  metrics: Record<string, number>
}

/**
 * Functions a rule may not call: CEL's time functions (timestamp, duration and their get* accessors
 * read the host's time zone and date parser, so a rule would judge differently on another
 * machine) and `matches` (JavaScript's backtracking regular expressions, not RE2: a hostile pattern
 * could stall the run).
 */
const FORBIDDEN = /^(timestamp|duration|matches|get[A-Z]\w*)$/

/** CEL's comprehension macros; nesting them multiplies the work (worlds^depth), so at most MAX_NESTING deep. */
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter'])
export const MAX_NESTING = 2

interface AstNode { op: string; args: unknown; pos?: number }
const isNode = (x: unknown): x is AstNode => typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as AstNode).op === 'string'

/** What in a parsed rule the checker refuses (a forbidden function, comprehensions nested too deep), or null. */
function refusal(ast: unknown, expression: string): string | null {
  const at = (n: AstNode) => (typeof n.pos === 'number' ? ` (at ${n.pos + 1}: ${JSON.stringify(expression.slice(n.pos, n.pos + 24))})` : '')
  const walk = (x: unknown, depth: number): string | null => {
    if (Array.isArray(x)) {
      for (const y of x) {
        const r = walk(y, depth)
        if (r !== null) return r
      }
      return null
    }
    if (!isNode(x)) return null
    let inner = depth
    if ((x.op === 'call' || x.op === 'rcall') && Array.isArray(x.args) && typeof x.args[0] === 'string') {
      const name = x.args[0]
      if (FORBIDDEN.test(name)) return `${name}() is not allowed in a rule: its result could differ from machine to machine or take unbounded time${at(x)}`
      if (COMPREHENSIONS.has(name)) {
        inner = depth + 1
        if (inner > MAX_NESTING) return `comprehensions (${[...COMPREHENSIONS].join(', ')}) may be nested at most ${MAX_NESTING} deep: each level multiplies the work by the number of worlds${at(x)}`
      }
    }
    return walk(x.args, inner)
  }
  return walk(ast, 0)
}

/** A rule's expression accepted (a bool), or why not: the parser's or type checker's message, with the place it points at. */
export type Compiled = { ok: true } | { ok: false; error: string }

export function checkExpression(expression: string): Compiled {
  if (expression.length > MAX_EXPRESSION_CHARS) return { ok: false, error: `the expression is ${expression.length} characters long (at most ${MAX_EXPRESSION_CHARS})` }
  if (expression.trim() === '') return { ok: false, error: 'the expression is empty' }
  let r
  try {
    r = environment().check(expression)
  } catch (e) {
    return { ok: false, error: errorText(e) }
  }
  if (!r.valid) return { ok: false, error: errorText(r.error) }
  if (r.type !== 'bool' && r.type !== 'dyn') return { ok: false, error: `a rule must be true or false (a bool); this expression is ${r.type ?? 'of no type'}` }
  let refused: string | null
  try {
    refused = refusal(environment().parse(expression).ast, expression)
  } catch (e) {
    return { ok: false, error: errorText(e) }
  }
  return refused === null ? { ok: true } : { ok: false, error: refused }
}

/** Parsed programs by expression (a pure function of the text: sharing them changes nothing). */
const programs = new Map<string, ParseResult>()

/** Evaluate an accepted expression: true (holds), false (violated), or the error that stopped it. */
export function evaluateRule(expression: string, ctx: CelContext): { value: boolean } | { error: string } {
  let program = programs.get(expression)
  try {
    if (program === undefined) {
      program = environment().parse(expression)
      if (programs.size >= 256) programs.clear()
      programs.set(expression, program)
    }
    const v: unknown = program(toCel(ctx))
    if (typeof v !== 'boolean') return { error: `the rule gave ${typeof v === 'bigint' ? 'an int' : typeof v}, not true or false` }
    return { value: v }
  } catch (e) {
    return { error: errorText(e) }
  }
}

const big = (n: number): bigint => BigInt(Math.trunc(n))
const countsToCel = (c: CelCounts): Record<string, bigint> => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, big(v)]))
const worldToCel = (w: CelWorld) => ({ id: big(w.id), status: w.status, voter: w.voter, leader: w.leader })
const metricsToCel = (m: Record<string, number>): Map<string, number> => new Map(Object.entries(m))

function toCel(c: CelContext): Record<string, unknown> {
  return {
    request: { ...c.request, target: big(c.request.target), targets: c.request.targets.map(big) },
    target: { ...worldToCel(c.target), metrics: metricsToCel(c.target.metrics) },
    cluster: countsToCel(c.cluster),
    after: countsToCel(c.after),
    worlds: c.worlds.map(worldToCel),
    metrics: metricsToCel(c.metrics),
  }
}

/** An error's message, bounded (CEL's messages carry the expression line and a caret under the place). */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e)
  return m.length > 1_000 ? `${m.slice(0, 1_000)}…` : m
}

/** The variables a rule may read, for the panel's help. */
export const CEL_VARIABLES: readonly { name: string; type: string; description: string }[] = [
  { name: 'request', type: '{action, target, targets, requester, reason, random}', description: 'what is asked: a lifecycle action on world target, or a partition cutting targets off (target −1)' },
  { name: 'target', type: '{id, status, voter, leader, metrics}', description: 'the world acted on, with its latest per-world metrics ("layer.metric")' },
  { name: 'cluster', type: `{${Object.keys(COUNTS).join(', ')}}`, description: 'the cluster now (leader −1: none known)' },
  { name: 'after', type: 'the same counts', description: 'the cluster if the request were admitted' },
  { name: 'worlds', type: 'list of {id, status, voter, leader}', description: 'every world' },
  { name: 'metrics', type: 'map<string, double>', description: 'latest cluster metrics, e.g. metrics["mythOS.leaders"]' },
]
