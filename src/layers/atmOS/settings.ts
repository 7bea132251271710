import { z } from 'zod'
import { num } from '../../scenario/base'
import { DiskSettingsSchema } from './disk'

/** atmOS: the worlds' hardware and workload. */
export const AtmosSettings = z.strictObject({
  /** Happenings each up world proposes per second of sim time (the workload). */
  happeningsPerSec: num(0, 100).default(0.5),
  /** Hardware clock drift of each world is drawn uniformly in ±clockDriftPpmMax. */
  clockDriftPpmMax: num(0, 500).default(30),
  /** Each world's disk: fsync latency and write faults (disk.ts). */
  disk: DiskSettingsSchema.prefault({}),
})
export type AtmosSettings = z.infer<typeof AtmosSettings>
