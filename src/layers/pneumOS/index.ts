/**
 * pneumOS — the realistic network, and the network authority of a run on it.
 *
 * The delay/loss/duplication/reordering model itself is `transmit` in ../net/transport.ts: each
 * layer evaluates it for its own node-to-node traffic, exactly, from the announced NetState
 * (DESIGN §3). pneumOS keeps the authoritative copy of that state, logs partitions at the exact
 * instant every layer applies them (the instant the announcement is delivered), and aggregates
 * the per-link counters the layers report in `net_stats` (see ../net/networkLayer.ts).
 * References: Jepsen nemesis partitions, TigerBeetle packet_simulator, netem.
 */
import { networkLayer, type NetworkLayerState } from '../net/networkLayer'
import { pneumOSManifest } from './manifest'

export type PneumosState = NetworkLayerState

export const pneumOS = networkLayer({
  ...pneumOSManifest,
  init: (base): PneumosState => base,
  summary: (s) => {
    const t = s.stats.totals
    return {
      ...t,
      lossRate: t.sent > 0 ? t.dropped / t.sent : 0,
      partitions: s.stats.partitionsStarted,
      partitionsHealed: s.stats.partitionsHealed,
      activePartitions: s.net.partitions.length,
      rejectedReports: s.stats.rejectedReports,
    }
  },
})
