/** harmoniOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { METRICS_TYPE, MetricSampleMsg } from '../../kernel/metrics'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { AlertStateMsg } from '../anomOS/messages'
import { LeaderMsg, SoftwareVersionMsg } from '../mythOS/messages'
import { HarmoniosSettings, ReleaseIntervention } from './settings'

export const HARMONIOS_CONSUMES = { [METRICS_TYPE]: MetricSampleMsg, world_status: WorldStatusMsg, leader: LeaderMsg, alert_state: AlertStateMsg }
export const HARMONIOS_INTERVENTIONS = { release: ReleaseIntervention }
export const HARMONIOS_SENDS = { software_version: SoftwareVersionMsg }

export type HarmoniosCtx = Ctx<LayerScenario, typeof HARMONIOS_SENDS, typeof HarmoniosSettings>
