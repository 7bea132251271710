/// <reference lib="webworker" />
// Thin browser worker entry: the coordinator (cosmOS, logOS, the checkers) in its own worker.
// Layer workers, when the placement asks for them, are nested workers spawned from here.
import type { CoordinatorCommand } from './coordinatorProtocol'
import { CoordinatorDriver } from './coordinatorDriver'
import { browserWorkerEndpoint } from './browserEndpoint'

const scope = self as unknown as DedicatedWorkerGlobalScope
const driver = new CoordinatorDriver({
  post: (m) => scope.postMessage(m),
  now: () => performance.now(),
  spawnWorker: typeof Worker === 'undefined' ? null : browserWorkerEndpoint,
  inProcessKind: 'coordinator',
  cores: navigator.hardwareConcurrency || 2,
})
scope.onmessage = (e: MessageEvent<CoordinatorCommand>) => driver.handle(e.data)
