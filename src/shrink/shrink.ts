/**
 * Shrink a failing run to a minimal fault schedule (DESIGN §7), headless and in-process, so the
 * same code runs under Node (npm run shrink, tests) and in a browser Web Worker (the UI's Shrink):
 *
 *   1. run the scenario and note its first violation (the checker it must keep failing);
 *   2. stop it just after that violation (nothing later can matter to it);
 *   3. make chaOS's random faults explicit (explicit.ts): its random fault rates at 0, each fault
 *      it injected a timed intervention; kept only if that scenario still fails the same way;
 *   4. delta debugging (ddmin.ts) over the intervention list, each candidate a whole run;
 *   5. stop the minimal scenario just after its own first violation, and run it once more to
 *      verify that the scenario handed back fails.
 * "Fails the same way": a violation from the same checker as the original's first one.
 */
import { canonicalJson } from '../cosmos/fingerprint'
import { allCheckers } from '../checkers'
import type { Violation } from '../checkers/types'
import { startRun } from '../cosmos/run'
import type { LoggedEvent } from '../kernel/types'
import { registry } from '../layers/index'
import { activeLayers, ScenarioSchema, type Intervention, type Scenario } from '../scenario/schema'
import { ddmin } from './ddmin'
import { explicitFaults, withExplicitFaults } from './explicit'

export type ShrinkPhase = 'original' | 'shorten' | 'explicit' | 'ddmin' | 'verify' | 'done'

export interface ShrinkProgress {
  phase: ShrinkPhase
  /** Whole runs so far. */
  runs: number
  /** Interventions in the smallest failing scenario so far. */
  interventions: number
  /** A line for a person. */
  text: string
}

export interface ShrinkOptions {
  /** Run until here (µs) when the scenario has no stopUs. */
  untilUs: number
  onProgress?: (p: ShrinkProgress) => void
  /** Give up ddmin (keeping the smallest failing list so far) after this many runs. */
  maxRuns?: number
  /** A clock for the seconds taken (ms), e.g. performance.now; none: 0 s reported. */
  now?: () => number
}

export interface ShrinkResult {
  /** The minimal failing scenario, its stopUs just after its first violation. */
  scenario: Scenario
  /** Its first violation (of the same checker as the original's). */
  violation: Violation
  original: { interventions: number; untilUs: number; violation: Violation }
  /** The interventions the original amounts to once its random faults are explicit (its own included). */
  explicit: number
  /** Whether the random faults could be made explicit (false: the explicit schedule did not fail; only the user's interventions were shrunk). */
  madeExplicit: boolean
  interventions: number
  runs: number
  /** False when maxRuns stopped ddmin before the list was 1-minimal. */
  minimal: boolean
  seconds: number
}

export class NotFailingError extends Error {}

interface RunOutcome {
  violations: Violation[]
  chaosEvents: LoggedEvent[]
}

/**
 * One whole run in this thread with every checker, or only the one named `onlyChecker` (checkers
 * are passive: which ones watch never changes the run); chaOS's events kept (the faults it injected).
 */
export async function runForShrink(s: Scenario, untilUs: number, keepChaos = false, onlyChecker?: string): Promise<RunOutcome> {
  const chaosEvents: LoggedEvent[] = []
  const cosmos = await startRun(s, {
    registry,
    layers: activeLayers(s),
    checkers: onlyChecker === undefined ? allCheckers(s) : allCheckers(s).filter((c) => c.name === onlyChecker),
    validate: false,
    onEvents: keepChaos ? (es) => { for (const e of es) if (e.layer === 'chaOS') chaosEvents.push(e) } : undefined,
  })
  try {
    await cosmos.runUntil(untilUs)
    if (cosmos.error) throw new Error(cosmos.error)
    return { violations: cosmos.finish(), chaosEvents }
  } finally {
    cosmos.dispose()
  }
}

/** Just after time t: the end of the window holding it, plus one window (the checker saw it by then). */
export const justAfter = (tUs: number, quantumUs: number): number => (Math.floor(tUs / quantumUs) + 2) * quantumUs

const firstOf = (vs: readonly Violation[], checker: string): Violation | undefined => vs.find((v) => v.checker === checker)

