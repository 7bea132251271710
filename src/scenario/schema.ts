import { z } from 'zod'

/**
 * The scenario: everything that determines a run. One schema for the UI, the URL codec and the
 * CLI. Every number names its unit. Defaults make `ScenarioSchema.parse({})` the default scenario.
 */

export const FORMAT_VERSION = 1
export const ENGINE_VERSION = '0.1.0'

export const LAYOUTS = ['ring', 'cluster', 'galaxy', 'random'] as const
export const NETWORKS = ['pneumOS', 'aetherOS'] as const
export const JITTER_DISTRIBUTIONS = ['none', 'uniform', 'normal'] as const
export const FAULT_KINDS = ['crash', 'restart', 'partition', 'heal'] as const
/** Jepsen's target vocabulary, or a world id. */
export const FAULT_TARGETS = ['leader', 'one', 'minority', 'majority'] as const

const int = (min: number, max: number) => z.number().int().min(min).max(max)
const num = (min: number, max: number) => z.number().min(min).max(max)

export const NodesSchema = z.object({
  count: int(1, 2000).default(5),
  layout: z.enum(LAYOUTS).default('ring'),
  /** Radius of the region the worlds are placed in, in km (latency grows with distance). */
  spreadKm: num(1, 40_000).default(6_000),
})

export const AtmosSchema = z.object({
  /** Happenings each up world proposes per second of sim time (the workload). */
  happeningsPerSec: num(0, 100).default(0.5),
  /** Hardware clock drift of each world is drawn uniformly in ±clockDriftPpmMax. */
  clockDriftPpmMax: num(0, 500).default(30),
})

export const PneumosSchema = z.object({
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

export const AetherosSchema = z.object({
  /** The one constant latency of every link, µs. */
  latencyUs: int(1, 1_000_000).default(100),
})

export const MythosSchema = z.object({
  /** etcd: 100 ms heartbeat, 1000 ms election timeout randomised in [ET, 2ET). */
  electionTimeoutMsMin: int(10, 60_000).default(1_000),
  electionTimeoutMsMax: int(10, 120_000).default(2_000),
  heartbeatMs: int(1, 10_000).default(100),
  preVote: z.boolean().default(true),
  checkQuorum: z.boolean().default(true),
  /** Max entries per AppendEntries. */
  maxEntriesPerAppend: int(1, 10_000).default(64),
})

/**
 * chaOS sliders. The master `entropy` (0..1) scales every individual one:
 * effective = slider × entropy (rates and probabilities; durations are not scaled).
 * crashRatePerMin is per world per minute of sim time; partitionRatePerMin is per cluster per minute.
 */
export const ChaosSchema = z.object({
  entropy: num(0, 1).default(0.3),
  crashRatePerMin: num(0, 60).default(2),
  restartDelayMs: int(0, 600_000).default(3_000),
  partitionRatePerMin: num(0, 60).default(2),
  partitionDurationMs: int(0, 600_000).default(5_000),
  /** Extra packet loss probability 0..1. */
  lossRate: num(0, 1).default(0.05),
  /** Latency multiplier at entropy 1 (effective = 1 + (m − 1) × entropy). */
  latencyMultiplier: num(1, 100).default(3),
  jitterMs: num(0, 10_000).default(20),
  duplicateRate: num(0, 1).default(0.02),
  reorderRate: num(0, 1).default(0.05),
  /** Extra clock drift, ppm. */
  clockDriftPpm: num(0, 1_000).default(50),
})

export type ChaosSliders = z.infer<typeof ChaosSchema>
export const CHAOS_SLIDERS = Object.keys(ChaosSchema.shape) as (keyof ChaosSliders)[]

export const FaultTargetSchema = z.union([z.enum(FAULT_TARGETS), int(0, 1999)])

/** A change the user made during the run, at an exact sim time (µs). */
export const InterventionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('slider'),
    atUs: int(0, Number.MAX_SAFE_INTEGER),
    name: z.enum(CHAOS_SLIDERS as [keyof ChaosSliders, ...(keyof ChaosSliders)[]]),
    value: z.number().finite(),
  }),
  z.object({
    kind: z.literal('fault'),
    atUs: int(0, Number.MAX_SAFE_INTEGER),
    fault: z.enum(FAULT_KINDS),
    target: FaultTargetSchema,
  }),
])

export const ScenarioSchema = z
  .object({
    format: z.literal(FORMAT_VERSION).default(FORMAT_VERSION),
    engine: z.string().max(32).default(ENGINE_VERSION),
    seed: int(0, 0xffff_ffff).default(1),
    nodes: NodesSchema.prefault({}),
    network: z.enum(NETWORKS).default('pneumOS'),
    /** Window length, µs; a whole number of ms so that whole-second stop times fall on the grid. */
    quantumUs: int(1_000, 100_000)
      .refine((q) => q % 1_000 === 0, 'quantumUs must be a whole number of milliseconds (a multiple of 1000)')
      .default(10_000),
    layers: z
      .object({
        atmOS: AtmosSchema.prefault({}),
        pneumOS: PneumosSchema.prefault({}),
        aetherOS: AetherosSchema.prefault({}),
        mythOS: MythosSchema.prefault({}),
      })
      .prefault({}),
    chaos: ChaosSchema.prefault({}),
    interventions: z.array(InterventionSchema).max(10_000).default([]),
    /** Optional stop time, µs: the run pauses there (rounded up to the window grid). */
    stopUs: int(0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((s, ctx) => {
    const m = s.layers.mythOS
    if (m.electionTimeoutMsMax <= m.electionTimeoutMsMin)
      ctx.addIssue({ code: 'custom', path: ['layers', 'mythOS', 'electionTimeoutMsMax'], message: 'must be greater than electionTimeoutMsMin' })
    if (m.heartbeatMs >= m.electionTimeoutMsMin)
      ctx.addIssue({ code: 'custom', path: ['layers', 'mythOS', 'heartbeatMs'], message: 'must be less than electionTimeoutMsMin' })
    for (const [i, iv] of s.interventions.entries()) {
      if (iv.kind === 'fault' && typeof iv.target === 'number' && iv.target >= s.nodes.count)
        ctx.addIssue({ code: 'custom', path: ['interventions', i, 'target'], message: `no world ${iv.target} (there are ${s.nodes.count})` })
    }
  })

export type Scenario = z.infer<typeof ScenarioSchema>
export type ScenarioInput = z.input<typeof ScenarioSchema>
export type Intervention = z.infer<typeof InterventionSchema>
export type FaultTarget = z.infer<typeof FaultTargetSchema>

export const defaultScenario = (): Scenario => ScenarioSchema.parse({})

/** Layers that run as kernel layers for this scenario (logOS is the kernel's own sink). */
export function activeLayers(s: Scenario) {
  return ['atmOS', s.network, 'chaOS', 'mythOS'] as const
}
