// Thin Node worker entry: connect parentPort to a layer host.
import { parentPort, workerData } from 'node:worker_threads'
import { serveHost } from '../kernel/host'
import type { LayerRegistry } from '../kernel/registry'
import type { HostRequest } from '../kernel/protocol'

const which = (workerData as { registry: 'pantheon' | 'test' }).registry
const registry: LayerRegistry = which === 'test'
  ? (await import('../cosmos/__tests__/testLayers')).testRegistry
  : (await import('../layers/index')).registry
const port = parentPort!
serveHost({ postMessage: (m) => port.postMessage(m), onMessage: (h) => port.on('message', (m: HostRequest) => h(m)) }, registry)
