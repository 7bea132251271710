import { describe, expect, it } from 'vitest'
import {
  BASE_SPAN_US, MAX_SPAN_US, MIN_SPAN_US, axisScale, clampView, dataSpanLimit, keyView, filterEvents, fitLaneHeight, followView,
  hashIndex, laneAt, laneHeightForRows, layoutLanes, rowAt, worldLaneHeight, nearestMark, orderKeys, pxToUs, scaleExtentFor, secondsTickFormat, spanOf, tickCountFor,
  transformFromView, usToPx, viewFromTransform, visibleRange,
} from './timeline.math'
import { US_PER_S } from '../../kernel/time'

const ev = (t: number, type = 'x') => ({ t, type })

describe('zoom transform ↔ visible range', () => {
  it('shows the base span from t = 0 at the identity transform', () => {
    expect(viewFromTransform({ k: 1, x: 0 }, 1000)).toEqual({ startUs: 0, endUs: BASE_SPAN_US })
  })

  it('zooming in by 2 around the left edge halves the span', () => {
    const v = viewFromTransform({ k: 2, x: 0 }, 1000)
    expect(v.startUs).toBe(0)
    expect(spanOf(v)).toBe(BASE_SPAN_US / 2)
  })

  it('panning right by 100 px at k = 1 moves the view back by a tenth of the span', () => {
    const v = viewFromTransform({ k: 1, x: 100 }, 1000)
    expect(v.startUs).toBeCloseTo(-BASE_SPAN_US / 10, 6)
    expect(v.endUs).toBeCloseTo(BASE_SPAN_US * 0.9, 6)
  })

  it('round-trips a view through its transform at any width', () => {
    for (const width of [320, 1000, 1917]) {
      const view = { startUs: 12_345_678, endUs: 12_845_678 }
      const back = viewFromTransform(transformFromView(view, width), width)
      expect(back.startUs).toBeCloseTo(view.startUs, 3)
      expect(back.endUs).toBeCloseTo(view.endUs, 3)
    }
  })

  it('maps the span limits to d3-zoom scale limits', () => {
    const [kMin, kMax] = scaleExtentFor()
    expect(spanOf(viewFromTransform({ k: kMin, x: 0 }, 800))).toBeCloseTo(MAX_SPAN_US, 0)
    expect(spanOf(viewFromTransform({ k: kMax, x: 0 }, 800))).toBeCloseTo(MIN_SPAN_US, 6)
  })
})

describe('following the clock', () => {
  it('fills in from the left until the run is one span long', () => {
    expect(followView(10 * US_PER_S, 3 * US_PER_S)).toEqual({ startUs: 0, endUs: 10 * US_PER_S })
  })

  it('then keeps the right edge on the clock', () => {
    expect(followView(10 * US_PER_S, 42 * US_PER_S)).toEqual({ startUs: 32 * US_PER_S, endUs: 42 * US_PER_S })
  })
})

describe('clampView', () => {
  it('keeps a view that is inside the data as it is', () => {
    const v = { startUs: 5 * US_PER_S, endUs: 15 * US_PER_S }
    expect(clampView(v, { dataEndUs: 60 * US_PER_S })).toEqual(v)
  })

  it('stops panning a little past the clock', () => {
    const v = clampView({ startUs: 100 * US_PER_S, endUs: 110 * US_PER_S }, { dataEndUs: 60 * US_PER_S })
    expect(v.endUs).toBeCloseTo(60.5 * US_PER_S, 6)
    expect(spanOf(v)).toBeCloseTo(10 * US_PER_S, 6)
  })

  it('stops panning a little before t = 0', () => {
    const v = clampView({ startUs: -50 * US_PER_S, endUs: -40 * US_PER_S }, { dataEndUs: 60 * US_PER_S })
    expect(v.startUs).toBeCloseTo(-0.5 * US_PER_S, 6)
  })

  it('limits the span, keeping the centre', () => {
    const v = clampView({ startUs: 1000, endUs: 1010 }, { dataEndUs: 60 * US_PER_S })
    expect(spanOf(v)).toBe(MIN_SPAN_US)
    expect((v.startUs + v.endUs) / 2).toBe(1005)
  })
})