export async function shrink(input: Scenario, o: ShrinkOptions): Promise<ShrinkResult> {
  const clock = o.now ?? (() => 0)
  const started = clock()
  let runs = 0
  const report = (phase: ShrinkPhase, interventions: number, text: string) => o.onProgress?.({ phase, runs, interventions, text })
  const untilUs = input.stopUs ?? o.untilUs

  // 1. The original run, its first violation, and what chaOS injected.
  report('original', input.interventions.length, `running the scenario to ${(untilUs / 1e6).toFixed(1)} s`)
  const first = await runForShrink(input, untilUs, true)
  runs++
  const v0 = first.violations.slice().sort((a, b) => a.t - b.t)[0]
  if (!v0) throw new NotFailingError(`the run violates no invariant up to ${(untilUs / 1e6).toFixed(1)} s: nothing to shrink`)
  const checker = v0.checker

  /** Does `s` fail the same way by `until`? Its first such violation, or null. */
  const failing = async (s: Scenario, until: number): Promise<Violation | null> => {
    const r = await runForShrink(s, until, false, checker)
    runs++
    return firstOf(r.violations.slice().sort((a, b) => a.t - b.t), checker) ?? null
  }

  // 2. Stop just after it: nothing later can matter to it (the run up to there is the same run).
  let shortUs = Math.min(untilUs, justAfter(v0.t, input.quantumUs))
  report('shorten', input.interventions.length, `first violation [${checker}] at ${(v0.t / 1e6).toFixed(3)} s: stopping there`)
  const base: Scenario = { ...input, stopUs: shortUs }

  // 3. Random faults made explicit, if that still fails: by the same stop time, or else (the
  //    explicit schedule is close, not exact) by the original one, stopping after its own violation.
  let current = base
  let madeExplicit = false
  // A fault the scenario already holds as an intervention (a shrunk link shrunk again) is not written down twice.
  const known = new Set(input.interventions.map((iv) => canonicalJson(iv)))
  const faultsUntil = (endUs: number) => explicitFaults(first.chaosEvents.filter((e) => e.t <= endUs), input.quantumUs, input.nodes.count).filter((f) => f.atUs <= endUs && !known.has(canonicalJson(f)))
  const attempt = async (endUs: number, runUs: number): Promise<Violation | null> => {
    const faults = faultsUntil(endUs)
    const parsed = ScenarioSchema.safeParse({ ...withExplicitFaults(input, faults), stopUs: runUs })
    if (!parsed.success) return null
    report('explicit', parsed.data.interventions.length, `${faults.length} random faults made explicit: checking that it still fails`)
    const v = await failing(parsed.data, runUs)
    if (v !== null) current = { ...parsed.data, interventions: parsed.data.interventions.filter((iv) => iv.atUs <= justAfter(v.t, input.quantumUs)), stopUs: Math.min(runUs, justAfter(v.t, input.quantumUs)) }
    return v
  }
  if (faultsUntil(untilUs).length === 0) madeExplicit = true // nothing random to make explicit
  else if ((await attempt(shortUs, shortUs)) !== null || (untilUs > shortUs && (await attempt(untilUs, untilUs)) !== null)) {
    madeExplicit = true
    shortUs = current.stopUs!
  }
  const explicitCount = current.interventions.length

  // 4. ddmin over the interventions.
  report('ddmin', explicitCount, `delta debugging over ${explicitCount} interventions`)
  const withList = (list: readonly Intervention[]): Scenario => ({ ...current, interventions: [...list] })
  const dd = await ddmin(current.interventions, async (list) => (await failing(withList(list), shortUs)) !== null, {
    ...(o.maxRuns !== undefined ? { maxTests: o.maxRuns } : {}),
    onProgress: (p) => report('ddmin', p.size, `delta debugging: ${p.size} interventions left after ${p.tests} tries`),
  })
  let minimal = withList(dd.items)

  // 5. Stop just after the minimal scenario's own first violation, and verify.
  report('verify', dd.items.length, 'verifying the minimal scenario')
  let v = await failing(minimal, shortUs)
  if (v !== null) {
    const endUs = Math.min(shortUs, justAfter(v.t, input.quantumUs))
    const shorter = { ...minimal, stopUs: endUs }
    const again = endUs < shortUs ? await failing(shorter, endUs) : v
    if (again !== null) {
      minimal = shorter
      v = again
    } else minimal = { ...minimal, stopUs: shortUs }
  }
  if (v === null) throw new Error('the shrunk scenario no longer fails (the run is not deterministic?)')
  const result: ShrinkResult = {
    scenario: minimal,
    violation: v,
    original: { interventions: input.interventions.length, untilUs, violation: v0 },
    explicit: explicitCount,
    madeExplicit,
    interventions: minimal.interventions.length,
    runs,
    minimal: dd.minimal,
    seconds: (clock() - started) / 1000,
  }
  report('done', result.interventions, `${explicitCount} → ${result.interventions} interventions in ${runs} runs`)
  return result
}
