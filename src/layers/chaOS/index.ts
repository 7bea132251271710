/**
 * chaOS — the entropy injector. Random crashes (with automatic restarts) and network partitions
 * in Jepsen's shapes, at rates set by sliders scaled by the master entropy; slider moves and manual
 * faults from the user (interventions, delivered by the kernel at their exact time); network
 * parameters for pneumOS. Every fault is seeded (chaOS's own streams), logged and reproducible.
 * References: Jepsen nemeses (partition/kill, targets one/minority/majority, shapes), Chaos Mesh
 * fault kinds, FoundationDB BUGGIFY (faults as a seeded, tunable part of the simulation).
 */
import { simUs } from '../../kernel/time'
import { isLive } from '../../kernel/worlds'
import { defineLayer } from '../define'
import { chaosNetParams, corruptible } from '../net/transport'
import type { ChaosView } from '../views'
import { cancelPendingPartitions, crashWorlds, healed, healPartitions, lifecycleOutcome, partitionAdmission, restarted, restartWorlds, skip, startPartition, type ChaosState, type ChaosTimer } from './actions'
import { CHAOS_CONSUMES, CHAOS_SENDS, type ChaosCtx } from './contract'
import { CHAOS_TICK_US, type ManualFault, drawPartition, NET_SLIDERS, partitionShapes, perTickProbability, resolvePartition, resolveTargets } from './faults'
import { type ChaosSliders, type FaultTarget } from './settings'
import { clampSlider } from './sliders'
import { CHAOS_EVENTS } from './events'
import { chaOSManifest } from './manifest'
import { supervisedIn, type SupervisedDaemon } from '../daemOS/messages'

export type { ChaosState } from './actions'

const partitionable = (ctx: ChaosCtx): boolean => ctx.scenario.network === 'pneumOS' && ctx.scenario.nodes.count >= 2

/** Clock jumps need chronOS's clocks; ledger corruption karmOS's ledgers. */
const runs = (ctx: ChaosCtx, layer: string): boolean => ctx.scenario.run.includes(layer)
const jumpRate = (s: ChaosState, ctx: ChaosCtx): number => (runs(ctx, 'chronOS') ? perTickProbability(s.sliders.clockJumpRatePerMin, s.sliders.entropy) : 0)
const corruptionRate = (s: ChaosState, ctx: ChaosCtx): number => (runs(ctx, 'karmOS') ? perTickProbability(s.sliders.ledgerCorruptionRatePerMin, s.sliders.entropy) : 0)
/** Daemon crashes need daemOS's daemons. */
const daemonCrashRate = (s: ChaosState, ctx: ChaosCtx): number => (runs(ctx, 'daemOS') ? perTickProbability(s.sliders.daemonCrashRatePerMin, s.sliders.entropy) : 0)

/** The daemons a run supervises (what a random daemon crash picks from), computed once per run. */
const supervised = new WeakMap<readonly string[], readonly SupervisedDaemon[]>()
function daemonsOf(ctx: ChaosCtx): readonly SupervisedDaemon[] {
  const run = ctx.scenario.run
  let d = supervised.get(run)
  if (d === undefined) supervised.set(run, (d = supervisedIn(run)))
  return d
}

/** Whether the random-fault tick has anything to draw (entropy 0 ⇒ chaOS is idle: no draws at all). */
function needsTick(s: ChaosState, ctx: ChaosCtx): boolean {
  const e = s.sliders.entropy
  return perTickProbability(s.sliders.crashRatePerMin, e) > 0 || (partitionable(ctx) && perTickProbability(s.sliders.partitionRatePerMin, e) > 0) || jumpRate(s, ctx) > 0 || corruptionRate(s, ctx) > 0 || daemonCrashRate(s, ctx) > 0
}

/** Tell chronOS the extra oscillator drift (clockDriftPpm × entropy, ppb). */
function sendDrift(s: ChaosState, ctx: ChaosCtx): void {
  if (runs(ctx, 'chronOS')) ctx.send('clock_drift', { extraPpb: Math.round(s.sliders.clockDriftPpm * s.sliders.entropy * 1000) })
}

/** Jump world `node`'s hardware clock by jumpUs (chronOS applies it) and log it. */
function jumpClock(s: ChaosState, ctx: ChaosCtx, node: number, jumpUs: number, random: boolean): void {
  s.injected++
  ctx.send('clock_jump', { node, jumpUs })
  ctx.emit('clock_jumped', node, { node, jumpUs, random })
}

/** Ask karmOS to flip bytes of one entry of world `node`'s ledger, and log it. */
function corruptLedger(s: ChaosState, ctx: ChaosCtx, node: number, random: boolean): void {
  s.injected++
  ctx.send('ledger_corrupt', { node })
  ctx.emit('fault_injected', null, { kind: 'corrupt_ledger', targets: [node], untilUs: null, random })
}

/** chaOS asked for this world's crash and has not yet seen it up again (its crash fault is active). */
const crashing = (s: ChaosState, node: number): boolean => s.faults.some((f) => f.kind === 'crash' && f.targets[0] === node)

