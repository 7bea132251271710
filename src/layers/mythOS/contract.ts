/** mythOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleRequestMsg } from '../atmOS/messages'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { LeaderMsg, ProposeMsg, TransferLeadershipIntervention } from './messages'
import { MythosSettings } from './settings'

export const MYTHOS_CONSUMES = { ...NET_ANNOUNCEMENTS, world_status: WorldStatusMsg, propose: ProposeMsg }
export const MYTHOS_INTERVENTIONS = { transfer_leadership: TransferLeadershipIntervention }
export const MYTHOS_SENDS = { leader: LeaderMsg, net_stats: NetStatsMsg, lifecycle_request: LifecycleRequestMsg }

export type MythosCtx = Ctx<LayerScenario, typeof MYTHOS_SENDS, typeof MythosSettings>
