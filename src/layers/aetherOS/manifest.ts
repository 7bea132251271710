/** aetherOS's manifest: what the page needs of the layer (its settings, metrics, pantheon line), without its logic. */
import { NETWORK_METRICS } from '../net/metrics'
import { AetherosSettings } from './settings'

export const aetherOSManifest = {
  name: 'aetherOS',
  role: 'ideal network: constant minimal latency, no loss, no partitions',
  reference: 'an ideal network (baseline)',
  settings: AetherosSettings,
  interventions: {},
  metrics: NETWORK_METRICS,
} as const
