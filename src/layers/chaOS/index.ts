/**
 * chaOS — the entropy injector. Random crashes (with automatic restarts) and network partitions
 * in Jepsen's shapes, at rates set by sliders scaled by the master entropy; slider moves and manual
 * faults from the user (interventions, delivered by the kernel at their exact time); network
 * parameters for pneumOS. Every fault is seeded (chaOS's own streams), logged and reproducible.
 * References: Jepsen nemeses (partition/kill, targets one/minority/majority, shapes), Chaos Mesh
 * fault kinds, FoundationDB BUGGIFY (faults as a seeded, tunable part of the simulation).
 */
import { simUs } from '../../kernel/time'
import type { Delivery, Json, JsonObject, LayerContext, LayerDef } from '../../kernel/types'
import { InterventionSchema, type ChaosSliders } from '../../scenario/schema'
import { clampSlider } from '../../scenario/sliders'
import { chaosNetParams } from '../net/transport'
import type { ChaosView } from '../views'
import { crashWorlds, healed, healPartitions, restarted, restartWorlds, skip, startPartition, type ChaosState, type ChaosTimer } from './actions'
import { CHAOS_TICK_US, drawPartition, NET_SLIDERS, partitionShapes, perTickProbability, resolveTargets, splitWorlds } from './faults'

export type { ChaosState } from './actions'

const partitionable = (ctx: LayerContext): boolean => ctx.scenario.network === 'pneumOS' && ctx.scenario.nodes.count >= 2

/** Whether the random-fault tick has anything to draw (entropy 0 ⇒ chaOS is idle: no draws at all). */
function needsTick(s: ChaosState, ctx: LayerContext): boolean {
  const e = s.sliders.entropy
  return perTickProbability(s.sliders.crashRatePerMin, e) > 0 || (partitionable(ctx) && perTickProbability(s.sliders.partitionRatePerMin, e) > 0)
}

/** Start the tick on the 100 ms grid after now, if it is needed and not running. */
function ensureTicking(s: ChaosState, ctx: LayerContext): void {
  if (s.ticking || !needsTick(s, ctx)) return
  s.ticking = true
  ctx.schedule(simUs((Math.floor(ctx.now / CHAOS_TICK_US) + 1) * CHAOS_TICK_US), { k: 'tick' })
}

/**
 * One tick. Draws in a fixed order: one crash draw per up world in id order (stream 'crash'),
 * then one partition draw (stream 'partition'), then its shape and members from the same stream.
 * A probability of 0 draws nothing (Rng.chance), so a quiet slider never consumes the stream.
 */
function tick(s: ChaosState, ctx: LayerContext): void {
  if (!needsTick(s, ctx)) {
    s.ticking = false
    return
  }
  const e = s.sliders.entropy
  const pCrash = perTickProbability(s.sliders.crashRatePerMin, e)
  if (pCrash > 0) {
    const rng = ctx.rng('crash')
    for (let node = 0; node < s.worlds.length; node++) if (s.worlds[node]!.up && rng.chance(pCrash)) crashWorlds(s, ctx, [node], true)
  }
  const pPartition = perTickProbability(s.sliders.partitionRatePerMin, e)
  if (partitionable(ctx) && pPartition > 0) {
    const rng = ctx.rng('partition')
    if (rng.chance(pPartition)) {
      const n = s.worlds.length
      const { isolated, rest } = drawPartition(rng, n, rng.pick(partitionShapes(n)))
      startPartition(s, ctx, isolated, rest, s.sliders.partitionDurationMs * 1_000)
    }
  }
  ctx.schedule(simUs(ctx.now + CHAOS_TICK_US), { k: 'tick' })
}

function moveSlider(s: ChaosState, ctx: LayerContext, name: keyof ChaosSliders, requested: number): void {
  const { value, clamped } = clampSlider(name, requested)
  if (clamped) ctx.emit('slider_clamped', null, { name, requested: Number.isFinite(requested) ? requested : String(requested), value })
  s.sliders[name] = value
  ctx.emit('slider_changed', null, { name, value })
  if (NET_SLIDERS.includes(name)) ctx.send('*', 'net_params', { params: chaosNetParams(s.sliders) as unknown as JsonObject }, simUs(ctx.now + ctx.quantumUs))
  ensureTicking(s, ctx)
}

