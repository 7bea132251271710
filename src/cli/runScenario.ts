/**
 * Run one scenario headless with every checker: in-process (workers = 0) or with its layers on N
 * Node worker_threads. Shared by `npm run sim`, the sweep workers and the benchmarks.
 */
import { allCheckers } from '../checkers'
import type { Checker, Violation } from '../checkers/types'
import { Cosmos, placeLayers } from '../cosmos/cosmos'
import { inProcessEndpoint } from '../kernel/host'
import type { LoggedEvent, MetricSample } from '../kernel/types'
import { registry } from '../layers/index'
import { activeLayers, type Scenario } from '../scenario/schema'
import { shareUrl } from '../scenario/url'
import { nodeWorkerEndpoint } from '../workers/nodeEndpoint'

export const DEFAULT_BASE_URL = 'http://127.0.0.1:5173/'

export interface RunSummary {
  fingerprint: string
  simTimeUs: number
  events: number
  violations: Violation[]
  url: string
}

export interface HeadlessOptions {
  untilUs: number
  workers: number
  onEvents?: (events: readonly LoggedEvent[]) => void
  onMetrics?: (samples: readonly MetricSample[]) => void
  onNotice?: (message: string) => void
  baseUrl?: string
  /** Observers run beside the checkers (e.g. the ShiViz collector of --shiviz). */
  extraCheckers?: Checker[]
}

/** The big bang of a headless run with every checker (hosts spawned, layers initialised). */
export function startHeadless(scenario: Scenario, o: Omit<HeadlessOptions, 'untilUs'>): Promise<Cosmos> {
  const layers = activeLayers(scenario)
  return Cosmos.start(scenario, {
    registry,
    layers,
    placement: placeLayers(registry, layers, o.workers),
    spawn: () => (o.workers > 0 ? nodeWorkerEndpoint('pantheon') : inProcessEndpoint(registry)),
    checkers: [...allCheckers(scenario), ...(o.extraCheckers ?? [])],
    logRetention: 0,
    ...(o.onEvents ? { onEvents: o.onEvents } : {}),
    ...(o.onMetrics ? { onMetrics: o.onMetrics } : {}),
    ...(o.onNotice ? { onNotice: o.onNotice } : {}),
  })
}

export async function runHeadless(scenario: Scenario, o: HeadlessOptions): Promise<RunSummary & { cosmos: Cosmos }> {
  const cosmos = await startHeadless(scenario, o)
  try {
    await cosmos.runUntil(o.untilUs)
    if (cosmos.error) throw new Error(cosmos.error)
    const violations = cosmos.finish()
    const url = shareUrl(o.baseUrl ?? process.env['SIM_BASE_URL'] ?? DEFAULT_BASE_URL, { ...scenario, stopUs: o.untilUs })
    return { fingerprint: cosmos.fingerprint, simTimeUs: cosmos.nowUs, events: cosmos.log.nextOffset, violations, url, cosmos }
  } finally {
    cosmos.dispose()
  }
}
