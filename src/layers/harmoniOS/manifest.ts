/** harmoniOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { HarmoniosSettings, ReleaseIntervention } from './settings'

export const harmoniOSManifest = {
  name: 'harmoniOS',
  role: 'convergence: harmony when every world agrees, clocks are close, nothing alerts or repairs; canary rollouts gated on it',
  reference: 'quiescence detection; Argo Rollouts canary steps (setWeight, pause, analysis; abort → weight 0)',
  settings: HarmoniosSettings,
  requires: ['atmOS', 'mythOS'],
  interventions: { release: ReleaseIntervention },
  metrics: {
    harmony: { unit: '', per: 'cluster', description: '1 while the universe is in harmony, 0 otherwise' },
    canaryWeight: { unit: '%', per: 'cluster', description: 'weight of the rollout in progress (0: none)' },
  },
} as const
