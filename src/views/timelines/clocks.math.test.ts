import { describe, expect, it } from 'vitest'
import { CLOCK_HISTORY_MAX, ClockHistory, offsetExtent } from './clocks.math'

const pt = (t: number, o: number[], rd: number[] = o.map(() => 10)) => ({ t, offsetUs: o, rootDistanceUs: rd, synced: o.map(() => true) })

describe('clock history', () => {
  it('keeps samples in time order, bounded, and starts over when time goes back', () => {
    const h = new ClockHistory()
    for (let i = 0; i < CLOCK_HISTORY_MAX + 10; i++) h.add(pt(i, [i]))
    expect(h.points.length).toBe(CLOCK_HISTORY_MAX)
    expect(h.points[0]!.t).toBe(10)
    h.add(pt(CLOCK_HISTORY_MAX + 9, [0])) // same time: ignored
    expect(h.points.length).toBe(CLOCK_HISTORY_MAX)
    h.add(pt(3, [1]))
    expect(h.points.map((p) => p.t)).toEqual([3])
  })
  it('sizes the y axis to the picked worlds and their bands', () => {
    const ps = [pt(0, [50, -2_000], [30, 500]), pt(1, [-400, 10], [60, 5])]
    expect(offsetExtent(ps, [0], false)).toBe(400)
    expect(offsetExtent(ps, [0], true)).toBe(460)
    expect(offsetExtent(ps, [1], true)).toBe(2_500)
    expect(offsetExtent(ps, [], true)).toBe(100)
  })
})
