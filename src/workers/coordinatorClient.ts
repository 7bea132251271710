/**
 * The page's side of the coordinator: a module Worker running coordinator.worker.ts, or — where no
 * worker can be made — the same driver on the main thread (the run is the same; only the page is
 * less smooth). Messages come back through `onMessage` either way.
 */
import type { CoordinatorCommand, CoordinatorMessage } from './coordinatorProtocol'
import type { CoordinatorDriver } from './coordinatorDriver'
import { browserWorkerEndpoint } from './browserEndpoint'

export interface CoordinatorLink {
  /** Where the coordinator runs. */
  readonly where: 'worker' | 'main'
  send(cmd: CoordinatorCommand): void
  terminate(): void
}

export interface LinkHandlers {
  onMessage(msg: CoordinatorMessage): void
  /** The worker failed (it could not load, or crashed); `started`: it had answered before. */
  onFailure(reason: string, started: boolean): void
}

/** The coordinator in its own Web Worker; throws where Worker is missing or refuses. */
export function coordinatorWorker(h: LinkHandlers): CoordinatorLink {
  const worker = new Worker(new URL('./coordinator.worker.ts', import.meta.url), { type: 'module', name: 'cosmOS coordinator' })
  let started = false
  let failed = false
  const fail = (reason: string) => {
    if (failed) return
    failed = true
    worker.terminate()
    h.onFailure(reason, started)
  }
  worker.addEventListener('message', (e: MessageEvent<CoordinatorMessage>) => {
    started = true
    if (!failed) h.onMessage(e.data)
  })
  worker.addEventListener('error', (e) => { e.preventDefault(); fail(e.message || 'the worker could not start') })
  worker.addEventListener('messageerror', () => fail('a message from the worker could not be decoded'))
  return {
    where: 'worker',
    send: (cmd) => { if (!failed) worker.postMessage(cmd) },
    terminate: () => { failed = true; worker.terminate() },
  }
}

/**
 * The fallback: the coordinator on this thread (layer workers, if asked for, spawned from here).
 * Its code is loaded only then: a page with a coordinator worker never parses it twice.
 */
export function coordinatorOnMainThread(h: LinkHandlers): CoordinatorLink {
  let alive = true
  let driver: CoordinatorDriver | null = null
  const queued: CoordinatorCommand[] = []
  import('./coordinatorDriver').then(({ CoordinatorDriver }) => {
    if (!alive) return
    driver = new CoordinatorDriver({
      // Asynchronous, as from a worker: a message never re-enters the store while it is sending.
      post: (m) => queueMicrotask(() => { if (alive) h.onMessage(m) }),
      now: () => performance.now(),
      spawnWorker: typeof Worker === 'undefined' ? null : browserWorkerEndpoint,
      inProcessKind: 'main',
      cores: typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2,
      // It shares the thread with rendering: short slices.
      sliceMs: 8,
    })
    for (const cmd of queued.splice(0)) driver.handle(cmd)
  }, (e: unknown) => {
    alive = false
    console.error('the coordinator could not be loaded on the main thread', e)
  })
  return {
    where: 'main',
    send: (cmd) => {
      if (!alive) return
      if (driver) driver.handle(cmd)
      else queued.push(cmd)
    },
    terminate: () => {
      alive = false
      driver?.dispose()
    },
  }
}
