/** mythOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { MYTHOS_INTERVENTIONS } from './contract'
import { MythosSettings } from './settings'

export const mythOSManifest = {
  name: 'mythOS',
  role: 'narrative consensus: the replicated log is the agreed story',
  reference: 'Raft (Ongaro & Ousterhout), etcd/raft',
  settings: MythosSettings,
  requires: ['atmOS'],
  interventions: MYTHOS_INTERVENTIONS,
  metrics: {
    term: { unit: 'term', per: 'world', description: 'current term of each node' },
    commitIndex: { unit: 'entries', per: 'world', description: 'highest index each node knows committed' },
    lastIndex: { unit: 'entries', per: 'world', description: 'length of each node\'s log' },
    leaders: { unit: 'leaders', per: 'cluster', description: 'leaders elected so far' },
    rpcsLost: { unit: 'rpcs', per: 'cluster', description: 'Raft RPCs lost in the network so far' },
  },
} as const
