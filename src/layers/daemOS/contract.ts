/** daemOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleOutcomeMsg, LifecycleRequestMsg } from '../atmOS/messages'
import { DaemonCrashMsg, DaemonStateMsg } from './messages'
import { DaemonFaultIntervention, DaemosSettings } from './settings'

export const DAEMOS_CONSUMES = { world_status: WorldStatusMsg, daemon_crash: DaemonCrashMsg, lifecycle_outcome: LifecycleOutcomeMsg }
export const DAEMOS_SENDS = { daemon_state: DaemonStateMsg, lifecycle_request: LifecycleRequestMsg }
export const DAEMOS_INTERVENTIONS = { daemon_fault: DaemonFaultIntervention }

export type DaemosCtx = Ctx<LayerScenario, typeof DAEMOS_SENDS, typeof DaemosSettings>
