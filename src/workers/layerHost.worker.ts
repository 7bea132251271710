/// <reference lib="webworker" />
// Thin browser worker entry: connect the worker global to a layer host.
import { serveHost } from '../kernel/host'
import type { HostRequest } from '../kernel/protocol'
import { registry } from '../layers/index'

const scope = self as unknown as DedicatedWorkerGlobalScope
serveHost({ postMessage: (m) => scope.postMessage(m), onMessage: (h) => { scope.onmessage = (e: MessageEvent<HostRequest>) => h(e.data) } }, registry)
