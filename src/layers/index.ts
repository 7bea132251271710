/**
 * The one list of layers (DESIGN §3.1). Everything else derives from it: the registry hosts run
 * (src/kernel/registry.ts), the scenario's layer settings and interventions (src/scenario/schema.ts),
 * the view types (LayerViews), routing by consumed type, the pantheon panel's status.
 * A layer's position is its delivery-order index and follows the pantheon's order
 * (src/layers/pantheon.ts): a new layer is inserted at its place, which keeps the relative order of
 * the others (runs without it deliver as before). Adding a layer = its folder + one line here.
 */
import { LayerRegistry } from '../kernel/registry'
import { aetherOS } from './aetherOS'
import { atmOS } from './atmOS'
import { chaOS } from './chaOS'
import { chronOS } from './chronOS'
import { etymOS } from './etymOS'
import { karmOS } from './karmOS'
import { mythOS } from './mythOS'
import { pneumOS } from './pneumOS'

export const LAYERS = [atmOS, pneumOS, aetherOS, chaOS, chronOS, mythOS, etymOS, karmOS] as const

export type BuiltLayer = (typeof LAYERS)[number]
export type BuiltLayerName = BuiltLayer['name']

/** What each built layer's view() returns, by name: the views need no casts. */
export type LayerViews = { [M in BuiltLayer as M['name']]: ReturnType<M['view']> }

export const registry = new LayerRegistry(LAYERS)

/** The two network layers: exactly one runs, the one the scenario's `network` names. */
export const NETWORK_LAYERS = ['pneumOS', 'aetherOS'] as const

/** The kernel's own layers: not modules, always there (the coordinator and its event log). */
export const KERNEL_LAYERS = ['cosmOS', 'logOS'] as const

/** Built layers of the pantheon (the UI shows the others as not yet built). */
export const BUILT_LAYERS: readonly string[] = [...KERNEL_LAYERS, ...LAYERS.map((m) => m.name)]
