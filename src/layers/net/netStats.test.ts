import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../kernel/types'
import { ScenarioSchema } from '../../scenario/schema'
import type { LinkView } from '../views'
import { delivery, fakeContext } from './__tests__/helpers'
import { addNetStats, busiestLinks, createNetStats, networkView } from './netStats'
import { applyNetAnnouncement, createNetState, deliverable, flushNetStats, linkKey, transmit, type LinkCounters } from './transport'

/** The definition busiestLinks must match: sort every link, keep the first `max`. */
function reference(links: Record<number, LinkCounters>, worlds: number, max: number): LinkView[] {
  const all = Object.entries(links).map(([key, c]) => {
    const k = Number(key)
    return { from: Math.floor(k / worlds), to: k % worlds, sent: c[0], delivered: c[1], dropped: c[2], duplicated: c[3] }
  })
  all.sort((a, b) => b.sent - a.sent || a.from - b.from || a.to - b.to)
  return all.slice(0, max)
}

describe('busiestLinks', () => {
  it('equals sorting every link and keeping the first max, ties broken by link (property)', () => {
    const worlds = 31
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.tuple(fc.integer({ min: 0, max: worlds - 1 }), fc.integer({ min: 0, max: worlds - 1 })).map(([a, b]) => String(linkKey(worlds, a, b))),
          fc.tuple(fc.integer({ min: 0, max: 6 }), fc.nat(9), fc.nat(9), fc.nat(9)),
          { maxKeys: 200 },
        ),
        fc.integer({ min: 0, max: 70 }),
        (links, max) => {
          expect(busiestLinks(links, worlds, max)).toEqual(reference(links, worlds, max))
        },
      ),
      { numRuns: 300 },
    )
  })
})

const report = (layer: string, links: number[]): JsonObject => ({ layer, links })

describe('addNetStats', () => {
  it('aggregates flat reports per link and per reporting layer', () => {
    const stats = createNetStats()
    expect(addNetStats(stats, report('mythOS', [0, 1, 10, 8, 2, 1, 1, 0, 5, 5, 0, 0]), 3)).toBe(true)
    expect(addNetStats(stats, report('chronOS', [0, 1, 4, 3, 1, 0, 2, 1, 1, 1, 0, 0]), 3)).toBe(true)
    expect(addNetStats(stats, report('mythOS', []), 3)).toBe(true) // an empty report is well formed
    expect(stats.links[linkKey(3, 0, 1)]).toEqual([14, 11, 3, 1])
    expect(stats.links[linkKey(3, 1, 0)]).toEqual([5, 5, 0, 0])
    expect(stats.links[linkKey(3, 2, 1)]).toEqual([1, 1, 0, 0])
    expect(stats.totals).toEqual({ sent: 20, delivered: 17, dropped: 3, duplicated: 1 })
    expect(stats.byLayer).toEqual({ mythOS: { sent: 15, delivered: 13, dropped: 2, duplicated: 1 }, chronOS: { sent: 5, delivered: 4, dropped: 1, duplicated: 0 } })
    expect(stats.busiest.map((l) => [l.from, l.to, l.sent])).toEqual([[0, 1, 14], [1, 0, 5], [2, 1, 1]])
    expect(stats.rejectedReports).toBe(0)
  })

  it('rejects a malformed report whole, counting it', () => {
    const bad: JsonObject[] = [
      report('mythOS', [0, 1, 1, 1, 0]), // not a multiple of 6
      report('mythOS', [0, 1, 1, 1, 0, 0, 1]),
      report('mythOS', [0, 3, 1, 1, 0, 0]), // no world 3
      report('mythOS', [0, 1, 1, -1, 0, 0]), // negative
      report('mythOS', [0, 1, 1, 1.5, 0, 0]), // not an integer
      report('mythOS', [0, 1, 1, Number.NaN, 0, 0]),
      { layer: 'mythOS', links: { '0>1': [1, 1, 0, 0] } }, // the old keyed form
      { layer: 'mythOS', links: [0, 1, '1', 1, 0, 0] },
      { layer: 7, links: [] },
      report('__proto__', [0, 1, 1, 1, 0, 0]),
      report('', [0, 1, 1, 1, 0, 0]),
      { links: [0, 1, 1, 1, 0, 0] },
    ]
    const stats = createNetStats()
    addNetStats(stats, report('mythOS', [0, 1, 1, 1, 0, 0]), 3)
    for (const r of bad) expect(addNetStats(stats, r, 3), JSON.stringify(r)).toBe(false)
    expect(addNetStats(stats, null, 3)).toBe(false)
    expect(stats.rejectedReports).toBe(bad.length + 1)
    expect(stats.totals).toEqual({ sent: 1, delivered: 1, dropped: 0, duplicated: 0 })
    expect(Object.keys(stats.byLayer)).toEqual(['mythOS'])
    expect(Object.keys(stats.links)).toEqual([String(linkKey(3, 0, 1))])
  })

  it('round-trips what the transport counted: flushNetStats → addNetStats → the view', () => {
    const s = ScenarioSchema.parse({ seed: 3, nodes: { count: 4 }, layers: { chaOS: { entropy: 0 }, pneumOS: { lossRate: 0.2, duplicateRate: 0.1 } } })
    const users = (['mythOS', 'chronOS'] as const).map((layer) => ({ ctx: fakeContext(s, layer), net: createNetState(s) }))
    for (const { ctx, net } of users)
      for (let i = 0; i < 200; i++) {
        const from = i % 4
        const to = (from + 1 + (i % 3)) % 4
        for (const t of transmit(net, ctx, from, to, 100)) {
          ctx.now = t
          deliverable(net, ctx, from, to, 0)
        }
      }
    const counted = users.map(({ net }) => structuredClone(net.counters))
    const authority = createNetState(s)
    applyNetAnnouncement(authority, delivery('pneumOS', 'partition_start', { id: 1, kind: 'ring', order: [0, 2, 1, 3], reach: 1 }, 0))
    const stats = createNetStats()
    for (const { ctx, net } of users) {
      flushNetStats(net, ctx)
      expect(addNetStats(stats, ctx.sent[0]!.data, 4)).toBe(true)
    }
    const sum = (c: Record<number, LinkCounters>[], slot: number) => c.reduce((acc, x) => acc + Object.values(x).reduce((a, v) => a + v[slot]!, 0), 0)
    expect(stats.totals).toEqual({ sent: sum(counted, 0), delivered: sum(counted, 1), dropped: sum(counted, 2), duplicated: sum(counted, 3) })
    expect(stats.byLayer['chronOS']!.sent).toBe(200)
    expect(stats.byLayer['mythOS']!.sent).toBe(200)
    for (const key of Object.keys(stats.links).map(Number)) {
      const per = counted.map((c) => c[key] ?? [0, 0, 0, 0])
      expect(stats.links[key]).toEqual([0, 1, 2, 3].map((slot) => per[0]![slot]! + per[1]![slot]!))
    }
    const v = networkView(authority, stats)
    expect(v.byLayer).toEqual(stats.byLayer)
    expect(v.byLayer).not.toBe(stats.byLayer)
    expect(v.partitions).toEqual([{ id: 1, kind: 'ring', order: [0, 2, 1, 3], reach: 1 }])
    expect(v.links.reduce((a, l) => a + l.sent, 0)).toBe(400)
  })
})
