/** karmOS's messages: what it consumes and sends, and its typed context. */
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import { CLOCK_SET_TYPE, ClockSetMsg } from '../../kernel/clocks'
import type { LayerScenario } from '../../scenario/base'
import { LedgerCorruptMsg } from '../chaOS/settings'
import { AppliedMsg } from '../mythOS/messages'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { DaemonStateMsg } from '../daemOS/messages'
import { KarmosSettings } from './settings'

export const KARMOS_CONSUMES = { ...NET_ANNOUNCEMENTS, world_status: WorldStatusMsg, applied: AppliedMsg, ledger_corrupt: LedgerCorruptMsg, [CLOCK_SET_TYPE]: ClockSetMsg, daemon_state: DaemonStateMsg }
export const KARMOS_SENDS = { net_stats: NetStatsMsg }

export type KarmosCtx = Ctx<LayerScenario, typeof KARMOS_SENDS, typeof KarmosSettings>
