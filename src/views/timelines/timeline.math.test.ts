import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BASE_SPAN_US, LOG_LANE_METRICS, MAX_SPAN_US, MIN_SPAN_US, axisScale, layoutRowLanes, clampView, dataSpanLimit, keyView, filterEvents, fitLaneHeight, followView,
  hashIndex, laneAt, laneHeightForRows, laneWindow, layoutLanes, rowAt, fitWorldLanes, nearestMark, orderKeys, pxToUs, scaleExtentFor, secondsTickFormat, spanOf, tickCountFor,
  transformFromView, usToPx, viewFromTransform, visibleRange, clampRange, seekProgress, seekStepUs, seekTarget, wheelIntent, wheelPanView,
  type LabelBox, type RowLaneLayout, type RowLaneSpec,
} from './timeline.math'
import { boxesOverlap } from '../geometry'
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

  it('fits every world lane in view when they can be legible, else keeps them legible and lets them scroll', () => {
    // 5 worlds in 186 px under a 16 px gutter, 1 px apart: all in view, at most 24 px each.
    const h5 = fitWorldLanes(5, 186, 16, 1)
    expect(h5).toBe(24)
    expect(layoutLanes([0, 1, 2, 3, 4], h5, 1, 16).heightPx).toBeLessThanOrEqual(186)
    // 5 worlds in a short plot: thinner, still all in view.
    const short = fitWorldLanes(5, 110, 16, 1)
    expect(short).toBe(18) // 16 + 5 × 18 + 4 gaps = 110
    expect(layoutLanes([0, 1, 2, 3, 4], short, 1, 16).heightPx).toBeLessThanOrEqual(110)
    // 50 or 2,000 worlds: never under the legible minimum (the lanes scroll).
    expect(fitWorldLanes(50, 186, 16, 1)).toBe(10)
    expect(fitWorldLanes(2000, 186, 16, 1)).toBe(10)
    expect(fitWorldLanes(0, 186)).toBe(24)
  })

  it('draws only the lanes in the scrolled-to rows (virtualisation window)', () => {
    const layout = layoutLanes(Array.from({ length: 2000 }, (_, i) => i), 10, 1, 16)
    // The top: the gutter and the lanes that reach into 0..186.
    expect(laneWindow(layout.lanes, 0, 186)).toEqual([0, 16])
    // Scrolled to world 1000's top: it is the first lane drawn.
    const y = layout.lanes[1000]!.y0
    const [from, to] = laneWindow(layout.lanes, y, y + 170)
    expect(from).toBe(1000)
    expect(to - from).toBeLessThanOrEqual(17)
    // Overscan widens it, within the lanes there are.
    expect(laneWindow(layout.lanes, y, y + 170, 2)).toEqual([998, to + 2])
    expect(laneWindow(layout.lanes, layout.heightPx - 50, layout.heightPx + 100, 3)[1]).toBe(2000)
    expect(laneWindow([], 0, 100)).toEqual([0, 0])
  })

  it('virtualises 10,000 worlds as 2,000: legible lanes, a window of a screenful', () => {
    expect(fitWorldLanes(10_000, 186, 16, 1)).toBe(10)
    const layout = layoutLanes(Array.from({ length: 10_000 }, (_, i) => i), 10, 1, 16)
    expect(layout.heightPx).toBe(16 + 10_000 * 10 + 9_999)
    const y = layout.lanes[9_000]!.y0
    const [from, to] = laneWindow(layout.lanes, y, y + 186, 1)
    expect(from).toBe(8_999)
    expect(to - from).toBeLessThanOrEqual(20)
    expect(laneWindow(layout.lanes, layout.heightPx - 50, layout.heightPx, 1)[1]).toBe(10_000)
  })

  it('the window holds exactly the lanes that overlap the rows (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 0, maxLength: 60 }), fc.integer({ min: 0, max: 3 }), fc.nat(2000), fc.nat(600), (heights, gap, y0, h) => {
        const layout = layoutLanes(heights.map((_, i) => i), (_k, i) => heights[i]!, gap, 16)
        const [from, to] = laneWindow(layout.lanes, y0, y0 + h)
        layout.lanes.forEach((l, i) => {
          const overlaps = l.y1 > y0 && l.y0 < y0 + h
          expect(i >= from && i < to, `lane ${i} [${l.y0}, ${l.y1}) vs rows [${y0}, ${y0 + h})`).toBe(overlaps)
        })
      }),
      { seed: 13, verbose: true },
    )
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

