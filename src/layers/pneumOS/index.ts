/**
 * pneumOS — the realistic network, and the network authority of a run on it.
 *
 * The delay/loss/duplication/reordering model itself is `transmit` in ../net/transport.ts: each
 * layer evaluates it for its own node-to-node traffic, exactly, from the announced NetState
 * (DESIGN §3). pneumOS keeps the authoritative copy of that state, logs partitions at the exact
 * instant every layer applies them (the instant the announcement is delivered), and aggregates
 * the per-link counters the layers report in `net_stats`.
 * References: Jepsen nemesis partitions, TigerBeetle packet_simulator, netem.
 */
import type { JsonObject, LayerDef } from '../../kernel/types'
import { createNetStats, handleNetworkDelivery, networkView, type NetStats } from '../net/netStats'
import { createNetState, type NetState } from '../net/transport'

export interface PneumosState {
  net: NetState
  stats: NetStats
  /** Partitions that took effect since the big bang. */
  partitionsStarted: number
  partitionsHealed: number
}

export const pneumOS: LayerDef<PneumosState> = {
  name: 'pneumOS',
  init(ctx) {
    return { net: createNetState({ ...ctx.scenario, network: 'pneumOS' }), stats: createNetStats(), partitionsStarted: 0, partitionsHealed: 0 }
  },
  onMessage(s, msg, ctx) {
    handleNetworkDelivery(s, msg, ctx)
  },
  onTimer() {
    // pneumOS keeps no timers: every change to the network arrives as an announcement.
  },
  view(s): JsonObject {
    return networkView(s.net, s.stats) as unknown as JsonObject
  },
  summary(s): JsonObject {
    const t = s.stats.totals
    return {
      ...t,
      lossRate: t.sent > 0 ? t.dropped / t.sent : 0,
      partitions: s.partitionsStarted,
      partitionsHealed: s.partitionsHealed,
      activePartitions: s.net.partitions.length,
      rejectedReports: s.stats.rejectedReports,
    }
  },
}
