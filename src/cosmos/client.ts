/** The coordinator's side of an Endpoint: request/response with ids, and failure propagation. */
import type { Endpoint, HostReply, HostRequest } from '../kernel/protocol'
import type { SpanResult, WindowResult } from '../kernel/runtime'
import type { Delivery, LayerName } from '../kernel/types'

type Pending = { resolve: (r: HostReply) => void; reject: (e: Error) => void }
/** A request without its id (the client assigns it). */
type Req = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never

/** The host is gone (worker crashed, exited or was killed): recoverable from a snapshot. */
export class HostDiedError extends Error {}
/** A layer threw while handling a request: a bug, deterministic, so not retried. */
export class LayerError extends Error {}

export class HostClient {
  private nextId = 1
  private pending = new Map<number, Pending>()
  dead: string | null = null

  constructor(readonly endpoint: Endpoint, readonly label: string) {
    endpoint.onMessage((msg) => {
      const p = this.pending.get(msg.id)
      if (!p) return
      this.pending.delete(msg.id)
      if (msg.kind === 'error') p.reject(new LayerError(`${label}: ${msg.message}`))
      else p.resolve(msg)
    })
    endpoint.onFailure((reason) => this.fail(reason))
  }

  /** An in-process host answers on the spot: no message, no promise (see Endpoint.handleSync). */
  get sync(): boolean {
    const e = this.endpoint
    return e.handleSync !== undefined && e.windowSync !== undefined && e.spanSync !== undefined && this.dead === null
  }

  /** Call an in-process host directly. Throws HostDiedError if it was killed, LayerError if a layer threw. */
  requestSync<K extends HostReply['kind']>(req: Req): Extract<HostReply, { kind: K }> {
    if (this.dead || !this.endpoint.handleSync) throw new HostDiedError(`${this.label} is dead: ${this.dead ?? 'not in-process'}`)
    const r = this.endpoint.handleSync({ ...req, id: this.nextId++ } as HostRequest)
    if (r.kind === 'error') throw new LayerError(`${this.label}: ${r.message}`)
    return r as Extract<HostReply, { kind: K }>
  }

  /**
   * Run a window on an in-process host directly (Endpoint.windowSync): no request or reply object.
   * Throws HostDiedError if the host was killed, LayerError (as requestSync) if a layer threw.
   */
  windowSync(startUs: number, endUs: number, inbox: Partial<Record<LayerName, Delivery[]>>, layers: readonly LayerName[]): Partial<Record<LayerName, WindowResult>> {
    const run = this.endpoint.windowSync
    if (this.dead || !run) throw new HostDiedError(`${this.label} is dead: ${this.dead ?? 'not in-process'}`)
    // (try/catch written out here and in spanSync: a closure per call would be allocated per window)
    try {
      return run(startUs, endUs, inbox, layers)
    } catch (err) {
      throw this.layerError(err)
    }
  }

  /** Run one layer's span on an in-process host directly (Endpoint.spanSync); throws as windowSync. */
  spanSync(layer: LayerName, startUs: number, maxEndUs: number, inbox: readonly Delivery[]): SpanResult {
    const run = this.endpoint.spanSync
    if (this.dead || !run) throw new HostDiedError(`${this.label} is dead: ${this.dead ?? 'not in-process'}`)
    try {
      return run(layer, startUs, maxEndUs, inbox)
    } catch (err) {
      throw this.layerError(err)
    }
  }

  private layerError(err: unknown): LayerError {
    return new LayerError(`${this.label}: ${err instanceof Error ? err.message : String(err)}`)
  }

  request<K extends HostReply['kind']>(req: Req): Promise<Extract<HostReply, { kind: K }>> {
    if (this.dead) return Promise.reject(new HostDiedError(`${this.label} is dead: ${this.dead}`))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: HostReply) => void, reject })
      this.endpoint.postMessage({ ...req, id } as HostRequest)
    })
  }

  private fail(reason: string): void {
    this.dead = reason
    for (const p of this.pending.values()) p.reject(new HostDiedError(`${this.label} died: ${reason}`))
    this.pending.clear()
  }

  /** Kill the host (as a crash would): pending and later requests fail with HostDiedError. */
  kill(reason: string): void {
    this.endpoint.terminate()
    this.fail(reason)
  }

  terminate(): void {
    this.kill('terminated')
  }
}
