/** The built layers of the pantheon, by name: what a host can run. */
import type { LayerRegistry } from '../kernel/host'
import type { LayerDef } from '../kernel/types'
import { aetherOS } from './aetherOS'
import { atmOS } from './atmOS'
import { chaOS } from './chaOS'
import { mythOS } from './mythOS'
import { pneumOS } from './pneumOS'

export const registry: LayerRegistry = {
  atmOS: atmOS as LayerDef<never>,
  pneumOS: pneumOS as LayerDef<never>,
  aetherOS: aetherOS as LayerDef<never>,
  chaOS: chaOS as LayerDef<never>,
  mythOS: mythOS as LayerDef<never>,
}

/** Layers of the pantheon that are built (the UI shows the others as not yet built). */
export const BUILT_LAYERS = [...Object.keys(registry), 'cosmOS', 'logOS'] as readonly string[]
