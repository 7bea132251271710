/** nomOS's logOS events (node = the world acted on, null for a partition). */
import { z } from 'zod'
import { ADMISSION_ACTIONS, RULE_EFFECTS } from './settings'

const action = z.enum(ADMISSION_ACTIONS)
const verdict = {
  review: z.string(),
  action,
  target: z.number().int().min(0).nullable(),
  requester: z.string(),
  rule: z.string(),
  message: z.string(),
}

export const NOMOS_EVENTS = {
  /** A request refused: the first rule with effect deny that it violates (or that failed at evaluation: fail closed). */
  admission_denied: z.strictObject({ ...verdict, failedClosed: z.boolean() }),
  /** A request admitted although it violates a rule whose effect is warn. */
  admission_warned: z.strictObject(verdict),
  /** A request admitted although it violates a rule whose effect is audit: the violation is recorded. */
  admission_audited: z.strictObject(verdict),
  /** A rule now in force (replacing the one of the same name, if any). */
  rule_added: z.strictObject({ name: z.string(), effect: z.enum(RULE_EFFECTS), expression: z.string(), replaced: z.boolean() }),
  rule_removed: z.strictObject({ name: z.string() }),
  /** A rule refused (syntax or type error, too many rules, nothing to remove): nothing changed. */
  rule_rejected: z.strictObject({ name: z.string(), error: z.string() }),
}
