/** theOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { WorldCapacityMsg } from '../atmOS/messages'
import { ConvictionMsg } from '../pandemoniOS/messages'
import { HandoffStatusMsg } from './messages'
import { THEOS_INTERVENTIONS, TheosSettings } from './settings'

export const THEOS_CONSUMES = { world_status: WorldStatusMsg, world_capacity: WorldCapacityMsg, conviction: ConvictionMsg }
export const THEOS_SENDS = { handoff_status: HandoffStatusMsg }
export { THEOS_INTERVENTIONS }

export type TheosCtx = Ctx<LayerScenario, typeof THEOS_SENDS, typeof TheosSettings>