/** Start the tick on the 100 ms grid after now, if it is needed and not running. */
function ensureTicking(s: ChaosState, ctx: ChaosCtx): void {
  if (s.ticking || !needsTick(s, ctx)) return
  s.ticking = true
  ctx.schedule(simUs((Math.floor(ctx.now / CHAOS_TICK_US) + 1) * CHAOS_TICK_US), { k: 'tick' })
}

/**
 * One tick. Draws in a fixed order: one crash draw per up world in id order (stream 'crash'),
 * then one partition draw (stream 'partition'), then its shape and members (or ring order) from the same stream.
 * A probability of 0 draws nothing (Rng.chance), so a quiet slider never consumes the stream.
 */
function tick(s: ChaosState, ctx: ChaosCtx): void {
  if (!needsTick(s, ctx)) {
    s.ticking = false
    return
  }
  const e = s.sliders.entropy
  const pCrash = perTickProbability(s.sliders.crashRatePerMin, e)
  if (pCrash > 0) {
    const rng = ctx.rng('crash')
    // Up in the mirror, and not a world whose crash chaOS already asked for: the mirror shows a
    // crash 2 quanta after the request, which is after the next tick when quantumUs >= 50 ms.
    for (let node = 0; node < s.worlds.length; node++) if (ctx.worlds[node] === 'up' && !crashing(s, node) && rng.chance(pCrash)) crashWorlds(s, ctx, [node], true)
  }
  const pPartition = perTickProbability(s.sliders.partitionRatePerMin, e)
  if (partitionable(ctx) && pPartition > 0) {
    const rng = ctx.rng('partition')
    if (rng.chance(pPartition)) {
      const n = s.worlds.length
      startPartition(s, ctx, drawPartition(rng, n, rng.pick(partitionShapes(n))), s.sliders.partitionDurationMs * 1_000, true)
    }
  }
  // New kinds draw from their own streams, so the draws above are the same with or without them.
  const pJump = jumpRate(s, ctx)
  if (pJump > 0) {
    const rng = ctx.rng('clock')
    const maxUs = s.sliders.clockJumpMaxMs * 1_000
    for (let node = 0; node < s.worlds.length; node++)
      if (isLive(ctx.worlds[node]!) && rng.chance(pJump)) jumpClock(s, ctx, node, rng.int(-maxUs, maxUs), true)
  }
  const pCorrupt = corruptionRate(s, ctx)
  if (pCorrupt > 0) {
    const rng = ctx.rng('ledger')
    for (let node = 0; node < s.worlds.length; node++) if (rng.chance(pCorrupt)) corruptLedger(s, ctx, node, true)
  }
  const pDaemon = daemonCrashRate(s, ctx)
  if (pDaemon > 0) {
    // One draw per live world in id order, then which of the run's daemons (stream 'daemon').
    const rng = ctx.rng('daemon')
    const daemons = daemonsOf(ctx)
    for (let node = 0; node < s.worlds.length; node++)
      if (isLive(ctx.worlds[node]!) && rng.chance(pDaemon)) {
        const daemon = rng.pick(daemons)
        s.injected++
        ctx.send('daemon_crash', { node, daemon })
        ctx.emit('daemon_crash_injected', node, { node, daemon })
      }
  }
  ctx.schedule(simUs(ctx.now + CHAOS_TICK_US), { k: 'tick' })
}

function moveSlider(s: ChaosState, ctx: ChaosCtx, name: keyof ChaosSliders, requested: number): void {
  const { value, clamped } = clampSlider(name, requested)
  if (clamped) ctx.emit('slider_clamped', null, { name, requested: Number.isFinite(requested) ? requested : String(requested), value })
  s.sliders[name] = value
  ctx.emit('slider_changed', null, { name, value })
  if (name === 'clockDriftPpm' || name === 'entropy') sendDrift(s, ctx)
  if (NET_SLIDERS.includes(name)) ctx.send('net_params', { params: chaosNetParams(s.sliders, corruptible(ctx.scenario)) }, simUs(ctx.now + ctx.quantumUs))
  ensureTicking(s, ctx)
}

