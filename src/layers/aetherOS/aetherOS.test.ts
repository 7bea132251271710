import { describe, expect, it } from 'vitest'
import { LayerRuntime } from '../../kernel/runtime'
import { ScenarioSchema } from '../../scenario/schema'
import { delivery } from '../net/__tests__/helpers'
import type { NetworkView } from '../views'
import { aetherOS } from './index'

const scenario = () => ScenarioSchema.parse({ seed: 9, network: 'aetherOS' })
/** A net_stats report from mythOS: [from, to, sent, delivered, dropped, duplicated] per link. */
const stats = (links: number[], atUs: number) => delivery('aetherOS', 'net_stats', { layer: 'mythOS', links }, atUs, 'mythOS')

describe('aetherOS, the ideal network', () => {
  it('ignores partition announcements and logs none; aggregates net_stats; view kind aetherOS', () => {
    const rt = LayerRuntime.create(aetherOS, scenario())
    const r = rt.runWindow(0, 2_000_000, [
      delivery('aetherOS', 'partition_start', { id: 1, groups: [[0], [1, 2, 3, 4]] }, 100),
      delivery('aetherOS', 'partition_start', { id: 2, kind: 'ring', order: [0, 1, 2, 3, 4], reach: 1 }, 150),
      delivery('aetherOS', 'partition_heal', { id: null }, 200),
      stats([0, 1, 3, 3, 0, 0], 1_000_000),
    ])
    expect(r.events).toEqual([])
    const v = rt.view() as unknown as NetworkView
    expect(v.kind).toBe('aetherOS')
    expect(v.partitions).toEqual([])
    expect(v.totals).toEqual({ sent: 3, delivered: 3, dropped: 0, duplicated: 0 })
    expect(v.byLayer).toEqual({ mythOS: { sent: 3, delivered: 3, dropped: 0, duplicated: 0 } })
    expect(rt.summary()).toMatchObject({ latencyUs: 100, partitionAnnouncementsIgnored: 3 })
  })
})
