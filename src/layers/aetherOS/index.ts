/**
 * aetherOS — the ideal network: every link has the same constant, minimal latency
 * (layers.aetherOS.latencyUs), nothing is lost, duplicated or reordered, and it cannot be
 * partitioned. It is the baseline a run on pneumOS is compared against: the same layers run on
 * either. Like pneumOS it is the network authority of its run: it keeps the NetState (crashed
 * worlds still neither send nor receive) and aggregates the layers' `net_stats` reports.
 */
import type { JsonObject, LayerDef } from '../../kernel/types'
import { createNetStats, handleNetworkDelivery, networkView, type NetStats } from '../net/netStats'
import { createNetState, type NetState } from '../net/transport'

export interface AetherosState {
  net: NetState
  stats: NetStats
  /** Always 0 (applyNetAnnouncement ignores partition_start on aetherOS); kept for a shared handler. */
  partitionsStarted: number
  partitionsHealed: number
  /** The one constant latency of every link, µs. */
  latencyUs: number
  /** Partition announcements that reached the ideal network (chaOS should never send them). */
  partitionAnnouncementsIgnored: number
}

export const aetherOS: LayerDef<AetherosState> = {
  name: 'aetherOS',
  init(ctx) {
    return {
      net: createNetState({ ...ctx.scenario, network: 'aetherOS' }),
      stats: createNetStats(),
      partitionsStarted: 0,
      partitionsHealed: 0,
      latencyUs: ctx.scenario.layers.aetherOS.latencyUs,
      partitionAnnouncementsIgnored: 0,
    }
  },
  onMessage(s, msg, ctx) {
    if (msg.type === 'partition_start' || msg.type === 'partition_heal') {
      s.partitionAnnouncementsIgnored++
      return
    }
    handleNetworkDelivery(s, msg, ctx)
  },
  onTimer() {
    // no timers: the ideal network never changes by itself.
  },
  view(s): JsonObject {
    return networkView(s.net, s.stats) as unknown as JsonObject
  },
  summary(s): JsonObject {
    return { ...s.stats.totals, latencyUs: s.latencyUs, partitionAnnouncementsIgnored: s.partitionAnnouncementsIgnored, rejectedReports: s.stats.rejectedReports }
  },
}
