/** anomOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { METRICS_TYPE, MetricSampleMsg } from '../../kernel/metrics'
import type { LayerScenario } from '../../scenario/base'
import { AlertStateMsg } from './messages'
import { AlertIntervention, AnomosSettings } from './settings'

export const ANOMOS_CONSUMES = { [METRICS_TYPE]: MetricSampleMsg }
export const ANOMOS_INTERVENTIONS = { alert: AlertIntervention }
export const ANOMOS_SENDS = { alert_state: AlertStateMsg }

export type AnomosCtx = Ctx<LayerScenario, typeof ANOMOS_SENDS, typeof AnomosSettings>
