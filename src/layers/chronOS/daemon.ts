/**
 * The NTP daemons: stratum-1 servers answer from their reference clock; every other world runs a
 * client that polls its servers with the four-timestamp exchange over the network channel, keeps
 * each server's clock filter, selects truechimers with Marzullo's intersection, combines them and
 * disciplines its clock (ntp.ts). Packets carry the HLC of chronOS's own processes (stamps.ts), read
 * on each world's disciplined clock.
 */
import { simUs } from '../../kernel/time'
import type { Json, LayerContext, NodeId } from '../../kernel/types'
import { receiveWire, sendWire, type NetState, type WireMeta } from '../net/transport'
import { announce, localAt, correctionAt, type WorldClock } from './clock'
import { NTP_PACKET_BYTES, NtpWireSchema, type ChronosCtx, type NtpPacket } from './messages'
import { candidateOf, combine, discipline, filterPick, filterPush, marzullo, newLoop, offsetDelay, PHI_PPB, ppbOfUp, PRECISION_US, sampleDispersionUs, UNSYNCED_STRATUM, type Candidate } from './ntp'

/** A clock step or hardware jump, for the views' jolt (newest last, bounded). */
export interface Jolt {
  node: number
  atUs: number
  kind: 'step' | 'jump'
  amountUs: number
}
export const JOLTS_KEPT = 32

export interface ChronosStats {
  requests: number
  replies: number
  /** Replies refused: bogus origin (stale, duplicate), unsynchronised or too deep a server, negative delay. */
  refused: number
  updates: number
  steps: number
  jumps: number
}

export interface ChronosState {
  n: number
  nowUs: number
  net: NetState
  worlds: WorldClock[]
  /** chaOS's extra drift now, ppb. */
  extraPpb: number
  jolts: Jolt[]
  stats: ChronosStats
}

/** Timer payloads. */
export interface PollTimer { k: 'poll'; w: number; inc: number }
export interface PacketTimer { k: 'pkt'; from: number; to: number; sentUs: number; m: NtpPacket; x?: WireMeta }

/** The stratum-1 worlds: min(r, n) spread over the ids, ⌊i·n/r⌋. */
export function referenceIds(n: number, r: number): number[] {
  const k = Math.max(0, Math.min(r, n))
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k))
}

/**
 * The servers of client c: k of the reference worlds, rotated by c so the load spreads; when there
 * are fewer than k references, all of them and then the nearest clients of lower id (so the
 * client → server graph has no cycle: strata only grow along it).
 */
export function serversOf(c: number, refs: readonly number[], isRef: readonly boolean[], k: number): number[] {
  const r = refs.length
  if (r >= k) return Array.from({ length: k }, (_, j) => refs[(c + j) % r]!)
  const out = [...refs]
  for (let id = c - 1; id >= 0 && out.length < k; id--) if (!isRef[id]) out.push(id)
  return out
}

/**
 * The context the network channel sees for chronOS's packets: chronOS's own, except that a world's
 * clock reads the segment chronOS keeps (the kernel mirrors clock_set only into the layers that
 * receive it, and a layer never receives its own messages), so the HLC's physical time is the
 * world's disciplined clock, as in every other layer.
 */
function wireCtx(s: ChronosState, ctx: ChronosCtx): LayerContext {
  return {
    get now() { return ctx.now },
    get worlds() { return ctx.worlds },
    layer: ctx.layer,
    observing: ctx.observing,
    validating: ctx.validating,
    localUs: (node: NodeId) => localAt(s.worlds[node]!, ctx.now),
    rng: (stream?: string) => ctx.rng(stream),
    observe: (type: string, data: Parameters<LayerContext['observe']>[1]) => ctx.observe(type, data),
    reject: (r: Parameters<LayerContext['reject']>[0]) => ctx.reject(r),
  } as unknown as LayerContext
}

