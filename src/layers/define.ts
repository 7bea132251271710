/** defineLayer for the pantheon: the kernel's, with the scenario as layers read it. */
import { defineLayer as kernelDefineLayer } from '../kernel/layer'
import type { LayerScenario } from '../scenario/base'

export const defineLayer = kernelDefineLayer<LayerScenario>()
