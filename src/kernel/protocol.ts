/**
 * The boundary between the coordinator (cosmOS) and the hosts that run layers: types only.
 * The same messages travel in-process, to a browser Worker, and to a Node worker_thread.
 */
import type { LayerSnapshot, SpanResult, WindowResult } from './runtime'
import type { Delivery, JsonObject, KernelScenario, LayerName } from './types'

export type HostRequest =
  | { kind: 'init'; id: number; scenario: KernelScenario; layers: LayerName[]; observing: boolean; validate: boolean; boundary?: boolean; snapshots?: Partial<Record<LayerName, LayerSnapshot>> }
  | { kind: 'window'; id: number; startUs: number; endUs: number; inbox: Partial<Record<LayerName, Delivery[]>>; layers: LayerName[] }
  /** Lookahead: one layer runs its windows from startUs on, with no barrier, up to maxEndUs (LayerRuntime.runSpan). */
  | { kind: 'span'; id: number; startUs: number; maxEndUs: number; inbox: Delivery[]; layer: LayerName }
  | { kind: 'snapshot'; id: number }
  | { kind: 'views'; id: number }
  | { kind: 'summaries'; id: number }

export type HostReply =
  | { kind: 'results'; id: number; results: Partial<Record<LayerName, WindowResult>> }
  | { kind: 'snapshot'; id: number; snapshots: Partial<Record<LayerName, LayerSnapshot>> }
  | { kind: 'views'; id: number; views: Partial<Record<LayerName, unknown>> }
  | { kind: 'summaries'; id: number; summaries: Partial<Record<LayerName, JsonObject>> }
  | { kind: 'error'; id: number; message: string }

/** Anything that carries messages both ways: a Worker, a worker_threads port, or an in-memory pair. */
export interface Endpoint {
  /**
   * An in-process host answers a request on the spot: the coordinator calls it directly, with no
   * message or promise per window (absent for workers).
   */
  readonly handleSync?: (msg: HostRequest) => HostReply
  /**
   * An in-process host runs a window on the spot, with no request or reply object at all: the
   * window's hot path (the answer is valid until the next call). Throws what a layer threw.
   */
  readonly windowSync?: (startUs: number, endUs: number, inbox: Partial<Record<LayerName, Delivery[]>>, layers: readonly LayerName[]) => Partial<Record<LayerName, WindowResult>>
  /** The same for one layer's span of windows (lookahead: LayerRuntime.runSpan). */
  readonly spanSync?: (layer: LayerName, startUs: number, maxEndUs: number, inbox: readonly Delivery[]) => SpanResult
  /** Whether the host can die by itself (a worker can; an in-process host only when killed on purpose). */
  readonly canDie: boolean
  postMessage(msg: HostRequest): void
  /** Register the reply handler (called once). */
  onMessage(handler: (msg: HostReply) => void): void
  /** Register a handler for the host dying (worker error or exit). */
  onFailure(handler: (reason: string) => void): void
  terminate(): void
}

/** The host side of an Endpoint. */
export interface HostPort {
  postMessage(msg: HostReply): void
  onMessage(handler: (msg: HostRequest) => void): void
}
