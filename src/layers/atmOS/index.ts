/**
 * atmOS — the worlds: the hosts of the cluster, placed in 3D space (layout.ts), each with a name,
 * a hardware clock drift and a capacity; their lifecycle (up → crashed → restarting → up, as
 * chaOS announces it); and the workload: each up world proposes "happenings" to mythOS, which
 * agrees on them as the story.
 * Reference: a cluster of hosts (a host can only come back from a crash by rebooting).
 */
import { US_PER_S, simUs } from '../../kernel/time'
import type { Delivery, JsonObject, LayerContext, LayerDef } from '../../kernel/types'
import type { AtmosView, WorldStatus } from '../views'
import { happeningText } from './names'
import { createWorlds, isLegalTransition, type World } from './state'

export { LEGAL_TRANSITIONS, isLegalTransition, type World } from './state'

/** The workload tick: every 100 ms each up world flips its coin(s) for new happenings. */
export const WORKLOAD_TICK_US = 100_000

export interface AtmosState {
  worlds: World[]
  /** Lifecycle announcements that would have been illegal transitions: ignored, never applied. */
  illegalTransitions: number
}

/** What each lifecycle announcement moves a world to, and the event that records it. */
const ANNOUNCED: Readonly<Record<string, { to: WorldStatus; event: string }>> = {
  node_crash: { to: 'crashed', event: 'node_crashed' },
  node_restarting: { to: 'restarting', event: 'node_restarting' },
  node_restart: { to: 'up', event: 'node_restarted' },
}

const worldStream = (ctx: LayerContext, id: number) => ctx.rng(`world:${id}`)

function applyLifecycle(s: AtmosState, msg: Delivery, ctx: LayerContext): void {
  const step = ANNOUNCED[msg.type]
  if (!step) return
  const node = msg.data['node']
  const w = typeof node === 'number' ? s.worlds[node] : undefined
  if (!w) {
    s.illegalTransitions++
    ctx.emit('transition_ignored', null, { announcement: msg.type, node: typeof node === 'number' ? node : null, reason: 'no such world' })
    return
  }
  if (!isLegalTransition(w.status, step.to)) {
    s.illegalTransitions++
    ctx.emit('transition_ignored', w.id, { announcement: msg.type, node: w.id, reason: `${w.status} → ${step.to} is not a legal transition` })
    return
  }
  w.status = step.to
  ctx.emit(step.event, w.id, {})
}

/**
 * One workload tick. Expected happenings per world per tick = rate × tick (e.g. 0.5/s × 0.1 s =
 * 0.05): the whole part always happens, the fraction is one Bernoulli draw from the world's own
 * stream, so the long-run rate is exact and a crashed world never shifts another world's draws.
 */
function workloadTick(s: AtmosState, ctx: LayerContext): void {
  const expected = (ctx.scenario.layers.atmOS.happeningsPerSec * WORKLOAD_TICK_US) / US_PER_S
  const whole = Math.floor(expected)
  const fraction = expected - whole
  for (const w of s.worlds) {
    if (w.status !== 'up') continue
    const rng = worldStream(ctx, w.id)
    const count = whole + (rng.chance(fraction) ? 1 : 0)
    for (let k = 0; k < count; k++) {
      const id = `${w.id}.${w.proposed}`
      w.proposed++
      ctx.send('mythOS', 'propose', { node: w.id, id, text: happeningText(rng, w.name) })
    }
  }
}

export const atmOS: LayerDef<AtmosState> = {
  name: 'atmOS',
  init(ctx) {
    const worlds = createWorlds(ctx.scenario, (id) => worldStream(ctx, id))
    if (ctx.scenario.layers.atmOS.happeningsPerSec > 0) ctx.schedule(simUs(WORKLOAD_TICK_US), 'tick')
    return { worlds, illegalTransitions: 0 }
  },
  onMessage(s, msg, ctx) {
    applyLifecycle(s, msg, ctx)
  },
  onTimer(s, payload, ctx) {
    if (payload !== 'tick') return
    workloadTick(s, ctx)
    ctx.schedule(simUs(ctx.now + WORKLOAD_TICK_US), 'tick')
  },
  view(s): JsonObject {
    const v: AtmosView = {
      worlds: s.worlds.map((w) => ({ id: w.id, name: w.name, x: w.x, y: w.y, z: w.z, status: w.status, driftPpm: w.driftPpm, proposed: w.proposed })),
    }
    return v as unknown as JsonObject
  },
  summary(s): JsonObject {
    const byStatus: Record<string, number> = {}
    let proposed = 0
    for (const w of s.worlds) {
      byStatus[w.status] = (byStatus[w.status] ?? 0) + 1
      proposed += w.proposed
    }
    return { worlds: s.worlds.length, ...byStatus, proposed, illegalTransitions: s.illegalTransitions }
  },
}
