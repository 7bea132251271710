/** hypnOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { METRICS_TYPE, MetricSampleMsg } from '../../kernel/metrics'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { CompactMsg, CompactedMsg } from '../mythOS/messages'
import { HypnosSettings } from './settings'

export const HYPNOS_CONSUMES = { world_status: WorldStatusMsg, [METRICS_TYPE]: MetricSampleMsg, compacted: CompactedMsg }
export const HYPNOS_SENDS = { compact: CompactMsg }

export type HypnosCtx = Ctx<LayerScenario, typeof HYPNOS_SENDS, typeof HypnosSettings>
