/**
 * harmoniOS — convergence and staged rollouts.
 *
 * Harmony is a predicate over the whole universe (harmony.ts), judged from what harmoniOS hears —
 * the lifecycle mirror, mythOS's leader announcements and its per-world applied index and hash
 * chain, chronOS's clock offsets, karmOS's corrupted entries, oneirOS's transfers, the network's
 * partitions (all on the metrics channel) and anomOS's alerts — once per metrics interval, two
 * quanta after the samples (so every layer's sample of that instant has arrived). Harmony is
 * reached when every part held for settleMs (harmony_reached, with the time since it was lost) and
 * lost at the first failing part (harmony_lost {reason}). Parts whose layer does not run are said
 * to be unjudged, never assumed.
 *
 * Rollouts (Argo Rollouts' canary strategy): a `release` intervention names a version of the
 * worlds' Raft software (its heartbeat interval) and its steps. setWeight w installs it on the
 * first ⌈n·w/100⌉ worlds (the canaries; mythOS's software_version); pause waits; analysis watches
 * for its duration and demands harmony at its end. Any alert firing during the rollout, or an
 * analysis that ends out of harmony, aborts it: weight 0, every canary back on the stable version
 * (rollout_aborted {reason}). After the last step every world runs the new version, which becomes
 * the stable one (rollout_completed).
 */
