import { z } from 'zod'

/**
 * The parts of the scenario that belong to no layer (the worlds' count and placement, the network
 * chosen), the zod helpers every settings slice uses, and `LayerScenario`: the scenario as a
 * layer reads it. The whole schema (schema.ts) composes these with every layer's settings slice.
 */

export const int = (min: number, max: number) => z.number().int().min(min).max(max)
export const num = (min: number, max: number) => z.number().min(min).max(max)

/** The most worlds a scenario may have. */
export const MAX_WORLDS = 10_000

export const LAYOUTS = ['ring', 'cluster', 'galaxy', 'random'] as const
export const NETWORKS = ['pneumOS', 'aetherOS'] as const
export type NetworkName = (typeof NETWORKS)[number]

export const NodesSchema = z.strictObject({
  count: int(1, MAX_WORLDS).default(5),
  layout: z.enum(LAYOUTS).default('ring'),
  /** Radius of the region the worlds are placed in, in km (latency grows with distance). */
  spreadKm: num(1, 40_000).default(6_000),
})
export type NodesSettings = z.infer<typeof NodesSchema>

/** The scenario as a layer reads it (its own slice is `ctx.settings`, typed by its schema). */
export interface LayerScenario {
  readonly seed: number
  readonly quantumUs: number
  readonly metricsIntervalMs: number
  readonly nodes: NodesSettings
  readonly network: NetworkName
  /** The optional layers that run (the network and the kernel's own always do). */
  readonly run: readonly string[]
  readonly layers: Readonly<Record<string, unknown>>
}
