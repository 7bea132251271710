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
  createdUs: number
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
  nowUs: number
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
  terminating: number
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
  nowUs: number
  services: ServiceView[]
  pods: PodView[]
  worlds: WorldAllocation[]
  converged: boolean
  lastChange: string | null
  lastChangeUs: number | null
  lastConvergenceUs: number | null
  stats: TheosState['stats']
}

export function theosView(s: TheosState): TheosView {
  const services = s.services.map((sv): ServiceView => {
    const mine = s.pods.filter((p) => p.service === sv.spec.name)
    const n = (st: string) => mine.filter((p) => p.state === st).length
    const ready = n('running')
    return {
      name: sv.spec.name,
      desired: sv.spec.replicas,
      ready,
      starting: n('starting'),
      pending: n('pending'),
      terminating: n('terminating'),
      minAvailable: sv.spec.minAvailable,
      disruptionsAllowed: Math.max(0, ready - sv.spec.minAvailable),
      cpuMilli: sv.spec.cpuMilli,
      memMb: sv.spec.memMb,
      converged: sv.converged,
    }
  })
  const worlds = (s.capacity ?? []).map((c, id): WorldAllocation => {
    const on = s.pods.filter((p) => p.node === id)
    return { id, cpuMilli: c.cpuMilli, memMb: c.memMb, usedCpuMilli: on.reduce((a, p) => a + p.cpuMilli, 0), usedMemMb: on.reduce((a, p) => a + p.memMb, 0), pods: on.length, convicted: s.convicted[id] ?? false }
  })
  return {
    nowUs: s.nowUs,
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
