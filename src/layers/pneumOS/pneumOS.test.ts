import { describe, expect, it } from 'vitest'
import { LayerRuntime } from '../../kernel/runtime'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { delivery } from '../net/__tests__/helpers'
import { VIEW_LINKS_MAX } from '../net/netStats'
import { linkKey } from '../net/transport'
import type { NetworkView } from '../views'
import { pneumOS } from './index'

const scenario = (over: ScenarioInput = {}): Scenario => ScenarioSchema.parse({ seed: 9, ...over })
/** A net_stats report from `layer`: [from, to, sent, delivered, dropped, duplicated] per link. */
const stats = (layer: string, links: number[][], atUs: number) =>
  delivery('pneumOS', 'net_stats', { layer, links: links.flat() }, atUs, 'mythOS')

describe('pneumOS, the network authority', () => {
  it('logs partition_started / partition_healed at the exact instant the announcement applies', () => {
    const rt = LayerRuntime.create(pneumOS, scenario())
    const r = rt.runWindow(0, 10_000_000, [
      delivery('pneumOS', 'partition_start', { id: 1, groups: [[0], [1, 2, 3, 4]] }, 1_234_567),
      delivery('pneumOS', 'partition_start', { id: 2, groups: [[3, 4], [0, 1, 2]] }, 2_000_000),
      delivery('pneumOS', 'partition_heal', { id: 1 }, 3_000_001),
      delivery('pneumOS', 'partition_heal', { id: 7 }, 3_500_000), // unknown: nothing to log
      delivery('pneumOS', 'partition_heal', { id: null }, 4_000_000),
    ])
    expect(r.events.map((e) => [e.t, e.type, e.data])).toEqual([
      [1_234_567, 'partition_started', { id: 1, kind: 'groups', groups: [[0], [1, 2, 3, 4]] }],
      [2_000_000, 'partition_started', { id: 2, kind: 'groups', groups: [[3, 4], [0, 1, 2]] }],
      [3_000_001, 'partition_healed', { id: 1, kind: 'groups', groups: [[0], [1, 2, 3, 4]] }],
      [4_000_000, 'partition_healed', { id: 2, kind: 'groups', groups: [[3, 4], [0, 1, 2]] }],
    ])
    expect(rt.summary()).toMatchObject({ partitions: 2, partitionsHealed: 2, activePartitions: 0 })
  })

  it('logs a majorities-ring with its order and reach; counts malformed announcements and applies none', () => {
    const rt = LayerRuntime.create(pneumOS, scenario())
    const ring = { id: 3, kind: 'ring', order: [4, 2, 0, 3, 1], reach: 1 }
    const r = rt.runWindow(0, 10_000_000, [
      delivery('pneumOS', 'partition_start', ring, 1_000_000),
      delivery('pneumOS', 'partition_start', { id: 4, kind: 'ring', order: [4, 2, 0], reach: 1 }, 1_500_000), // not every world
      delivery('pneumOS', 'partition_heal', { id: 'all' }, 1_600_000),
      delivery('pneumOS', 'partition_heal', { id: 3 }, 2_000_000),
    ])
    expect(r.events.map((e) => [e.t, e.type, e.data])).toEqual([
      [1_000_000, 'partition_started', ring],
      [1_500_000, 'announcement_rejected', { type: 'partition_start' }],
      [1_600_000, 'announcement_rejected', { type: 'partition_heal' }],
      [2_000_000, 'partition_healed', ring],
    ])
    expect(rt.peekState().stats.announcementsRejected).toBe(2)
    expect(rt.summary()).toMatchObject({ partitions: 1, partitionsHealed: 1, activePartitions: 0 })
  })

  it('shows active partitions and the chaOS parameters in its view', () => {
    const rt = LayerRuntime.create(pneumOS, scenario())
    const params = { lossRate: 0.2, duplicateRate: 0, reorderRate: 0, latencyMultiplier: 2, jitterUs: 5 }
    rt.runWindow(0, 1_000_000, [delivery('pneumOS', 'net_params', { params }, 10), delivery('pneumOS', 'partition_start', { id: 1, groups: [[2], [0, 1, 3, 4]] }, 20)])
    const v = rt.view() as unknown as NetworkView
    expect(v.kind).toBe('pneumOS')
    expect(v.partitions).toEqual([{ id: 1, kind: 'groups', groups: [[2], [0, 1, 3, 4]] }])
    expect(v.chaos).toEqual(params)
  })

  it('aggregates net_stats from every layer per link and per layer; the view lists the busiest links, capped', () => {
    const s = scenario({ nodes: { count: 12 } })
    const rt = LayerRuntime.create(pneumOS, s)
    const many: number[][] = []
    for (let a = 0; a < 12; a++) for (let b = 0; b < 12; b++) if (a !== b) many.push([a, b, a + b, a + b, 0, 0])
    rt.runWindow(0, 3_000_000, [
      stats('mythOS', [[0, 1, 10, 8, 2, 1], [1, 0, 5, 5, 0, 0]], 1_000_000),
      stats('chronOS', [[0, 1, 4, 3, 1, 0]], 1_000_000),
      stats('mythOS', many, 2_000_000),
      stats('mythOS', [[0, 99, 1, 1, 0, 0]], 2_500_000), // no world 99: rejected whole
      stats('mythOS', [[0, 1, 1, -1, 0, 0]], 2_500_000), // negative counter: rejected
    ])
    const v = rt.view() as unknown as NetworkView
    expect(v.links.length).toBe(VIEW_LINKS_MAX)
    expect(v.links[0]).toEqual({ from: 10, to: 11, sent: 21, delivered: 21, dropped: 0, duplicated: 0 })
    for (let i = 1; i < v.links.length; i++) expect(v.links[i - 1]!.sent).toBeGreaterThanOrEqual(v.links[i]!.sent)
    const sumMany = many.reduce((acc, c) => acc + c[2]!, 0)
    expect(v.totals).toEqual({ sent: 19 + sumMany, delivered: 16 + sumMany, dropped: 3, duplicated: 1 })
    expect(v.byLayer).toEqual({
      mythOS: { sent: 15 + sumMany, delivered: 13 + sumMany, dropped: 2, duplicated: 1 },
      chronOS: { sent: 4, delivered: 3, dropped: 1, duplicated: 0 },
    })
    expect(rt.peekState().stats.links[linkKey(12, 0, 1)]).toEqual([15, 12, 3, 1])
    expect(rt.summary()).toMatchObject({ rejectedReports: 2, sent: 19 + sumMany })
  })

  it("keeps no copy of who is up: a world's life is atmOS's, read from the kernel's mirror", () => {
    const rt = LayerRuntime.create(pneumOS, scenario())
    expect('down' in rt.peekState().net).toBe(false)
    expect(Object.keys(pneumOS.consumes)).not.toContain('world_status')
  })
})
