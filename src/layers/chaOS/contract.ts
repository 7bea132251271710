/** chaOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleOutcomeMsg, LifecycleRequestMsg } from '../atmOS/messages'
import { AdmissionResponseMsg, AdmissionReviewMsg } from '../nomOS/messages'
import { LeaderMsg } from '../mythOS/messages'
import { DaemonCrashMsg } from '../daemOS/messages'
import { NetParamsMsg, PartitionHealMsg, PartitionStartMsg } from '../net/messages'
import { ChaosSettings, ClockDriftMsg, ClockJumpMsg, FaultIntervention, LedgerCorruptMsg, SliderIntervention } from './settings'

export const CHAOS_CONSUMES = { leader: LeaderMsg, world_status: WorldStatusMsg, lifecycle_outcome: LifecycleOutcomeMsg, admission_response: AdmissionResponseMsg }
export const CHAOS_INTERVENTIONS = { slider: SliderIntervention, fault: FaultIntervention }
export const CHAOS_SENDS = { lifecycle_request: LifecycleRequestMsg, net_params: NetParamsMsg, partition_start: PartitionStartMsg, partition_heal: PartitionHealMsg, clock_jump: ClockJumpMsg, clock_drift: ClockDriftMsg, ledger_corrupt: LedgerCorruptMsg, admission_review: AdmissionReviewMsg, daemon_crash: DaemonCrashMsg }

export type ChaosCtx = Ctx<LayerScenario, typeof CHAOS_SENDS, typeof ChaosSettings>
