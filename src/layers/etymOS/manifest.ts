/** etymOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { EtymosSettings } from './settings'

export const etymOSManifest = {
  name: 'etymOS',
  role: 'schema registry: versioned schemas of every message, validation at every boundary',
  reference: 'Confluent Schema Registry (BACKWARD default; FORWARD, FULL, *_TRANSITIVE, NONE; immutable ids)',
  settings: EtymosSettings,
  requires: ['atmOS'],
  interventions: {},
  metrics: {
    rejections: { unit: 'messages', per: 'cluster', description: 'messages rejected at a boundary (failed their schema) in the last metrics interval' },
    rejectionsTotal: { unit: 'messages', per: 'cluster', description: 'messages rejected at a boundary since the big bang' },
  },
} as const
