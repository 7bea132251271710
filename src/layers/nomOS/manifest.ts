/** nomOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { NomosSettings, RuleIntervention } from './settings'

export const nomOSManifest = {
  name: 'nomOS',
  role: 'the law: rules in CEL judge every action on a world\'s life or the network before it happens (admission control)',
  reference: 'Kubernetes ValidatingAdmissionPolicy (CEL) and PodDisruptionBudget, Gatekeeper enforcement actions, Envoy max ejection',
  settings: NomosSettings,
  requires: ['atmOS'],
  interventions: { rule: RuleIntervention },
  metrics: {
    reviews: { unit: 'requests', per: 'cluster', description: 'admission reviews so far' },
    denied: { unit: 'requests', per: 'cluster', description: 'requests denied so far' },
    rules: { unit: 'rules', per: 'cluster', description: 'rules in force' },
  },
} as const
