import { describe, expect, it } from 'vitest'
import { CLOCK_HISTORY_MAX, ClockHistory, clockHistoryCap, offsetExtent, offsetLine, type ClockPoint } from './clocks.math'

const pt = (t: number, o: number[], rd: number[] = o.map(() => 10)) => ({ t, offsetUs: o, rootDistanceUs: rd, synced: o.map(() => true) })

describe('clock history', () => {
  it('keeps samples in time order, bounded, and starts over when time goes back', () => {
    const h = new ClockHistory()
    for (let i = 0; i < CLOCK_HISTORY_MAX + 10; i++) h.add(pt(i, [i]))
    expect(h.points.length).toBe(CLOCK_HISTORY_MAX)
    expect(h.points[0]!.t).toBe(10)
    // The same time again (a later view of the same instant, e.g. a jump applied while paused): it replaces the last sample.
    h.add(pt(CLOCK_HISTORY_MAX + 9, [-7]))
    expect(h.points.length).toBe(CLOCK_HISTORY_MAX)
    expect(h.points[h.points.length - 1]!.offsetUs).toEqual([-7])
    h.add(pt(3, [1]))
    expect(h.points.map((p) => p.t)).toEqual([3])
  })
  it('keeps fewer samples when the worlds are many (memory stays bounded at 10,000 worlds)', () => {
    expect(clockHistoryCap(5)).toBe(CLOCK_HISTORY_MAX)
    expect(clockHistoryCap(10_000)).toBe(150)
    expect(clockHistoryCap(1_000_000)).toBe(60)
    const h = new ClockHistory()
    const many = Array.from({ length: 10_000 }, () => 0)
    for (let i = 0; i < 400; i++) h.add(pt(i, many))
    expect(h.points.length).toBe(150)
    expect(h.points[0]!.t).toBe(250)
  })
  it('sizes the y axis to the picked worlds and their bands', () => {
    const ps = [pt(0, [50, -2_000], [30, 500]), pt(1, [-400, 10], [60, 5])]
    expect(offsetExtent(ps, [0], false)).toBe(400)
    expect(offsetExtent(ps, [0], true)).toBe(460)
    expect(offsetExtent(ps, [1], true)).toBe(2_500)
    expect(offsetExtent(ps, [], true)).toBe(100)
  })
})

describe('offsetLine', () => {
  const pt = (t: number, o: number): ClockPoint => ({ t, offsetUs: [0, o], rootDistanceUs: [0, 0], synced: [true, true] })
  it('draws a jolt as a vertical step at its time, not a ramp between the samples around it', () => {
    const pts = [pt(0, -500_000), pt(1_000, -500_000), pt(2_000, 100)]
    expect(offsetLine(pts, 1, [{ node: 1, atUs: 1_400 }])).toEqual([
      [0, -500_000],
      [1_000, -500_000],
      [1_400, -500_000],
      [1_400, 100],
      [2_000, 100],
    ])
  })
  it('ignores other worlds\' jolts, jolts outside the samples, and keeps only the last jolt between two samples', () => {
    const pts = [pt(0, 0), pt(1_000, 50)]
    expect(offsetLine(pts, 1, [{ node: 0, atUs: 500 }, { node: 1, atUs: -5 }, { node: 1, atUs: 5_000 }])).toEqual([[0, 0], [1_000, 50]])
    expect(offsetLine(pts, 1, [{ node: 1, atUs: 700 }, { node: 1, atUs: 300 }])).toEqual([[0, 0], [700, 0], [700, 50], [1_000, 50]])
  })
})
