/** theOS's state and view model. */
import type { ServiceSpec } from './settings'

export type PodState = 'pending' | 'starting' | 'running' | 'terminating'

export interface Pod {
  service: string
  /** The pod's ordinal within its service (never reused, so service + replica names one pod for good). */
  replica: number
  state: PodState
  /** The world it is bound to (null while pending). */
  node: number | null
  /** The world's boot generation when it was bound: a reboot since means the pod died with the crash. */
  boot: number
  cpuMilli: number
  memMb: number
  boundUs: number | null
  score: number | null
  /** FailedScheduling was noted (once per pod). */
  notedPending: boolean
  /** An eviction refused by the budget was noted (once per pod and drain). */
  notedBlocked: boolean
}

export interface ServiceState {
  spec: ServiceSpec
  /** The last pass found desired = actual (reconciled is emitted on the transition). */
  converged: boolean
}

export interface TheosState {
  /** Each world's capacity (null until atmOS's world_capacity arrives: nothing is scheduled before). */
  capacity: { cpuMilli: number; memMb: number }[] | null
  convicted: boolean[]
  /** Each world's boot generation (bumped when it restarts). */
  boot: number[]
  /** The pod count last sent to thanatOS for each draining world (null: not draining). */
  handoff: (number | null)[]
  services: ServiceState[]
  /** The next ordinal of each service name ever seen. */
  nextReplica: Record<string, number>
  pods: Pod[]
  /** When the queued sync runs (null: none queued). */
  syncAtUs: number | null
  converged: boolean
  /** The last change (a world's status, a conviction, an intervention) and whether convergence after it was measured. */
  lastChangeUs: number | null
  lastChange: string | null
  measured: boolean
  /** The last time from a change to desired = actual, µs. */
  lastConvergenceUs: number | null
  stats: { schedules: number; unschedulable: number; evictions: number; lost: number; drained: number; scaledDown: number; blocked: number; syncs: number }
}

export interface ServiceView {
  name: string
  desired: number
  ready: number
  starting: number
  pending: number
  minAvailable: number
  /** Voluntary disruptions the budget allows now (ready − minAvailable, at least 0). */
  disruptionsAllowed: number
  cpuMilli: number
  memMb: number
  converged: boolean
}

export interface PodView {
  service: string
  replica: number
  state: PodState
  node: number | null
  score: number | null
}

export interface WorldAllocation {
  id: number
  cpuMilli: number
  memMb: number
  usedCpuMilli: number
  usedMemMb: number
  pods: number
  convicted: boolean
}

export interface TheosView {
  services: ServiceView[]
  pods: PodView[]
  worlds: WorldAllocation[]
  converged: boolean
  lastChange: string | null
  lastChangeUs: number | null
  lastConvergenceUs: number | null
  stats: TheosState['stats']
}

/** Pods per state: what one service (or the whole cluster) has. */
export type StateCounts = Record<PodState, number>

export interface Tally {
  /** Per service name, every pod counted (a removed service's terminating pods too). */
  services: Map<string, StateCounts>
  /** Every pod, whatever its service. */
  all: StateCounts
  /** Per world 0..n−1: the requests of the pods bound there (terminating ones included) and their number. */
  cpuMilli: number[]
  memMb: number[]
  pods: number[]
}

const noPods = (): StateCounts => ({ pending: 0, starting: 0, running: 0, terminating: 0 })
const NO_PODS: Readonly<StateCounts> = noPods()

/** A service's counts in a tally (all zero when it has no pod). */
export const countsOf = (t: Tally, service: string): Readonly<StateCounts> => t.services.get(service) ?? NO_PODS

/** One pass over the pods: per service and state, and per world of the first `worlds` (default: the known capacities). */
export function tally(s: TheosState, worlds: number = s.capacity?.length ?? 0): Tally {
  const t: Tally = { services: new Map(), all: noPods(), cpuMilli: new Array<number>(worlds).fill(0), memMb: new Array<number>(worlds).fill(0), pods: new Array<number>(worlds).fill(0) }
  for (const p of s.pods) {
    let c = t.services.get(p.service)
    if (c === undefined) t.services.set(p.service, (c = noPods()))
    c[p.state]++
    t.all[p.state]++
    if (p.node !== null && p.node < worlds) {
      t.cpuMilli[p.node]! += p.cpuMilli
      t.memMb[p.node]! += p.memMb
      t.pods[p.node]!++
    }
  }
  return t
}

export function theosView(s: TheosState): TheosView {
  const t = tally(s)
  const services = s.services.map((sv): ServiceView => {
    const c = countsOf(t, sv.spec.name)
    return {
      name: sv.spec.name,
      desired: sv.spec.replicas,
      ready: c.running,
      starting: c.starting,
      pending: c.pending,
      minAvailable: sv.spec.minAvailable,
      disruptionsAllowed: Math.max(0, c.running - sv.spec.minAvailable),
      cpuMilli: sv.spec.cpuMilli,
      memMb: sv.spec.memMb,
      converged: sv.converged,
    }
  })
  const worlds = (s.capacity ?? []).map(
    (c, id): WorldAllocation => ({ id, cpuMilli: c.cpuMilli, memMb: c.memMb, usedCpuMilli: t.cpuMilli[id]!, usedMemMb: t.memMb[id]!, pods: t.pods[id]!, convicted: s.convicted[id] ?? false }),
  )
  return {
    services,
    pods: s.pods.map((p) => ({ service: p.service, replica: p.replica, state: p.state, node: p.node, score: p.score })),
    worlds,
    converged: s.converged,
    lastChange: s.lastChange,
    lastChangeUs: s.lastChangeUs,
    lastConvergenceUs: s.lastConvergenceUs,
    stats: { ...s.stats },
  }
}
