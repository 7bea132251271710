/** chaOS's logOS events. */
import { z } from 'zod'
import { FAULT_KINDS } from './settings'

const world = z.number().int().min(0)
const kind = z.enum(FAULT_KINDS)

export const CHAOS_EVENTS = {
  /** review: the admission review that admitted it (while nomOS runs). */
  fault_injected: z.strictObject({ kind, targets: z.array(world), untilUs: z.number().int().nullable(), random: z.boolean().optional(), review: z.string().optional() }),
  fault_healed: z.strictObject({ kind, targets: z.array(world) }),
  /** A fault that could not be applied now (no leader, too few worlds, …). */
  fault_skipped: z.strictObject({ kind: z.string(), reason: z.string() }),
  slider_changed: z.strictObject({ name: z.string(), value: z.number() }),
  slider_clamped: z.strictObject({ name: z.string(), requested: z.union([z.number(), z.string()]), value: z.number() }),
  clock_jumped: z.strictObject({ node: world, jumpUs: z.number().int(), random: z.boolean() }),
  /** A random daemon crash chaOS sent daemOS (while daemOS runs). */
  daemon_crash_injected: z.strictObject({ node: world, daemon: z.string().max(40) }),
}
