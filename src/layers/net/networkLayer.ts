/**
 * The network authority of a run: pneumOS or aetherOS, whichever the scenario names. Both keep
 * the authoritative NetState (applying every announcement at the instant all layers apply it),
 * log partitions as they start and heal, and aggregate the layers' `net_stats` reports. They differ
 * only in their model (transport.ts, by NetState.kind) and in their end-of-run summary.
 */
import type { Delivery, Json, LayerContext } from '../../kernel/types'
import type { z } from 'zod'
import type { MessageSchemas } from '../../kernel/layer'
import { defineLayer } from '../define'
import type { NetworkView } from '../views'
import { CHAOS_NET_ANNOUNCEMENTS, NetStatsMsg } from './messages'
import { addNetStats, createNetStats, networkView, type NetStats } from './netStats'
import { applyNetAnnouncement, createNetState, partitionData, type NetState } from './transport'
import { NETWORK_EVENTS } from './events'
import { NETWORK_METRICS } from './metrics'
import { announcePacketFault, PacketFaultMsg, type MessageDelay, type MessageDrop, type PacketFault } from './packetFaults'
import type { LayerScenario } from '../../scenario/base'

export interface NetworkLayerState {
  net: NetState
  stats: NetStats
}

/** Apply one delivery to the network authority's state; log partition changes as they apply. */
function handleNetworkDelivery(s: NetworkLayerState, msg: Delivery, ctx: LayerContext<LayerScenario, { packet_fault: PacketFault }>): void {
  if (msg.type === 'net_stats') {
    addNetStats(s.stats, msg.data, s.net.n)
    return
  }
  if (msg.type === 'message_drop' || msg.type === 'message_delay') {
    // The user's drop or delay of one message: pass it on to the layer that carries it.
    const fault = announcePacketFault(msg.data as unknown as MessageDrop | MessageDelay, ctx, ctx.scenario.run, s.net.n)
    if (fault) ctx.send('packet_fault', fault)
    return
  }
  const change = applyNetAnnouncement(s.net, msg)
  if (change === 'ignored') {
    s.stats.partitionAnnouncementsIgnored++
    return
  }
  if (change === 'rejected') {
    s.stats.announcementsRejected++
    ctx.emit('announcement_rejected', null, { type: msg.type })
    return
  }
  // 'applied' (net_params) has nothing to log; false: not ours.
  if (typeof change !== 'object') return
  if (change.kind === 'started') {
    s.stats.partitionsStarted++
    ctx.emit('partition_started', null, partitionData(change.partition))
    return
  }
  for (const p of change.partitions) {
    s.stats.partitionsHealed++
    ctx.emit('partition_healed', null, partitionData(p))
  }
}

/**
 * Not `packet_fault`: the network layer is its only sender, a layer never receives its own sends
 * (the coordinator routes to the other consumers), and one network runs (scenario.network).
 */
const NETWORK_CONSUMES = { ...CHAOS_NET_ANNOUNCEMENTS, net_stats: NetStatsMsg }

/**
 * The network layer `kind`. `init` may add layer-specific fields to the shared state; `summary`
 * is the layer's end-of-run summary.
 */
export function networkLayer<const N extends NetState['kind'], Settings extends z.ZodType, S extends NetworkLayerState, I extends MessageSchemas>(spec: {
  name: N
  role: string
  reference: string
  settings: Settings
  /** What the user may address to this network (pneumOS: drop or delay one message). */
  interventions: I
  init: (base: NetworkLayerState, settings: z.infer<Settings>) => S
  summary: (s: S) => Record<string, Json>
}) {
  return defineLayer({
    name: spec.name,
    role: spec.role,
    reference: spec.reference,
    settings: spec.settings,
    consumes: NETWORK_CONSUMES,
    events: NETWORK_EVENTS,
    sends: { packet_fault: PacketFaultMsg },
    interventions: spec.interventions,
    init(ctx): S {
      return spec.init({ net: createNetState({ ...ctx.scenario, network: spec.name }), stats: createNetStats() }, ctx.settings)
    },
    onMessage(s, msg, ctx) {
      handleNetworkDelivery(s, msg, ctx)
    },
    onTimer() {
      // no timers: every change to the network arrives as an announcement.
    },
    metrics: NETWORK_METRICS,
    sample: (s: S) => ({ sent: s.stats.totals.sent, dropped: s.stats.totals.dropped, activePartitions: s.net.partitions.length }),
    view(s): NetworkView {
      return networkView(s.net, s.stats)
    },
    summary: spec.summary,
  })
}
