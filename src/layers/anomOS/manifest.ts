/** anomOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { AlertIntervention, AnomosSettings } from './settings'

export const anomOSManifest = {
  name: 'anomOS',
  role: 'the watcher: streaming anomaly detectors on the metrics channel raise alerts (pending, firing, resolved)',
  reference: 'Prometheus alerting rules (for, pending → firing → resolved); EWMA z-score; MAD modified z (Iglewicz & Hoaglin)',
  settings: AnomosSettings,
  requires: [],
  interventions: { alert: AlertIntervention },
  metrics: {
    firing: { unit: 'alerts', per: 'cluster', description: 'alert instances firing now' },
    fired: { unit: 'alerts', per: 'cluster', description: 'alerts that fired so far' },
  },
} as const