describe('seeking, selecting and the wheel', () => {
  it('a click on the axis seeks to the moment under it: cursor px ↔ sim time round-trips', () => {
    const view = { startUs: 10 * US_PER_S, endUs: 20 * US_PER_S }
    const toUs = pxToUs(view, 1000)
    const toPx = usToPx(view, 1000)
    expect(seekTarget(toUs(0))).toBe(10 * US_PER_S)
    expect(seekTarget(toUs(500))).toBe(15 * US_PER_S)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (px) => Math.abs(toPx(seekTarget(toUs(px))) - px) < 1e-3),
      { seed: 13 },
    )
  })

  it('a seek target is whole µs, never before 0 nor past the scenario\'s stop time', () => {
    expect(seekTarget(1234.6)).toBe(1235)
    expect(seekTarget(-5_000)).toBe(0)
    expect(seekTarget(40 * US_PER_S, 30 * US_PER_S)).toBe(30 * US_PER_S)
    expect(seekTarget(Number.NaN)).toBe(0)
    // Past the run so far is fine: the store runs there.
    expect(seekTarget(90 * US_PER_S)).toBe(90 * US_PER_S)
  })

  it('a keyboard seek steps about a tenth of the span, a round number', () => {
    expect(seekStepUs({ startUs: 0, endUs: 10 * US_PER_S })).toBe(US_PER_S)
    expect(seekStepUs({ startUs: 0, endUs: 30 * US_PER_S })).toBe(2 * US_PER_S)
    expect(seekStepUs({ startUs: 0, endUs: 60 * US_PER_S })).toBe(5 * US_PER_S)
    expect(seekStepUs({ startUs: 0, endUs: 1_000 })).toBe(100)
  })

  it('seek progress runs 0 → 1 from where the replay starts to the target', () => {
    const back = { fromUs: 0, targetUs: 10 * US_PER_S }
    expect(seekProgress(back, 20 * US_PER_S)).toBe(0) // not restarted yet: the clock is still at 20 s
    expect(seekProgress(back, 0)).toBe(0)
    expect(seekProgress(back, 2.5 * US_PER_S)).toBe(0.25)
    expect(seekProgress(back, 10 * US_PER_S)).toBe(1)
    const fwd = { fromUs: 20 * US_PER_S, targetUs: 60 * US_PER_S }
    expect(seekProgress(fwd, 40 * US_PER_S)).toBe(0.5)
    expect(seekProgress({ fromUs: 5, targetUs: 5 }, 5)).toBe(1)
  })

  it('a brushed range is clamped to the run so far (no empty future)', () => {
    const now = 30 * US_PER_S
    expect(clampRange(25 * US_PER_S, 80 * US_PER_S, now)).toEqual([25 * US_PER_S, now])
    expect(clampRange(28 * US_PER_S, -3, now)).toEqual([0, 28 * US_PER_S])
    expect(clampRange(35 * US_PER_S, 80 * US_PER_S, now)).toBeNull()
    expect(clampRange(5, 5, now)).toBeNull()
  })

  it('the wheel scrolls lanes; Ctrl/⌘ + wheel zooms; Shift + wheel or a sideways swipe pans', () => {
    const e = { ctrlKey: false, metaKey: false, shiftKey: false, deltaX: 0, deltaY: 100 }
    expect(wheelIntent(e)).toBe('scroll')
    expect(wheelIntent({ ...e, ctrlKey: true })).toBe('zoom')
    expect(wheelIntent({ ...e, metaKey: true })).toBe('zoom')
    expect(wheelIntent({ ...e, shiftKey: true })).toBe('pan')
    expect(wheelIntent({ ...e, deltaX: 120, deltaY: 3 })).toBe('pan')
  })

  it('a sideways wheel pans by the pixels it turned, within the data', () => {
    const view = { startUs: 10 * US_PER_S, endUs: 20 * US_PER_S }
    const v = wheelPanView(view, 100, 1000, 60 * US_PER_S)
    expect(v.startUs).toBeCloseTo(11 * US_PER_S)
    expect(spanOf(v)).toBeCloseTo(10 * US_PER_S)
    // Not past the run so far (and a little overscroll).
    expect(wheelPanView(view, 100_000, 1000, 30 * US_PER_S).endUs).toBeLessThanOrEqual(30.5 * US_PER_S)
  })
})

// ── the logOS lanes' labels ────────────────────────────────────────────────────────────────────

