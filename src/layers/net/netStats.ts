/**
 * The bookkeeping both network layers (pneumOS, aetherOS) share: per-link counters aggregated from
 * the `net_stats` reports of every layer that uses the transport (see flushNetStats in
 * transport.ts), and the NetworkView built from them. Plain data, so it lives in layer state.
 */
import type { Delivery, Json, JsonObject, LayerContext } from '../../kernel/types'
import type { LinkView, NetworkView } from '../views'
import { applyNetAnnouncement, type LinkCounters, type NetState, type Partition } from './transport'

/** How many links the view lists (the busiest ones): enough for the UI, cheap per frame. */
export const VIEW_LINKS_MAX = 64

export interface NetTotals {
  sent: number
  delivered: number
  dropped: number
  duplicated: number
}

export interface NetStats {
  /** [sent, delivered, dropped, duplicated] per directed link "from>to", summed over all layers. */
  links: Record<string, LinkCounters>
  /** The same, summed per reporting layer (which layers load the network). */
  byLayer: Record<string, NetTotals>
  totals: NetTotals
  /** net_stats reports that were not well formed (ignored, never applied). */
  rejectedReports: number
}

export const createNetStats = (): NetStats => ({
  links: {},
  byLayer: {},
  totals: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 },
  rejectedReports: 0,
})

const LINK_KEY = /^(\d+)>(\d+)$/

function isCounters(x: unknown): x is LinkCounters {
  return Array.isArray(x) && x.length === 4 && x.every((v) => Number.isSafeInteger(v) && (v as number) >= 0)
}

/**
 * Add one `net_stats` report {layer, links}. A malformed report (bad key, counters that are not
 * four non-negative integers) is rejected whole, so the totals never hold half a report.
 */
export function addNetStats(stats: NetStats, data: JsonObject, worlds: number): boolean {
  const layer = data['layer']
  const links = data['links']
  if (typeof layer !== 'string' || links === null || typeof links !== 'object' || Array.isArray(links)) {
    stats.rejectedReports++
    return false
  }
  for (const [key, c] of Object.entries(links)) {
    const m = LINK_KEY.exec(key)
    if (!m || Number(m[1]) >= worlds || Number(m[2]) >= worlds || !isCounters(c)) {
      stats.rejectedReports++
      return false
    }
  }
  const mine = stats.byLayer[layer] ?? (stats.byLayer[layer] = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 })
  for (const [key, raw] of Object.entries(links)) {
    const c = raw as LinkCounters
    const agg = stats.links[key] ?? (stats.links[key] = [0, 0, 0, 0])
    agg[0] += c[0]
    agg[1] += c[1]
    agg[2] += c[2]
    agg[3] += c[3]
    for (const t of [stats.totals, mine]) {
      t.sent += c[0]
      t.delivered += c[1]
      t.dropped += c[2]
      t.duplicated += c[3]
    }
  }
  return true
}

/** The busiest links first (by packets sent, then by link for a stable order), capped. */
export function busiestLinks(stats: NetStats, max = VIEW_LINKS_MAX): LinkView[] {
  const all: LinkView[] = []
  for (const [key, c] of Object.entries(stats.links)) {
    const m = LINK_KEY.exec(key)!
    all.push({ from: Number(m[1]), to: Number(m[2]), sent: c[0], delivered: c[1], dropped: c[2], duplicated: c[3] })
  }
  all.sort((a, b) => b.sent - a.sent || a.from - b.from || a.to - b.to)
  return all.slice(0, max)
}

export function networkView(net: NetState, stats: NetStats): NetworkView {
  return {
    kind: net.kind,
    partitions: net.partitions.map((p) => p.groups.map((g) => g.slice())),
    totals: { ...stats.totals },
    links: busiestLinks(stats),
    chaos: { ...net.chaos },
  }
}

const groupsJson = (p: Partition): Json => p.groups.map((g) => g.slice())

/**
 * Apply one delivery to the network authority's state; log partition changes as they apply.
 * Shared by pneumOS and aetherOS, whose NetState simply never holds a partition.
 */
export function handleNetworkDelivery(s: { net: NetState; stats: NetStats; partitionsStarted: number; partitionsHealed: number }, msg: Delivery, ctx: LayerContext): void {
  switch (msg.type) {
    case 'net_stats':
      addNetStats(s.stats, msg.data, s.net.n)
      return
    case 'partition_start': {
      const before = s.net.partitions.length
      applyNetAnnouncement(s.net, msg)
      const p = s.net.partitions[s.net.partitions.length - 1]
      if (s.net.partitions.length > before && p) {
        s.partitionsStarted++
        ctx.emit('partition_started', null, { id: p.id, groups: groupsJson(p) })
      }
      return
    }
    case 'partition_heal': {
      const id = msg.data['id'] as number | null | undefined
      const healed = s.net.partitions.filter((p) => id == null || p.id === id)
      applyNetAnnouncement(s.net, msg)
      for (const p of healed) {
        s.partitionsHealed++
        ctx.emit('partition_healed', null, { id: p.id, groups: groupsJson(p) })
      }
      return
    }
    default:
      applyNetAnnouncement(s.net, msg) // net_params, node_crash, node_restart; anything else is not ours
  }
}