function manualFault(s: ChaosState, ctx: ChaosCtx, fault: ManualFault, target: FaultTarget, jumpMs: number | undefined, durationUs?: number, worlds?: readonly number[]): void {
  if (fault === 'clock_jump' || fault === 'corrupt_ledger') {
    const owner = fault === 'clock_jump' ? 'chronOS' : 'karmOS'
    if (!runs(ctx, owner)) return skip(s, ctx, fault, `${owner} does not run in this scenario: there is no ${fault === 'clock_jump' ? 'clock' : 'ledger'} to ${fault === 'clock_jump' ? 'jump' : 'corrupt'}`)
    const r = resolveTargets(target, 'crash', ctx.rng('manual'), ctx.worlds.map(isLive), s.leader?.node ?? null)
    if ('skip' in r) return skip(s, ctx, fault, `${String(target)}: ${r.skip}`)
    for (const node of r.targets) {
      if (fault === 'clock_jump') jumpClock(s, ctx, node, (jumpMs ?? 50) * 1_000, false)
      else corruptLedger(s, ctx, node, false)
    }
    return
  }
  if (fault === 'heal') {
    const cancelled = cancelPendingPartitions(s, ctx)
    if (!s.faults.some((f) => f.kind === 'partition' && !f.ending)) return cancelled > 0 ? undefined : skip(s, ctx, 'heal', 'no partition is active')
    return healPartitions(s, ctx, null)
  }
  if (fault === 'partition') {
    if (ctx.scenario.network !== 'pneumOS') return skip(s, ctx, 'partition', `${ctx.scenario.network} is an ideal network: it cannot be partitioned`)
    const r = resolvePartition(target, worlds, () => ctx.rng('manual'), ctx.worlds.map(isLive), s.leader?.node ?? null)
    return 'skip' in r ? skip(s, ctx, 'partition', r.skip) : startPartition(s, ctx, r.draw, durationUs ?? null, false)
  }
  const r = resolveTargets(target, fault, ctx.rng('manual'), ctx.worlds.map(isLive), s.leader?.node ?? null)
  if ('skip' in r) return skip(s, ctx, fault, `${String(target)}: ${r.skip}`)
  // A crash chaOS already asked for is not asked twice (the mirror shows it two quanta later).
  const ok = r.targets.filter((node) => (fault === 'crash' ? isLive(ctx.worlds[node]!) && !crashing(s, node) : ctx.worlds[node] === 'crashed'))
  const refused = r.targets.filter((node) => !ok.includes(node))
  if (refused.length > 0) skip(s, ctx, fault, `world${refused.length > 1 ? 's' : ''} ${refused.join(', ')} ${fault === 'crash' ? 'already down' : 'not down (or already restarting)'}`)
  if (ok.length === 0) return
  if (fault === 'crash') crashWorlds(s, ctx, ok, false, durationUs)
  else restartWorlds(s, ctx, ok, 'manual restart')
}

function onTimer(s: ChaosState, t: ChaosTimer, ctx: ChaosCtx): void {
  switch (t.k) {
    case 'tick':
      return tick(s, ctx)
    case 'injected':
      s.injected++
      return ctx.emit('fault_injected', null, t.review === undefined ? { kind: t.kind, targets: t.targets, untilUs: t.untilUs } : { kind: t.kind, targets: t.targets, untilUs: t.untilUs, review: t.review })
    case 'restart_send':
      s.worlds[t.node]!.restartTimer = null
      return restartWorlds(s, ctx, [t.node], 'automatic restart after a random crash', true)
    case 'heal_send':
      return healPartitions(s, ctx, t.fault)
    case 'healed':
      return healed(s, ctx, t.faults)
  }
}

export const chaOS = defineLayer({
  ...chaOSManifest,
  consumes: CHAOS_CONSUMES,
  events: CHAOS_EVENTS,
  sends: CHAOS_SENDS,
  init(ctx): ChaosState {
    const s: ChaosState = {
      sliders: { ...ctx.settings },
      worlds: Array.from({ length: ctx.scenario.nodes.count }, () => ({ restartTimer: null })),
      faults: [],
      nextFaultId: 1,
      nextPartitionId: 1,
      leader: null,
      injected: 0,
      skipped: 0,
      ticking: false,
      reviews: {},
      nextReview: 1,
    }
    ensureTicking(s, ctx)
    sendDrift(s, ctx)
    return s
  },
  onMessage(s, msg, ctx) {
    switch (msg.type) {
      case 'slider':
        return moveSlider(s, ctx, msg.data.name, msg.data.value)
      case 'fault':
        return manualFault(s, ctx, msg.data.fault, msg.data.target, msg.data.jumpMs, msg.data.durationUs, msg.data.worlds)
      case 'leader': {
        const { term, node } = msg.data
        if (node !== null && node >= s.worlds.length) return
        if (s.leader === null || term >= s.leader.term) s.leader = { term, node }
        return
      }
      case 'world_status':
        if (msg.data.status === 'up' && msg.data.from === 'restarting') restarted(s, ctx, msg.data.node)
        return
      case 'lifecycle_outcome':
        return lifecycleOutcome(s, ctx, msg.data)
      case 'admission_response':
        return partitionAdmission(s, ctx, msg.data)
    }
  },
  onTimer(s, payload, ctx) {
    onTimer(s, payload as unknown as ChaosTimer, ctx)
  },
  sample: (s) => ({ activeFaults: s.faults.length, entropy: s.sliders.entropy }),

  view(s): ChaosView {
    return {
      sliders: { ...s.sliders },
      activeFaults: s.faults.map((f) => ({ kind: f.kind, targets: f.targets.slice(), untilUs: f.untilUs })),
      injected: s.injected,
    }
  },
  summary(s) {
    return { injected: s.injected, skipped: s.skipped, activeFaults: s.faults.length, leader: s.leader?.node ?? null }
  },
})
