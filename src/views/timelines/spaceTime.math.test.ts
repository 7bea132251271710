import { describe, expect, it } from 'vitest'
import { PacketHistory, defaultLanes, layoutSpaceTime } from './spaceTime.math'

const p = (from: number, to: number, sentUs: number, deliverUs: number) => ({ from, to, sentUs, deliverUs, kind: 'append' })

describe('space-time diagram math', () => {
  it('accumulates packets across views once each, bounded, and starts over when time goes back', () => {
    const h = new PacketHistory()
    h.add(100, 'mythOS', [p(0, 1, 10, 50)])
    h.add(200, 'mythOS', [p(0, 1, 10, 50), p(1, 0, 60, 90)])
    h.add(200, 'karmOS', [p(0, 1, 10, 50)])
    expect(h.size).toBe(3)
    h.add(50, 'mythOS', [])
    expect(h.size).toBe(0)
  })

  it('draws an arrow from (sender lane, send time) to (receiver lane, receive time), only between picked lanes', () => {
    const msgs = [p(0, 2, 1_000, 2_000), p(2, 0, 1_500, 1_800), p(0, 1, 1_000, 1_100), p(0, 2, 10_000, 11_000)].map((m) => ({ ...m, layer: 'mythOS' as const }))
    const l = layoutSpaceTime(msgs, [0, 2], 0, 4_000, 0, 400, 10, 20)
    expect(l.lanes).toEqual([{ world: 0, y: 10 }, { world: 2, y: 30 }])
    expect(l.arrows.map((a) => [a.x1, a.y1, a.x2, a.y2])).toEqual([[100, 10, 200, 30], [150, 30, 180, 10]])
  })

  it('default lanes: the first worlds and the selected one', () => {
    expect(defaultLanes(10, 8, 3)).toEqual([0, 1, 2, 8])
    expect(defaultLanes(2, null)).toEqual([0, 1])
  })
})
