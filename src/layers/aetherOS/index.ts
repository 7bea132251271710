/**
 * aetherOS — the ideal network: every link has the same constant, minimal latency
 * (layers.aetherOS.latencyUs), nothing is lost, duplicated or reordered, and it cannot be
 * partitioned (partition announcements are counted and ignored). It is the baseline a run on
 * pneumOS is compared against: the same layers run on either. Like pneumOS it is the network
 * authority of its run: it keeps the NetState (crashed worlds still neither send nor receive) and
 * aggregates the layers' `net_stats` reports (see ../net/networkLayer.ts).
 */
import type { LayerDef } from '../../kernel/types'
import { networkLayer, type NetworkLayerState } from '../net/networkLayer'

export interface AetherosState extends NetworkLayerState {
  /**
   * The one constant latency of every link, µs (the scenario's): kept for the summary, which is
   * handed the state alone.
   */
  latencyUs: number
}

export const aetherOS: LayerDef<AetherosState> = networkLayer(
  'aetherOS',
  (base, ctx) => ({ ...base, latencyUs: ctx.scenario.layers.aetherOS.latencyUs }),
  (s) => ({ ...s.stats.totals, latencyUs: s.latencyUs, partitionAnnouncementsIgnored: s.stats.partitionAnnouncementsIgnored, rejectedReports: s.stats.rejectedReports }),
)