/** Each layer's event types (what the layers log), the lanes of a run where every layer speaks. */
const ALL_LAYER_TYPES: Record<string, string[]> = {
  atmOS: ['lifecycle_refused', 'node_crashed', 'node_quarantined', 'node_released', 'node_restarted', 'node_restarting'],
  pneumOS: ['partition_healed', 'partition_started'],
  chaOS: ['clock_jumped', 'daemon_crash_injected', 'fault_healed', 'fault_injected', 'fault_skipped', 'slider_changed', 'slider_clamped'],
  chronOS: ['clock_sample', 'clock_stepped', 'ntp_client_started'],
  mythOS: ['config_committed', 'disk_write_failed', 'entry_applied', 'fenced', 'leader_elected', 'node_stopped', 'role_changed', 'snapshot_installed', 'term_changed', 'transfer_started'],
  etymOS: ['schema_rejected'],
  karmOS: ['divergence_found', 'ledger_corrupted', 'ledger_corruption_missed', 'ledger_lost', 'ledger_repaired'],
  theOS: ['capacity_known', 'cluster_reconciled', 'intervention_rejected', 'pod_ready', 'pod_scheduled', 'reconciled', 'service_set'],
  daemOS: ['daemon_backoff', 'daemon_crashed', 'daemon_restarted', 'supervisor_escalated', 'world_reboot_requested'],
  hypnOS: ['compaction_done', 'compaction_started'],
  oneirOS: ['snapshot_received', 'snapshot_sent', 'snapshot_started'],
  thanatOS: ['decommission_completed', 'decommission_started', 'drain_started'],
  nomOS: ['admission_denied', 'rule_added'],
  pandemoniOS: ['node_convicted', 'node_fenced', 'phi_suspect', 'phi_trusted', 'probation_started'],
  harmoniOS: ['harmony_lost', 'harmony_reached'],
  anomOS: ['alert_firing', 'alert_pending', 'alert_resolved'],
}

/** The default app's first seconds (the lanes of the bug report: "harmoniOS" over "harmony_reached"). */
const DEFAULT_RUN_LANES: RowLaneSpec<string>[] = [
  { key: 'chronOS', name: 'chronOS', rows: ['clock_sample'] },
  { key: 'mythOS', name: 'mythOS', rows: ['entry_applied', 'leader_elected', 'role_changed', 'term_changed'] },
  { key: 'etymOS', name: 'etymOS', rows: ['schema_rejected'] },
  { key: 'theOS', name: 'theOS', rows: ['capacity_known', 'cluster_reconciled', 'pod_ready', 'pod_scheduled', 'reconciled', 'service_set'] },
  { key: 'nomOS', name: 'nomOS', rows: ['rule_added'] },
  { key: 'harmoniOS', name: 'harmoniOS', rows: ['harmony_reached'] },
]
const ALL_LANES: RowLaneSpec<string>[] = Object.entries(ALL_LAYER_TYPES).map(([k, rows]) => ({ key: k, name: k, rows }))

/**
 * Text widths like the page's system-ui: `em` of the font size per character (Chromium's 11 px
 * names measure about 0.62 em a character, 8 px rows about 0.6), narrower and wider faces too.
 */
const measureAt = (em: number) => (text: string, kind: 'name' | 'row') => text.length * (kind === 'name' ? 11 : 8) * em
const logLayout = (lanes: readonly RowLaneSpec<string>[], columnPx: number, em = 0.62): RowLaneLayout<string> =>
  layoutRowLanes(lanes, { ...LOG_LANE_METRICS, measure: measureAt(em), columnPx })

/** Every label box of a layout, named. */
const labelBoxes = (layout: RowLaneLayout<string>, lanes: readonly RowLaneSpec<string>[]): { text: string; box: LabelBox }[] =>
  layout.lanes.flatMap((l, i) => [{ text: l.key, box: l.nameBox }, ...l.rowBoxes.map((box, r) => ({ text: `${l.key}:${lanes[i]!.rows[r]}`, box }))])

/** The pairs of labels that overlap. */
function overlaps(boxes: readonly { text: string; box: LabelBox }[]): string[] {
  const out: string[] = []
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i]!.box, boxes[j]!.box)) out.push(`${boxes[i]!.text} × ${boxes[j]!.text}`)
  }
  return out
}

/** A layout's labels are legible: none overlaps another, each inside the column and its lane, each row's label at its row's marks. */
function expectLegible(layout: RowLaneLayout<string>, lanes: readonly RowLaneSpec<string>[]) {
  const boxes = labelBoxes(layout, lanes)
  expect(boxes.length).toBe(lanes.length + lanes.reduce((n, l) => n + l.rows.length, 0))
  expect(overlaps(boxes)).toEqual([])
  for (const { text, box } of boxes) {
    expect(box.x0, text).toBeGreaterThanOrEqual(0)
    expect(box.x1, text).toBeLessThanOrEqual(layout.columnPx)
  }
  const m = LOG_LANE_METRICS
  layout.lanes.forEach((lane, i) => {
    if (i > 0) expect(lane.y0).toBeGreaterThanOrEqual(layout.lanes[i - 1]!.y1)
    for (const b of [lane.nameBox, ...lane.rowBoxes]) {
      expect(b.y0).toBeGreaterThanOrEqual(lane.y0)
      expect(b.y1).toBeLessThanOrEqual(lane.y1)
    }
    lane.rowBoxes.forEach((b, r) => {
      // The label is where the row's marks are drawn (rowsTopPx + r × rowPx), and hovering it finds the row.
      expect(b.y0).toBe(lane.y0 + lane.rowsTopPx + r * m.rowPx)
      expect(rowAt((b.y0 + b.y1) / 2 - lane.y0, lanes[i]!.rows.length, m.rowPx, lane.rowsTopPx)).toBe(r)
    })
  })
  expect(layout.heightPx).toBe(layout.lanes.at(-1)?.y1 ?? 0)
}

