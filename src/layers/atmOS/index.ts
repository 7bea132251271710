/**
 * atmOS — the worlds: the hosts of the cluster, placed in 3D space (layout.ts), each with a name,
 * a hardware clock drift and a capacity; the one owner of their lifecycle; and the workload: each
 * up world proposes "happenings" to mythOS, which agrees on them as the story.
 *
 * Lifecycle (DESIGN §3.2): other layers *request* a change (lifecycle_request: chaOS's crashes and
 * restarts today; thanatOS's drains, pandemoniOS's quarantines later), and so may the user (the
 * `lifecycle` intervention). atmOS judges the request against the world's status after every
 * change it has already decided; while nomOS runs it asks for admission (an admission_review; the
 * request waits for the answer, is judged again then, and the requester hears the outcome:
 * lifecycle_outcome), and it announces the new status as `world_status` exactly one quantum ahead, so every layer's mirror (ctx.worlds)
 * changes at the same instant; at that instant it logs the transition with its reason and
 * requester. A restart boots for one quantum (restarting) before the world is up again.
 * Reference: a cluster of hosts (a host can only come back from a crash by rebooting).
 */
import { US_PER_S, simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import { WorldStatusMsg, type WorldStatus } from '../../kernel/worlds'
import { defineLayer } from '../define'
import { ProposeMsg } from '../mythOS/messages'
import type { AtmosView } from '../views'
import { LifecycleOutcomeMsg, LifecycleRequestMsg, WorldCapacityMsg, WorldClocksMsg, type LifecycleAction } from './messages'
import { AdmissionResponseMsg, AdmissionReviewMsg } from '../nomOS/messages'
import { DaemonStateMsg } from '../daemOS/messages'
import { happeningText } from './names'
import { createWorlds, isLegalTransition, type World } from './state'
import { ATMOS_EVENTS } from './events'
import { atmOSManifest } from './manifest'

export { LEGAL_TRANSITIONS, isLegalTransition, type World } from './state'

/** The workload tick: every 100 ms each up world flips its coin(s) for new happenings. */
export const WORKLOAD_TICK_US = 100_000

export interface AtmosState {
  worlds: World[]
  /** Requests refused (illegal for the world's status, unknown world) or denied by admission. */
  refused: number
  denied: number
  transitions: number
  /** Requests sent to nomOS for review, by review id, awaiting its answer. */
  reviews: Record<number, LifecycleRequest>
  nextReview: number
}

export interface LifecycleRequest {
  node: number
  action: LifecycleAction
  reason: string
  requester: string
  /** A random fault of chaOS's (not a decision of anyone's). */
  random?: boolean
}

/**
 * Whether a request goes through admission (nomOS's review): every request while nomOS runs, except
 * a world's own failure report (mythOS's failed fsync: a disk that failed is not a request one may refuse).
 */
export const reviewed = (ctx: { scenario: { run: readonly string[] } }, req: LifecycleRequest): boolean =>
  ctx.scenario.run.includes('nomOS') && req.requester !== 'mythOS'

/** The status an action leads to from `from`, or why it cannot. */
function targetOf(action: LifecycleAction, from: WorldStatus): { to: WorldStatus } | { refuse: string } {
  let to: WorldStatus
  switch (action) {
    case 'crash': to = 'crashed'; break
    case 'restart': to = 'restarting'; break
    case 'drain': to = 'draining'; break
    case 'quarantine': to = 'quarantined'; break
    case 'decommission': to = 'decommissioned'; break
    case 'release':
      if (from !== 'draining' && from !== 'quarantined') return { refuse: `only a draining or quarantined world can be released (it is ${from})` }
      to = 'up'
      break
  }
  return isLegalTransition(from, to) ? { to } : { refuse: `${from} → ${to} is not a legal transition` }
}

/** The event that logs a transition into `to` (from `from`). */
function eventOf(from: WorldStatus, to: WorldStatus): string {
  switch (to) {
    case 'crashed': return 'node_crashed'
    case 'restarting': return 'node_restarting'
    case 'up': return from === 'restarting' ? 'node_restarted' : 'node_released'
    case 'draining': return 'node_draining'
    case 'quarantined': return 'node_quarantined'
    case 'decommissioned': return 'node_decommissioned'
  }
}

interface ApplyTimer { k: 'apply'; node: number; from: WorldStatus; to: WorldStatus; reason: string; requester: string; gen: number; review?: string }

export const atmOS = defineLayer({
  ...atmOSManifest,
  consumes: { lifecycle_request: LifecycleRequestMsg, admission_response: AdmissionResponseMsg, daemon_state: DaemonStateMsg },
  events: ATMOS_EVENTS,
  sends: { world_status: WorldStatusMsg, propose: ProposeMsg, world_clocks: WorldClocksMsg, world_capacity: WorldCapacityMsg, admission_review: AdmissionReviewMsg, lifecycle_outcome: LifecycleOutcomeMsg },
  init(ctx): AtmosState {
    const worlds = createWorlds(ctx.scenario, ctx.settings, (id) => ctx.rng(`world:${id}`))
    if (ctx.settings.happeningsPerSec > 0) ctx.schedule(simUs(WORKLOAD_TICK_US), 'tick')
    // The oscillators chronOS disciplines (drift is exact: a whole number of ppb).
    if (ctx.scenario.run.includes('chronOS')) ctx.send('world_clocks', { driftPpb: worlds.map((w) => Math.round(w.driftPpm * 1000)) })
    // The capacities theOS schedules against (sent only while it runs: runs without it are unchanged).
    if (ctx.scenario.run.includes('theOS')) ctx.send('world_capacity', { units: worlds.map((w) => w.capacity) })
    return { worlds, refused: 0, denied: 0, transitions: 0, reviews: {}, nextReview: 1 }
  },

  onMessage(s, msg, ctx) {
    if (msg.type === 'admission_response') return onAdmission(s, msg.data, ctx)
    if (msg.type === 'daemon_state') return onDaemonState(s, msg.data)
    const req: LifecycleRequest = msg.type === 'lifecycle'
      ? { node: msg.data.node, action: msg.data.action, reason: 'user intervention', requester: 'user' }
      : { ...msg.data, requester: msg.from }
    const w = judge(s, req, ctx)
    if (w === null) return
    if (!reviewed(ctx, req)) return decide(s, w, targetOf(req.action, w.decided) as { to: WorldStatus }, req, ctx, undefined)
    // Admission (nomOS): the request waits for the review; its legality is judged again on the answer.
    const id = s.nextReview++
    s.reviews[id] = req
    ctx.send('admission_review', { asker: 'atmOS', id, action: req.action, target: req.node, partition: null, requester: req.requester, reason: req.reason, random: req.random === true })
  },

  onTimer(s, payload, ctx) {
    const t = payload as unknown as ApplyTimer | 'tick'
    if (t === 'tick') {
      workloadTick(s, ctx)
      ctx.schedule(simUs(ctx.now + WORKLOAD_TICK_US), 'tick')
      return
    }
    const w = s.worlds[t.node]!
    w.status = t.to
    s.transitions++
    const data = { from: t.from, to: t.to, reason: t.reason, requester: t.requester }
    ctx.emit(eventOf(t.from, t.to), w.id, t.review === undefined ? data : { ...data, review: t.review })
    // A restart boots for one quantum, then the world is up — unless another change was decided meanwhile.
    if (t.to === 'restarting' && w.gen === t.gen) decide(s, w, { to: 'up' }, { node: w.id, action: 'restart', reason: 'booted', requester: 'atmOS' }, ctx, undefined)
  },

  sample(s) {
    let up = 0
    let live = 0
    for (const w of s.worlds) {
      if (w.status === 'up') up++
      if (w.status === 'up' || w.status === 'draining' || w.status === 'quarantined') live++
    }
    return { worldsUp: up, worldsLive: live, proposed: s.worlds.map((w) => w.proposed) }
  },

  view(s): AtmosView {
    return { worlds: s.worlds.map((w) => ({ id: w.id, name: w.name, x: w.x, y: w.y, z: w.z, status: w.status, driftPpm: w.driftPpm, proposed: w.proposed })) }
  },

  summary(s) {
    const byStatus: Record<string, number> = {}
    let proposed = 0
    for (const w of s.worlds) {
      byStatus[w.status] = (byStatus[w.status] ?? 0) + 1
      proposed += w.proposed
    }
    return { worlds: s.worlds.length, ...byStatus, proposed, transitions: s.transitions, refused: s.refused, denied: s.denied }
  },
})

type AtmosCtx = Parameters<typeof atmOS.init>[0]

/** The world a request is for, if it exists and the action is legal from its decided status; otherwise why not. */
function legality(s: AtmosState, req: LifecycleRequest): { w: World; to: WorldStatus } | { reason: string } {
  const w = s.worlds[req.node]
  if (!w) return { reason: `there is no world ${req.node} (there are ${s.worlds.length})` }
  const target = targetOf(req.action, w.decided)
  return 'refuse' in target ? { reason: target.refuse } : { w, to: target.to }
}

/** The world a request is for, if legal; otherwise the refusal is logged. */
function judge(s: AtmosState, req: LifecycleRequest, ctx: AtmosCtx): World | null {
  const l = legality(s, req)
  if ('w' in l) return l.w
  s.refused++
  ctx.emit('lifecycle_refused', s.worlds[req.node] ? req.node : null, { node: req.node, action: req.action, requester: req.requester, reason: l.reason })
  return null
}

/**
 * nomOS's answer to a review: an admitted request still legal is decided; the requester learns
 * what became of it (denied by a rule, refused because the world changed meanwhile, or done).
 */
function onAdmission(s: AtmosState, r: AdmissionResponseMsg, ctx: AtmosCtx): void {
  if (r.asker !== 'atmOS') return
  const req = s.reviews[r.id]
  if (req === undefined) return
  delete s.reviews[r.id]
  const outcome = { node: req.node, action: req.action, requester: req.requester, review: r.review }
  if (!r.allowed) {
    s.denied++
    ctx.send('lifecycle_outcome', { ...outcome, allowed: false, rule: r.rule, message: r.message })
    return
  }
  const l = legality(s, req)
  if (!('w' in l)) {
    judge(s, req, ctx) // logs the refusal
    ctx.send('lifecycle_outcome', { ...outcome, allowed: false, rule: null, message: `refused by atmOS: ${l.reason}` })
    return
  }
  ctx.send('lifecycle_outcome', { ...outcome, allowed: true, rule: null, message: null })
  decide(s, l.w, { to: l.to }, req, ctx, r.review)
}

/** daemOS says whether a world's workload daemon runs: while it is down the world proposes no happenings (and draws nothing). */
function onDaemonState(s: AtmosState, m: DaemonStateMsg): void {
  const w = s.worlds[m.node]
  if (m.daemon === 'workload' && w) w.workloadDown = !m.running
}

/** Decide a change now; every layer applies it one quantum ahead (the announcement's time). */
function decide(s: AtmosState, w: World, target: { to: WorldStatus }, req: LifecycleRequest, ctx: AtmosCtx, review: string | undefined): void {
  const { to } = target
  const { reason, requester } = req
  const from = w.decided
  w.decided = to
  w.gen++
  const at = simUs(ctx.now + ctx.quantumUs)
  ctx.send('world_status', { node: w.id, from, status: to, reason, requester }, at)
  const apply: ApplyTimer = { k: 'apply', node: w.id, from, to, reason, requester, gen: w.gen }
  if (review !== undefined) apply.review = review
  ctx.schedule(at, apply as unknown as Json)
}

/**
 * One workload tick. Expected happenings per world per tick = rate × tick (e.g. 0.5/s × 0.1 s =
 * 0.05): the whole part always happens, the fraction is one Bernoulli draw from the world's own
 * stream, so the long-run rate is exact and a crashed world never shifts another world's draws.
 * Only up worlds take new work (a draining world finishes, it does not start).
 */
function workloadTick(s: AtmosState, ctx: AtmosCtx): void {
  const expected = (ctx.settings.happeningsPerSec * WORKLOAD_TICK_US) / US_PER_S
  const whole = Math.floor(expected)
  const fraction = expected - whole
  for (const w of s.worlds) {
    if (w.status !== 'up' || w.workloadDown === true) continue
    const rng = ctx.rng(`world:${w.id}`)
    const count = whole + (rng.chance(fraction) ? 1 : 0)
    for (let k = 0; k < count; k++) {
      const id = `${w.id}.${w.proposed}`
      w.proposed++
      ctx.send('propose', { node: w.id, id, text: happeningText(rng, w.name) })
    }
  }
}
