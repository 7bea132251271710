/**
 * theOS's checkers, rebuilt from the event log (atmOS's transitions for the truth about worlds,
 * theOS's pod events for what it did), never from theOS's state.
 *
 * `convergence`: once a bound has passed since the last change — a world's transition (crash,
 * restart, drain, quarantine, release, decommission), a conviction theOS heard, a change of a
 * service's desired state, or a drain eviction (a drain moves pods one budget-limited step at a
 * time, and each step starts the clock again) — every service has exactly its desired number of
 * ready pods really running: ready, not terminating, on a world that is up or draining (a pod on a
 * crashed, restarting, quarantined or decommissioned world does not count, whatever theOS
 * believes). Fewer is excused only while capacity does not allow more: no world that is up and
 * not convicted has room for one more pod of the service (its capacity minus the requests of
 * every pod bound there, terminating ones included). More is never excused.
 *
 * The bound: a lost pod is noticed at the next sync (syncDelayMs) or pass (reconcileMs), scheduled
 * at once and ready startupMs later; a pod waiting for room held by a terminating one waits up to
 * terminationGraceMs more and the next pass. Three times their sum, and never under 15 s (the
 * figure the brief asks for; with the defaults 3 × 4.1 s = 12.3 s, so 15 s).
 *
 * `budget`: a drain eviction of a ready pod never leaves its service with fewer than minAvailable
 * ready pods (the PodDisruptionBudget), counting ready pods as theOS's events say them (what a
 * controller can know: the eviction API judges by the pods' reported readiness).
 */
import type { LoggedEvent } from '../kernel/types'
import { Found } from './found'
import { STATUS_AFTER } from './lifecycle'
import type { Checker, CheckerFactory } from './types'

interface PodFact {
  service: string
  node: number
  state: 'starting' | 'running' | 'terminating'
  cpuMilli: number
  memMb: number
  /** Its world crashed, rebooted or went away since it was bound: the process is gone. */
  dead: boolean
}

interface ServiceFact {
  replicas: number
  cpuMilli: number
  memMb: number
  minAvailable: number
}

const MIN_BOUND_US = 15_000_000

/** The convergence bound for a scenario's theOS settings, µs. */
export function convergenceBoundUs(s: { reconcileMs: number; syncDelayMs: number; startupMs: number; terminationGraceMs: number }): number {
  return Math.max(MIN_BOUND_US, 3 * 1_000 * (s.reconcileMs + s.syncDelayMs + s.startupMs + s.terminationGraceMs))
}

/** What both checkers follow: the worlds, the services and the pods, from the log. */
class Cluster {
  readonly status: string[]
  readonly convicted: boolean[]
  cpu: number[] | null = null
  mem: number[] | null = null
  readonly services = new Map<string, ServiceFact>()
  readonly pods = new Map<string, PodFact>()
  constructor(n: number) {
    this.status = new Array<string>(n).fill('up')
    this.convicted = new Array<boolean>(n).fill(false)
  }

  /** Follow one event; returns what it changed for the convergence clock (null: nothing). */
  follow(e: LoggedEvent): string | null {
    if (e.layer === 'atmOS') {
      const to = STATUS_AFTER[e.type]
      if (to === undefined || e.node === null) return null
      this.status[e.node] = to
      if (to === 'crashed' || to === 'restarting' || to === 'decommissioned') for (const p of this.pods.values()) if (p.node === e.node) p.dead = true
      return `${e.type} of world ${e.node}`
    }
    if (e.layer !== 'theOS') return null
    const d = e.data
    const key = `${String(d['service'])}#${String(d['replica'])}`
    switch (e.type) {
      case 'capacity_known':
        this.cpu = d['cpuMilli'] as number[]
        this.mem = d['memMb'] as number[]
        return 'the start'
      case 'service_set':
        this.services.set(String(d['name']), { replicas: d['replicas'] as number, cpuMilli: d['cpuMilli'] as number, memMb: d['memMb'] as number, minAvailable: d['minAvailable'] as number })
        return `service ${String(d['name'])} set`
      case 'service_removed':
        this.services.delete(String(d['name']))
        return `service ${String(d['name'])} removed`
      case 'conviction_heard':
        if (e.node !== null) this.convicted[e.node] = d['convicted'] === true
        return `conviction of world ${String(e.node)}`
      case 'pod_scheduled':
        if (e.node !== null) this.pods.set(key, { service: String(d['service']), node: e.node, state: 'starting', cpuMilli: d['cpuMilli'] as number, memMb: d['memMb'] as number, dead: false })
        return null
      case 'pod_ready': {
        const p = this.pods.get(key)
        if (p && p.state === 'starting') p.state = 'running'
        return null
      }
      case 'pod_evicted': {
        const p = this.pods.get(key)
        if (p === undefined) return null
        if (d['kind'] === 'lost') this.pods.delete(key)
        else p.state = 'terminating'
        return d['kind'] === 'drain' ? `drain eviction of ${key}` : null
      }
      case 'pod_deleted':
        this.pods.delete(key)
        return null
    }
    return null
  }

