/** hypnOS's logOS events (node = the world whose job it is). */
import { z } from 'zod'

const count = z.number().int().min(0)
const load = z.number().min(0)

export const HYPNOS_EVENTS = {
  /**
   * A compaction job started: enough was applied since the world's last snapshot and its load was
   * below the threshold — or, `forced`, so much piled up (stopFactor × snapshotCount) that it runs anyway.
   */
  compaction_started: z.strictObject({ job: count, appliedIndex: count, snapshotIndex: count, entries: count, load, threshold: load, forced: z.boolean() }),
  /** The job's snapshot is durable and the log was cut (entries held and their bytes before and after). */
  compaction_done: z.strictObject({ job: count, snapshotIndex: count, chain: z.string(), entriesBefore: count, entriesAfter: count, bytesBefore: count, bytesAfter: count, tookUs: count }),
  /** A due job waits: the world is too busy (noted when it starts waiting, then at most every DEFER_NOTICE_US). */
  job_deferred: z.strictObject({ load, threshold: load, entries: count }),
  /** A job ended without compacting: its world crashed during the write (nothing lost: the old log is intact), or there was nothing to do. */
  compaction_aborted: z.strictObject({ job: count, reason: z.string() }),
}
