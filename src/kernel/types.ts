import type { Rng } from './rng'
import type { SimTime } from './time'
import type { WorldStatus } from './worlds'
import type { SchemaRejection } from './boundary'

export type { SimTime } from './time'

/**
 * A layer's name. The kernel treats it as an opaque string; the product's layers are the pantheon
 * (src/layers/index.ts), whose list order is the layer index that orders delivery.
 */
export type LayerName = string

/** Plain, structured-cloneable data: what may cross a worker boundary or go into a snapshot. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** A world (atmOS node) id: 0 … nodes.count − 1. */
export type NodeId = number

/** An event a layer emits into logOS. `node` is the world it concerns, or null. */
export interface SimEvent {
  readonly t: SimTime
  readonly layer: LayerName
  readonly node: NodeId | null
  readonly type: string
  readonly data: JsonObject
}

/** An event once logOS has appended it: dense, monotonic offset from 0. */
export interface LoggedEvent extends SimEvent {
  readonly offset: number
}

/**
 * A cross-layer message as its sender's runtime emits it. It has no recipient: the coordinator
 * delivers it to every running layer that declares its type in `consumes` (the sender excluded),
 * at max(at, start of the window after the one it was sent in).
 */
export interface Envelope {
  readonly from: LayerName
  /** Requested delivery time (>= send time). */
  readonly at: SimTime
  /** Per-sender sequence number, assigned by the sender's runtime. */
  readonly seq: number
  readonly type: string
  readonly data: unknown
}

/** A message with its resolved recipient and delivery time (what the recipient sees). */
export interface Delivery extends Envelope {
  readonly deliverAt: SimTime
  readonly recipient: LayerName
}

/** One metric sample: a layer's named numbers at a point of the metrics grid. */
export interface MetricSample {
  readonly t: SimTime
  readonly layer: LayerName
  /** Metric name → one number for the cluster, or one per world (null where it has none). */
  readonly values: Readonly<Record<string, number | readonly (number | null)[]>>
}

/** What the kernel needs of a scenario (the product's schema is a superset: src/scenario). */
export interface KernelScenario {
  readonly seed: number
  readonly quantumUs: number
  readonly nodes: { readonly count: number }
  /** Metrics grid, ms of sim time: every layer with metrics is sampled at each multiple. */
  readonly metricsIntervalMs: number
  /** Each layer's settings slice, by layer name. */
  readonly layers: Readonly<Record<string, unknown>>
}

/** What a layer may do while handling an event. Valid only during that call. */
export interface LayerContext<Sc extends KernelScenario = KernelScenario, Sends = Record<string, unknown>, Settings = unknown> {
  readonly layer: LayerName
  readonly scenario: Sc
  /** This layer's settings slice (`scenario.layers[layer]`). */
  readonly settings: Settings
  /** Time of the event being handled. */
  readonly now: SimTime
  readonly quantumUs: number
  /**
   * The world lifecycle mirror (DESIGN §3.2): every world's status as atmOS last announced it, at
   * the instant the announcement is delivered. Read-only; kept up to date by the kernel for layers
   * that consume `world_status`, all 'up' otherwise.
   */
  readonly worlds: readonly WorldStatus[]
  /**
   * What world `node`'s clock reads now, µs (the clock mirror, kernel/clocks.ts: chronOS's
   * disciplined clocks for layers that consume `clock_set`; cosmic time otherwise).
   */
  localUs(node: NodeId): number
  /**
   * Boundary validation is on (etymOS runs): deliveries are checked by the kernel; a layer checks
   * its own node-to-node messages at the receiver (net/transport.ts) and reports failures with reject().
   */
  readonly validating: boolean
  /** Report a message refused at a boundary (a `schema_rejected` message to the registry). */
  reject(r: SchemaRejection): void
  /** The layer's own seeded stream, or a named sub-stream of it (per node, per sender…). */
  rng(stream?: string): Rng
  /** Run onTimer(payload) at `at` (>= now). Returns an id for cancel(). Timers are exact in time. */
  schedule(at: SimTime, payload: Json): number
  cancel(timerId: number): void
  /**
   * Send a typed cross-layer message (a type this layer declares in `sends`). It goes to every
   * running layer that consumes the type, at max(at, next window start); `at` defaults to now. To
   * make every layer act at one exact instant, send with at >= now + quantumUs (an announcement).
   */
  send<K extends keyof Sends & string>(type: K, data: Sends[K], at?: SimTime): void
  /** Emit an event into logOS (stamped with now and this layer). */
  emit(type: string, node: NodeId | null, data: JsonObject): void
  /**
   * Checker-only observation (e.g. every packet delivered): seen by the invariant checkers, not
   * written to logOS nor hashed into the fingerprint. A no-op unless `observing` is true, so
   * layers should test `observing` before building the data.
   */
  readonly observing: boolean
  observe(type: string, data: JsonObject): void
}

/** A checker observation, as the kernel hands it to checkers. */
export interface Observation {
  readonly t: SimTime
  readonly layer: LayerName
  readonly type: string
  readonly data: JsonObject
}
