/**
 * chronOS — clock synchronisation of every world to cosmic time, faithful to NTP (RFC 5905), and
 * hybrid logical clocks (Kulkarni et al. 2014) for every layer's node-to-node messages.
 *
 * Every world's hardware clock drifts (atmOS's oscillator error + its share of chaOS's extra
 * drift) and may jump (chaOS's clock_jump). A few worlds (referenceWorlds, spread over the ids)
 * are stratum 1: they read cosmic time from a reference clock, like a GPS receiver, and their
 * clock is exact (a jump of their oscillator is absorbed by the reference). Every other world runs
 * an NTP client (daemon.ts) that polls serversPerClient servers every pollIntervalMs over the
 * network channel, with the four-timestamp exchange, an 8-sample clock filter per server,
 * Marzullo's intersection, the combine weighted by 1/λ, and a discipline that steps above 128 ms
 * and otherwise slews within ±500 ppm (ntp.ts). Each change of a world's clock is announced as a
 * `clock_set` one quantum ahead (clock.ts), so every layer that consumes it reads the same clock
 * (ctx.localUs), which is also the physical time of the HLC stamped on their packets.
 *
 * Honest limits: a client whose oscillator errs by more than MAXFREQ (chaOS's max drift) cannot
 * slew fast enough; its loop saturates and it says so: it is not synchronised while saturated.
 * A hardware jump is noticed by the daemon (as chrony notices a clock stepped behind its back):
 * it drops its samples and is unsynchronised until fresh ones select a source again.
 *
 * Events (node = the client world):
 *   clock_sample  {server, offsetUs, delayUs}   an accepted sample (θ, δ)
 *   clock_stepped {stepUs}                      the discipline stepped the clock (|θ| > STEPT)
 * Observation (checkers only): clock_sync {node, offsetUs (true, local − cosmic), rootDistanceUs, synced}
 * at each clock update. Cross-layer: consumes world_clocks (atmOS), clock_drift / clock_jump
 * (chaOS), world_status and the network announcements; sends clock_set and net_stats.
 */
import { isLive } from '../../kernel/worlds'
import { defineLayer } from '../define'
import { NET_STATS_TIMER, applyNetAnnouncement, createNetState, onNetStatsTimer, startNetStats } from '../net/transport'
import { hlcOf } from '../net/stamps'
import { applyDue, announce, localAt } from './clock'
import { newWorldClock, onJumped, onPacket, onPoll, pushJolt, referenceIds, rootDistanceUs, schedulePoll, serversOf, setClientDown, startDaemon, stopDaemon, type ChronosState, type PacketTimer, type PollTimer } from './daemon'
import { CHRONOS_CONSUMES, CHRONOS_SENDS, NTP_WIRE, type ChronosCtx } from './messages'
import { chronosSummary, chronosView, type ChronosView } from './view'
import { CHRONOS_EVENTS } from './events'
import { chronOSManifest } from './manifest'

export type { ChronosState } from './daemon'
export type { ChronosView, ClockWorldView } from './view'


/** A world's oscillator error: atmOS's plus its share of chaOS's extra drift. */
function setHardwareRate(s: ChronosState, ctx: ChronosCtx): void {
  for (const w of s.worlds) {
    if (w.reference) continue
    const hw = w.atmPpb + Math.round((s.extraPpb * w.sharePermille) / 1000)
    if (hw === w.hwPpb) continue
    w.hwPpb = hw
    announce(w, ctx, 0)
  }
}

export const chronOS = defineLayer({
  ...chronOSManifest,
  consumes: CHRONOS_CONSUMES,
  sends: CHRONOS_SENDS,
  wire: NTP_WIRE,
  events: CHRONOS_EVENTS,
  init(ctx): ChronosState {
    const n = ctx.scenario.nodes.count
    const set = ctx.settings
    const refs = referenceIds(n, set.referenceWorlds)
    const isRef = new Array<boolean>(n).fill(false)
    for (const r of refs) isRef[r] = true
    const shares = ctx.rng('drift')
    const s: ChronosState = {
      n,
      nowUs: 0,
      net: createNetState(ctx.scenario),
      worlds: Array.from({ length: n }, (_, id) => newWorldClock(id, isRef[id]!, isRef[id] ? [] : serversOf(id, refs, isRef, set.serversPerClient), shares.int(-1000, 1000))),
      extraPpb: 0,
      jolts: [],
      stats: { requests: 0, replies: 0, refused: 0, updates: 0, steps: 0, jumps: 0 },
    }
    for (const w of s.worlds) if (!w.reference) schedulePoll(s, ctx, w, true)
    startNetStats(ctx)
    return s
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'world_clocks': {
        msg.data.driftPpb.forEach((ppb, id) => { const w = s.worlds[id]; if (w) w.atmPpb = ppb })
        setHardwareRate(s, ctx)
        return
      }
      case 'clock_drift':
        s.extraPpb = msg.data.extraPpb
        setHardwareRate(s, ctx)
        return
      case 'clock_jump': {
        const w = s.worlds[msg.data.node]
        if (!w || w.reference) return // a reference clock re-reads its GPS time at once
        s.stats.jumps++
        announce(w, ctx, msg.data.jumpUs, { jump: true })
        pushJolt(s, { node: w.id, atUs: ctx.now + ctx.quantumUs, kind: 'jump', amountUs: msg.data.jumpUs })
        return
      }
      case 'world_status': {
        const w = s.worlds[msg.data.node]
        if (!w) return
        const live = isLive(msg.data.status)
        if (w.up && !live) stopDaemon(s, ctx, w)
        else if (!w.up && msg.data.status === 'up') startDaemon(s, ctx, w)
        return
      }
      case 'daemon_state': {
        const w = s.worlds[msg.data.node]
        if (!w || msg.data.daemon !== 'ntp-client') return
        if (setClientDown(s, ctx, w, !msg.data.running)) ctx.emit(msg.data.running ? 'ntp_client_started' : 'ntp_client_stopped', w.id, {})
        return
      }
      default:
        applyNetAnnouncement(s.net, msg)
    }
  },

  onTimer(s, payload, ctx) {
    s.nowUs = ctx.now
    const p = payload as unknown as PollTimer | PacketTimer | { k: 'seg'; w: number } | typeof NET_STATS_TIMER
    switch (p.k) {
      case 'poll': {
        const w = s.worlds[(p as PollTimer).w]!
        if (w.up && w.inc === (p as PollTimer).inc) onPoll(s, ctx, w)
        return
      }
      case 'pkt':
        onPacket(s, ctx, p as PacketTimer)
        return
      case 'seg': {
        const w = s.worlds[(p as { w: number }).w]!
        if (applyDue(w, ctx.now)) onJumped(w)
        return
      }
      case 'stats':
        return onNetStatsTimer(s.net, ctx)
    }
  },

  sample(s, nowUs) {
    return {
      offsetUs: s.worlds.map((w) => localAt(w, nowUs) - nowUs),
      rootDistanceUs: s.worlds.map((w) => rootDistanceUs(w)),
      hlcLogical: s.worlds.map((w) => hlcOf(s.net.stamps, w.id)?.c ?? 0),
      syncedWorlds: s.worlds.filter((w) => w.up && w.synced).length,
    }
  },

  view(s): ChronosView {
    return chronosView(s)
  },

  summary(s) {
    return chronosSummary(s)
  },
})
