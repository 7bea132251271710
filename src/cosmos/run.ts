/**
 * Run a scenario in this thread: the tests' and the CLI's simplest host. Same kernel, same
 * layers, same fingerprint as any worker placement. Messages are validated against their schemas
 * unless told otherwise (tests are where a malformed message should fail loudly).
 */
import { Cosmos, placeLayers, type CosmosScenario } from './cosmos'
import { inProcessEndpoint } from '../kernel/host'
import type { LayerRegistry } from '../kernel/registry'
import type { JsonObject, LayerName, LoggedEvent, MetricSample } from '../kernel/types'
import type { Checker, Violation } from '../checkers/types'

export interface InProcessRun {
  fingerprint: string
  simTimeUs: number
  events: LoggedEvent[]
  metrics: MetricSample[]
  violations: Violation[]
  summaries: Partial<Record<LayerName, JsonObject>>
  cosmos: Cosmos
}

export interface InProcessOptions {
  untilUs: number
  registry: LayerRegistry
  layers: readonly LayerName[]
  checkers?: Checker[]
  /** Split the layers over this many in-process hosts (exercises placement without threads). */
  hosts?: number
  validate?: boolean
  /** CosmosOptions.lookahead (default on). */
  lookahead?: boolean
}

export async function runInProcessWith(scenario: CosmosScenario, o: InProcessOptions): Promise<InProcessRun> {
  const events: LoggedEvent[] = []
  const metrics: MetricSample[] = []
  const cosmos = await Cosmos.start(scenario, {
    registry: o.registry,
    layers: o.layers,
    placement: placeLayers(o.registry, o.layers, o.hosts ?? 0),
    spawn: () => inProcessEndpoint(o.registry),
    checkers: o.checkers ?? [],
    onEvents: (es) => { for (const e of es) events.push(e) },
    onMetrics: (ms) => { for (const m of ms) metrics.push(m) },
    logRetention: 0,
    validate: o.validate ?? true,
    ...(o.lookahead === undefined ? {} : { lookahead: o.lookahead }),
  })
  await cosmos.runUntil(o.untilUs)
  const violations = cosmos.finish()
  const summaries = await cosmos.summaries()
  cosmos.dispose()
  return { fingerprint: cosmos.fingerprint, simTimeUs: cosmos.nowUs, events, metrics, violations, summaries, cosmos }
}
