/** A browser module Worker as an Endpoint. */
import type { Endpoint, HostReply } from '../kernel/protocol'

export function browserWorkerEndpoint(name: string): Endpoint {
  const worker = new Worker(new URL('./layerHost.worker.ts', import.meta.url), { type: 'module', name })
  let failure: (reason: string) => void = () => undefined
  worker.addEventListener('error', (e) => { e.preventDefault(); failure(`worker error: ${e.message || 'unknown'}`) })
  worker.addEventListener('messageerror', () => failure('worker message could not be decoded'))
  return {
    canDie: true,
    postMessage: (msg) => worker.postMessage(msg),
    onMessage: (h) => worker.addEventListener('message', (e: MessageEvent<HostReply>) => h(e.data)),
    onFailure: (h) => { failure = h },
    terminate: () => worker.terminate(),
  }
}
