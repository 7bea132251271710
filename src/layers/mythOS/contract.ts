/** mythOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { LifecycleRequestMsg } from '../atmOS/messages'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { AppliedMsg, CompactMsg, CompactedMsg, InstallSnapshotMsg, LeaderMsg, LeadershipTransferMsg, MembershipChangeMsg, MembershipMsg, ProposeMsg, SendSnapshotMsg, SnapshotStatusMsg, SoftwareVersionMsg, TransferLeadershipIntervention, VotersIntervention } from './messages'
import { CLOCK_SET_TYPE, ClockSetMsg } from '../../kernel/clocks'
import { MythosSettings } from './settings'

export const MYTHOS_CONSUMES = {
  ...NET_ANNOUNCEMENTS,
  world_status: WorldStatusMsg,
  propose: ProposeMsg,
  [CLOCK_SET_TYPE]: ClockSetMsg,
  // hypnOS and oneirOS, while they run:
  compact: CompactMsg,
  install_snapshot: InstallSnapshotMsg,
  snapshot_status: SnapshotStatusMsg,
  // harmoniOS's rollouts, while it runs:
  software_version: SoftwareVersionMsg,
  // thanatOS's membership changes, while it runs:
  membership_change: MembershipChangeMsg,
  leadership_transfer: LeadershipTransferMsg,
}
export const MYTHOS_INTERVENTIONS = { transfer_leadership: TransferLeadershipIntervention, voters: VotersIntervention }
export const MYTHOS_SENDS = { leader: LeaderMsg, net_stats: NetStatsMsg, lifecycle_request: LifecycleRequestMsg, applied: AppliedMsg, compacted: CompactedMsg, send_snapshot: SendSnapshotMsg, membership: MembershipMsg }

export type MythosCtx = Ctx<LayerScenario, typeof MYTHOS_SENDS, typeof MythosSettings>
