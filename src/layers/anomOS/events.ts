/** anomOS's logOS events (node = the world of a per-world alert, null for a cluster alert). */
import { z } from 'zod'

const instance = { alert: z.string(), metric: z.string(), world: z.number().int().min(0).nullable() }
const reading = { value: z.number(), score: z.number() }

export const ANOMOS_EVENTS = {
  /** A value scored past the threshold: the alert waits `for` before it fires. */
  alert_pending: z.strictObject({ ...instance, ...reading, forMs: z.number().int().min(0) }),
  /** The score stayed past the threshold for `for` (at once when for is 0). */
  alert_firing: z.strictObject({ ...instance, ...reading, pendingUs: z.number().int().min(0) }),
  /** A firing alert's score is back within the threshold. */
  alert_resolved: z.strictObject({ ...instance, ...reading, firedUs: z.number().int().min(0) }),
  alert_added: z.strictObject({ name: z.string(), layer: z.string(), metric: z.string(), replaced: z.boolean() }),
  alert_removed: z.strictObject({ name: z.string() }),
  /** An alert refused (unknown layer or metric, too many alerts, nothing to remove): nothing changed. */
  alert_rejected: z.strictObject({ name: z.string(), error: z.string() }),
}
