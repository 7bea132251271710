/**
 * The built layers' manifests, in LAYERS' order (src/layers/index.ts): what the page needs of each
 * layer — its settings and interventions (the scenario schema), its metrics (the metrics panel),
 * its pantheon line — without its logic, which runs in the workers. The page imports this list,
 * not LAYERS, so the layers' mechanisms stay out of its first load. index.test.ts checks the two
 * lists agree.
 */
import { aetherOSManifest } from './aetherOS/manifest'
import { atmOSManifest } from './atmOS/manifest'
import { chaOSManifest } from './chaOS/manifest'
import { chronOSManifest } from './chronOS/manifest'
import { etymOSManifest } from './etymOS/manifest'
import { karmOSManifest } from './karmOS/manifest'
import { theOSManifest } from './theOS/manifest'
import { daemOSManifest } from './daemOS/manifest'
import { mythOSManifest } from './mythOS/manifest'
import { pneumOSManifest } from './pneumOS/manifest'
import { hypnOSManifest } from './hypnOS/manifest'
import { oneirOSManifest } from './oneirOS/manifest'
import { thanatOSManifest } from './thanatOS/manifest'
import { nomOSManifest } from './nomOS/manifest'
import { pandemoniOSManifest } from './pandemoniOS/manifest'
import { harmoniOSManifest } from './harmoniOS/manifest'
import { anomOSManifest } from './anomOS/manifest'

export const MANIFESTS = [atmOSManifest, pneumOSManifest, aetherOSManifest, chaOSManifest, chronOSManifest, mythOSManifest, etymOSManifest, karmOSManifest, theOSManifest, daemOSManifest, hypnOSManifest, oneirOSManifest, thanatOSManifest, nomOSManifest, pandemoniOSManifest, harmoniOSManifest, anomOSManifest] as const

/** The two network layers: exactly one runs, the one the scenario's `network` names. */
export const NETWORK_LAYERS = ['pneumOS', 'aetherOS'] as const

/** The kernel's own layers: not modules, always there (the coordinator and its event log). */
export const KERNEL_LAYERS = ['cosmOS', 'logOS'] as const

/** Built layers of the pantheon (the UI shows the others as not yet built). */
export const BUILT_LAYERS: readonly string[] = [...KERNEL_LAYERS, ...MANIFESTS.map((m) => m.name)]
