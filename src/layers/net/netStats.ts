/**
 * The bookkeeping both network layers (pneumOS, aetherOS) share: per-link counters aggregated from
 * the `net_stats` reports of every layer that uses the transport (see flushNetStats in
 * transport.ts), partition counts, and the NetworkView built from them. Plain data, so it lives in
 * layer state. The layers themselves are built by networkLayer (networkLayer.ts).
 */
import type { LinkView, NetTotalsView, NetworkView } from '../views'
import { copyPartition } from './partition'
import { linkKey, NET_STATS_STRIDE, type LinkCounters, type NetState } from './transport'

/** How many links the view lists (the busiest ones): enough for the UI, cheap per frame. */
export const VIEW_LINKS_MAX = 64

export type NetTotals = NetTotalsView

export interface NetStats {
  /** [sent, delivered, dropped, duplicated] per directed link, keyed by linkKey(n, from, to), summed over all layers. */
  links: Record<number, LinkCounters>
  totals: NetTotals
  /** The same totals per reporting layer (the layer named in each net_stats report). */
  byLayer: Record<string, NetTotals>
  /**
   * The VIEW_LINKS_MAX busiest links, busiest first: recomputed once per applied report (about once
   * a second per reporting layer) so that view(), asked for at frame rate, only copies it.
   */
  busiest: LinkView[]
  /** net_stats reports that were not well formed (ignored, never applied). */
  rejectedReports: number
  /** Partitions that took effect / healed since the big bang (always 0 on aetherOS). */
  partitionsStarted: number
  partitionsHealed: number
  /** Partition announcements that reached the ideal network (chaOS should never send them). */
  partitionAnnouncementsIgnored: number
  /** Network announcements that were malformed (applyNetAnnouncement: 'rejected'), never applied. */
  announcementsRejected: number
}

const zeroTotals = (): NetTotals => ({ sent: 0, delivered: 0, dropped: 0, duplicated: 0 })

export const createNetStats = (): NetStats => ({
  links: {},
  totals: zeroTotals(),
  byLayer: {},
  busiest: [],
  rejectedReports: 0,
  partitionsStarted: 0,
  partitionsHealed: 0,
  partitionAnnouncementsIgnored: 0,
  announcementsRejected: 0,
})

/** A layer name as a report may carry it (also keeps keys such as "__proto__" out of byLayer). */
const LAYER_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}$/

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

/**
 * Whether `links` is a well-formed flat report for `worlds` worlds: NET_STATS_STRIDE non-negative
 * integers per link, [from, to, sent, delivered, dropped, duplicated], both ends existing worlds.
 */
function isFlatLinks(links: unknown, worlds: number): links is number[] {
  if (!Array.isArray(links) || links.length % NET_STATS_STRIDE !== 0) return false
  for (let i = 0; i < links.length; i += NET_STATS_STRIDE) {
    for (let k = 0; k < NET_STATS_STRIDE; k++) if (!isCount(links[i + k])) return false
    if ((links[i] as number) >= worlds || (links[i + 1] as number) >= worlds) return false
  }
  return true
}

/**
 * Add one `net_stats` report {layer, links: [from, to, sent, delivered, dropped, duplicated, …]}
 * (see flushNetStats) to the per-link counters, the totals and the totals of its layer. A
 * malformed report (a layer that is not a name, a flat array whose length is not a multiple of
 * NET_STATS_STRIDE, a value that is not a non-negative integer, a world that does not exist) is
 * rejected whole, so the totals never hold half a report.
 */
export function addNetStats(stats: NetStats, data: unknown, worlds: number): boolean {
  const d = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { readonly [key: string]: unknown }) : {}
  const layer = d['layer']
  const links = d['links']
  if (typeof layer !== 'string' || !LAYER_NAME.test(layer) || !isFlatLinks(links, worlds)) {
    stats.rejectedReports++
    return false
  }
  const t = stats.totals
  const l = stats.byLayer[layer] ?? (stats.byLayer[layer] = zeroTotals())
  for (let i = 0; i < links.length; i += NET_STATS_STRIDE) {
    const key = linkKey(worlds, links[i]!, links[i + 1]!)
    const sent = links[i + 2]!, delivered = links[i + 3]!, dropped = links[i + 4]!, duplicated = links[i + 5]!
    const agg = stats.links[key] ?? (stats.links[key] = [0, 0, 0, 0])
    agg[0] += sent
    agg[1] += delivered
    agg[2] += dropped
    agg[3] += duplicated
    t.sent += sent
    t.delivered += delivered
    t.dropped += dropped
    t.duplicated += duplicated
    l.sent += sent
    l.delivered += delivered
    l.dropped += dropped
    l.duplicated += duplicated
  }
  stats.busiest = busiestLinks(stats.links, worlds)
  return true
}

/** Busiest first: by packets sent, then by link (a total order, so the top is well defined). */
const busier = (a: LinkView, b: LinkView): number => b.sent - a.sent || a.from - b.from || a.to - b.to

/**
 * The `max` busiest links among `worlds` worlds, in `busier` order: the same as sorting every link
 * and keeping the first `max`, without sorting every link. A link enters the kept list only if it
 * beats the last one kept; keys are linkKey(worlds, from, to).
 */
export function busiestLinks(links: Readonly<Record<number, LinkCounters>>, worlds: number, max = VIEW_LINKS_MAX): LinkView[] {
  const top: LinkView[] = []
  if (max <= 0) return top
  for (const k in links) {
    const key = Number(k)
    const c = links[key]!
    const last = top.length === max ? top[max - 1]! : undefined
    if (last && c[0] < last.sent) continue
    const v: LinkView = { from: Math.floor(key / worlds), to: key % worlds, sent: c[0], delivered: c[1], dropped: c[2], duplicated: c[3] }
    if (last && busier(v, last) >= 0) continue
    let i = last ? max - 1 : top.length
    while (i > 0 && busier(v, top[i - 1]!) < 0) i--
    if (last) top.pop()
    top.splice(i, 0, v)
  }
  return top
}

export function networkView(net: NetState, stats: NetStats): NetworkView {
  const byLayer: Record<string, NetTotals> = {}
  for (const layer in stats.byLayer) byLayer[layer] = { ...stats.byLayer[layer]! }
  return {
    kind: net.kind,
    partitions: net.partitions.map(copyPartition),
    totals: { ...stats.totals },
    byLayer,
    links: stats.busiest.map((l) => ({ ...l })),
    chaos: { ...net.chaos },
  }
}
