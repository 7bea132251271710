import { z } from 'zod'
import { WORLD_STATUSES } from '../../kernel/worlds'
import { int } from '../../scenario/base'

/**
 * What another layer (or the user) may ask of a world's life. atmOS, the one owner of every
 * world's lifecycle, admits or refuses it and announces the change (world_status) a quantum ahead.
 *   crash       any live status → crashed (a host dies)
 *   restart     crashed → restarting → up (it boots for one quantum)
 *   drain       up → draining (no new work: thanatOS)
 *   quarantine  up | draining → quarantined (fenced: pandemoniOS)
 *   release     draining | quarantined → up (drain cancelled, rehabilitated)
 *   decommission  any but decommissioned → decommissioned (gone for good)
 */
export const LIFECYCLE_ACTIONS = ['crash', 'restart', 'drain', 'quarantine', 'release', 'decommission'] as const
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number]

export const LifecycleRequestMsg = z.strictObject({
  node: z.number().int().min(0),
  action: z.enum(LIFECYCLE_ACTIONS),
  reason: z.string().max(200),
  /** The requesting layer (atmOS fills it in from the sender for layer requests). */
  requester: z.string().max(40),
  /** chaOS's random faults (and their automatic restarts): nomOS may put them above the law. */
  random: z.boolean().optional(),
})
export type LifecycleRequestMsg = z.infer<typeof LifecycleRequestMsg>

/** The user asks for a lifecycle change of one world at an exact sim time. */
export const LifecycleIntervention = z.strictObject({
  kind: z.literal('lifecycle'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  node: z.number().int().min(0),
  action: z.enum(LIFECYCLE_ACTIONS),
})

export { WORLD_STATUSES }

/**
 * atmOS → chronOS, at the big bang (only while chronOS runs): every world's hardware oscillator
 * error, parts per billion (atmOS's drift, drawn per world; chronOS disciplines the clock it drives).
 */
export const WorldClocksMsg = z.strictObject({ driftPpb: z.array(z.number().int().min(-500_000_000).max(500_000_000)).max(100_000) })

/**
 * atmOS → theOS, at the big bang (only while theOS runs): every world's compute capacity, in units
 * (1..8, drawn per world), what the orchestrator schedules workloads against.
 */
export const WorldCapacityMsg = z.strictObject({ units: z.array(int(0, 1_000)).max(100_000) })
export type WorldCapacityMsg = z.infer<typeof WorldCapacityMsg>

/**
 * atmOS → the requester (chaOS …), only while nomOS runs: what became of a lifecycle request that
 * went through admission (allowed: atmOS applies it, if still legal; denied: nomOS's rule said no).
 */
export const LifecycleOutcomeMsg = z.strictObject({
  node: z.number().int().min(0),
  action: z.enum(LIFECYCLE_ACTIONS),
  requester: z.string().max(40),
  review: z.string().max(40),
  allowed: z.boolean(),
  rule: z.string().max(40).nullable(),
  message: z.string().max(2_000).nullable(),
})
export type LifecycleOutcomeMsg = z.infer<typeof LifecycleOutcomeMsg>

/** Why a lifecycle request was not done, in words (for the requester's own events). */
export const outcomeReason = (o: LifecycleOutcomeMsg): string =>
  o.rule !== null ? `denied by nomOS's rule ${o.rule} (${o.review}): ${o.message ?? ''}` : `${o.message ?? 'refused'} (${o.review})`
