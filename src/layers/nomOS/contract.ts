/** nomOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { METRICS_TYPE, MetricSampleMsg } from '../../kernel/metrics'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { AlertStateMsg } from '../anomOS/messages'
import { LeaderMsg, MembershipMsg } from '../mythOS/messages'
import { PartitionHealMsg, PartitionStartMsg } from '../net/messages'
import { AdmissionResponseMsg, AdmissionReviewMsg } from './messages'
import { NomosSettings, RuleIntervention } from './settings'

export const NOMOS_CONSUMES = {
  admission_review: AdmissionReviewMsg,
  world_status: WorldStatusMsg,
  leader: LeaderMsg,
  partition_start: PartitionStartMsg,
  partition_heal: PartitionHealMsg,
  [METRICS_TYPE]: MetricSampleMsg,
  alert_state: AlertStateMsg,
  membership: MembershipMsg,
}
export const NOMOS_INTERVENTIONS = { rule: RuleIntervention }
export const NOMOS_SENDS = { admission_response: AdmissionResponseMsg }

export type NomosCtx = Ctx<LayerScenario, typeof NOMOS_SENDS, typeof NomosSettings>
