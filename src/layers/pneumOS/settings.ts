import { z } from 'zod'
import { int, num } from '../../scenario/base'

export const JITTER_DISTRIBUTIONS = ['none', 'uniform', 'normal'] as const

/** pneumOS: the realistic network's model (netem-like). */
export const PneumosSettings = z.strictObject({
  /** Signal speed: light in fibre ≈ 204 000 km/s (4.9 µs/km). */
  propagationKmPerS: num(1_000, 300_000).default(204_000),
  /** Fixed per-hop cost (switching, stacks), µs. */
  baseLatencyUs: int(0, 1_000_000).default(500),
  jitterDistribution: z.enum(JITTER_DISTRIBUTIONS).default('normal'),
  /** Jitter scale (uniform: ±; normal: σ), µs. */
  jitterUs: int(0, 1_000_000).default(1_000),
  /** Baseline probabilities, 0..1, before chaOS adds its own. */
  lossRate: num(0, 1).default(0),
  duplicateRate: num(0, 1).default(0),
  reorderRate: num(0, 1).default(0),
  /** Link bandwidth in Mbit/s (serialisation delay = size / bandwidth). */
  bandwidthMbps: num(0.01, 100_000).default(1_000),
})
export type PneumosSettings = z.infer<typeof PneumosSettings>
