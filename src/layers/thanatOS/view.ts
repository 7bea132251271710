/** thanatOS's state (plain data: what snapshots hold) and what the page sees of it. */
import type { NodeId } from '../../kernel/types'

/** The steps of a graceful decommission, in order (Kubernetes termination + a Raft membership change). */
export const STEPS = ['drain', 'handoff', 'leadership', 'replace', 'remove', 'kill'] as const
export type StepName = (typeof STEPS)[number]
export type StepState = 'pending' | 'active' | 'done' | 'skipped'

export interface Step {
  state: StepState
  /** When it became active, then when it ended (µs); null before. */
  startedUs: number | null
  endedUs: number | null
  /** What it waits for, or why it was skipped. */
  note: string
}

export interface Termination {
  id: number
  node: NodeId
  requester: string
  startedUs: number
  graceUntilUs: number
  graceExpired: boolean
  /** The learner promoted to keep the voter count (replace step), or null. */
  replacement: NodeId | null
  steps: Record<StepName, Step>
  outcome: 'running' | 'completed' | 'aborted'
  endedUs: number | null
  reason: string
  /** When the step in progress last asked something of another layer (retries wait retryMs). */
  askedUs: number
}

export interface Join {
  node: NodeId
  startedUs: number
}

/** The one membership change thanatOS has asked mythOS for, until it is committed, refused or timed out. */
export interface MembershipAsk {
  node: NodeId
  action: 'add' | 'remove'
  sentUs: number
  /** mythOS appended it (waiting for the commit) at this time, or null. */
  appendedUs: number | null
}

export interface ThanatosState {
  nowUs: number
  n: number
  /** The committed voter set (mythOS's `membership`), ascending. */
  voters: NodeId[]
  leader: { term: number; node: NodeId | null } | null
  /** theOS's handoff_status: workloads still on each draining world (absent: not reported). */
  pods: Record<number, number>
  terminations: Termination[]
  joins: Join[]
  ask: MembershipAsk | null
  nextId: number
  stats: { started: number; completed: number; aborted: number; graceExpired: number; membersAdded: number; membersRemoved: number; joins: number; tookUsTotal: number }
}

export interface ThanatosView {
  voters: NodeId[]
  terminations: Termination[]
  joins: Join[]
  ask: MembershipAsk | null
  stats: ThanatosState['stats']
}

/** Terminations kept for the page once finished. */
export const KEEP_FINISHED = 20

export const thanatosView = (s: ThanatosState): ThanatosView => ({ voters: s.voters, terminations: s.terminations, joins: s.joins, ask: s.ask, stats: s.stats })
