/** thanatOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleOutcomeMsg, LifecycleRequestMsg } from '../atmOS/messages'
import { LeaderMsg, LeadershipTransferMsg, MembershipChangeMsg, MembershipMsg } from '../mythOS/messages'
import { HandoffStatusMsg } from '../theOS/messages'
import { DecommissionIntervention, JoinIntervention, ThanatosSettings } from './settings'

export const THANATOS_CONSUMES = {
  world_status: WorldStatusMsg,
  lifecycle_outcome: LifecycleOutcomeMsg,
  leader: LeaderMsg,
  membership: MembershipMsg,
  // theOS, while it runs: the workloads still on a draining world.
  handoff_status: HandoffStatusMsg,
}
export const THANATOS_INTERVENTIONS = { decommission: DecommissionIntervention, join: JoinIntervention }
export const THANATOS_SENDS = { lifecycle_request: LifecycleRequestMsg, membership_change: MembershipChangeMsg, leadership_transfer: LeadershipTransferMsg }

export type ThanatosCtx = Ctx<LayerScenario, typeof THANATOS_SENDS, typeof ThanatosSettings>