function manualFault(s: ChaosState, ctx: LayerContext, fault: 'crash' | 'restart' | 'partition' | 'heal', target: number | 'leader' | 'one' | 'minority' | 'majority'): void {
  if (fault === 'heal') {
    if (!s.faults.some((f) => f.kind === 'partition' && !f.ending)) return skip(s, ctx, 'heal', 'no partition is active')
    return healPartitions(s, ctx, null)
  }
  if (fault === 'partition' && ctx.scenario.network !== 'pneumOS') return skip(s, ctx, 'partition', `${ctx.scenario.network} is an ideal network: it cannot be partitioned`)
  const up = s.worlds.map((w) => w.up)
  const r = resolveTargets(target, fault, ctx.rng('manual'), up, s.leader?.node ?? null)
  if ('skip' in r) return skip(s, ctx, fault, `${String(target)}: ${r.skip}`)
  if (fault === 'partition') {
    const { isolated, rest } = splitWorlds(up.length, r.targets)
    if (rest.length === 0) return skip(s, ctx, 'partition', `${String(target)}: isolating every world cuts nothing`)
    return startPartition(s, ctx, isolated, rest, null)
  }
  const ok = r.targets.filter((node) => (fault === 'crash' ? s.worlds[node]!.up : !s.worlds[node]!.up && !s.worlds[node]!.restarting))
  const refused = r.targets.filter((node) => !ok.includes(node))
  if (refused.length > 0) skip(s, ctx, fault, `world${refused.length > 1 ? 's' : ''} ${refused.join(', ')} ${fault === 'crash' ? 'already down' : 'not down (or already restarting)'}`)
  if (ok.length === 0) return
  if (fault === 'crash') crashWorlds(s, ctx, ok, false)
  else restartWorlds(s, ctx, ok)
}

function onIntervention(s: ChaosState, msg: Delivery, ctx: LayerContext): void {
  const parsed = InterventionSchema.safeParse(msg.data)
  if (!parsed.success) return skip(s, ctx, 'intervention', `malformed intervention: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const iv = parsed.data
  if (iv.kind === 'slider') moveSlider(s, ctx, iv.name, iv.value)
  else manualFault(s, ctx, iv.fault, iv.target)
}

function onTimer(s: ChaosState, t: ChaosTimer, ctx: LayerContext): void {
  switch (t.k) {
    case 'tick':
      return tick(s, ctx)
    case 'injected':
      s.injected++
      return ctx.emit('fault_injected', null, { kind: t.kind, targets: t.targets, untilUs: t.untilUs })
    case 'restart_send':
      return restartWorlds(s, ctx, [t.node])
    case 'restarted':
      return restarted(s, ctx, t.nodes)
    case 'heal_send':
      return healPartitions(s, ctx, t.fault)
    case 'healed':
      return healed(s, ctx, t.faults)
  }
}

export const chaOS: LayerDef<ChaosState> = {
  name: 'chaOS',
  init(ctx) {
    const s: ChaosState = {
      sliders: { ...ctx.scenario.chaos },
      worlds: Array.from({ length: ctx.scenario.nodes.count }, () => ({ up: true, restarting: false, restartTimer: null })),
      faults: [],
      nextFaultId: 1,
      nextPartitionId: 1,
      leader: null,
      injected: 0,
      skipped: 0,
      ticking: false,
    }
    ensureTicking(s, ctx)
    return s
  },
  onMessage(s, msg, ctx) {
    if (msg.type === 'intervention') return onIntervention(s, msg, ctx)
    if (msg.type === 'leader') {
      const term = msg.data['term']
      const node = msg.data['node']
      if (typeof term !== 'number' || !(node === null || (typeof node === 'number' && node >= 0 && node < s.worlds.length))) return
      if (s.leader === null || term >= s.leader.term) s.leader = { term, node }
    }
  },
  onTimer(s, payload: Json, ctx) {
    onTimer(s, payload as unknown as ChaosTimer, ctx)
  },
  view(s): JsonObject {
    const v: ChaosView = {
      sliders: { ...s.sliders },
      activeFaults: s.faults.map((f) => ({ kind: f.kind, targets: f.targets.slice(), untilUs: f.untilUs })),
      injected: s.injected,
    }
    return v as unknown as JsonObject
  },
  summary(s): JsonObject {
    return { injected: s.injected, skipped: s.skipped, activeFaults: s.faults.length, leader: s.leader?.node ?? null }
  },
}
