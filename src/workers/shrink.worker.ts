/// <reference lib="webworker" />
// Thin browser worker entry: shrinks a failing run (src/shrink/shrink.ts) off the main thread,
// every candidate run in-process here, and posts its progress and result.
import { NotFailingError, shrink } from '../shrink/shrink'
import type { ShrinkRequest, ShrinkReply } from '../shrink/protocol'

const scope = self as unknown as DedicatedWorkerGlobalScope
const post = (m: ShrinkReply) => scope.postMessage(m)
scope.onmessage = (e: MessageEvent<ShrinkRequest>) => {
  const { scenario, untilUs } = e.data
  shrink(scenario, { untilUs, now: () => performance.now(), onProgress: (p) => post({ type: 'progress', progress: p }) }).then(
    (result) => post({ type: 'done', result }),
    (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err), notFailing: err instanceof NotFailingError }),
  )
}
