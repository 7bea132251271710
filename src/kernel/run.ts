/**
 * Run a scenario in this thread: the tests' and the CLI's simplest host. Same kernel, same
 * layers, same fingerprint as any worker placement.
 */
import { Cosmos, placeLayers } from './cosmos'
import { inProcessEndpoint, type LayerRegistry } from './host'
import type { JsonObject, LayerName, LoggedEvent } from './types'
import type { Checker, Violation } from '../checkers/types'
import type { Scenario } from '../scenario/schema'

export interface InProcessRun {
  fingerprint: string
  simTimeUs: number
  events: LoggedEvent[]
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
}

export async function runInProcessWith(scenario: Scenario, o: InProcessOptions): Promise<InProcessRun> {
  const events: LoggedEvent[] = []
  const cosmos = await Cosmos.start(scenario, {
    layers: o.layers,
    placement: placeLayers(o.layers, o.hosts ?? 0),
    spawn: () => inProcessEndpoint(o.registry),
    checkers: o.checkers ?? [],
    onEvents: (es) => { for (const e of es) events.push(e) },
    logRetention: 0,
  })
  await cosmos.runUntil(o.untilUs)
  const violations = cosmos.finish()
  const summaries = await cosmos.summaries()
  cosmos.dispose()
  return { fingerprint: cosmos.fingerprint, simTimeUs: cosmos.nowUs, events, violations, summaries, cosmos }
}