describe('the logOS lanes\' labels', () => {
  it('the default run in "Both" (a 118 px column): no layer name runs into an event type', () => {
    for (const em of [0.55, 0.62, 0.7]) expectLegible(logLayout(DEFAULT_RUN_LANES, 118, em), DEFAULT_RUN_LANES)
    // The bug: placed at the lane's padding, right-aligned, "harmony_reached" ran into "harmoniOS".
    const m = LOG_LANE_METRICS
    const layout = logLayout(DEFAULT_RUN_LANES, 118)
    const harmony = layout.lanes.find((l) => l.key === 'harmoniOS')!
    const old: LabelBox = { ...harmony.rowBoxes[0]!, y0: harmony.y0 + m.padPx, y1: harmony.y0 + m.padPx + m.rowPx }
    expect(boxesOverlap(harmony.nameBox, old)).toBe(true)
    // Now it is under the name (the lane a few px taller), and its marks with it.
    expect(harmony.rowsTopPx).toBe(m.nameTopPx + m.nameLinePx)
    expect(harmony.y1 - harmony.y0).toBe(harmony.rowsTopPx + m.rowPx + m.padPx)
  })

  it('every layer speaking, at every column width a layout offers (and as narrow as can be): all legible', () => {
    for (const columnPx of [0, 96, 118, 150, 200]) {
      for (const em of [0.55, 0.62, 0.7]) {
        const layout = logLayout(ALL_LANES, columnPx, em)
        expect(layout.columnPx).toBe(Math.max(columnPx, layout.minColumnPx))
        expectLegible(layout, ALL_LANES)
      }
    }
  })

  it('the column is never narrower than the widest label (the CSS widens it to minColumnPx)', () => {
    const layout = logLayout(ALL_LANES, 118)
    const widest = Math.ceil('ledger_corruption_missed'.length * 8 * 0.62)
    expect(layout.minColumnPx).toBe(widest + LOG_LANE_METRICS.insetRightPx)
    const narrow = logLayout([{ key: 'x', name: 'x', rows: ['a_very_long_event_type_name_indeed'] }], 50)
    expect(narrow.columnPx).toBe(narrow.minColumnPx)
    expect(narrow.lanes[0]!.rowBoxes[0]!.x0).toBe(0)
  })

  it('rows whose labels fit beside the name stay where they were: no height is spent for nothing', () => {
    const m = LOG_LANE_METRICS
    const layout = logLayout(DEFAULT_RUN_LANES, 150)
    const chronos = layout.lanes.find((l) => l.key === 'chronOS')!
    expect(chronos.rowsTopPx).toBe(m.padPx)
    expect(chronos.y1 - chronos.y0).toBe(m.minLanePx)
    const mythos = layout.lanes.find((l) => l.key === 'mythOS')!
    expect(mythos.rowsTopPx).toBe(m.padPx)
    expect(mythos.y1 - mythos.y0).toBe(4 * m.rowPx + 2 * m.padPx)
    // Only as far down as the first row that does not fit needs: the row above it stays beside the name.
    const partly = logLayout([{ key: 'k', name: 'nameOS', rows: ['short', 'a_much_longer_type'] }], 118)
    const lane = partly.lanes[0]!
    expect(lane.rowsTopPx).toBe(m.nameTopPx + m.nameLinePx - m.rowPx)
    expect(lane.rowBoxes[1]!.y0).toBe(lane.nameBox.y1)
    expect(boxesOverlap(lane.nameBox, lane.rowBoxes[0]!)).toBe(false)
  })

  it('any lanes, any names, any column: no two labels overlap', () => {
    const word = fc.string({ minLength: 1, maxLength: 30 })
    fc.assert(fc.property(
      fc.array(fc.record({ name: word, rows: fc.array(word, { maxLength: 12 }) }), { maxLength: 12 }),
      fc.integer({ min: 0, max: 300 }),
      fc.double({ min: 0.4, max: 0.9, noNaN: true }),
      (raw, columnPx, em) => {
        const lanes = raw.map((l, i) => ({ key: `${i}`, name: l.name, rows: l.rows }))
        const layout = logLayout(lanes, columnPx, em)
        expect(overlaps(labelBoxes(layout, lanes))).toEqual([])
        for (const { box } of labelBoxes(layout, lanes)) expect(box.x1).toBeLessThanOrEqual(layout.columnPx)
      },
    ))
  })
})
