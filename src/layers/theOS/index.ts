/**
 * theOS — the orchestrator in the run: Kubernetes' scheduler and controllers over the worlds.
 *
 * The services (settings, or the user's scale / service / service_remove interventions) say how
 * many pods each wants and what each pod requests; the worlds' capacities come from atmOS at the
 * big bang (world_capacity; 1 unit = 1,000 m CPU and 1 GiB). A level-triggered reconciliation
 * pass (reconcile.ts) runs every reconcileMs and syncDelayMs after any relevant change: it drops
 * pods lost with their world, evicts pods off draining worlds within each service's disruption
 * budget, creates or deletes pods toward the desired replicas and schedules the pending ones
 * (scheduler.ts: filter, score 0–100, ties to the lowest world id). A bound pod becomes ready
 * after startupMs; an evicted one terminates for terminationGraceMs, holding its resources.
 *
 * The orchestrator has no oracle: while pandemoniOS runs it learns a failure from its verdicts
 * (conviction: a convicted world is failed whatever atmOS says) and from a world's reboot; without
 * it, it falls back to the statuses atmOS announces (ctx.worlds). Draining, quarantine and
 * decommission are decisions, announced to all, and read from ctx.worlds either way.
 *
 * Events: see events.ts (pod_scheduled, pod_evicted, reconciled …; node = the pod's world).
 * Cross-layer: consumes world_status, world_capacity (atmOS), conviction (pandemoniOS) and its
 * interventions; sends handoff_status to thanatOS when a world starts draining and whenever its
 * pod count changes while it drains (0: its workloads are handed off).
 */
import { US_PER_MS } from '../../kernel/time'
import { defineLayer } from '../define'
import { THEOS_CONSUMES, THEOS_INTERVENTIONS, THEOS_SENDS, type TheosCtx } from './contract'
import { THEOS_EVENTS } from './events'
import { theOSManifest } from './manifest'
import { evict, findPod, newService, noteChange, requestSync, schedule, sync, type Timer } from './reconcile'
import { CPU_MILLI_PER_UNIT, MAX_SERVICES, MEM_MB_PER_UNIT, type ServiceSpec } from './settings'
import { countsOf, tally, theosView, type TheosState, type TheosView } from './view'

export type { TheosState, TheosView } from './view'

function announce(ctx: TheosCtx, spec: ServiceSpec, cause: 'settings' | 'scale' | 'service'): void {
  ctx.emit('service_set', null, { name: spec.name, replicas: spec.replicas, cpuMilli: spec.cpuMilli, memMb: spec.memMb, minAvailable: spec.minAvailable, cause })
}

function setService(s: TheosState, ctx: TheosCtx, spec: ServiceSpec, cause: 'scale' | 'service'): void {
  const i = s.services.findIndex((x) => x.spec.name === spec.name)
  if (i >= 0) {
    s.services[i]!.spec = { ...spec }
    s.services[i]!.converged = false // a new desired state: reconciled is announced again once it is reached
  }
  else if (s.services.length >= MAX_SERVICES) return ctx.emit('intervention_rejected', null, { kind: cause, reason: `at most ${MAX_SERVICES} services` })
  else s.services.push(newService(spec))
  // A changed spec applies to pods made from now on (no rolling update of the running ones).
  announce(ctx, spec, cause)
  s.converged = false
  noteChange(s, ctx, `${cause} ${spec.name}`)
}

