/**
 * Run one scenario headless with every checker: in-process (workers = 0) or with its layers on N
 * Node worker_threads. Shared by `npm run sim`, the sweep workers and the benchmarks.
 */
import { allCheckers } from '../checkers'
import type { Checker, Violation } from '../checkers/types'
import type { Cosmos } from '../cosmos/cosmos'
import { startRun, type StartOptions } from '../cosmos/run'
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

/** onEvents, onMetrics and onNotice as in CosmosOptions. */
export interface HeadlessOptions extends Pick<StartOptions, 'onEvents' | 'onMetrics' | 'onNotice'> {
  untilUs: number
  workers: number
  baseUrl?: string
  /** Observers run beside the checkers (e.g. the ShiViz collector of --shiviz). */
  extraCheckers?: Checker[]
}

/** The big bang of a headless run with every checker (hosts spawned, layers initialised). */
export function startHeadless(scenario: Scenario, o: Omit<HeadlessOptions, 'untilUs'>): Promise<Cosmos> {
  return startRun(scenario, {
    registry,
    layers: activeLayers(scenario),
    hosts: o.workers,
    spawn: o.workers > 0 ? () => nodeWorkerEndpoint('pantheon') : undefined,
    checkers: [...allCheckers(scenario), ...(o.extraCheckers ?? [])],
    onEvents: o.onEvents,
    onMetrics: o.onMetrics,
    onNotice: o.onNotice,
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
