/**
 * theOS's reconciliation pass (level-triggered, as a Kubernetes controller): it looks at what is
 * — the world statuses (ctx.worlds), the convictions heard, the pods — and at what is wanted — the
 * services — and acts on the difference, whatever edge brought it there. One pass, in order:
 *
 *   1. lost      pods on a world that is gone for the orchestrator (decommissioned, quarantined:
 *                fenced, convicted by pandemoniOS, rebooted since the pod was bound, or — only
 *                while no failure detector runs — crashed or restarting) are gone at once.
 *   2. drain     pods on a draining world are evicted one by one, each only while its service keeps
 *                ≥ minAvailable ready pods after it (the PodDisruptionBudget; a pod not ready yet is
 *                always evictable); the replacement made in 3 must be ready before the next.
 *   3. replicas  per service, pods (not terminating) are created or deleted toward its replicas
 *                (ReplicaSet: pending ones go first, then those not ready, then those on the
 *                world holding most of the service's pods, newest first).
 *   4. schedule  each pending pod, service by service, goes to the scheduler (scheduler.ts).
 *   5. handoff   each draining world's pod count goes to thanatOS when it changed.
 *   6. status    services that reached desired = actual are announced (reconciled).
 */
import { US_PER_MS, simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import type { TheosCtx } from './contract'
import { pickWorld, unschedulableReason, type WorldRoom } from './scheduler'
import type { ServiceSpec } from './settings'
import { countsOf, tally, type Pod, type ServiceState, type TheosState, type Tally } from './view'

export type Timer = { k: 'loop' } | { k: 'sync' } | { k: 'ready'; service: string; replica: number } | { k: 'gone'; service: string; replica: number }
export const schedule = (ctx: TheosCtx, at: number, t: Timer): number => ctx.schedule(simUs(at), t as unknown as Json)

/** Queue a sync `delayUs` from now unless one is queued sooner (the controller's work queue). */
export function requestSync(s: TheosState, ctx: TheosCtx, delayUs: number): void {
  const at = ctx.now + delayUs
  if (s.syncAtUs !== null && s.syncAtUs <= at && s.syncAtUs >= ctx.now) return
  s.syncAtUs = at
  schedule(ctx, at, { k: 'sync' })
}

/** A relevant change happened: convergence is measured from it. */
export function noteChange(s: TheosState, ctx: TheosCtx, what: string): void {
  s.lastChangeUs = ctx.now
  s.lastChange = what
  s.measured = false
  requestSync(s, ctx, ctx.settings.syncDelayMs * US_PER_MS)
}

const usesDetector = (ctx: TheosCtx): boolean => ctx.scenario.run.includes('pandemoniOS')

/** Why the pods bound to world `w` are gone for the orchestrator, or null. */
export function lostReason(s: TheosState, ctx: TheosCtx, w: number, boot: number): string | null {
  const status = ctx.worlds[w]
  if (status === 'decommissioned') return 'its world was decommissioned'
  if (status === 'quarantined') return 'its world was quarantined (fenced)'
  if (s.convicted[w]) return 'its world was convicted by the failure detector'
  if (s.boot[w] !== boot) return 'its world rebooted: the pod died with the crash'
  if (!usesDetector(ctx) && (status === 'crashed' || status === 'restarting')) return 'its world crashed'
  return null
}

const readyOf = (s: TheosState, service: string): number => s.pods.reduce((n, p) => n + (p.service === service && p.state === 'running' ? 1 : 0), 0)
const specOf = (s: TheosState, service: string): ServiceSpec | undefined => s.services.find((x) => x.spec.name === service)?.spec

function remove(s: TheosState, p: Pod): void {
  const i = s.pods.indexOf(p)
  if (i >= 0) s.pods.splice(i, 1)
}

/**
 * Take a pod out of service: lost (gone at once) or terminating (it holds its resources for the
 * grace period); a pending one simply goes.
 */
export function evict(s: TheosState, ctx: TheosCtx, p: Pod, kind: 'lost' | 'drain' | 'scale_down' | 'removed', reason: string): void {
  const wasReady = p.state === 'running'
  const minAvailable = specOf(s, p.service)?.minAvailable ?? 0
  if (p.state === 'terminating') {
    // Already on its way out: its world went first.
    remove(s, p)
    ctx.emit('pod_deleted', p.node, { service: p.service, replica: p.replica, reason })
    return
  }
  s.stats.evictions++
  if (kind === 'lost') s.stats.lost++
  else if (kind === 'drain') s.stats.drained++
  else s.stats.scaledDown++
  if (kind === 'lost' || p.node === null) remove(s, p)
  else {
    p.state = 'terminating'
    schedule(ctx, ctx.now + ctx.settings.terminationGraceMs * US_PER_MS, { k: 'gone', service: p.service, replica: p.replica })
  }
  ctx.emit('pod_evicted', p.node, { service: p.service, replica: p.replica, kind, reason, wasReady, ready: readyOf(s, p.service), minAvailable })
}

/**
 * The worlds as the scheduler sees them at the start of a schedule pass (one pass over the pods):
 * each world's room with the requests of every pod bound there, the number of each service's pods
 * (not terminating) on each world, and each service's pending pods in replica order.
 */
function occupancy(s: TheosState, ctx: TheosCtx): { rooms: WorldRoom[]; same: Map<string, number[]>; pending: Map<string, Pod[]> } {
  const cap = s.capacity ?? []
  const rooms: WorldRoom[] = cap.map((c, id) => ({ id, eligible: ctx.worlds[id] === 'up' && !s.convicted[id], cpuMilli: c.cpuMilli, memMb: c.memMb, usedCpuMilli: 0, usedMemMb: 0, sameService: 0 }))
  const same = new Map<string, number[]>()
  const pending = new Map<string, Pod[]>()
  for (const p of s.pods) {
    if (p.state === 'pending') {
      const list = pending.get(p.service)
      if (list === undefined) pending.set(p.service, [p])
      else list.push(p)
    }
    if (p.node === null) continue
    const r = rooms[p.node]
    if (!r) continue
    r.usedCpuMilli += p.cpuMilli
    r.usedMemMb += p.memMb
    if (p.state !== 'terminating') {
      let counts = same.get(p.service)
      if (counts === undefined) same.set(p.service, (counts = new Array<number>(rooms.length).fill(0)))
      counts[p.node]!++
    }
  }
  for (const list of pending.values()) list.sort((a, b) => a.replica - b.replica)
  return { rooms, same, pending }
}

function lostPass(s: TheosState, ctx: TheosCtx): void {
  for (const p of s.pods.slice()) {
    if (p.node === null) continue
    const why = lostReason(s, ctx, p.node, p.boot)
    if (why !== null) evict(s, ctx, p, 'lost', why)
  }
}

function drainPass(s: TheosState, ctx: TheosCtx): void {
  for (let w = 0; w < ctx.worlds.length; w++) {
    if (ctx.worlds[w] !== 'draining') continue
    for (const sv of s.services) {
      const spec = sv.spec
      for (const p of s.pods.filter((x) => x.node === w && x.service === spec.name && (x.state === 'starting' || x.state === 'running'))) {
        if (p.state === 'starting') {
          evict(s, ctx, p, 'drain', 'its world drains (the pod was not ready yet)')
          continue
        }
        const ready = readyOf(s, spec.name)
        if (ready - 1 >= spec.minAvailable) {
          evict(s, ctx, p, 'drain', `its world drains (budget: ${ready - 1} ready of minAvailable ${spec.minAvailable} after it)`)
        } else {
          s.stats.blocked++
          if (!p.notedBlocked) {
            p.notedBlocked = true
            ctx.emit('eviction_blocked', w, { service: p.service, replica: p.replica, ready, minAvailable: spec.minAvailable })
          }
        }
      }
    }
  }
  // Pods of services no longer desired were terminated when the service was removed.
}

/** ReplicaSet's deletion preference: a lower rank goes first. */
function deletionOrder(s: TheosState, ctx: TheosCtx, service: string): (a: Pod, b: Pod) => number {
  const onWorld = new Map<number, number>()
  for (const p of s.pods) if (p.service === service && p.node !== null && p.state !== 'terminating') onWorld.set(p.node, (onWorld.get(p.node) ?? 0) + 1)
  const rank = (p: Pod): number => (p.state === 'pending' ? 0 : p.state === 'starting' ? 1 : p.node !== null && ctx.worlds[p.node] === 'draining' ? 2 : 3)
  return (a, b) => rank(a) - rank(b) || (b.node === null ? 0 : onWorld.get(b.node) ?? 0) - (a.node === null ? 0 : onWorld.get(a.node) ?? 0) || b.replica - a.replica
}

function replicasPass(s: TheosState, ctx: TheosCtx): void {
  for (const sv of s.services) {
    const spec = sv.spec
    const active = s.pods.filter((p) => p.service === spec.name && p.state !== 'terminating')
    for (let i = active.length; i < spec.replicas; i++) {
      const replica = s.nextReplica[spec.name] ?? 0
      s.nextReplica[spec.name] = replica + 1
      s.pods.push({ service: spec.name, replica, state: 'pending', node: null, boot: 0, cpuMilli: spec.cpuMilli, memMb: spec.memMb, boundUs: null, score: null, notedPending: false, notedBlocked: false })
    }
    if (active.length > spec.replicas) {
      const victims = active.slice().sort(deletionOrder(s, ctx, spec.name)).slice(0, active.length - spec.replicas)
      for (const p of victims) evict(s, ctx, p, 'scale_down', `scaled down to ${spec.replicas}`)
    }
  }
}

/**
 * The worlds' rooms are taken once per pass and kept up to date as each pod is bound (its requests
 * and its service's count on the chosen world): the scheduler sees, pod after pod, exactly what a
 * fresh look at the pods would show it, since nothing else changes the pods during the pass.
 */
function schedulePass(s: TheosState, ctx: TheosCtx): void {
  if (s.capacity === null) return
  const weights = { fit: ctx.settings.leastAllocatedWeight, spread: ctx.settings.spreadWeight }
  const seen = occupancy(s, ctx)
  if (seen.pending.size === 0) return
  const worlds = seen.rooms
  for (const sv of s.services) {
    const pending = seen.pending.get(sv.spec.name)
    if (pending === undefined) continue
    const same = seen.same.get(sv.spec.name)
    for (const r of worlds) r.sameService = same?.[r.id] ?? 0
    for (const p of pending) {
      const pick = pickWorld(worlds, p, weights)
      if (pick === null) {
        s.stats.unschedulable++
        if (!p.notedPending) {
          p.notedPending = true
          ctx.emit('pod_pending', null, { service: p.service, replica: p.replica, reason: unschedulableReason(worlds, p) })
        }
        continue
      }
      p.state = 'starting'
      p.node = pick.node
      p.boot = s.boot[pick.node] ?? 0
      p.boundUs = ctx.now
      p.score = pick.score
      p.notedBlocked = false
      const room = worlds[pick.node]!
      room.usedCpuMilli += p.cpuMilli
      room.usedMemMb += p.memMb
      room.sameService++
      s.stats.schedules++
      ctx.emit('pod_scheduled', pick.node, { service: p.service, replica: p.replica, score: pick.score, fit: pick.fit, spread: pick.spread, feasible: pick.feasible, cpuMilli: p.cpuMilli, memMb: p.memMb })
      schedule(ctx, ctx.now + ctx.settings.startupMs * US_PER_MS, { k: 'ready', service: p.service, replica: p.replica })
    }
  }
}

function handoffPass(s: TheosState, ctx: TheosCtx, t: Tally): void {
  for (let w = 0; w < ctx.worlds.length; w++) {
    if (ctx.worlds[w] !== 'draining') {
      s.handoff[w] = null
      continue
    }
    const pods = t.pods[w]!
    if (s.handoff[w] !== pods) {
      s.handoff[w] = pods
      ctx.send('handoff_status', { node: w, pods })
    }
  }
}

function statusPass(s: TheosState, ctx: TheosCtx, t: Tally): void {
  let all = true
  let desired = 0
  let actual = 0
  for (const sv of s.services) {
    const c = countsOf(t, sv.spec.name)
    const ready = c.running
    const converged = c.pending + c.starting + c.running === sv.spec.replicas && ready === sv.spec.replicas
    desired += sv.spec.replicas
    actual += ready
    if (converged && !sv.converged) ctx.emit('reconciled', null, { service: sv.spec.name, desired: sv.spec.replicas, actual: ready })
    sv.converged = converged
    if (!converged) all = false
  }
  if (all && (!s.converged || !s.measured)) {
    const afterUs = s.lastChangeUs === null ? null : ctx.now - s.lastChangeUs
    if (!s.measured && afterUs !== null) s.lastConvergenceUs = afterUs
    s.measured = true
    if (!s.converged) ctx.emit('cluster_reconciled', null, { desired, actual, afterUs })
  }
  s.converged = all
}

/** One reconciliation pass. */
export function sync(s: TheosState, ctx: TheosCtx): void {
  if (s.capacity === null) return
  s.stats.syncs++
  lostPass(s, ctx)
  drainPass(s, ctx)
  replicasPass(s, ctx)
  schedulePass(s, ctx)
  // Neither of the last two changes a pod: one count serves both.
  const t = tally(s, ctx.worlds.length)
  handoffPass(s, ctx, t)
  statusPass(s, ctx, t)
}

export function findPod(s: TheosState, service: string, replica: number): Pod | undefined {
  return s.pods.find((p) => p.service === service && p.replica === replica)
}

export function newService(spec: ServiceSpec): ServiceState {
  return { spec: { ...spec }, converged: false }
}
