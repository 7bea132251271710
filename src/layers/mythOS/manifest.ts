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
    lastIndex: { unit: 'entries', per: 'world', description: 'last index of each node\'s log' },
    appliedIndex: { unit: 'entries', per: 'world', description: 'highest index each node applied' },
    appliedChain: { unit: 'hash', per: 'world', description: 'the first 48 bits of the hash chain of what each node applied (equal at equal appliedIndex ⇔ the same story)' },
    snapshotIndex: { unit: 'entries', per: 'world', description: 'index of each node\'s last durable snapshot' },
    logEntries: { unit: 'entries', per: 'world', description: 'entries each node holds in its log (after compaction)' },
    received: { unit: 'messages', per: 'world', description: 'Raft messages delivered to each node so far (its load, as a rate)' },
    leaders: { unit: 'leaders', per: 'cluster', description: 'leaders elected so far' },
    rpcsLost: { unit: 'rpcs', per: 'cluster', description: 'Raft RPCs lost in the network so far' },
    commitWaitUs: { unit: 'µs', per: 'cluster', description: 'sum of append → commit times at the leader of the entries proposed to it, so far (over commitsTimed: the commit latency)' },
    commitsTimed: { unit: 'entries', per: 'cluster', description: 'entries whose append → commit time was measured at their leader, so far' },
  },
} as const
