/**
 * The metrics channel as a message (DESIGN §3.2): a layer that consumes the type `metrics` gets
 * every other layer's samples, delivered like any message (at max(sample time, next window)).
 */
import { z } from 'zod'

export const METRICS_TYPE = 'metrics'

export const MetricSampleMsg = z.strictObject({
  t: z.number().int().min(0),
  layer: z.string().max(40),
  values: z.record(z.string().max(80), z.union([z.number(), z.array(z.number().nullable()).max(100_000)])),
})
export type MetricSampleMsg = z.infer<typeof MetricSampleMsg>

/** A per-world metric's value for world w, or null (absent, a cluster metric, or no value there). */
export function perWorld(m: { readonly values: Readonly<Record<string, number | readonly (number | null)[]>> }, name: string, w: number): number | null {
  const v = m.values[name]
  return Array.isArray(v) ? (v[w] ?? null) : null
}
