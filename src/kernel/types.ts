import type { LayerName } from './pantheon'
import type { Rng } from './rng'
import type { SimTime } from './time'
import type { Scenario } from '../scenario/schema'

export type { LayerName } from './pantheon'
export type { SimTime } from './time'

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

/** A cross-layer message. Delivered at max(at, start of the window after the one it was sent in). */
export interface Envelope {
  readonly from: LayerName
  /** A layer, or '*' for every layer of the run except the sender. */
  readonly to: LayerName | '*'
  /** Requested delivery time (>= send time). */
  readonly at: SimTime
  /** Per-sender sequence number, assigned by the sender's runtime. */
  readonly seq: number
  readonly type: string
  readonly data: JsonObject
}

/** A message with its resolved recipient and delivery time (what the recipient sees). */
export interface Delivery extends Envelope {
  readonly deliverAt: SimTime
  readonly recipient: LayerName
}

/** What a layer may do while handling an event. Valid only during that call. */
export interface LayerContext {
  readonly layer: LayerName
  readonly scenario: Scenario
  /** Time of the event being handled. */
  readonly now: SimTime
  readonly quantumUs: number
  /** The layer's own seeded stream, or a named sub-stream of it (per node, per link…). */
  rng(stream?: string): Rng
  /** Run onTimer(payload) at `at` (>= now). Returns an id for cancel(). Timers are exact in time. */
  schedule(at: SimTime, payload: Json): number
  cancel(timerId: number): void
  /**
   * Send a cross-layer message. `at` defaults to now; it is delivered at max(at, next window
   * start). To make every layer act at one exact instant, send with at >= now + quantumUs.
   */
  send(to: LayerName | '*', type: string, data: JsonObject, at?: SimTime): void
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

/**
 * A layer: pure logic over a plain-data state. The state must be structured-cloneable
 * (no class instances, Maps are fine, functions are not): it is what snapshots hold.
 * Timers and RNG streams are kept by the runtime, not in the state.
 */
export interface LayerDef<S = unknown> {
  readonly name: LayerName
  init(ctx: LayerContext): S
  onMessage(state: S, msg: Delivery, ctx: LayerContext): void
  onTimer(state: S, payload: Json, ctx: LayerContext): void
  /** Compact view model for the UI (cheap; plain data). */
  view(state: S): JsonObject
  /** Optional end-of-run summary for the CLI. */
  summary?(state: S): JsonObject
}