describe('scales and axis', () => {
  it('maps µs to px and back across the view', () => {
    const view = { startUs: 2 * US_PER_S, endUs: 4 * US_PER_S }
    const x = usToPx(view, 800)
    const t = pxToUs(view, 800)
    expect(x(2 * US_PER_S)).toBe(0)
    expect(x(3 * US_PER_S)).toBe(400)
    expect(x(4 * US_PER_S)).toBe(800)
    expect(t(200)).toBe(2.5 * US_PER_S)
  })

  it('ticks in sim seconds, and finer ones after zooming in', () => {
    const wide = axisScale({ startUs: 0, endUs: 10 * US_PER_S }, 900)
    const n = tickCountFor(900)
    const wideLabels = wide.ticks(n).map(secondsTickFormat(wide, n))
    expect(wideLabels).toContain('2 s')
    expect(wideLabels).toContain('10 s')
    const narrow = axisScale({ startUs: 1 * US_PER_S, endUs: 1.1 * US_PER_S }, 900)
    const narrowLabels = narrow.ticks(n).map(secondsTickFormat(narrow, n))
    expect(narrowLabels).toContain('1.05 s')
    expect(narrowLabels.every((l) => l.endsWith(' s'))).toBe(true)
  })
})

describe('lanes', () => {
  it('stacks lanes under the gutter with gaps', () => {
    const layout = layoutLanes(['a', 'b', 'c'], 20, 2, 16)
    expect(layout.lanes.map((l) => [l.key, l.y0, l.y1])).toEqual([['a', 16, 36], ['b', 38, 58], ['c', 60, 80]])
    expect(layout.heightPx).toBe(80)
  })

  it('finds the lane under a y, and none in a gap or outside', () => {
    const layout = layoutLanes(['a', 'b', 'c'], 20, 2, 16)
    expect(laneAt(layout, 16)?.key).toBe('a')
    expect(laneAt(layout, 57.9)?.key).toBe('b')
    expect(laneAt(layout, 37)).toBeNull()
    expect(laneAt(layout, 5)).toBeNull()
    expect(laneAt(layout, 80)).toBeNull()
  })

  it('orders present keys by a reference order, unknown ones last', () => {
    expect(orderKeys(['mythOS', 'zzz', 'atmOS', 'chaOS'], ['cosmOS', 'atmOS', 'chaOS', 'mythOS'])).toEqual(['atmOS', 'chaOS', 'mythOS', 'zzz'])
  })

  it('stacks lanes of different heights', () => {
    const layout = layoutLanes(['a', 'b', 'c'], (k) => (k === 'b' ? 40 : 20), 2)
    expect(layout.lanes.map((l) => [l.y0, l.y1])).toEqual([[0, 20], [22, 62], [64, 84]])
    expect(layoutLanes([], 20, 2, 16).heightPx).toBe(16)
  })

  it('finds the row inside a lane, none in the padding', () => {
    expect(rowAt(3, 4, 9, 3)).toBe(0)
    expect(rowAt(3 + 9 * 3 + 8.9, 4, 9, 3)).toBe(3)
    expect(rowAt(2, 4, 9, 3)).toBeNull()
    expect(rowAt(3 + 9 * 4, 4, 9, 3)).toBeNull()
    expect(laneHeightForRows(4, 9, 3, 22)).toBe(42)
    expect(laneHeightForRows(1, 9, 3, 22)).toBe(22)
  })

  it('keeps world lanes legible, and a 2,000-world stack within a canvas', () => {
    expect(worldLaneHeight(5)).toBe(22)
    expect(worldLaneHeight(40)).toBe(10)
    expect(worldLaneHeight(2000)).toBe(2)
    expect(worldLaneHeight(2000) * 2000).toBeLessThanOrEqual(4000)
  })

  it('fits lane heights within bounds', () => {
    expect(fitLaneHeight(5, 260, 6, 22)).toBe(22)
    expect(fitLaneHeight(20, 260, 6, 22)).toBe(13)
    expect(fitLaneHeight(2000, 260, 6, 22)).toBe(6)
  })
})

