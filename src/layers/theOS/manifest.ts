/** theOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { THEOS_INTERVENTIONS, TheosSettings } from './settings'

export const theOSManifest = {
  name: 'theOS',
  role: 'the orchestrator in the run: services\' pods scheduled onto the worlds (filter, score), rescheduled when a world fails, moved off a draining one within each service\'s disruption budget',
  reference: 'Kubernetes: kube-scheduler (filter, score 0–100: NodeResourcesFit LeastAllocated, spread), level-triggered controllers, PodDisruptionBudget, termination grace',
  settings: TheosSettings,
  requires: ['atmOS'],
  interventions: THEOS_INTERVENTIONS,
  metrics: {
    desired: { unit: 'pods', per: 'cluster', description: 'pods the services want, all services together' },
    actual: { unit: 'pods', per: 'cluster', description: 'pods ready (running, not terminating), all services together' },
    pending: { unit: 'pods', per: 'cluster', description: 'pods no world can take yet' },
    pods: { unit: 'pods', per: 'world', description: 'pods bound to each world (starting, running or terminating)' },
    evictions: { unit: 'pods', per: 'cluster', description: 'pods evicted or lost so far' },
  },
} as const
