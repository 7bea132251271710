/**
 * pandemoniOS — failure detection and fencing, faithful to the phi accrual failure detector as
 * Akka implements it (phi.ts) and to Pacemaker's fencing, here a quarantine through atmOS.
 *
 * Every live world heartbeats its observers over the network channel every heartbeatIntervalMs
 * (every other world up to allObserveMaxWorlds worlds, else the next observersPerWorld ids on a
 * ring: topology.ts) while daemOS's `heartbeater` daemon runs on it. Each observer keeps Akka's
 * heartbeat history per world it watches and evaluates phi every evalIntervalMs: at the threshold
 * it suspects the world (phi_suspect), below it trusts it again (phi_trusted). When a quorum
 * (majority) of the world's observers that are up (ctx.worlds) suspect it, it is convicted
 * (node_convicted, `conviction` to theOS / thanatOS) and pandemoniOS asks atmOS to quarantine it
 * (lifecycle_request; under nomOS's review): once atmOS applies it the world is fenced
 * (node_fenced) — mythOS refuses to let a quarantined world lead or vote. A convicted world whose
 * heartbeats reach a quorum of its observers again with phi below the threshold is on probation
 * (probation_started); after probationMs of it, rehabilitated (node_rehabilitated, `conviction`
 * false, and released from the quarantine pandemoniOS asked for). A world that restarts is a new
 * incarnation: its observers' histories of it start over. A denied quarantine or release is noted
 * (fencing_denied) and not asked again.
 *
 * Honest limits: the verdict reads every observer's suspicion where it stands, as a membership
 * service would after gossip (the gossip is not simulated); phi is measured on cosmic time (a
 * monotonic clock: a world's clock steps do not move it, its drift of a few ppm is neglected).
 */
import { defineLayer } from '../define'
import { NET_STATS_TIMER, applyNetAnnouncement, createNetState, cutsLink, onNetStatsTimer, startNetStats } from '../net/transport'
import { PANDEMONIOS_CONSUMES, PANDEMONIOS_SENDS, PANDEMONIOS_WIRE } from './contract'
import { medianPhi, newWatched, onBeat, onEval, onOutcome, onPacket, onPartitionHealed, onStatus, startWorld } from './detect'
import { PANDEMONIOS_EVENTS } from './events'
import { pandemoniOSManifest } from './manifest'
import { SAMPLE_BUDGET, type BeatTimer, type EvalTimer, type PacketTimer, type PandemoniosState } from './state'
import { topology } from './topology'
import { pandemoniosSummary, pandemoniosView, type PandemoniosView } from './view'

export type { PandemoniosState } from './state'
export type { PandemoniosView } from './view'

export const pandemoniOS = defineLayer({
  ...pandemoniOSManifest,
  consumes: PANDEMONIOS_CONSUMES,
  sends: PANDEMONIOS_SENDS,
  wire: PANDEMONIOS_WIRE,
  events: PANDEMONIOS_EVENTS,
  init(ctx): PandemoniosState {
    const set = ctx.settings
    const n = ctx.scenario.nodes.count
    const topo = topology(n, set.allObserveMaxWorlds, set.observersPerWorld)
    const s: PandemoniosState = {
      topo,
      p: {
        thresholdPhi: set.thresholdPhi,
        maxSampleSize: Math.max(2, Math.min(set.maxSampleSize, Math.floor(SAMPLE_BUDGET / Math.max(1, n * topo.k)))),
        minStdDeviationMs: set.minStdDeviationMs,
        acceptableHeartbeatPauseMs: set.acceptableHeartbeatPauseMs,
        firstHeartbeatEstimateMs: set.firstHeartbeatEstimateMs,
      },
      heartbeatUs: set.heartbeatIntervalMs * 1_000,
      evalUs: set.evalIntervalMs * 1_000,
      probationUs: set.probationMs * 1_000,
      net: createNetState(ctx.scenario),
      worlds: Array.from({ length: n }, (_, id) => newWatched(id, topo.k, id < set.phiHistoryWorlds)),
      marks: [],
      stats: { heartbeatsSent: 0, heartbeatsReceived: 0, suspicions: 0, convictions: 0, byCause: { down: 0, partitioned: 0, silent: 0, false: 0 }, fenced: 0, fencingDenied: 0, rehabilitated: 0, probationsFailed: 0 },
    }
    for (const w of s.worlds) startWorld(s, ctx, w)
    startNetStats(ctx)
    return s
  },

  onMessage(s, msg, ctx) {
    switch (msg.type) {
      case 'world_status': {
        const w = s.worlds[msg.data.node]
        if (w) onStatus(s, ctx, w, msg.data.from, msg.data.status, msg.data.requester)
        return
      }
      case 'lifecycle_outcome': {
        const o = msg.data
        const w = s.worlds[o.node]
        if (w && o.requester === 'pandemoniOS') onOutcome(s, ctx, w, o.action, o.allowed, o.rule, o.message)
        return
      }
      case 'daemon_state': {
        const w = s.worlds[msg.data.node]
        if (w && msg.data.daemon === 'heartbeater') w.beating = msg.data.running
        return
      }
      case 'clock_set':
        return // the kernel keeps the clock mirror (the HLC stamps of the heartbeats read it)
      default: {
        const change = applyNetAnnouncement(s.net, msg)
        if (change && typeof change === 'object' && change.kind === 'healed' && change.partitions.length > 0)
          onPartitionHealed(s, ctx, (a, b) => change.partitions.some((p) => cutsLink(p, a, b)))
      }
    }
  },

  onTimer(s, payload, ctx) {
    const t = payload as unknown as BeatTimer | EvalTimer | PacketTimer | typeof NET_STATS_TIMER
    switch (t.k) {
      case 'beat':
        return onBeat(s, ctx, t)
      case 'eval':
        return onEval(s, ctx, t)
      case 'pkt':
        return onPacket(s, ctx, t)
      case 'stats':
        return onNetStatsTimer(s.net, ctx)
    }
  },

  sample(s) {
    let convicted = 0
    let suspicions = 0
    const phi: (number | null)[] = []
    for (const w of s.worlds) {
      if (w.convicted) convicted++
      suspicions += w.suspectedBy
      phi.push(medianPhi(s, w))
    }
    return { phi, convicted, suspicions }
  },

  view(s): PandemoniosView {
    return pandemoniosView(s)
  },

  summary(s) {
    return pandemoniosSummary(s)
  },
})
