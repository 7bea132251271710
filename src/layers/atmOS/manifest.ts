/** atmOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { LifecycleIntervention } from './messages'
import { AtmosSettings } from './settings'

export const atmOSManifest = {
  name: 'atmOS',
  role: 'the worlds: nodes in 3D space, their lifecycle (one owner), disks, clock drift, workload',
  reference: 'a cluster of hosts',
  settings: AtmosSettings,
  interventions: { lifecycle: LifecycleIntervention },
  metrics: {
    worldsUp: { unit: 'worlds', per: 'cluster', description: 'worlds whose status is up' },
    worldsLive: { unit: 'worlds', per: 'cluster', description: 'worlds up, draining or quarantined' },
    proposed: { unit: 'happenings', per: 'world', description: 'happenings proposed so far' },
  },
} as const
