/**
 * The network authority of a run: pneumOS or aetherOS, whichever the scenario names. Both keep
 * the authoritative NetState (applying every announcement at the instant all layers apply it),
 * log partitions as they start and heal, and aggregate the layers' `net_stats` reports. They differ
 * only in their model (transport.ts, by NetState.kind) and in their end-of-run summary.
 */
import type { Delivery, Json, JsonObject, LayerContext, LayerDef } from '../../kernel/types'
import { addNetStats, createNetStats, networkView, type NetStats } from './netStats'
import { applyNetAnnouncement, createNetState, type NetState, type Partition } from './transport'

export interface NetworkLayerState {
  net: NetState
  stats: NetStats
}

const groupsJson = (p: Partition): Json => p.groups.map((g) => g.slice())

/** Apply one delivery to the network authority's state; log partition changes as they apply. */
function handleNetworkDelivery(s: NetworkLayerState, msg: Delivery, ctx: LayerContext): void {
  if (msg.type === 'net_stats') {
    addNetStats(s.stats, msg.data, s.net.n)
    return
  }
  const change = applyNetAnnouncement(s.net, msg)
  if (change === 'ignored') {
    s.stats.partitionAnnouncementsIgnored++
    return
  }
  // 'applied' (net_params, node_crash, node_restart) has nothing to log; false: not ours.
  if (typeof change !== 'object') return
  if (change.kind === 'started') {
    s.stats.partitionsStarted++
    ctx.emit('partition_started', null, { id: change.partition.id, groups: groupsJson(change.partition) })
    return
  }
  for (const p of change.partitions) {
    s.stats.partitionsHealed++
    ctx.emit('partition_healed', null, { id: p.id, groups: groupsJson(p) })
  }
}

/**
 * The network layer `kind`. `init` may add layer-specific fields to the shared state; `summary`
 * is the layer's end-of-run summary.
 */
export function networkLayer<S extends NetworkLayerState>(
  kind: NetState['kind'],
  init: (base: NetworkLayerState, ctx: LayerContext) => S,
  summary: (s: S) => JsonObject,
): LayerDef<S> {
  return {
    name: kind,
    init(ctx) {
      return init({ net: createNetState({ ...ctx.scenario, network: kind }), stats: createNetStats() }, ctx)
    },
    onMessage(s, msg, ctx) {
      handleNetworkDelivery(s, msg, ctx)
    },
    onTimer() {
      // no timers: every change to the network arrives as an announcement.
    },
    view(s): JsonObject {
      return networkView(s.net, s.stats) as unknown as JsonObject
    },
    summary,
  }
}
