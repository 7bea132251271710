import { z } from 'zod'
import { int } from '../../scenario/base'
import { LIFECYCLE_ACTIONS } from '../atmOS/messages'

/**
 * nomOS's settings: the law. A rule is data — a CEL expression (the language of Kubernetes'
 * ValidatingAdmissionPolicy) that must hold for a request to be admitted — never code: it is
 * parsed, type-checked and evaluated by a CEL library (src/layers/nomOS/cel.ts), never `eval`.
 */

/** What can be asked of the cluster: every lifecycle action of a world (atmOS) and a network partition (chaOS). */
export const ADMISSION_ACTIONS = [...LIFECYCLE_ACTIONS, 'partition'] as const
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number]

/**
 * What a violated rule does (Gatekeeper's enforcement actions, ValidatingAdmissionPolicy's
 * validationActions): deny refuses the request; warn admits it and logs a warning; audit admits it
 * and logs the violation; dryrun admits it and only counts what it would have denied.
 */
export const RULE_EFFECTS = ['deny', 'warn', 'audit', 'dryrun'] as const
export type RuleEffect = (typeof RULE_EFFECTS)[number]

export const MAX_RULES = 32
export const MAX_EXPRESSION_CHARS = 2_000

export const RuleSpec = z.strictObject({
  /** A DNS label, as Kubernetes names its objects. */
  name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/, 'a rule name is 1–40 lowercase letters, digits and dashes, not starting or ending with a dash'),
  /** CEL, true when the request may be admitted (a validation, as in ValidatingAdmissionPolicy). */
  expression: z.string().min(1).max(MAX_EXPRESSION_CHARS),
  /** Said when the rule is violated. */
  message: z.string().max(300).default(''),
  effect: z.enum(RULE_EFFECTS).default('deny'),
  /** The actions the rule judges (empty: all). */
  actions: z.array(z.enum(ADMISSION_ACTIONS)).max(ADMISSION_ACTIONS.length).default([]),
})
export type RuleSpec = z.infer<typeof RuleSpec>
export type RuleSpecInput = z.input<typeof RuleSpec>

/**
 * The built-in rules (the scenario may remove or replace them):
 * - raft-quorum-budget: Kubernetes' PodDisruptionBudget with minAvailable = the Raft quorum — an
 *   action may not leave fewer than a quorum of voters serving and reachable from each other,
 *   unless it does not make things worse (a restart, a release).
 * - ejection-cap: Envoy's max_ejection_percent — never more than a third of the worlds quarantined.
 */
export const BUILT_IN_RULES: readonly RuleSpec[] = [
  {
    name: 'raft-quorum-budget',
    expression: 'after.votersAvailable >= cluster.quorum || after.votersAvailable >= cluster.votersAvailable',
    message: 'it would leave fewer than a quorum of Raft voters serving and reachable (a disruption budget: minAvailable = quorum)',
    effect: 'deny',
    actions: [],
  },
  {
    name: 'ejection-cap',
    expression: 'request.action != "quarantine" || after.quarantined * 3 <= cluster.worlds',
    message: 'more than a third of the worlds would be quarantined (Envoy caps ejection)',
    effect: 'deny',
    actions: ['quarantine'],
  },
]

export const NomosSettings = z.strictObject({
  /** The rules in force at the big bang, in evaluation order. */
  rules: z.array(RuleSpec).max(MAX_RULES).default(BUILT_IN_RULES.map((r) => ({ ...r, actions: [...r.actions] }))),
  /** chaOS's random faults bypass admission (chaos above the law); its manual faults are still judged. */
  chaosAboveLaw: z.boolean().default(false),
  /** How long an admitted change counts as pending (in the projected state) until its announcement is seen, quanta. */
  pendingQuanta: int(1, 100).default(4),
})
export type NomosSettings = z.infer<typeof NomosSettings>

/** The user adds (or replaces, by name) or removes a rule at an exact sim time. */
export const RuleIntervention = z.strictObject({
  kind: z.literal('rule'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  op: z.enum(['add', 'remove']),
  rule: RuleSpec.optional(),
  name: z.string().max(40).optional(),
})
