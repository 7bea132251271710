/** harmoniOS's state and the view the page reads (the glow in 3D, the harmony line, the release panel). */
import type { RolloutStep } from './settings'

export interface Rollout {
  id: number
  version: string
  heartbeatMs: number
  steps: RolloutStep[]
  /** The step running now. */
  index: number
  stepStartedUs: number
  weight: number
  canaries: number[]
  startedUs: number
  timer: number | null
}

export interface RolloutRecord {
  version: string
  outcome: 'completed' | 'aborted'
  atUs: number
  reason: string | null
  steps: string[]
  reachedStep: number
}

export interface HarmoniosState {
  /** Latest sample values by layer. */
  samples: Record<string, Record<string, number | (number | null)[]>>
  leader: { term: number; node: number | null } | null
  alertsFiring: number
  harmony: boolean
  /** Since when every part has held (null: a part fails now). */
  holdingSinceUs: number | null
  lostAtUs: number | null
  lostReason: string | null
  reachedAtUs: number | null
  reasons: string[]
  unjudged: string[]
  /** [start, end|null] stretches of harmony (the timelines' harmony line), the last 200. */
  stretches: [number, number | null][]
  /** The stable version every world not in a canary runs. */
  stable: { version: string; heartbeatMs: number | null }
  rollout: Rollout | null
  nextRollout: number
  history: RolloutRecord[]
  reached: number
  lost: number
  /** The last time harmony came back: how long it was lost, and why it was lost. */
  lastRecovery: { atUs: number; afterUs: number; lostFor: string } | null
}

export interface HarmoniosView {
  harmony: boolean
  sinceUs: number | null
  reasons: string[]
  unjudged: string[]
  stretches: [number, number | null][]
  stable: HarmoniosState['stable']
  rollout: { version: string; heartbeatMs: number; steps: string[]; index: number; weight: number; canaries: number[]; startedUs: number; stepStartedUs: number } | null
  history: RolloutRecord[]
  reached: number
  lost: number
  lastRecovery: HarmoniosState['lastRecovery']
}

export function stepText(s: RolloutStep): string {
  if ('setWeight' in s) return `setWeight ${s.setWeight}%`
  if ('pauseMs' in s) return `pause ${s.pauseMs / 1000} s`
  return `analysis ${s.analysisMs / 1000} s`
}

export function harmoniosView(s: HarmoniosState): HarmoniosView {
  const r = s.rollout
  return {
    harmony: s.harmony,
    sinceUs: s.harmony ? s.reachedAtUs : s.lostAtUs,
    reasons: s.reasons.slice(0, 8),
    unjudged: s.unjudged.slice(),
    stretches: s.stretches.map(([a, b]) => [a, b]),
    stable: { ...s.stable },
    rollout: r ? { version: r.version, heartbeatMs: r.heartbeatMs, steps: r.steps.map(stepText), index: r.index, weight: r.weight, canaries: r.canaries.slice(), startedUs: r.startedUs, stepStartedUs: r.stepStartedUs } : null,
    history: s.history.slice(-8),
    reached: s.reached,
    lost: s.lost,
    lastRecovery: s.lastRecovery === null ? null : { ...s.lastRecovery },
  }
}
