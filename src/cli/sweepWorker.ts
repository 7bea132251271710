// A sweep worker: runs whole scenarios in-process, one at a time, on request.
import { parentPort } from 'node:worker_threads'
import type { Scenario } from '../scenario/schema'
import { runHeadless } from './runScenario'

export interface SweepJob { seed: number; scenario: Scenario; untilUs: number }
export type SweepResult =
  | { seed: number; ok: true; fingerprint: string; events: number; violations: { checker: string; t: number; message: string }[] }
  | { seed: number; ok: false; error: string }

const port = parentPort!
port.on('message', async (job: SweepJob) => {
  try {
    const r = await runHeadless(job.scenario, { untilUs: job.untilUs, workers: 0 })
    port.postMessage({ seed: job.seed, ok: true, fingerprint: r.fingerprint, events: r.events, violations: r.violations.map((v) => ({ checker: v.checker, t: v.t, message: v.message })) } satisfies SweepResult)
  } catch (e) {
    port.postMessage({ seed: job.seed, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies SweepResult)
  }
})