export const theOS = defineLayer({
  ...theOSManifest,
  consumes: THEOS_CONSUMES,
  interventions: THEOS_INTERVENTIONS,
  sends: THEOS_SENDS,
  events: THEOS_EVENTS,
  init(ctx): TheosState {
    const n = ctx.scenario.nodes.count
    return {
      capacity: null,
      convicted: new Array<boolean>(n).fill(false),
      boot: new Array<number>(n).fill(0),
      handoff: new Array<number | null>(n).fill(null),
      services: ctx.settings.services.map(newService),
      nextReplica: {},
      pods: [],
      syncAtUs: null,
      converged: false,
      lastChangeUs: null,
      lastChange: null,
      measured: false,
      lastConvergenceUs: null,
      stats: { schedules: 0, unschedulable: 0, evictions: 0, lost: 0, drained: 0, scaledDown: 0, blocked: 0, syncs: 0 },
    }
  },

  onMessage(s, msg, ctx) {
    switch (msg.type) {
      case 'world_capacity': {
        if (s.capacity !== null) return
        s.capacity = msg.data.units.map((u) => ({ cpuMilli: u * CPU_MILLI_PER_UNIT, memMb: u * MEM_MB_PER_UNIT }))
        ctx.emit('capacity_known', null, { cpuMilli: s.capacity.map((c) => c.cpuMilli), memMb: s.capacity.map((c) => c.memMb) })
        for (const sv of s.services) announce(ctx, sv.spec, 'settings')
        s.lastChangeUs = ctx.now
        s.lastChange = 'start'
        sync(s, ctx)
        schedule(ctx, ctx.now + ctx.settings.reconcileMs * US_PER_MS, { k: 'loop' })
        return
      }
      case 'world_status': {
        const { node, status, from } = msg.data
        if (status === 'restarting') s.boot[node] = (s.boot[node] ?? 0) + 1
        return noteChange(s, ctx, `world ${node} ${from} → ${status}`)
      }
      case 'conviction': {
        const { node, convicted, phi } = msg.data
        if (node >= s.convicted.length || s.convicted[node] === convicted) return
        s.convicted[node] = convicted
        ctx.emit('conviction_heard', node, { convicted, phi })
        return noteChange(s, ctx, `world ${node} ${convicted ? 'convicted' : 'rehabilitated'}`)
      }
      case 'scale': {
        const sv = s.services.find((x) => x.spec.name === msg.data.service)
        if (!sv) return ctx.emit('intervention_rejected', null, { kind: 'scale', reason: `no service named ${msg.data.service}` })
        return setService(s, ctx, { ...sv.spec, replicas: msg.data.replicas }, 'scale')
      }
      case 'service': {
        const { kind: _k, atUs: _a, ...spec } = msg.data
        return setService(s, ctx, spec, 'service')
      }
      case 'service_remove': {
        const i = s.services.findIndex((x) => x.spec.name === msg.data.name)
        if (i < 0) return ctx.emit('intervention_rejected', null, { kind: 'service_remove', reason: `no service named ${msg.data.name}` })
        s.services.splice(i, 1)
        const pods = s.pods.filter((p) => p.service === msg.data.name && p.state !== 'terminating')
        for (const p of pods) evict(s, ctx, p, 'removed', 'its service was removed')
        ctx.emit('service_removed', null, { name: msg.data.name, pods: pods.length })
        return noteChange(s, ctx, `service ${msg.data.name} removed`)
      }
    }
  },

  onTimer(s, payload, ctx) {
    const t = payload as unknown as Timer
    switch (t.k) {
      case 'loop':
        sync(s, ctx)
        schedule(ctx, ctx.now + ctx.settings.reconcileMs * US_PER_MS, { k: 'loop' })
        return
      case 'sync':
        if (s.syncAtUs !== ctx.now) return // superseded by an earlier one
        s.syncAtUs = null
        return sync(s, ctx)
      case 'ready': {
        const p = findPod(s, t.service, t.replica)
        if (!p || p.state !== 'starting') return
        p.state = 'running'
        ctx.emit('pod_ready', p.node, { service: p.service, replica: p.replica, afterUs: ctx.now - (p.boundUs ?? ctx.now) })
        // The budget may now allow the next eviction of a drain; the service may be reconciled.
        return requestSync(s, ctx, 0)
      }
      case 'gone': {
        const p = findPod(s, t.service, t.replica)
        if (!p || p.state !== 'terminating') return
        s.pods.splice(s.pods.indexOf(p), 1)
        ctx.emit('pod_deleted', p.node, { service: p.service, replica: p.replica, reason: 'its termination grace ended' })
        return requestSync(s, ctx, 0)
      }
    }
  },

  sample(s) {
    const t = tally(s)
    return {
      desired: s.services.reduce((a, x) => a + x.spec.replicas, 0),
      actual: t.all.running,
      pending: t.all.pending,
      pods: t.pods,
      evictions: s.stats.evictions,
    }
  },

  view(s): TheosView {
    return theosView(s)
  },

  summary(s) {
    const t = tally(s)
    return {
      ...s.stats,
      converged: s.converged,
      lastChange: s.lastChange,
      lastConvergenceUs: s.lastConvergenceUs,
      services: s.services.map((x) => `${x.spec.name}:${countsOf(t, x.spec.name).running}/${x.spec.replicas}`),
      podsPerWorld: t.pods,
    }
  },
})
