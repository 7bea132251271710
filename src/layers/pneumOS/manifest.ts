/** pneumOS's manifest: what the page needs of the layer (its settings, metrics, pantheon line), without its logic. */
import { NETWORK_METRICS } from '../net/metrics'
import { PACKET_FAULT_INTERVENTIONS } from '../net/packetFaults'
import { PneumosSettings } from './settings'

export const pneumOSManifest = {
  name: 'pneumOS',
  role: 'realistic network: distance latency, jitter, loss, partitions',
  reference: 'Jepsen nemesis, TigerBeetle packet simulator, netem',
  settings: PneumosSettings,
  /** Drop or delay one message in flight (net/packetFaults.ts). */
  interventions: PACKET_FAULT_INTERVENTIONS,
  metrics: NETWORK_METRICS,
} as const
