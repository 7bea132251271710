import { z } from 'zod'
import { int, MAX_WORLDS, num } from '../../scenario/base'

/**
 * chaOS sliders: its settings slice. The master `entropy` (0..1) scales every individual one:
 * effective = slider × entropy (rates and probabilities; durations are not scaled).
 * crashRatePerMin is per world per minute of sim time; partitionRatePerMin is per cluster per minute.
 */
export const ChaosSettings = z.strictObject({
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
  /** Extra clock drift at entropy 1, ppm: each world's oscillator gets ± this × entropy (chronOS). */
  clockDriftPpm: num(0, 1_000).default(50),
  /** Random clock jumps, per world per minute (while chronOS runs). */
  clockJumpRatePerMin: num(0, 60).default(0.5),
  /** A random clock jump is uniform in ± this, ms (not scaled by entropy). */
  clockJumpMaxMs: int(1, 600_000).default(200),
  /** Random ledger corruptions (bytes flipped on a world's disk), per world per minute (while karmOS runs). */
  ledgerCorruptionRatePerMin: num(0, 60).default(0.5),
  /** Probability that a node-to-node message is corrupted in flight (while etymOS validates boundaries). */
  messageCorruptionRate: num(0, 1).default(0.01),
  /**
   * Random daemon crashes, per world per minute (while daemOS runs; chaOS picks the daemon). 0.5 as
   * ledger corruption: at entropy 1 about one crash per world every 2 minutes, which daemOS's
   * supervisors absorb (escalation needs six in ten minutes under one supervisor; the daemon_fault
   * crashloop shows it).
   */
  daemonCrashRatePerMin: num(0, 60).default(0.5),
})
export type ChaosSliders = z.infer<typeof ChaosSettings>
export const CHAOS_SLIDERS = Object.keys(ChaosSettings.shape) as (keyof ChaosSliders)[]

export const FAULT_KINDS = ['crash', 'restart', 'partition', 'heal', 'clock_jump', 'corrupt_ledger'] as const
/** Jepsen's target vocabulary, or a world id. */
export const FAULT_TARGETS = ['leader', 'one', 'minority', 'majority', 'majorities-ring'] as const
export const FaultTargetSchema = z.union([z.enum(FAULT_TARGETS), int(0, MAX_WORLDS - 1)])
export type FaultTarget = z.infer<typeof FaultTargetSchema>

const atUs = int(0, Number.MAX_SAFE_INTEGER)

/** The user moves a slider at an exact sim time. */
export const SliderIntervention = z.strictObject({
  kind: z.literal('slider'),
  atUs,
  name: z.enum(CHAOS_SLIDERS as [keyof ChaosSliders, ...(keyof ChaosSliders)[]]),
  value: z.number().finite(),
})

/** The user injects a fault (Jepsen's kill/start/partition/heal) at an exact sim time. */
export const FaultIntervention = z.strictObject({
  kind: z.literal('fault'),
  atUs,
  fault: z.enum(FAULT_KINDS),
  target: FaultTargetSchema,
  /** clock_jump only: how far the target's clock jumps, ms (negative: back). Default +50 ms. */
  jumpMs: int(-3_600_000, 3_600_000).optional(),
  /**
   * crash: the world restarts by itself this long after (as a random crash does); partition: it
   * heals by itself this long after it starts. Absent: until a manual restart / heal.
   */
  durationUs: int(1, 3_600_000_000).optional(),
  /**
   * partition only: exactly these worlds, isolated together from the rest (one group, the target
   * naming one of them); or, with target 'majorities-ring', the ring's order (every world once).
   * Absent: chaOS picks by the target. How a random partition is written down to replay exactly.
   */
  worlds: z.array(int(0, MAX_WORLDS - 1)).min(1).max(MAX_WORLDS).optional(),
}).superRefine((f, ctx) => {
  if (f.worlds !== undefined && f.fault !== 'partition') ctx.addIssue({ code: 'custom', path: ['worlds'], message: `worlds is for a partition, not a ${f.fault}` })
  if (f.worlds !== undefined && new Set(f.worlds).size !== f.worlds.length) ctx.addIssue({ code: 'custom', path: ['worlds'], message: 'a world is named twice' })
  if (f.worlds !== undefined && typeof f.target === 'number' && !f.worlds.includes(f.target)) ctx.addIssue({ code: 'custom', path: ['worlds'], message: `the target world ${f.target} is not among the worlds` })
  if (f.durationUs !== undefined && f.fault !== 'crash' && f.fault !== 'partition') ctx.addIssue({ code: 'custom', path: ['durationUs'], message: `durationUs is for a crash or a partition, not a ${f.fault}` })
})

/** chaOS → chronOS: a world's hardware clock jumps by jumpUs now. */
export const ClockJumpMsg = z.strictObject({ node: int(0, MAX_WORLDS - 1), jumpUs: int(-3_600_000_000, 3_600_000_000) })
/**
 * chaOS → chronOS: the extra oscillator drift chaOS imposes now, ppb (clockDriftPpm × entropy);
 * chronOS spreads it over the worlds (each its own fixed share in ±1). Sent at the big bang and
 * whenever the drift or entropy slider moves, only while chronOS runs.
 */
export const ClockDriftMsg = z.strictObject({ extraPpb: int(0, 1_000_000) })
/** chaOS → karmOS: flip bytes of one entry of a world's ledger on its disk (karmOS draws which). */
export const LedgerCorruptMsg = z.strictObject({ node: int(0, MAX_WORLDS - 1) })
