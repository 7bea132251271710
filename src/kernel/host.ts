/**
 * A host runs a set of layers and answers the coordinator's requests. It is pure: worker entries
 * only connect a port to serveHost (src/workers/*.ts).
 */
import type { Endpoint, HostPort, HostReply, HostRequest } from './protocol'
import type { LayerRegistry } from './registry'
import { LayerRuntime, type LayerSnapshot, type SpanResult, type WindowResult } from './runtime'
import type { Delivery, JsonObject, LayerName } from './types'

const NO_DELIVERIES: readonly Delivery[] = Object.freeze([])

export class LayerHost {
  private runtimes = new Map<LayerName, LayerRuntime>()
  /**
   * What windowSync hands back, reused call after call (the coordinator reads it before its next
   * call): one key per hosted layer, undefined for those that did not run. Requests get fresh objects.
   */
  private reused: Partial<Record<LayerName, WindowResult>> = {}
  private names: LayerName[] = []

  constructor(private readonly registry: LayerRegistry) {}

  handle(req: HostRequest): HostReply {
    try {
      return this.dispatch(req)
    } catch (err) {
      return { kind: 'error', id: req.id, message: err instanceof Error ? `${err.message}` : String(err) }
    }
  }

  private dispatch(req: HostRequest): HostReply {
    switch (req.kind) {
      case 'init': {
        this.runtimes.clear()
        this.reused = {}
        this.names = [...req.layers]
        const results: Partial<Record<LayerName, WindowResult>> = {}
        for (const name of req.layers) {
          const def = this.registry.get(name)
          if (!def) throw new Error(`no layer named ${name} in this host's registry`)
          const snap = req.snapshots?.[name]
          const o = { observing: req.observing, validate: req.validate, boundary: req.boundary ?? false }
          const rt = snap ? LayerRuntime.restore(def, req.scenario, snap, o) : LayerRuntime.create(def, req.scenario, o)
          this.runtimes.set(name, rt)
          this.reused[name] = undefined
          results[name] = rt.takeResult()
        }
        return { kind: 'results', id: req.id, results }
      }
      case 'window':
        return { kind: 'results', id: req.id, results: this.window(req.startUs, req.endUs, req.inbox, req.layers) }
      case 'span':
        return { kind: 'results', id: req.id, results: { [req.layer]: this.span(req.layer, req.startUs, req.maxEndUs, req.inbox) } }
      case 'snapshot': {
        const snapshots: Partial<Record<LayerName, LayerSnapshot>> = {}
        for (const [name, rt] of this.runtimes) snapshots[name] = rt.snapshot()
        return { kind: 'snapshot', id: req.id, snapshots }
      }
      case 'views':
        return { kind: 'views', id: req.id, views: this.views() }
      case 'summaries': {
        const summaries: Partial<Record<LayerName, JsonObject>> = {}
        for (const [name, rt] of this.runtimes) summaries[name] = rt.summary()
        return { kind: 'summaries', id: req.id, summaries }
      }
    }
  }

  /**
   * Run a window of these layers. With `reuse` the answer is the host's one results object, valid
   * until the next call (windowSync: the coordinator reads it first); requests get a fresh one.
   */
  window(startUs: number, endUs: number, inbox: Partial<Record<LayerName, Delivery[]>>, layers: readonly LayerName[], reuse = false): Partial<Record<LayerName, WindowResult>> {
    let results: Partial<Record<LayerName, WindowResult>>
    if (reuse) {
      results = this.reused
      const names = this.names
      for (let i = 0; i < names.length; i++) results[names[i]!] = undefined
    } else {
      results = {}
    }
    for (let i = 0; i < layers.length; i++) { const l = layers[i]!; results[l] = this.runtime(l).runWindow(startUs, endUs, inbox[l] ?? NO_DELIVERIES) }
    return results
  }

  /** Run one layer's span of windows from startUs, up to maxEndUs (LayerRuntime.runSpan). */
  span(layer: LayerName, startUs: number, maxEndUs: number, inbox: readonly Delivery[]): SpanResult {
    return this.runtime(layer).runSpan(startUs, maxEndUs, inbox)
  }

  private runtime(name: LayerName): LayerRuntime {
    const rt = this.runtimes.get(name)
    if (!rt) throw new Error(`layer ${name} is not hosted here`)
    return rt
  }

  private views(): Partial<Record<LayerName, unknown>> {
    const views: Partial<Record<LayerName, unknown>> = {}
    for (const [name, rt] of this.runtimes) views[name] = rt.view()
    return views
  }
}

/** Connect a port (worker global, worker_threads parentPort) to a host. */
export function serveHost(port: HostPort, registry: LayerRegistry): void {
  const host = new LayerHost(registry)
  port.onMessage((req) => {
    port.postMessage(host.handle(req))
  })
}

/**
 * An in-process Endpoint: requests are handled on this thread without copying. Messages are
 * treated as immutable by every layer, so sharing them is safe; snapshots are deep copies.
 */
export function inProcessEndpoint(registry: LayerRegistry): Endpoint {
  const host = new LayerHost(registry)
  let reply: (msg: HostReply) => void = () => undefined
  let dead = false
  return {
    canDie: false,
    handleSync: (req) => {
      if (dead) throw new Error('the in-process host was terminated')
      return host.handle(req)
    },
    windowSync: (startUs, endUs, inbox, layers) => {
      if (dead) throw new Error('the in-process host was terminated')
      return host.window(startUs, endUs, inbox, layers, true)
    },
    spanSync: (layer, startUs, maxEndUs, inbox) => {
      if (dead) throw new Error('the in-process host was terminated')
      return host.span(layer, startUs, maxEndUs, inbox)
    },
    postMessage(req) {
      if (dead) return
      const r = host.handle(req)
      queueMicrotask(() => reply(r))
    },
    onMessage(h) { reply = h },
    onFailure() { /* an in-process host only dies when terminated */ },
    terminate() { dead = true },
  }
}
