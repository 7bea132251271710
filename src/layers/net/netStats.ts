/**
 * The bookkeeping both network layers (pneumOS, aetherOS) share: per-link counters aggregated from
 * the `net_stats` reports of every layer that uses the transport (see flushNetStats in
 * transport.ts), partition counts, and the NetworkView built from them. Plain data, so it lives in
 * layer state. The layers themselves are built by networkLayer (networkLayer.ts).
 */
import type { JsonObject } from '../../kernel/types'
import type { LinkView, NetworkView } from '../views'
import type { LinkCounters, NetState } from './transport'

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
  totals: NetTotals
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
}

export const createNetStats = (): NetStats => ({
  links: {},
  totals: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 },
  busiest: [],
  rejectedReports: 0,
  partitionsStarted: 0,
  partitionsHealed: 0,
  partitionAnnouncementsIgnored: 0,
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
  const t = stats.totals
  for (const [key, raw] of Object.entries(links)) {
    const c = raw as LinkCounters
    const agg = stats.links[key] ?? (stats.links[key] = [0, 0, 0, 0])
    agg[0] += c[0]
    agg[1] += c[1]
    agg[2] += c[2]
    agg[3] += c[3]
    t.sent += c[0]
    t.delivered += c[1]
    t.dropped += c[2]
    t.duplicated += c[3]
  }
  stats.busiest = busiestLinks(stats.links)
  return true
}

/** Busiest first: by packets sent, then by link (a total order, so the top is well defined). */
const busier = (a: LinkView, b: LinkView): number => b.sent - a.sent || a.from - b.from || a.to - b.to

/**
 * The `max` busiest links, in `busier` order: the same as sorting every link and keeping the
 * first `max`, without sorting (or even parsing the key of) every link. A link enters the kept
 * list only if it beats the last one kept; keys are "from>to" (checked in addNetStats).
 */
export function busiestLinks(links: Readonly<Record<string, LinkCounters>>, max = VIEW_LINKS_MAX): LinkView[] {
  const top: LinkView[] = []
  if (max <= 0) return top
  for (const key in links) {
    const c = links[key]!
    const last = top.length === max ? top[max - 1]! : undefined
    if (last && c[0] < last.sent) continue
    const gt = key.indexOf('>')
    const v: LinkView = { from: Number(key.slice(0, gt)), to: Number(key.slice(gt + 1)), sent: c[0], delivered: c[1], dropped: c[2], duplicated: c[3] }
    if (last && busier(v, last) >= 0) continue
    let i = last ? max - 1 : top.length
    while (i > 0 && busier(v, top[i - 1]!) < 0) i--
    if (last) top.pop()
    top.splice(i, 0, v)
  }
  return top
}

export function networkView(net: NetState, stats: NetStats): NetworkView {
  return {
    kind: net.kind,
    partitions: net.partitions.map((p) => p.groups.map((g) => g.slice())),
    totals: { ...stats.totals },
    links: stats.busiest.map((l) => ({ ...l })),
    chaos: { ...net.chaos },
  }
}
