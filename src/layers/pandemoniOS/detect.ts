/**
 * pandemoniOS's mechanism: heartbeats over the network channel, each observer's phi evaluations,
 * the quorum that convicts, fencing through atmOS, probation and rehabilitation.
 *
 * The verdict on a world is taken from its observers' suspicions as they stand (as a cluster's
 * membership would after gossiping them: the gossip itself is not simulated — the honest shortcut
 * of this layer).
 */
import { simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import { isLive } from '../../kernel/worlds'
import { median } from '../anomOS/detectors'
import { quorum } from '../mythOS/state'
import { partitioned, receiveWire, sendWire, wireLink } from '../net/transport'
import { HEARTBEAT_BYTES, HeartbeatWireSchema, type PandemoniosCtx } from './contract'
import { heartbeat, newDetector, phiAt, resetDetector } from './phi'
import { MARKS_KEPT, PHI_CAP, PHI_HISTORY, type BeatTimer, type Cause, type ConvictionMark, type EvalTimer, type PacketTimer, type Pair, type PandemoniosState, type Verdict, type Watched } from './state'
import { observerAt, slotOf, watchedBy } from './topology'

const msOf = (us: number): number => Math.floor(us / 1_000)
const cap = (phi: number): number => (phi > PHI_CAP ? PHI_CAP : phi)
const byValue = (a: number, b: number): number => a - b

function newPair(keepHistory: boolean): Pair {
  return { ...newDetector(), seq: -1, phi: 0, suspected: false, hist: keepHistory ? [] : null, histAtUs: 0 }
}

export function newWatched(id: number, k: number, keepHistory: boolean): Watched {
  return {
    id, pairs: Array.from({ length: k }, () => newPair(keepHistory)), alive: true, inc: 0, beating: true, seq: 0, gone: false,
    convicted: false, convictedAtUs: 0, fenced: false, probationSinceUs: null, note: null, cutHealedUs: -1, suspectedBy: 0,
  }
}

function mark(s: PandemoniosState, m: ConvictionMark): void {
  s.marks.push(m)
  if (s.marks.length > MARKS_KEPT) s.marks.splice(0, s.marks.length - MARKS_KEPT)
}

// ── Timers of one world's processes ─────────────────────────────────────────────────────────────

/** Start a world's heartbeater and observer (at the big bang, or when it is up again), each with its own phase. */
export function startWorld(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched): void {
  w.alive = true
  w.inc++
  const n = Math.max(1, s.topo.n)
  ctx.schedule(simUs(ctx.now + 1 + Math.floor((w.id * s.heartbeatUs) / n)), { k: 'beat', w: w.id, inc: w.inc } satisfies BeatTimer)
  ctx.schedule(simUs(ctx.now + 1 + Math.floor((w.id * s.evalUs) / n)), { k: 'eval', w: w.id, inc: w.inc } satisfies EvalTimer)
}

/** A world's processes stop (crashed, decommissioned): the observer forgets what it knew. */
function stopWorld(s: PandemoniosState, w: Watched): void {
  w.alive = false
  w.inc++
  for (const { w: target, j } of watchedBy(s.topo, w.id)) {
    const b = s.worlds[target]!
    forget(b, b.pairs[j]!)
  }
}

/** A world is a new incarnation (restarted): every observer's history of it starts over. */
function newIncarnation(w: Watched): void {
  for (const pair of w.pairs) forget(w, pair)
}

/** pair (one of w's) forgets what it knew. */
function forget(w: Watched, pair: Pair): void {
  resetDetector(pair)
  pair.seq = -1
  pair.phi = 0
  setSuspected(w, pair, false)
}

/** The one place a pair's suspicion changes: w.suspectedBy follows it. */
function setSuspected(w: Watched, pair: Pair, suspected: boolean): void {
  if (pair.suspected === suspected) return
  pair.suspected = suspected
  w.suspectedBy += suspected ? 1 : -1
}

// ── Heartbeats ──────────────────────────────────────────────────────────────────────────────────

/** A heartbeat round of world b: one packet to each observer (while its heartbeater runs). */
export function onBeat(s: PandemoniosState, ctx: PandemoniosCtx, t: BeatTimer): void {
  const b = s.worlds[t.w]!
  if (t.inc !== b.inc || !b.alive) return
  ctx.schedule(simUs(ctx.now + s.heartbeatUs), t as unknown as Json)
  if (!b.beating || b.gone || !isLive(ctx.worlds[b.id]!)) return
  const seq = b.seq++
  for (let j = 0; j < s.topo.k; j++) {
    const o = observerAt(s.topo, b.id, j)
    const { times, meta, payload } = sendWire(s.net, ctx, b.id, o, HEARTBEAT_BYTES, { t: 'hb' as const, from: b.id, to: o, seq })
    s.stats.heartbeatsSent++
    for (const at of times) ctx.schedule(at, { k: 'pkt', sentUs: ctx.now, m: payload, ...(meta.s || meta.bad ? { x: meta } : {}) } satisfies PacketTimer as unknown as Json)
  }
}

/** A heartbeat reaches its observer (if the network lets it): Akka's heartbeat() on the pair's detector. */
export function onPacket(s: PandemoniosState, ctx: PandemoniosCtx, p: PacketTimer): void {
  const m = p.m
  const [from, to] = wireLink(p.x, m)
  if (!receiveWire(s.net, ctx, from, to, p.sentUs, p.x, m, HeartbeatWireSchema, 'hb')) return
  const o = s.worlds[to]
  const b = s.worlds[from]
  if (!o || !b || !o.alive || b.gone) return
  const j = slotOf(s.topo, from, to)
  if (j < 0) return
  const pair = b.pairs[j]!
  if (m.seq <= pair.seq) return // a duplicate, or a copy overtaken by a later round
  pair.seq = m.seq
  s.stats.heartbeatsReceived++
  heartbeat(pair, msOf(ctx.now), s.p)
}

// ── Evaluation, conviction, probation ───────────────────────────────────────────────────────────

/** Observer o evaluates phi for every world it watches, then the verdict on each. */
export function onEval(s: PandemoniosState, ctx: PandemoniosCtx, t: EvalTimer): void {
  const o = s.worlds[t.w]!
  if (t.inc !== o.inc || !o.alive) return
  ctx.schedule(simUs(ctx.now + s.evalUs), t as unknown as Json)
  const nowMs = msOf(ctx.now)
  for (const { w, j } of watchedBy(s.topo, o.id)) {
    const target = s.worlds[w]!
    if (target.gone) continue
    const pair = target.pairs[j]!
    const phi = cap(phiAt(pair, nowMs, s.p))
    pair.phi = phi
    if (pair.hist !== null) {
      pair.hist.push(phi < 1000 ? Math.round(phi * 1000) / 1000 : Math.round(phi))
      if (pair.hist.length > PHI_HISTORY) pair.hist.shift()
      pair.histAtUs = ctx.now
    }
    if (phi >= s.p.thresholdPhi && !pair.suspected) {
      setSuspected(target, pair, true)
      s.stats.suspicions++
      ctx.emit('phi_suspect', w, { observer: o.id, phi })
    } else if (phi < s.p.thresholdPhi && pair.suspected) {
      setSuspected(target, pair, false)
      ctx.emit('phi_trusted', w, { observer: o.id, phi })
    }
    // A world no observer suspects cannot be convicted: judging it would do nothing. A convicted
    // one is judged at every evaluation, so that its probation starts, fails or runs its course.
    if (target.convicted || target.suspectedBy > 0) judge(s, ctx, target)
  }
}

/** Observer slot j of w counts toward the verdict on w: the observer is up (atmOS) and its processes run. */
function counts(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched, j: number): boolean {
  const o = observerAt(s.topo, w.id, j)
  return ctx.worlds[o] === 'up' && s.worlds[o]!.alive
}

/** A counted observer's pair that suspects w (suspecting), or that heard from it and has phi below the threshold (trusting). */
const suspects = (pair: Pair): boolean => pair.suspected
const trusts = (pair: Pair): boolean => !pair.suspected && pair.lastMs !== null

/** The slots of w's counted observers whose pair passes `which` (built only when a verdict changes). */
function slotsWhere(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched, which: (pair: Pair) => boolean): number[] {
  const out: number[] = []
  for (let j = 0; j < s.topo.k; j++) if (counts(s, ctx, w, j) && which(w.pairs[j]!)) out.push(j)
  return out
}

/** The verdict on world w from its up observers: convict on a quorum of suspicions; on probation while a quorum trusts it. */
function judge(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched): void {
  let up = 0
  let suspecting = 0
  let trusting = 0
  for (let j = 0; j < s.topo.k; j++) {
    if (!counts(s, ctx, w, j)) continue
    up++
    const pair = w.pairs[j]!
    if (suspects(pair)) suspecting++
    else if (trusts(pair)) trusting++
  }
  if (up === 0) return
  const q = quorum(up)
  if (!w.convicted) {
    if (suspecting >= q) convict(s, ctx, w, slotsWhere(s, ctx, w, suspects), up)
    return
  }
  if (trusting >= q) {
    if (w.probationSinceUs === null) {
      w.probationSinceUs = ctx.now
      ctx.emit('probation_started', w.id, { observers: slotsWhere(s, ctx, w, trusts).map((j) => observerAt(s.topo, w.id, j)) })
    } else if (ctx.now - w.probationSinceUs >= s.probationUs) rehabilitate(s, ctx, w)
  } else if (w.probationSinceUs !== null) {
    ctx.emit('probation_failed', w.id, { probationUs: ctx.now - w.probationSinceUs })
    s.stats.probationsFailed++
    w.probationSinceUs = null
  }
}

/** What only the simulator knows of a conviction's cause (summary, view): down, cut off, silent, or none. */
function causeOf(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched): Cause {
  if (!isLive(ctx.worlds[w.id]!)) return 'down'
  if (w.cutHealedUs >= 0 && ctx.now - w.cutHealedUs <= s.p.acceptableHeartbeatPauseMs * 1_000 + 2 * s.heartbeatUs) return 'partitioned'
  for (let j = 0; j < s.topo.k; j++) {
    const o = observerAt(s.topo, w.id, j)
    if (partitioned(s.net, w.id, o) || partitioned(s.net, o, w.id)) return 'partitioned'
  }
  if (!w.beating) return 'silent'
  return 'false'
}

/** Convict w: `slots` are its suspecting up observers' slots (a quorum of `up`, so never empty). */
function convict(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched, slots: number[], up: number): void {
  const nowMs = msOf(ctx.now)
  const suspecting: number[] = []
  const phis: number[] = []
  const silences: number[] = []
  for (const j of slots) {
    const pair = w.pairs[j]!
    suspecting.push(observerAt(s.topo, w.id, j))
    phis.push(pair.phi)
    silences.push(pair.lastMs === null ? 0 : (nowMs - pair.lastMs) * 1_000)
  }
  const phi = cap(median(phis.sort(byValue)))
  w.convicted = true
  w.convictedAtUs = ctx.now
  w.probationSinceUs = null
  w.note = null
  s.stats.convictions++
  s.stats.byCause[causeOf(s, ctx, w)]++
  ctx.emit('node_convicted', w.id, { phi, sinceLastHeartbeatUs: Math.round(median(silences.sort(byValue))), observers: suspecting, upObservers: up })
  mark(s, { atUs: ctx.now, node: w.id, kind: 'convicted', phi })
  ctx.send('conviction', { node: w.id, convicted: true, phi })
  // Fence it (STONITH's milder cousin: quarantine). atmOS refuses a world that is not up or draining
  // (a crashed world is convicted, not fenced); one quarantined by someone else is left as it is.
  const status = ctx.worlds[w.id]!
  if (status === 'quarantined') return
  ctx.send('lifecycle_request', { node: w.id, action: 'quarantine', reason: `phi ${phi >= 100 ? Math.round(phi) : phi.toFixed(1)} ≥ ${s.p.thresholdPhi} at ${suspecting.length} of ${up} observers`, requester: 'pandemoniOS' })
}

function rehabilitate(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched): void {
  const probationUs = ctx.now - (w.probationSinceUs ?? ctx.now)
  const release = w.fenced && ctx.worlds[w.id] === 'quarantined'
  w.convicted = false
  w.probationSinceUs = null
  s.stats.rehabilitated++
  ctx.emit('node_rehabilitated', w.id, { probationUs, released: release })
  mark(s, { atUs: ctx.now, node: w.id, kind: 'rehabilitated', phi: 0 })
  ctx.send('conviction', { node: w.id, convicted: false, phi: 0 })
  if (release) ctx.send('lifecycle_request', { node: w.id, action: 'release', reason: `rehabilitated after ${Math.round(probationUs / 1_000)} ms of probation`, requester: 'pandemoniOS' })
}

/** atmOS applied a change of w's status (the mirror changed now). */
export function onStatus(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched, from: string, status: string, requester: string): void {
  if (status === 'decommissioned') {
    if (w.alive) stopWorld(s, w)
    w.gone = true
    w.fenced = false
    w.convicted = false // out of the membership: neither convicted nor trusted any more
    w.probationSinceUs = null
    newIncarnation(w)
    return
  }
  if (!isLive(status as never) && w.alive) stopWorld(s, w)
  else if (status === 'up' && from === 'restarting' && !w.alive) {
    newIncarnation(w) // a new incarnation: its observers start its history over
    startWorld(s, ctx, w)
  }
  if (status === 'quarantined' && requester === 'pandemoniOS') {
    w.fenced = true
    s.stats.fenced++
    ctx.emit('node_fenced', w.id, { convictedForUs: w.convicted ? ctx.now - w.convictedAtUs : 0 })
    mark(s, { atUs: ctx.now, node: w.id, kind: 'fenced', phi: 0 })
    // Rehabilitated while the quarantine was under review: release it at once.
    if (!w.convicted) ctx.send('lifecycle_request', { node: w.id, action: 'release', reason: 'rehabilitated before it was fenced', requester: 'pandemoniOS' })
  } else if (status !== 'quarantined') w.fenced = false
}

/** What became of a quarantine or release pandemoniOS asked for, under nomOS's review. */
export function onOutcome(s: PandemoniosState, ctx: PandemoniosCtx, w: Watched, action: string, allowed: boolean, rule: string | null, message: string | null): void {
  if (allowed || (action !== 'quarantine' && action !== 'release')) return
  const why = rule !== null ? `denied by nomOS's rule ${rule}: ${message ?? ''}` : (message ?? 'refused')
  w.note = `${action} ${why}`
  s.stats.fencingDenied++
  ctx.emit('fencing_denied', w.id, { action, rule, message: why })
  mark(s, { atUs: ctx.now, node: w.id, kind: 'denied', phi: 0 })
}

/** A partition healed: the worlds it cut from an observer remember when (a conviction just after is the partition's). */
export function onPartitionHealed(s: PandemoniosState, ctx: PandemoniosCtx, cut: (a: number, b: number) => boolean): void {
  for (const w of s.worlds) {
    for (let j = 0; j < s.topo.k; j++) {
      const o = observerAt(s.topo, w.id, j)
      if (cut(w.id, o) || cut(o, w.id)) {
        w.cutHealedUs = ctx.now
        break
      }
    }
  }
}

/** The verdict shown for w. */
export function verdictOf(w: Watched): Verdict {
  if (w.gone) return 'gone'
  if (w.convicted) return w.probationSinceUs !== null ? 'probation' : w.fenced ? 'fenced' : 'convicted'
  return w.suspectedBy > 0 ? 'suspected' : 'ok'
}

/** Median phi of w over its live observers, or null (gone, none live). */
export function medianPhi(s: PandemoniosState, w: Watched): number | null {
  if (w.gone) return null
  const phis: number[] = []
  for (let j = 0; j < s.topo.k; j++) if (s.worlds[observerAt(s.topo, w.id, j)]!.alive) phis.push(w.pairs[j]!.phi)
  return phis.length === 0 ? null : median(phis.sort(byValue))
}
