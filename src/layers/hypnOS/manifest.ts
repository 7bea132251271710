/** hypnOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { HypnosSettings } from './settings'

export const hypnOSManifest = {
  name: 'hypnOS',
  role: 'background jobs in each world\'s quiet windows: snapshots and Raft log compaction',
  reference: 'etcd --snapshot-count and SnapshotCatchUpEntries; RocksDB\'s deferred background compaction',
  settings: HypnosSettings,
  requires: ['atmOS', 'mythOS', 'oneirOS'],
  interventions: {},
  metrics: {
    load: { unit: 'msg/s', per: 'world', description: 'Raft messages delivered to each world per second (what gates its jobs)' },
    compactions: { unit: 'jobs', per: 'cluster', description: 'compactions completed so far' },
    deferrals: { unit: 'checks', per: 'cluster', description: 'times a due job waited for a quieter moment' },
  },
} as const
