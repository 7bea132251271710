/**
 * Liveness after heal (Jepsen's "final heal, then check"): once every crashed world is back and no
 * partition is active — and no fault starts afterwards — mythOS must, within
 * LIVENESS_BOUND = 10 × electionTimeoutMsMax + 2 s, have a leader (at the bound, or at some
 * instant of the 2 × electionTimeoutMsMax before it: leadership may be changing hands) and (when the workload proposes
 * anything) apply new happenings. Checked at finish(), only when the run went on that long past
 * the heal. The run start counts as a heal: a fault-free run must elect and make progress too.
 *
 * Faults are read from chaOS (fault_injected / fault_healed {kind: 'crash' | 'partition',
 * targets}) and atmOS (node_crashed / node_restarting / node_restarted); leaders from mythOS
 * (leader_elected, role_changed, node_stopped).
 */
import type { Json, LoggedEvent, SimTime } from '../kernel/types'
import type { Scenario } from '../scenario/schema'
import type { Checker, CheckerFactory, Violation } from './types'

export const livenessBoundUs = (s: Scenario): number => (10 * s.layers.mythOS.electionTimeoutMsMax + 2_000) * 1_000

const targetsOf = (v: Json | undefined): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : typeof v === 'number' ? [v] : [])

export class LivenessChecker implements Checker {
  readonly name = 'liveness'
  readonly layer = 'mythOS'
  private readonly found: Violation[] = []
  private readonly boundUs: number
  private readonly workload: boolean
  private readonly crashed = new Set<number>()
  private partitions = 0
  /** Start of the current fault-free stretch, or null while a fault is active. */
  private healedAtUs: number | null = 0
  /** Highest index applied when the stretch began, and when a happening beyond it was first applied. */
  private baseIndex = 0
  private progressAtUs: number | null = null
  private maxApplied = 0
  /** Per node, its leadership changes: [t, leading]. */
  private readonly leading = new Map<number, [number, boolean][]>()

  constructor(private readonly scenario: Scenario) {
    this.boundUs = livenessBoundUs(scenario)
    this.workload = scenario.layers.atmOS.happeningsPerSec > 0
  }

  private setLeading(node: number, t: number, on: boolean): void {
    const h = this.leading.get(node) ?? []
    h.push([t, on])
    this.leading.set(node, h)
  }

  onEvent(e: LoggedEvent): void {
    const before = this.crashed.size === 0 && this.partitions === 0
    if (e.layer === 'chaOS' && (e.type === 'fault_injected' || e.type === 'fault_healed')) {
      const kind = e.data['kind']
      const injected = e.type === 'fault_injected'
      if (kind === 'crash') {
        for (const n of targetsOf(e.data['targets'])) {
          if (injected) this.crashed.add(n)
          else this.crashed.delete(n)
        }
      } else if (kind === 'partition') this.partitions = Math.max(0, this.partitions + (injected ? 1 : -1))
    } else if (e.layer === 'atmOS' && e.node !== null) {
      if (e.type === 'node_crashed' || e.type === 'node_restarting') this.crashed.add(e.node)
      else if (e.type === 'node_restarted') this.crashed.delete(e.node)
    } else if (e.layer === 'mythOS' && e.node !== null) {
      if (e.type === 'leader_elected') this.setLeading(e.node, e.t, true)
      else if (e.type === 'node_stopped' || (e.type === 'role_changed' && e.data['role'] !== 'leader')) this.setLeading(e.node, e.t, false)
      else if (e.type === 'entry_applied') {
        const index = typeof e.data['index'] === 'number' ? e.data['index'] : 0
        if (this.healedAtUs !== null && this.progressAtUs === null && index > this.baseIndex && (!this.workload || e.data['kind'] === 'happening')) this.progressAtUs = e.t
        this.maxApplied = Math.max(this.maxApplied, index)
      }
    }
    const after = this.crashed.size === 0 && this.partitions === 0
    if (before && !after) this.healedAtUs = null
    else if (!before && after) {
      this.healedAtUs = e.t
      this.baseIndex = this.maxApplied
      this.progressAtUs = null
    }
  }

  /** Was some node leading at any instant of [from, to]? */
  private leaderDuring(from: number, to: number): boolean {
    for (const h of this.leading.values()) {
      let on = false
      for (const [at, v] of h) {
        if (at > to) break
        if (at <= from) on = v
        else if (v) return true
      }
      if (on) return true
    }
    return false
  }

  finish(endUs: SimTime): void {
    if (this.healedAtUs === null) return
    const deadline = this.healedAtUs + this.boundUs
    if (endUs < deadline) return
    const healed = (this.healedAtUs / 1e6).toFixed(3)
    const bound = (this.boundUs / 1e6).toFixed(1)
    // A leader at the deadline, give or take a hand-over: leadership may be changing hands (a
    // transfer, a CheckQuorum step-down) at that very instant, so any leader in the last
    // 2 × electionTimeoutMsMax before it counts; a cluster that cannot elect has none there.
    const window = 2 * this.scenario.layers.mythOS.electionTimeoutMsMax * 1_000
    if (!this.leaderDuring(Math.max(this.healedAtUs, deadline - window), deadline)) this.found.push({ checker: this.name, t: endUs, seed: this.scenario.seed, message: `liveness: no leader ${bound} s after the faults healed at ${healed} s` })
    if (this.workload && (this.progressAtUs === null || this.progressAtUs > deadline))
      this.found.push({ checker: this.name, t: endUs, seed: this.scenario.seed, message: `liveness: no new happening applied within ${bound} s after the faults healed at ${healed} s (last index before: ${this.baseIndex})` })
  }

  violations(): readonly Violation[] {
    return this.found
  }
}

export const livenessChecker: CheckerFactory = (scenario) => new LivenessChecker(scenario)
