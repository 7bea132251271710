/**
 * The one list of layers (DESIGN §3.1). Everything else derives from it: the registry hosts run
 * (src/kernel/registry.ts), the scenario's layer settings and interventions (src/scenario/schema.ts),
 * the view types (LayerViews), routing by consumed type, the pantheon panel's status.
 * A layer's position is its delivery-order index and follows the pantheon's order
 * (src/layers/pantheon.ts): a new layer is inserted at its place, which keeps the relative order of
 * the others (runs without it deliver as before). Adding a layer = its folder (index.ts and
 * manifest.ts) + one line here + one line in manifests.ts (the page's list, without the logic).
 */
import { LayerRegistry } from '../kernel/registry'
import { aetherOS } from './aetherOS'
import { atmOS } from './atmOS'
import { chaOS } from './chaOS'
import { chronOS } from './chronOS'
import { etymOS } from './etymOS'
import { karmOS } from './karmOS'
import { theOS } from './theOS'
import { daemOS } from './daemOS'
import { mythOS } from './mythOS'
import { pneumOS } from './pneumOS'
import { hypnOS } from './hypnOS'
import { oneirOS } from './oneirOS'
import { thanatOS } from './thanatOS'
import { nomOS } from './nomOS'
import { pandemoniOS } from './pandemoniOS'
import { harmoniOS } from './harmoniOS'
import { anomOS } from './anomOS'

export const LAYERS = [atmOS, pneumOS, aetherOS, chaOS, chronOS, mythOS, etymOS, karmOS, theOS, daemOS, hypnOS, oneirOS, thanatOS, nomOS, pandemoniOS, harmoniOS, anomOS] as const

export type BuiltLayer = (typeof LAYERS)[number]
export type BuiltLayerName = BuiltLayer['name']

/** What each built layer's view() returns, by name: the views need no casts. */
export type LayerViews = { [M in BuiltLayer as M['name']]: ReturnType<M['view']> }

export const registry = new LayerRegistry(LAYERS)

export { BUILT_LAYERS, KERNEL_LAYERS, MANIFESTS, NETWORK_LAYERS } from './manifests'
