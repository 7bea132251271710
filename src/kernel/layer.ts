/**
 * The pantheon contract, v2 (DESIGN §3.1): a layer is one module that registers once. It declares
 * its settings slice, the message types it consumes and sends (zod schemas: the same schema object
 * wherever a type is declared), the interventions a user may address to it, its metrics, and its
 * logic. One list of modules (src/layers/index.ts) derives everything else: the registry, the
 * scenario's layer settings, routing, the view types, the pantheon panel's status.
 */
import type { z } from 'zod'
import type { Delivery, Json, KernelScenario, LayerContext, LayerName } from './types'

/** Message types → their zod schemas. */
export type MessageSchemas = Record<string, z.ZodType>
type Infer<M extends MessageSchemas> = { [K in keyof M]: z.infer<M[K]> }

/** A delivery of one consumed type, its data typed by the schema. */
export type TypedDelivery<M extends MessageSchemas> = {
  [K in keyof M & string]: Omit<Delivery, 'type' | 'data'> & { readonly type: K; readonly data: z.infer<M[K]> }
}[keyof M & string]

export interface MetricDef {
  readonly unit: string
  /** One value per world, or one for the whole cluster. */
  readonly per: 'world' | 'cluster'
  readonly description: string
}

/** A metrics sample: metric name → one number (cluster) or one per world (null: none for it). */
export type MetricValues = Record<string, number | (number | null)[]>

export type Ctx<Sc extends KernelScenario, Sends extends MessageSchemas, Settings extends z.ZodType = z.ZodType> = LayerContext<Sc, Infer<Sends>, z.infer<Settings>>

export interface LayerModule<
  Sc extends KernelScenario = KernelScenario,
  N extends LayerName = LayerName,
  S = unknown,
  Settings extends z.ZodType = z.ZodType,
  Consumes extends MessageSchemas = MessageSchemas,
  Sends extends MessageSchemas = MessageSchemas,
  V = unknown,
  Interventions extends MessageSchemas = MessageSchemas,
> {
  readonly name: N
  /** What the layer is in the run, and the real-world mechanism it is faithful to (pantheon panel). */
  readonly role: string
  readonly reference: string
  /** Its slice of the scenario (`scenario.layers[name]`): a zod object with defaults, units in names. */
  readonly settings: Settings
  /** Layers that must run when this one runs (e.g. mythOS needs atmOS). */
  readonly requires?: readonly LayerName[]
  readonly consumes: Consumes
  readonly sends: Sends
  /**
   * What a user may address to this layer as timed interventions (scenario.interventions,
   * discriminated by `kind`): kind → schema, each holding `kind` (a literal, the kind itself) and
   * `atUs`. An intervention is delivered as a message of type `kind` from cosmOS, so the layer
   * consumes these types too.
   */
  readonly interventions: Interventions
  /**
   * The node-to-node messages this layer carries over the network channel (its wire protocol):
   * message kind → schema. Catalogued by etymOS and checked at the receiver while boundaries are
   * validated (net/transport.ts).
   */
  readonly wire?: MessageSchemas
  /**
   * The logOS events this layer emits (ctx.emit): event type → schema of its data. Catalogued by
   * etymOS; in validating runs (tests, dev) an undeclared type or malformed data stops the run.
   */
  readonly events?: MessageSchemas
  /** While this layer runs, every boundary is validated (etymOS): see kernel/boundary.ts. */
  readonly validatesBoundaries?: boolean
  /**
   * Whose samples this layer takes when it consumes `metrics` (the metrics channel): these layers'
   * only, or every layer's when absent. Routing by it spares a layer the samples it never reads.
   */
  readonly metricsFrom?: readonly LayerName[]
  /** The metrics channel: what this layer publishes, sampled on the scenario's metrics grid. */
  readonly metrics?: Readonly<Record<string, MetricDef>>
  sample?(state: S, nowUs: number): MetricValues
  init(ctx: Ctx<Sc, Sends, Settings>): S
  onMessage(state: S, msg: TypedDelivery<Consumes & Interventions>, ctx: Ctx<Sc, Sends, Settings>): void
  onTimer(state: S, payload: Json, ctx: Ctx<Sc, Sends, Settings>): void
  /** Compact view model for the UI (cheap; plain data). */
  view(state: S): V
  /** Optional end-of-run summary for the CLI. */
  summary?(state: S): Record<string, Json>
}

/** Any module, as hosts and the coordinator hold them (their types erased). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLayerModule = LayerModule<any, LayerName, any, z.ZodType, MessageSchemas, MessageSchemas, any, MessageSchemas>

/**
 * Define a layer. Identity at run time; it only lets TypeScript infer the settings, the message
 * types and the view from the module itself, so that handlers need no casts.
 */
export function defineLayer<Sc extends KernelScenario>() {
  return <const N extends LayerName, S, Settings extends z.ZodType, Consumes extends MessageSchemas, Sends extends MessageSchemas, V, Interventions extends MessageSchemas>(
    m: LayerModule<Sc, N, S, Settings, Consumes, Sends, V, Interventions>,
  ): LayerModule<Sc, N, S, Settings, Consumes, Sends, V, Interventions> => m
}

