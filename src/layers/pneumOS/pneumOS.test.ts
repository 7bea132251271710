import { describe, expect, it } from 'vitest'
import { LayerRuntime } from '../../kernel/runtime'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { delivery } from '../net/__tests__/helpers'
import { VIEW_LINKS_MAX } from '../net/netStats'
import type { NetworkView } from '../views'
import { pneumOS } from './index'

const scenario = (over: ScenarioInput = {}): Scenario => ScenarioSchema.parse({ seed: 9, ...over })
const stats = (layer: string, links: Record<string, number[]>, atUs: number) =>
  delivery('pneumOS', 'net_stats', { layer, links }, atUs, 'mythOS')

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
      [1_234_567, 'partition_started', { id: 1, groups: [[0], [1, 2, 3, 4]] }],
      [2_000_000, 'partition_started', { id: 2, groups: [[3, 4], [0, 1, 2]] }],
      [3_000_001, 'partition_healed', { id: 1, groups: [[0], [1, 2, 3, 4]] }],
      [4_000_000, 'partition_healed', { id: 2, groups: [[3, 4], [0, 1, 2]] }],
    ])
    expect(rt.summary()).toMatchObject({ partitions: 2, partitionsHealed: 2, activePartitions: 0 })
  })

  it('shows active partitions and the chaOS parameters in its view', () => {
    const rt = LayerRuntime.create(pneumOS, scenario())
    const params = { lossRate: 0.2, duplicateRate: 0, reorderRate: 0, latencyMultiplier: 2, jitterUs: 5 }
    rt.runWindow(0, 1_000_000, [delivery('pneumOS', 'net_params', { params }, 10), delivery('pneumOS', 'partition_start', { id: 1, groups: [[2], [0, 1, 3, 4]] }, 20)])
    const v = rt.view() as unknown as NetworkView
    expect(v.kind).toBe('pneumOS')
    expect(v.partitions).toEqual([[[2], [0, 1, 3, 4]]])
    expect(v.chaos).toEqual(params)
  })

  it('aggregates net_stats from every layer per link; the view lists the busiest links, capped', () => {
    const s = scenario({ nodes: { count: 12 } })
    const rt = LayerRuntime.create(pneumOS, s)
    const many: Record<string, number[]> = {}
    for (let a = 0; a < 12; a++) for (let b = 0; b < 12; b++) if (a !== b) many[`${a}>${b}`] = [a + b, a + b, 0, 0]
    rt.runWindow(0, 3_000_000, [
      stats('mythOS', { '0>1': [10, 8, 2, 1], '1>0': [5, 5, 0, 0] }, 1_000_000),
      stats('chronOS', { '0>1': [4, 3, 1, 0] }, 1_000_000),
      stats('mythOS', many, 2_000_000),
      stats('mythOS', { '0>99': [1, 1, 0, 0] }, 2_500_000), // no world 99: rejected whole
      stats('mythOS', { '0>1': [1, -1, 0, 0] }, 2_500_000), // negative counter: rejected
    ])
    const v = rt.view() as unknown as NetworkView
    expect(v.links.length).toBe(VIEW_LINKS_MAX)
    expect(v.links[0]).toEqual({ from: 10, to: 11, sent: 21, delivered: 21, dropped: 0, duplicated: 0 })
    for (let i = 1; i < v.links.length; i++) expect(v.links[i - 1]!.sent).toBeGreaterThanOrEqual(v.links[i]!.sent)
    const sumMany = Object.values(many).reduce((acc, c) => acc + c[0]!, 0)
    expect(v.totals).toEqual({ sent: 19 + sumMany, delivered: 16 + sumMany, dropped: 3, duplicated: 1 })
    expect(rt.peekState().stats.links['0>1']).toEqual([15, 12, 3, 1])
    expect(rt.summary()).toMatchObject({ rejectedReports: 2, sent: 19 + sumMany })
  })

  it('follows crashes and restarts in its NetState', () => {
    const rt = LayerRuntime.create(pneumOS, scenario())
    rt.runWindow(0, 1_000, [delivery('pneumOS', 'node_crash', { node: 3 }, 100)])
    expect(rt.peekState().net.down[3]).toBe(true)
    rt.runWindow(1_000, 2_000, [delivery('pneumOS', 'node_restart', { node: 3 }, 1_500)])
    expect(rt.peekState().net.down[3]).toBe(false)
  })
})