describe('culling', () => {
  const marks = [0, 10, 20, 20, 30, 40, 50].map((t) => ev(t))

  it('keeps exactly the marks inside the view', () => {
    const [from, to] = visibleRange(marks, { startUs: 15, endUs: 40 })
    expect(marks.slice(from, to).map((m) => m.t)).toEqual([20, 20, 30, 40])
  })

  it('widens by the pad so edge marks still draw', () => {
    const [from, to] = visibleRange(marks, { startUs: 15, endUs: 40 }, 5)
    expect(marks.slice(from, to).map((m) => m.t)).toEqual([10, 20, 20, 30, 40])
  })

  it('is empty when the view is past the data', () => {
    const [from, to] = visibleRange(marks, { startUs: 60, endUs: 70 })
    expect(to - from).toBe(0)
  })
})

describe('hit testing', () => {
  const drawn = [3, 10, 11, 40].map((x) => ({ x, item: `m${x}` }))

  it('picks the nearest drawn mark within the radius', () => {
    expect(nearestMark(drawn, 9, 4)?.item).toBe('m10')
    expect(nearestMark(drawn, 10.8, 4)?.item).toBe('m11')
    expect(nearestMark(drawn, 0, 4)?.item).toBe('m3')
  })

  it('picks nothing farther than the radius', () => {
    expect(nearestMark(drawn, 25, 4)).toBeNull()
    expect(nearestMark([], 25, 4)).toBeNull()
  })
})

describe('filtering', () => {
  it('keeps events in the closed range whose type is not hidden', () => {
    const events = [ev(1, 'a'), ev(2, 'b'), ev(3, 'a'), ev(4, 'c'), ev(5, 'a')]
    expect(filterEvents(events, { fromUs: 2, toUs: 4, hiddenTypes: new Set(['b']) })).toEqual([ev(3, 'a'), ev(4, 'c')])
    expect(filterEvents(events, { fromUs: 0, toUs: 9 })).toHaveLength(5)
  })

  it('gives each string a fixed colour slot', () => {
    expect(hashIndex('role_changed', 12)).toBe(hashIndex('role_changed', 12))
    const slots = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => hashIndex(s, 12)))
    expect(slots.size).toBeGreaterThan(4)
    for (const s of slots) expect(s).toBeGreaterThanOrEqual(0)
  })
})

describe('dataSpanLimit', () => {
  it('lets a person zoom out to the run and a tenth more, never below the base span', () => {
    expect(dataSpanLimit(0)).toBe(BASE_SPAN_US)
    expect(dataSpanLimit(315 * US_PER_S)).toBe(346.5 * US_PER_S)
    const v = clampView({ startUs: 0, endUs: 80_000 * US_PER_S }, { dataEndUs: 315 * US_PER_S, maxSpanUs: dataSpanLimit(315 * US_PER_S) })
    expect(v.endUs - v.startUs).toBe(346.5 * US_PER_S)
    // At most a tenth of empty future beyond the data (plus the 5 % overscroll), not hours of it.
    expect(v.endUs).toBeLessThanOrEqual(1.1 * 315 * US_PER_S * 1.05 + 1)
  })
})

describe('keyView', () => {
  const v = { startUs: 10 * US_PER_S, endUs: 20 * US_PER_S }
  it('zooms, pans and jumps, clamped like a gesture; other keys are not its', () => {
    const zin = keyView(v, '+', 60 * US_PER_S)!
    expect(zin.startUs).toBeCloseTo((15 - 10 / 3) * US_PER_S, 3)
    expect(zin.endUs).toBeCloseTo((15 + 10 / 3) * US_PER_S, 3)
    expect(spanOf(keyView(v, '-', 60 * US_PER_S)!)).toBe(15 * US_PER_S)
    expect(keyView(v, 'ArrowRight', 60 * US_PER_S)).toEqual({ startUs: 12 * US_PER_S, endUs: 22 * US_PER_S })
    expect(keyView(v, 'Home', 60 * US_PER_S)).toEqual({ startUs: 0, endUs: 10 * US_PER_S })
    expect(keyView(v, 'End', 60 * US_PER_S)).toEqual({ startUs: 50 * US_PER_S, endUs: 60 * US_PER_S })
    expect(keyView(v, 'x', 60 * US_PER_S)).toBeNull()
    // Zooming out stops at the data (and a tenth more).
    let w = v
    for (let i = 0; i < 30; i++) w = keyView(w, '-', 60 * US_PER_S)!
    expect(spanOf(w)).toBe(66 * US_PER_S)
  })
})
