/** oneirOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { OneirosSettings } from './settings'

export const oneirOSManifest = {
  name: 'oneirOS',
  role: 'snapshots for the ones who fell behind: the leader\'s state carried in chunks to a world whose entries were compacted away',
  reference: 'Raft InstallSnapshot (§7 of the paper); etcd\'s rafthttp snapshot sender',
  settings: OneirosSettings,
  requires: ['atmOS', 'mythOS'],
  interventions: {},
  metrics: {
    transfers: { unit: 'transfers', per: 'cluster', description: 'snapshot transfers in flight' },
    snapshotsSent: { unit: 'snapshots', per: 'cluster', description: 'snapshots delivered whole so far' },
    chunkBytes: { unit: 'bytes', per: 'cluster', description: 'snapshot bytes sent so far (resends included)' },
  },
} as const
