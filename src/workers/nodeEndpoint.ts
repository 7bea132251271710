/** Node worker_threads as an Endpoint (CLI, sweeps, tests). */
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import type { Endpoint, HostReply } from '../kernel/protocol'

const ENTRY = fileURLToPath(new URL('./nodeHost.bootstrap.mjs', import.meta.url))

/** `registry` names which layer registry the worker loads: the real pantheon or the kernel's test layers. */
export function nodeWorkerEndpoint(registry: 'pantheon' | 'test' = 'pantheon'): Endpoint {
  const worker = new Worker(ENTRY, { workerData: { registry } })
  let failure: (reason: string) => void = () => undefined
  let terminated = false
  worker.on('error', (err) => failure(`worker error: ${err.message}`))
  worker.on('exit', (code) => { if (!terminated) failure(`worker exited with code ${code}`) })
  return {
    canDie: true,
    postMessage: (msg) => worker.postMessage(msg),
    onMessage: (h) => { worker.on('message', (m: HostReply) => h(m)) },
    onFailure: (h) => { failure = h },
    terminate: () => { terminated = true; void worker.terminate() },
  }
}