function transmitNtp(s: ChronosState, ctx: ChronosCtx, from: number, to: number, m: NtpPacket): void {
  const { times, meta, payload } = sendWire(s.net, wireCtx(s, ctx), from, to, NTP_PACKET_BYTES, m)
  for (const t of times) ctx.schedule(t, { k: 'pkt', from, to, sentUs: ctx.now, m: payload, ...(meta.s || meta.bad ? { x: meta } : {}) } satisfies PacketTimer as unknown as Json)
}

/** The first poll of client w after (re)start: each client with its own phase within the interval. */
export function schedulePoll(s: ChronosState, ctx: ChronosCtx, w: WorldClock, first: boolean): void {
  const pollUs = ctx.settings.pollIntervalMs * 1_000
  const at = first ? ctx.now + 1 + Math.floor((w.id * pollUs) / Math.max(1, s.n)) : ctx.now + pollUs
  ctx.schedule(simUs(at), { k: 'poll', w: w.id, inc: w.inc } satisfies PollTimer)
}

/** A client's poll: a clock update from what its filters hold, then a request to every server. */
export function onPoll(s: ChronosState, ctx: ChronosCtx, w: WorldClock): void {
  schedulePoll(s, ctx, w, false)
  // A step resets every association (RFC 5905): nothing is asked until the new clock is in effect.
  if (clockUpdate(s, ctx, w) === 'step') return
  const t1 = localAt(w, ctx.now)
  w.servers.forEach((srv, i) => {
    w.outstanding[i] = t1
    s.stats.requests++
    transmitNtp(s, ctx, w.id, srv, { t: 'req', xmt: t1 })
  })
}

/** What a server says about its own clock now: stratum, root delay, root dispersion grown since its update. */
function serverState(w: WorldClock, localNow: number): { stratum: number; rootDelayUs: number; rootDispUs: number } {
  if (w.reference) return { stratum: 1, rootDelayUs: 0, rootDispUs: PRECISION_US }
  if (!w.synced) return { stratum: UNSYNCED_STRATUM, rootDelayUs: 0, rootDispUs: 0 }
  const age = Math.max(0, localNow - w.updatedUs)
  return { stratum: w.stratum, rootDelayUs: w.rootDelayUs, rootDispUs: w.rootDispUs + ppbOfUp(age, PHI_PPB + w.loop.wanderPpb) }
}

export function onPacket(s: ChronosState, ctx: ChronosCtx, p: PacketTimer): void {
  const { from, to, m } = p
  if (!receiveWire(s.net, wireCtx(s, ctx), from, to, p.sentUs, p.x, m, NtpWireSchema, m.t)) return
  const w = s.worlds[to]!
  if (!w.up) return
  const now = localAt(w, ctx.now)
  if (m.t === 'req') {
    // A server: T2 = T3 = its clock now (it answers at once).
    s.stats.replies++
    transmitNtp(s, ctx, to, from, { t: 'rep', org: m.xmt, rec: now, xmt: now, ...serverState(w, now) })
    return
  }
  const i = w.servers.indexOf(from)
  // RFC 5905 §8 packet checks: the reply must echo the outstanding request (bogus or duplicate otherwise).
  if (i < 0 || w.outstanding[i] !== m.org) { s.stats.refused++; return }
  w.outstanding[i] = null
  if (m.stratum >= ctx.settings.maxStratum || m.stratum >= UNSYNCED_STRATUM) { s.stats.refused++; return }
  const x = { t1: m.org, t2: m.rec, t3: m.xmt, t4: now }
  const { offsetUs, delayUs } = offsetDelay(x)
  if (delayUs < 0) { s.stats.refused++; return }
  filterPush(w.filters[i]!, { offsetUs, delayUs, dispUs: sampleDispersionUs(x), atUs: now, corrUs: correctionAt(w, ctx.now), rootDelayUs: m.rootDelayUs, rootDispUs: m.rootDispUs, stratum: m.stratum })
  w.samples++
  ctx.emit('clock_sample', to, { server: from, offsetUs, delayUs })
}

/** RFC 5905's merit of a survivor for system peer: stratum first, then root distance. */
const merit = (c: Candidate): number => c.stratum * 1_000_000_000 + c.distUs

