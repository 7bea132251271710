/** karmOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { KarmosSettings } from './settings'

export const karmOSManifest = {
  name: 'karmOS',
  role: 'causality: vector clocks, hash-chained ledgers, Merkle anti-entropy repair',
  reference: 'Fidge/Mattern vector clocks; hash chains; RFC 6962 Merkle trees; Dynamo/Cassandra anti-entropy repair',
  settings: KarmosSettings,
  requires: ['atmOS', 'mythOS'],
  interventions: {},
  metrics: {
    ledgerLength: { unit: 'entries', per: 'world', description: 'contiguous length of each world\'s ledger' },
    repairRounds: { unit: 'rounds', per: 'cluster', description: 'anti-entropy rounds started so far' },
    bytesExchanged: { unit: 'bytes', per: 'cluster', description: 'anti-entropy bytes sent so far' },
    repairs: { unit: 'entries', per: 'cluster', description: 'ledger entries repaired so far' },
    corruptedEntries: { unit: 'entries', per: 'cluster', description: 'ledger entries corrupted and not yet repaired' },
  },
} as const
