/** nomOS's state and the view the page reads (the nomOS panel, the inspector). */
import type { WorldStatus } from '../../kernel/worlds'
import type { Partition } from '../net/partition'
import type { AdmissionAction, RuleSpec } from './settings'

export interface RuleState {
  spec: RuleSpec
  addedUs: number
  /** Requests that violated it (whatever its effect). */
  violations: number
  /** dryrun: requests it would have denied. */
  wouldDeny: number
  /** Evaluations that failed (each denied: fail closed). */
  errors: number
}

export interface Decision {
  atUs: number
  review: string
  action: AdmissionAction
  target: number | null
  requester: string
  allowed: boolean
  rule: string | null
}

export interface NomosState {
  rules: RuleState[]
  voters: number[]
  isVoter: boolean[]
  /** Lifecycle changes admitted and not yet announced: counted in the projected state until untilUs. */
  pending: { node: number; status: WorldStatus; untilUs: number }[]
  partitions: Partition[]
  pendingPartitions: { partition: Partition; untilUs: number }[]
  leader: { term: number; node: number | null } | null
  alertsFiring: number
  /** Latest cluster metrics ("layer.metric") and per-world ones. */
  metrics: Record<string, number>
  worldMetrics: Record<string, (number | null)[]>
  recent: Decision[]
  stats: { reviews: number; denied: number; warned: number; audited: number; rejected: number }
}

export interface NomosView {
  rules: { name: string; expression: string; message: string; effect: RuleSpec['effect']; actions: AdmissionAction[]; violations: number; wouldDeny: number; errors: number }[]
  recent: Decision[]
  stats: NomosState['stats']
  voters: number[]
}

export function nomosView(s: NomosState): NomosView {
  return {
    rules: s.rules.map((r) => ({ name: r.spec.name, expression: r.spec.expression, message: r.spec.message, effect: r.spec.effect, actions: [...r.spec.actions], violations: r.violations, wouldDeny: r.wouldDeny, errors: r.errors })),
    recent: s.recent.slice(-16),
    stats: { ...s.stats },
    voters: s.voters.slice(),
  }
}
