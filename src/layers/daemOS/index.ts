/**
 * daemOS — each world's daemons under a supervision tree (tree.ts), faithful to Erlang/OTP
 * supervisors (strategies one_for_one / one_for_all / rest_for_one, restart types permanent /
 * transient / temporary, restart intensity within a period, escalation to the parent) and to
 * Kubernetes' CrashLoopBackOff for the wait before each restart (supervisor.ts says how the two
 * combine). The daemons do other layers' work (messages.ts): daemOS tells a layer with
 * `daemon_state` whenever one stops or starts on a world — a crash, a termination by its
 * supervisor, its world going down; a restart, its world booting — and that layer pauses that
 * world's work meanwhile (chronOS's NTP client, karmOS's anti-entropy rounds, atmOS's happenings,
 * pandemoniOS's heartbeats). Nothing is sent at the big bang (every daemon runs) nor in a run
 * without daemOS.
 *
 * Crashes come from chaOS (daemon_crash: random, daemonCrashRatePerMin) and from the user
 * (daemon_fault: crash, crashloop, heal, exit). When a world's root supervisor gives up, daemOS asks
 * atmOS to crash the world and, once it is crashed, to restart it (lifecycle_request, judged by
 * nomOS while it runs: lifecycle_outcome; a denied reboot starts the tree again in place, a denied
 * restart is asked again backoffInitialMs later). daemOS draws nothing: it has no random stream.
 *
 * Events (node = the world): daemon_crashed, daemon_exited, daemon_backoff, daemon_restarted,
 * daemon_started, daemon_terminated, supervisor_escalated, world_reboot_requested,
 * world_reboot_denied, daemon_fault_applied, daemon_fault_skipped (events.ts).
 */
import { simUs } from '../../kernel/time'
import type { JsonObject } from '../../kernel/types'
import { isLive } from '../../kernel/worlds'
import { outcomeReason } from '../atmOS/messages'
import { defineLayer } from '../define'
import { DAEMOS_CONSUMES, DAEMOS_SENDS, type DaemosCtx } from './contract'
import { DAEMOS_EVENTS } from './events'
import { daemOSManifest } from './manifest'
import { doesLayerWork } from './messages'
import type { DaemonFaultIntervention } from './settings'
import { boot, exit, indexOf, loopDue, restartDue, runningWorkers, treeDown, worldDown, type DaemonTimer, type DaemonWorld, type Env } from './supervisor'
import { createNodes, worldTreeSpec } from './tree'
import { daemosView, type DaemosState, type DaemosView } from './view'

export type { DaemosState, DaemosView, DaemosNodeView, DaemosWorldView } from './view'

type RebootTimer = { k: 'reboot'; w: number }

/** The supervisors' window on the run for world w. */
function envOf(s: DaemosState, ctx: DaemosCtx, w: DaemonWorld): Env {
  const set = ctx.settings
  return {
    now: ctx.now,
    live: isLive(ctx.worlds[w.id]!),
    timings: { backoffInitialUs: set.backoffInitialMs * 1_000, backoffMaxUs: set.backoffMaxMs * 1_000, backoffResetUs: set.backoffResetAfterMs * 1_000, crashLoopAfterUs: set.crashLoopAfterMs * 1_000 },
    emit: (type: string, data: JsonObject) => ctx.emit(type, w.id, data),
    schedule: (atUs: number, t: DaemonTimer) => void ctx.schedule(simUs(atUs), t),
    changed: (daemon, running) => {
      if (doesLayerWork(daemon)) ctx.send('daemon_state', { node: w.id, daemon, running })
    },
    rootFailed: () => {
      s.stats.reboots++
      w.rebooting = true
      const reason = 'daemOS: its root supervisor gave up (restart intensity exceeded)'
      ctx.emit('world_reboot_requested', w.id, { reason })
      ctx.send('lifecycle_request', { node: w.id, action: 'crash', reason, requester: 'daemOS' })
    },
  }
}

/** Our reboot: the world is crashed, now ask for its restart. */
function requestRestart(ctx: DaemosCtx, node: number): void {
  ctx.send('lifecycle_request', { node, action: 'restart', reason: 'daemOS: reboot after its supervision tree gave up', requester: 'daemOS' })
}

function afterChange(s: DaemosState, w: DaemonWorld, before: { restarts: number; escalations: number }): void {
  s.stats.restarts += w.restarts - before.restarts
  s.stats.escalations += w.escalations - before.escalations
}

/** Run one supervisor action on world w, keeping the cluster's totals. */
function act(s: DaemosState, ctx: DaemosCtx, w: DaemonWorld, f: (env: Env) => void): void {
  const before = { restarts: w.restarts, escalations: w.escalations }
  f(envOf(s, ctx, w))
  afterChange(s, w, before)
}

