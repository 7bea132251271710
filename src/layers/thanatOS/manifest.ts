/** thanatOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { DecommissionIntervention, JoinIntervention, ThanatosSettings } from './settings'

export const thanatOSManifest = {
  name: 'thanatOS',
  role: 'graceful death and birth: drain, hand-off, leadership transfer, Raft membership change, grace period; learners joining the voters',
  reference: 'Kubernetes pod termination (grace period 30 s); Raft single-server membership changes (dissertation §4.1), etcd learners',
  settings: ThanatosSettings,
  requires: ['atmOS', 'mythOS'],
  interventions: { decommission: DecommissionIntervention, join: JoinIntervention },
  metrics: {
    terminating: { unit: 'worlds', per: 'cluster', description: 'worlds being decommissioned now' },
    voters: { unit: 'worlds', per: 'cluster', description: 'voters in the committed Raft configuration' },
    decommissioned: { unit: 'worlds', per: 'cluster', description: 'worlds thanatOS decommissioned so far' },
  },
} as const
