/** chaOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { CHAOS_INTERVENTIONS } from './contract'
import { ChaosSettings } from './settings'

export const chaOSManifest = {
  name: 'chaOS',
  role: 'entropy injector: crashes, partitions, loss, latency, drift',
  reference: 'Jepsen nemeses, Chaos Mesh, FoundationDB BUGGIFY',
  settings: ChaosSettings,
  requires: ['atmOS'],
  interventions: CHAOS_INTERVENTIONS,
  metrics: {
    activeFaults: { unit: 'faults', per: 'cluster', description: 'crashes and partitions in effect' },
    entropy: { unit: '', per: 'cluster', description: 'the master entropy knob, 0..1' },
  },
} as const