import { US_PER_MS, simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import { defineLayer } from '../define'
import { HARMONIOS_CONSUMES, HARMONIOS_INTERVENTIONS, HARMONIOS_SENDS, type HarmoniosCtx } from './contract'
import { HARMONIOS_EVENTS } from './events'
import { judge, type Facts } from './harmony'
import { harmoniOSManifest } from './manifest'
import type { ReleaseIntervention } from './settings'
import { harmoniosView, stepText, type HarmoniosState, type HarmoniosView, type Rollout } from './view'

export type { HarmoniosState, HarmoniosView } from './view'

type Timer = { k: 'eval' } | { k: 'step'; rollout: number }
const schedule = (ctx: HarmoniosCtx, at: number, t: Timer): number => ctx.schedule(simUs(at), t as unknown as Json)

const STRETCHES = 200

function arr(v: number | (number | null)[] | undefined): (number | null)[] | null {
  return Array.isArray(v) ? v : null
}
function num(v: number | (number | null)[] | undefined): number | null {
  return typeof v === 'number' ? v : null
}

function facts(s: HarmoniosState, ctx: HarmoniosCtx): Facts {
  const runs = (l: string) => ctx.scenario.run.includes(l)
  const m = s.samples
  return {
    statuses: ctx.worlds,
    leader: s.leader?.node ?? null,
    applied: arr(m['mythOS']?.['appliedIndex']),
    chains: arr(m['mythOS']?.['appliedChain']),
    offsets: runs('chronOS') ? (arr(m['chronOS']?.['offsetUs']) ?? []) : null,
    alertsFiring: runs('anomOS') ? s.alertsFiring : null,
    corrupted: runs('karmOS') ? (num(m['karmOS']?.['corruptedEntries']) ?? 0) : null,
    transfers: runs('oneirOS') ? (num(m['oneirOS']?.['transfers']) ?? 0) : null,
    partitions: num(m[ctx.scenario.network]?.['activePartitions']),
  }
}

function evaluate(s: HarmoniosState, ctx: HarmoniosCtx): void {
  const j = judge(facts(s, ctx), ctx.settings.lagEntries, ctx.settings.epsilonUs)
  s.reasons = j.reasons
  s.unjudged = j.unjudged
  if (j.reasons.length > 0) {
    s.holdingSinceUs = null
    if (s.harmony) {
      s.harmony = false
      s.lost++
      const heldUs = ctx.now - (s.reachedAtUs ?? ctx.now)
      s.lostAtUs = ctx.now
      s.lostReason = j.reasons[0]!
      const open = s.stretches[s.stretches.length - 1]
      if (open && open[1] === null) open[1] = ctx.now
      ctx.emit('harmony_lost', null, { reason: j.reasons[0]!, reasons: j.reasons.slice(0, 16), heldUs })
    } else if (s.lostReason === null || s.lostAtUs === null) {
      s.lostReason = j.reasons[0]!
    }
    return
  }
  if (s.holdingSinceUs === null) s.holdingSinceUs = ctx.now
  if (!s.harmony && ctx.now - s.holdingSinceUs >= ctx.settings.settleMs * US_PER_MS) {
    s.harmony = true
    s.reached++
    s.reachedAtUs = ctx.now
    if (s.lostAtUs !== null) s.lastRecovery = { atUs: ctx.now, afterUs: ctx.now - s.lostAtUs, lostFor: s.lostReason ?? '' }
    s.stretches.push([ctx.now, null])
    if (s.stretches.length > STRETCHES) s.stretches.splice(0, s.stretches.length - STRETCHES)
    ctx.emit('harmony_reached', null, { afterUs: s.lostAtUs === null ? null : ctx.now - s.lostAtUs, lostFor: s.lostAtUs === null ? null : s.lostReason, unjudged: j.unjudged })
  }
}

// ── rollouts ──

function install(ctx: HarmoniosCtx, nodes: readonly number[], version: string, heartbeatMs: number | null): void {
  for (const node of nodes) ctx.send('software_version', { node, version, heartbeatMs })
}

function release(s: HarmoniosState, ctx: HarmoniosCtx, r: ReleaseIntervention): void {
  if (s.rollout !== null) return ctx.emit('rollout_rejected', null, { version: r.version.name, reason: `${s.rollout.version} is still rolling out (step ${s.rollout.index + 1} of ${s.rollout.steps.length})` })
  const rollout: Rollout = { id: s.nextRollout++, version: r.version.name, heartbeatMs: r.version.heartbeatMs, steps: r.steps.map((x) => ({ ...x })), index: -1, stepStartedUs: ctx.now, weight: 0, canaries: [], startedUs: ctx.now, timer: null }
  s.rollout = rollout
  ctx.emit('rollout_started', null, { version: rollout.version, heartbeatMs: rollout.heartbeatMs, steps: rollout.steps.length })
  nextStep(s, ctx)
}

/** Run steps until one takes time (pause, analysis) or the rollout completes. */
function nextStep(s: HarmoniosState, ctx: HarmoniosCtx): void {
  const r = s.rollout
  if (r === null) return
  for (;;) {
    r.index++
    r.stepStartedUs = ctx.now
    const step = r.steps[r.index]
    if (step === undefined) return complete(s, ctx, r)
    if ('setWeight' in step) {
      const n = ctx.worlds.length
      const want = Math.ceil((n * step.setWeight) / 100)
      const canaries = Array.from({ length: want }, (_, i) => i)
      install(ctx, canaries.filter((w) => !r.canaries.includes(w)), r.version, r.heartbeatMs)
      install(ctx, r.canaries.filter((w) => !canaries.includes(w)), s.stable.version, s.stable.heartbeatMs)
      r.canaries = canaries
      r.weight = step.setWeight
      ctx.emit('rollout_step', null, { version: r.version, index: r.index, step: stepText(step), weight: r.weight, canaries: canaries.slice() })
      continue
    }
    ctx.emit('rollout_step', null, { version: r.version, index: r.index, step: stepText(step), weight: r.weight, canaries: r.canaries.slice() })
    r.timer = schedule(ctx, ctx.now + ('pauseMs' in step ? step.pauseMs : step.analysisMs) * US_PER_MS, { k: 'step', rollout: r.id })
    return
  }
}

function onStepTimer(s: HarmoniosState, ctx: HarmoniosCtx, id: number): void {
  const r = s.rollout
  if (r === null || r.id !== id) return
  r.timer = null
  const step = r.steps[r.index]
  if (step !== undefined && 'analysisMs' in step && !s.harmony) return abort(s, ctx, `the analysis ended out of harmony: ${s.reasons[0] ?? s.lostReason ?? 'not yet reached'}`)
  nextStep(s, ctx)
}

function abort(s: HarmoniosState, ctx: HarmoniosCtx, reason: string): void {
  const r = s.rollout
  if (r === null) return
  if (r.timer !== null) ctx.cancel(r.timer)
  install(ctx, r.canaries, s.stable.version, s.stable.heartbeatMs)
  ctx.emit('rollout_aborted', null, { version: r.version, index: Math.max(0, r.index), reason, rolledBack: r.canaries.slice() })
  s.history.push({ version: r.version, outcome: 'aborted', atUs: ctx.now, reason, steps: r.steps.map(stepText), reachedStep: r.index })
  s.rollout = null
}

function complete(s: HarmoniosState, ctx: HarmoniosCtx, r: Rollout): void {
  const all = Array.from({ length: ctx.worlds.length }, (_, i) => i)
  install(ctx, all.filter((w) => !r.canaries.includes(w)), r.version, r.heartbeatMs)
  s.stable = { version: r.version, heartbeatMs: r.heartbeatMs }
  ctx.emit('rollout_completed', null, { version: r.version, tookUs: ctx.now - r.startedUs })
  s.history.push({ version: r.version, outcome: 'completed', atUs: ctx.now, reason: null, steps: r.steps.map(stepText), reachedStep: r.steps.length })
  s.rollout = null
}

export const harmoniOS = defineLayer({
  ...harmoniOSManifest,
  consumes: HARMONIOS_CONSUMES,
  interventions: HARMONIOS_INTERVENTIONS,
  sends: HARMONIOS_SENDS,
  events: HARMONIOS_EVENTS,
  init(ctx): HarmoniosState {
    const interval = ctx.scenario.metricsIntervalMs * US_PER_MS
    schedule(ctx, interval + 2 * ctx.quantumUs, { k: 'eval' })
    return {
      samples: {},
      leader: null,
      alertsFiring: 0,
      harmony: false,
      holdingSinceUs: null,
      lostAtUs: null,
      lostReason: null,
      reachedAtUs: null,
      reasons: ['not judged yet'],
      unjudged: [],
      stretches: [],
      stable: { version: 'stable', heartbeatMs: null },
      rollout: null,
      nextRollout: 1,
      history: [],
      reached: 0,
      lost: 0,
      lastRecovery: null,
    }
  },

  onMessage(s, msg, ctx) {
    switch (msg.type) {
      case 'metrics':
        s.samples[msg.data.layer] = msg.data.values
        return
      case 'leader': {
        const { term, node } = msg.data
        if (s.leader === null || term >= s.leader.term) s.leader = { term, node }
        return
      }
      case 'alert_state':
        s.alertsFiring = msg.data.firing
        if (msg.data.state === 'firing' && s.rollout !== null) abort(s, ctx, `alert ${msg.data.alert} fired${msg.data.world === null ? '' : ` on world ${msg.data.world}`}`)
        return
      case 'world_status':
        return
      case 'release':
        return release(s, ctx, msg.data)
    }
  },

  onTimer(s, payload, ctx) {
    const t = payload as unknown as Timer
    if (t.k === 'step') return onStepTimer(s, ctx, t.rollout)
    evaluate(s, ctx)
    schedule(ctx, ctx.now + ctx.scenario.metricsIntervalMs * US_PER_MS, { k: 'eval' })
  },

  sample: (s) => ({ harmony: s.harmony ? 1 : 0, canaryWeight: s.rollout?.weight ?? 0 }),

  view(s): HarmoniosView {
    return harmoniosView(s)
  },

  summary(s) {
    return { harmony: s.harmony, reached: s.reached, lost: s.lost, stable: s.stable.version, rollouts: s.history.map((h) => `${h.version}:${h.outcome}`) }
  },
})