/**
 * The clock update (RFC 5905 §11–12): candidates from the filters, Marzullo's truechimers, the
 * combined offset, the system peer, then the discipline: a step above STEPT (filters cleared, as
 * RFC 5905 clears every association), else a new slew rate. Observed for the sync checker.
 */
export function clockUpdate(s: ChronosState, ctx: ChronosCtx, w: WorldClock): 'step' | 'slew' | null {
  const localNow = localAt(w, ctx.now)
  const corrNow = correctionAt(w, ctx.now)
  const prevUs = w.loop.lastUs
  const cands: Candidate[] = []
  w.servers.forEach((srv, i) => {
    const pick = filterPick(w.filters[i]!, prevUs)
    if (pick) cands.push(candidateOf(srv, pick, localNow, corrNow, w.loop.freqPpb, w.loop.wanderPpb))
  })
  // Nothing new since the last update (lost replies): no update; the error bound keeps growing.
  if (cands.length === 0 && prevUs !== null && w.synced) return null
  const survivors = marzullo(cands)
  w.survivors = survivors.length
  if (survivors.length === 0) {
    w.synced = false
    w.systemPeer = null
    w.stratum = UNSYNCED_STRATUM
    return null
  }
  let peer = survivors[0]!
  for (const c of survivors) if (merit(c) < merit(peer)) peer = c
  const { offsetUs, errorUs } = combine(survivors)
  s.stats.updates++
  const set = ctx.settings
  // The phase correction applied since the last update: all correction less the frequency's share.
  const slewedUs = w.loop.lastUs === null ? 0 : corrNow - w.corrAtUpdateUs - Math.round((w.loop.freqPpb * (localNow - w.loop.lastUs)) / 1_000_000_000)
  // The first update after a (re)start knows nothing of the oscillator's frequency yet: not synchronised.
  const settled = w.loop.lastUs !== null
  const wanderBefore = w.loop.wanderPpb
  const d = discipline(w.loop, offsetUs, errorUs, localNow, slewedUs, set.stepThresholdMs * 1_000, set.timeConstantMs * 1_000, set.maxFreqPpm * 1_000)
  w.systemPeer = peer.server
  w.delayUs = peer.delayUs
  w.stratum = peer.stratum + 1
  w.rootDelayUs = peer.rootDelayUs + peer.delayUs
  // The samples' distances grew with the wander the loop just measured: widen the bound to match.
  let oldest = 0
  w.servers.forEach((srv, i) => { const p = filterPick(w.filters[i]!, prevUs); if (p && survivors.some((c) => c.server === srv)) oldest = Math.max(oldest, localNow - p.atUs) })
  const errorNowUs = errorUs + (w.loop.wanderPpb > wanderBefore ? ppbOfUp(oldest, w.loop.wanderPpb - wanderBefore) : 0)
  w.errorUs = errorNowUs
  w.updatedUs = localNow
  if (d.kind === 'step') {
    w.corrPpb = w.loop.freqPpb
    announce(w, ctx, d.stepUs, { step: true })
    for (const f of w.filters) f.length = 0
    w.outstanding.fill(null)
    w.synced = false
    w.offsetUs = 0
    w.rootDispUs = errorNowUs
    w.lastStepUs = ctx.now + ctx.quantumUs
    w.steps++
    s.stats.steps++
    pushJolt(s, { node: w.id, atUs: ctx.now + ctx.quantumUs, kind: 'step', amountUs: d.stepUs })
    ctx.emit('clock_stepped', w.id, { stepUs: d.stepUs })
  } else {
    if (d.ratePpb !== w.corrPpb) {
      w.corrPpb = d.ratePpb
      announce(w, ctx, 0)
    }
    w.synced = settled && !d.saturated
    w.offsetUs = offsetUs
    // λ = rootDelay/2 + rootDisp covers |θ| + the combine's error (RFC 5905 clock_update adds |θ|).
    w.rootDispUs = Math.max(0, errorNowUs + Math.abs(offsetUs) - Math.ceil(w.rootDelayUs / 2))
  }
  w.corrAtUpdateUs = correctionAt(w, ctx.now)
  if (ctx.observing) ctx.observe('clock_sync', { node: w.id, offsetUs: localNow - ctx.now, estimateUs: -offsetUs, rootDistanceUs: rootDistanceUs(w), synced: w.synced, wanderPpb: w.loop.wanderPpb, freqPpb: w.loop.freqPpb })
  return d.kind
}

