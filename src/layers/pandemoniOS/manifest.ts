/** pandemoniOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { PandemoniosSettings } from './settings'

export const pandemoniOSManifest = {
  name: 'pandemoniOS',
  role: 'failure detection: heartbeats and phi accrual per observer, conviction by a quorum, quarantine (fencing) through atmOS, probation and rehabilitation',
  reference: 'phi accrual failure detector (Hayashibara et al.; Akka, Cassandra phi_convict_threshold 8), Pacemaker fencing (STONITH)',
  settings: PandemoniosSettings,
  requires: ['atmOS'],
  interventions: {},
  metrics: {
    phi: { unit: 'phi', per: 'world', description: 'median phi of each world over its live observers (capped at 1e6)' },
    convicted: { unit: 'worlds', per: 'cluster', description: 'worlds convicted now (fenced and on probation included)' },
    suspicions: { unit: 'pairs', per: 'cluster', description: '(observer, world) pairs whose phi is at or above the threshold' },
  },
} as const