function onFault(s: DaemosState, ctx: DaemosCtx, f: DaemonFaultIntervention): void {
  const w = s.worlds[f.node]
  const skip = (reason: string) => ctx.emit('daemon_fault_skipped', w ? w.id : null, { daemon: f.daemon, mode: f.mode, reason })
  if (!w) return skip(`there is no world ${f.node} (there are ${s.worlds.length})`)
  const i = indexOf(w, f.daemon)
  if (i < 0) return skip(`${f.daemon} is not supervised in this run (its layer does not run)`)
  const n = w.nodes[i]!
  ctx.emit('daemon_fault_applied', w.id, { daemon: f.daemon, mode: f.mode })
  switch (f.mode) {
    case 'crash':
    case 'exit':
      return act(s, ctx, w, (env) => void exit(w, i, env, f.mode === 'crash', f.mode === 'crash' ? 'killed (manual crash)' : 'finished (manual normal exit)'))
    case 'crashloop':
      if (w.loops.includes(f.daemon)) return
      w.loops.push(f.daemon)
      if (isLive(ctx.worlds[w.id]!) && n.state === 'running') ctx.schedule(simUs(ctx.now + ctx.settings.crashLoopAfterMs * 1_000), { k: 'loop', w: w.id, i, inc: n.inc } satisfies DaemonTimer)
      return
    case 'heal':
      w.loops = w.loops.filter((d) => d !== f.daemon)
      return
  }
}

export const daemOS = defineLayer({
  ...daemOSManifest,
  consumes: DAEMOS_CONSUMES,
  sends: DAEMOS_SENDS,
  events: DAEMOS_EVENTS,
  init(ctx): DaemosState {
    const spec = worldTreeSpec(ctx.settings, ctx.scenario.run)
    return {
      nowUs: 0,
      worlds: Array.from({ length: ctx.scenario.nodes.count }, (_, id) => ({ id, rebooting: false, nodes: createNodes(spec, 0), loops: [], restarts: 0, escalations: 0 })),
      stats: { restarts: 0, escalations: 0, reboots: 0, rebootsDenied: 0, crashesIgnored: 0 },
    }
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'world_status': {
        const { node, from, status, requester } = msg.data
        const w = s.worlds[node]
        if (!w) return
        // The mirror (ctx.worlds) holds the new status already: the tree says what it was.
        const down = treeDown(w)
        if (!down && !isLive(status)) {
          act(s, ctx, w, (env) => worldDown(w, env))
          // Our reboot: the crash is done, now the restart (whoever else crashed it restarts it).
          if (w.rebooting && requester === 'daemOS' && status === 'crashed') requestRestart(ctx, node)
          else w.rebooting = false
        } else if (down && status === 'up' && from === 'restarting') act(s, ctx, w, (env) => boot(w, env))
        return
      }
      case 'daemon_crash': {
        const w = s.worlds[msg.data.node]
        if (!w) return
        const i = indexOf(w, msg.data.daemon)
        let crashed = false
        if (i >= 0) act(s, ctx, w, (env) => { crashed = exit(w, i, env, true, 'random crash (chaOS)') })
        if (!crashed) s.stats.crashesIgnored++
        return
      }
      case 'lifecycle_outcome': {
        const o = msg.data
        const w = s.worlds[o.node]
        if (o.requester !== 'daemOS' || o.allowed || !w || !w.rebooting) return
        s.stats.rebootsDenied++
        ctx.emit('world_reboot_denied', w.id, { action: o.action, reason: outcomeReason(o) })
        if (o.action === 'crash') {
          // Not rebooted: the tree starts again in place, on the live world.
          if (isLive(ctx.worlds[w.id]!)) act(s, ctx, w, (env) => boot(w, env))
          else w.rebooting = false
        } else ctx.schedule(simUs(ctx.now + ctx.settings.backoffInitialMs * 1_000), { k: 'reboot', w: w.id } satisfies RebootTimer)
        return
      }
      case 'daemon_fault':
        return onFault(s, ctx, msg.data)
    }
  },

  onTimer(s, payload, ctx) {
    s.nowUs = ctx.now
    const t = payload as unknown as DaemonTimer | RebootTimer
    const w = s.worlds[t.w]
    if (!w) return
    if (t.k === 'reboot') {
      if (w.rebooting && ctx.worlds[w.id] === 'crashed') requestRestart(ctx, w.id)
      return
    }
    act(s, ctx, w, (env) => (t.k === 'restart' ? restartDue(w, t.i, t.inc, env) : loopDue(w, t.i, t.inc, env)))
  },

  sample(s) {
    return {
      daemonsRunning: s.worlds.map((w) => (treeDown(w) ? null : runningWorkers(w))),
      restarts: s.worlds.map((w) => w.restarts),
      escalations: s.stats.escalations,
    }
  },

  view(s): DaemosView {
    return daemosView(s)
  },

  summary(s) {
    return { ...s.stats, restartsPerWorld: s.worlds.map((w) => w.restarts), escalationsPerWorld: s.worlds.map((w) => w.escalations) }
  },
})