/** The system's root distance λ = rootDelay/2 + rootDisp, µs. */
export const rootDistanceUs = (w: WorldClock): number => Math.ceil(w.rootDelayUs / 2) + w.rootDispUs

export function pushJolt(s: ChronosState, j: Jolt): void {
  s.jolts.push(j)
  if (s.jolts.length > JOLTS_KEPT) s.jolts.shift()
}

/** A world's clock jumped (chaOS): its daemon notices the step behind its back and starts over. */
export function onJumped(w: WorldClock): void {
  for (const f of w.filters) f.length = 0
  w.outstanding.fill(null)
  w.loop.lastUs = null
  w.synced = false
}

/** The daemon dies with its world: the clock keeps running, undisciplined (no correction). */
export function stopDaemon(s: ChronosState, ctx: ChronosCtx, w: WorldClock): void {
  w.up = false
  w.inc++
  w.synced = false
  if (w.reference) return
  undiscipline(ctx, w)
}

/** The client is gone: its samples, its peer, its correction (the clock runs on its oscillator alone). */
function undiscipline(ctx: ChronosCtx, w: WorldClock): void {
  onJumped(w)
  w.stratum = UNSYNCED_STRATUM
  w.systemPeer = null
  if (w.corrPpb !== 0) {
    w.corrPpb = 0
    announce(w, ctx, 0)
  }
}

/** The world is up again: its daemon starts over, keeping the frequency it had learnt (ntpd's drift file). */
export function startDaemon(s: ChronosState, ctx: ChronosCtx, w: WorldClock): void {
  w.up = true
  w.inc++
  if (w.reference || w.clientDown === true) return
  w.loop = newLoop(w.loop.freqPpb)
  schedulePoll(s, ctx, w, true)
}

/**
 * daemOS: the world's ntp-client daemon stopped or started (daemon_state). Down, the client polls no
 * more and its clock runs undisciplined, as when its world is down, though the world still answers
 * as a server (unsynchronised); up again, it starts over keeping its frequency. A stratum-1 world
 * runs no client. Returns whether anything changed on a live client.
 */
export function setClientDown(s: ChronosState, ctx: ChronosCtx, w: WorldClock, down: boolean): boolean {
  if ((w.clientDown === true) === down) return false
  w.clientDown = down
  if (w.reference || !w.up) return false
  w.inc++
  if (down) {
    w.synced = false
    undiscipline(ctx, w)
  } else {
    w.loop = newLoop(w.loop.freqPpb)
    schedulePoll(s, ctx, w, true)
  }
  return true
}

export function newWorldClock(id: number, reference: boolean, servers: number[], sharePermille: number): WorldClock {
  return {
    id, reference, atmPpb: 0, sharePermille, hwPpb: 0, corrPpb: 0,
    seg: { baseUs: 0, localUs: 0, ratePpb: 0, corrPpb: 0, corrUs: 0 }, pend: [],
    up: true, inc: 0,
    servers, filters: servers.map(() => []), outstanding: servers.map(() => null), loop: newLoop(), corrAtUpdateUs: 0,
    synced: reference, stratum: reference ? 1 : UNSYNCED_STRATUM, rootDelayUs: 0, rootDispUs: reference ? PRECISION_US : 0,
    updatedUs: 0, offsetUs: 0, errorUs: 0, systemPeer: null, survivors: 0, delayUs: 0, lastStepUs: null, steps: 0, samples: 0,
  }
}

/** The true offset of world w's clock from cosmic time at nowUs, µs (what only the simulator knows). */
export const trueOffsetUs = (w: WorldClock, nowUs: number): number => localAt(w, nowUs) - nowUs
