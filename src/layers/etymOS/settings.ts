import { z } from 'zod'
import { int } from '../../scenario/base'
import { COMPATIBILITY_MODES } from './compat'

/**
 * etymOS (schema registry) settings. Confluent Schema Registry's default compatibility is
 * BACKWARD; a subject may override it (`compatibility: { 'mythOS.app': 'FULL' }`).
 */
export const EtymosSettings = z.strictObject({
  defaultCompatibility: z.enum(COMPATIBILITY_MODES).default('BACKWARD'),
  /** Per-subject overrides: subject name → mode. */
  compatibility: z.record(z.string().min(1).max(120), z.enum(COMPATIBILITY_MODES)).default({}),
  /** How many of the latest rejections the view keeps (the event log keeps them all). */
  recentRejectionsMax: int(0, 200).default(20),
})
export type EtymosSettings = z.infer<typeof EtymosSettings>