  /** Ready pods of a service as theOS's events say. */
  ready(service: string): number {
    let n = 0
    for (const p of this.pods.values()) if (p.service === service && p.state === 'running') n++
    return n
  }

  /** Ready pods of a service that really run. */
  running(service: string): number {
    let n = 0
    for (const p of this.pods.values()) if (p.service === service && p.state === 'running' && !p.dead && (this.status[p.node] === 'up' || this.status[p.node] === 'draining')) n++
    return n
  }

  /** A world that is up, not convicted, with room for one pod of these requests (null: none). */
  room(cpuMilli: number, memMb: number): number | null {
    if (this.cpu === null || this.mem === null) return null
    const usedCpu = new Array<number>(this.cpu.length).fill(0)
    const usedMem = new Array<number>(this.cpu.length).fill(0)
    for (const p of this.pods.values()) {
      usedCpu[p.node] = (usedCpu[p.node] ?? 0) + p.cpuMilli
      usedMem[p.node] = (usedMem[p.node] ?? 0) + p.memMb
    }
    for (let w = 0; w < this.cpu.length; w++)
      if (this.status[w] === 'up' && !this.convicted[w] && usedCpu[w]! + cpuMilli <= this.cpu[w]! && usedMem[w]! + memMb <= this.mem[w]!) return w
    return null
  }
}

export const convergenceChecker: CheckerFactory = (scenario) => {
  const found = new Found('convergence', scenario.seed)
  const runs = scenario.run.includes('theOS')
  const bound = convergenceBoundUs(scenario.layers.theOS)
  const c = new Cluster(scenario.nodes.count)
  let lastUs: number | null = null
  let last = ''
  let judged = true
  /**
   * Something the judgement reads (a world, a service, a pod) may have changed since the last look:
   * the verdict depends only on what the cluster is, so a look that found it sound stays sound
   * until the next atmOS or theOS event.
   */
  let dirty = true

  const checker: Checker = {
    name: 'convergence',
    layer: 'theOS',
    onEvent(e) {
      if (!runs) return
      if (e.layer === 'atmOS' || e.layer === 'theOS') dirty = true
      const change = c.follow(e)
      if (change !== null) {
        lastUs = e.t
        last = change
        judged = false
      }
    },
    onTime(now) {
      if (!runs || judged || !dirty || lastUs === null || now < lastUs + bound || c.cpu === null) return
      dirty = false
      for (const [name, svc] of c.services) {
        const actual = c.running(name)
        if (actual > svc.replicas) {
          judged = true
          return found.add(now, `service ${name} has ${actual} ready pods for ${svc.replicas} desired at ${now} µs, ${(now - lastUs) / 1e6} s after the last change (${last} at ${lastUs} µs)`)
        }
        if (actual < svc.replicas) {
          const w = c.room(svc.cpuMilli, svc.memMb)
          if (w === null) continue
          judged = true
          return found.add(now, `service ${name} has ${actual} ready pods for ${svc.replicas} desired at ${now} µs, ${(now - lastUs) / 1e6} s after the last change (${last} at ${lastUs} µs), while world ${w} has room for one (bound ${bound / 1e6} s)`)
        }
      }
      // Not judged for good: past the bound the state is checked again after any event that may
      // have changed it, until the next change.
    },
    violations: () => found.list,
  }
  return checker
}

export const budgetChecker: CheckerFactory = (scenario) => {
  const found = new Found('budget', scenario.seed)
  const runs = scenario.run.includes('theOS')
  const c = new Cluster(scenario.nodes.count)
  const checker: Checker = {
    name: 'budget',
    layer: 'theOS',
    onEvent(e) {
      if (!runs) return
      if (e.layer === 'theOS' && e.type === 'pod_evicted' && e.data['kind'] === 'drain') {
        const service = String(e.data['service'])
        const pod = c.pods.get(`${service}#${String(e.data['replica'])}`)
        const svc = c.services.get(service)
        if (pod !== undefined && pod.state === 'running' && svc !== undefined) {
          const after = c.ready(service) - 1
          if (after < svc.minAvailable)
            found.add(e.t, `the drain eviction of ${service}#${String(e.data['replica'])} from world ${String(e.node)} at ${e.t} µs (offset ${e.offset}) left ${after} ready pods of ${service}, under its minAvailable ${svc.minAvailable}`)
        }
      }
      c.follow(e)
    },
    violations: () => found.list,
  }
  return checker
}
