/** chaOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleRequestMsg } from '../atmOS/messages'
import { LeaderMsg } from '../mythOS/messages'
import { NetParamsMsg, PartitionHealMsg, PartitionStartMsg } from '../net/messages'
import { ChaosSettings, ClockDriftMsg, ClockJumpMsg, FaultIntervention, LedgerCorruptMsg, SliderIntervention } from './settings'

export const CHAOS_CONSUMES = { leader: LeaderMsg, world_status: WorldStatusMsg }
export const CHAOS_INTERVENTIONS = { slider: SliderIntervention, fault: FaultIntervention }
export const CHAOS_SENDS = { lifecycle_request: LifecycleRequestMsg, net_params: NetParamsMsg, partition_start: PartitionStartMsg, partition_heal: PartitionHealMsg, clock_jump: ClockJumpMsg, clock_drift: ClockDriftMsg, ledger_corrupt: LedgerCorruptMsg }

export type ChaosCtx = Ctx<LayerScenario, typeof CHAOS_SENDS, typeof ChaosSettings>
