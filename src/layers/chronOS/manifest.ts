/** chronOS's manifest: what the page needs of the layer (its settings, interventions, metrics, pantheon line), without its logic. */
import { ChronosSettings } from './settings'

export const chronOSManifest = {
  name: 'chronOS',
  role: 'clock synchronisation of every world to cosmic time; hybrid logical clocks for the other layers',
  reference: 'NTP (RFC 5905), hybrid logical clocks (Kulkarni et al. 2014)',
  settings: ChronosSettings,
  requires: ['atmOS'],
  interventions: {},
  metrics: {
    offsetUs: { unit: 'µs', per: 'world', description: 'offset of each world\'s clock from cosmic time (local − cosmic)' },
    rootDistanceUs: { unit: 'µs', per: 'world', description: 'root distance λ each world\'s NTP daemon computes (its error bound)' },
    hlcLogical: { unit: 'ticks', per: 'world', description: 'HLC logical counter c of chronOS\'s process on each world' },
    syncedWorlds: { unit: 'worlds', per: 'cluster', description: 'worlds synchronised (stratum 1 included)' },
  },
} as const
