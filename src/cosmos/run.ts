/**
 * Start or run a scenario in this thread: the tests', the CLI's and the shrinker's simplest host.
 * Same kernel, same layers, same fingerprint as any worker placement. Browser-safe (no node:
 * imports): the UI's Shrink worker runs through here too.
 */
import { Cosmos, placeLayers, type CosmosOptions, type CosmosScenario } from './cosmos'
import { inProcessEndpoint } from '../kernel/host'
import type { JsonObject, LayerName, LoggedEvent, MetricSample } from '../kernel/types'
import type { Violation } from '../checkers/types'

export interface StartOptions extends Pick<CosmosOptions, 'registry' | 'layers' | 'checkers' | 'validate' | 'lookahead' | 'onEvents' | 'onMetrics' | 'onNotice'> {
  /** Split the layers over this many hosts (placeLayers; 0, the default: one host). */
  hosts?: number
  /** Make host `index`'s endpoint; default: in this thread (inProcessEndpoint of the registry). */
  spawn?: CosmosOptions['spawn']
}

/**
 * The big bang of a run that keeps no log in memory (logRetention 0: events reach onEvents and the
 * checkers only). Every option left out is left to Cosmos's default; checkers: none unless given.
 * Only the options named in StartOptions are read, so a caller may pass a wider options object.
 */
export function startRun(scenario: CosmosScenario, o: StartOptions): Promise<Cosmos> {
  return Cosmos.start(scenario, {
    registry: o.registry,
    layers: o.layers,
    placement: placeLayers(o.registry, o.layers, o.hosts ?? 0),
    spawn: o.spawn ?? (() => inProcessEndpoint(o.registry)),
    checkers: o.checkers ?? [],
    logRetention: 0,
    validate: o.validate,
    lookahead: o.lookahead,
    onEvents: o.onEvents,
    onMetrics: o.onMetrics,
    onNotice: o.onNotice,
  })
}

export interface InProcessRun {
  fingerprint: string
  simTimeUs: number
  events: LoggedEvent[]
  metrics: MetricSample[]
  violations: Violation[]
  summaries: Partial<Record<LayerName, JsonObject>>
  cosmos: Cosmos
}

export interface InProcessOptions extends Pick<StartOptions, 'registry' | 'layers' | 'checkers' | 'hosts' | 'lookahead'> {
  untilUs: number
  /** Validate every message against its schema (default on here: tests are where a malformed message should fail loudly). */
  validate?: boolean
}

/** A whole run in this thread, every event and metric sample collected. */
export async function runInProcessWith(scenario: CosmosScenario, o: InProcessOptions): Promise<InProcessRun> {
  const events: LoggedEvent[] = []
  const metrics: MetricSample[] = []
  const cosmos = await startRun(scenario, {
    ...o,
    validate: o.validate ?? true,
    onEvents: (es) => { for (const e of es) events.push(e) },
    onMetrics: (ms) => { for (const m of ms) metrics.push(m) },
  })
  await cosmos.runUntil(o.untilUs)
  const violations = cosmos.finish()
  const summaries = await cosmos.summaries()
  cosmos.dispose()
  return { fingerprint: cosmos.fingerprint, simTimeUs: cosmos.nowUs, events, metrics, violations, summaries, cosmos }
}
