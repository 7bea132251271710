/**
 * aetherOS — the ideal network: every link has the same constant, minimal latency
 * (layers.aetherOS.latencyUs), nothing is lost, duplicated or reordered, and it cannot be
 * partitioned (partition announcements are counted and ignored). It is the baseline a run on
 * pneumOS is compared against: the same layers run on either. Like pneumOS it is the network
 * authority of its run: it keeps the NetState and aggregates the layers' `net_stats` reports
 * (see ../net/networkLayer.ts).
 */
import { networkLayer, type NetworkLayerState } from '../net/networkLayer'
import { aetherOSManifest } from './manifest'

export interface AetherosState extends NetworkLayerState {
  /** The one constant latency of every link, µs (its settings'): kept for the summary. */
  latencyUs: number
}

export const aetherOS = networkLayer({
  ...aetherOSManifest,
  init: (base, settings): AetherosState => ({ ...base, latencyUs: settings.latencyUs }),
  summary: (s) => ({ ...s.stats.totals, latencyUs: s.latencyUs, partitionAnnouncementsIgnored: s.stats.partitionAnnouncementsIgnored, rejectedReports: s.stats.rejectedReports }),
})
