/** daemOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { DAEMOS_INTERVENTIONS } from './contract'
import { DaemosSettings } from './settings'

export const daemOSManifest = {
  name: 'daemOS',
  role: 'supervises each world\'s daemons: restart strategies and types, restart intensity, CrashLoopBackOff, escalation to a world reboot',
  reference: 'Erlang/OTP supervisors (one_for_one, one_for_all, rest_for_one; permanent/transient/temporary; intensity/period); Kubernetes CrashLoopBackOff (10 s doubling to 5 min, reset after 10 min)',
  settings: DaemosSettings,
  requires: ['atmOS'],
  interventions: DAEMOS_INTERVENTIONS,
  metrics: {
    daemonsRunning: { unit: 'daemons', per: 'world', description: 'daemons running on each world' },
    restarts: { unit: 'restarts', per: 'world', description: 'restarts by each world\'s supervisors so far' },
    escalations: { unit: 'escalations', per: 'cluster', description: 'supervisors that gave up so far' },
  },
} as const
