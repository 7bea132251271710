import { describe, expect, it } from 'vitest'
import { MetricsBuffer, seriesKey } from '../../store/metricsBuffer'
import type { MetricSample } from '../../kernel/types'
import { TYPE_PALETTE } from '../timelines/palette'
import {
  CLUSTER_COLOR, STRIPE_PX, allIntegers, stripeDash, yTicks, MIN_X_SPAN_US, catalogueSig, chosenWorlds, decimate, defaultMetric, defaultWorlds, formatValue, groupByLayer,
  indexAtOrBefore, latestValue, metricCatalogue, metricLabel, pointCount, selectSeries, splitId, timeExtent, toggleWorld, valueAt,
  valueExtent, worldColor, xDomain, yDomain, type MetricDecl,
} from './metricsChart.math'

const S = 1_000_000
const sample = (t: number, layer: string, values: MetricSample['values']): MetricSample => ({ t, layer, values }) as MetricSample

const DECLARED: [string, Record<string, MetricDecl> | undefined][] = [
  ['atmOS', {
    worldsUp: { unit: 'worlds', per: 'cluster', description: 'worlds whose status is up' },
    proposed: { unit: 'happenings', per: 'world', description: 'happenings proposed so far' },
  }],
  ['pneumOS', { sent: { unit: 'packets', per: 'cluster', description: 'packets sent' } }],
  ['chaOS', { entropy: { unit: '', per: 'cluster', description: 'the master entropy knob, 0..1' } }],
  ['noMetrics', undefined],
  ['mythOS', { term: { unit: 'term', per: 'world', description: 'current term of each node' } }],
]

function bufferWith(samples: MetricSample[]): MetricsBuffer {
  const b = new MetricsBuffer()
  b.push(samples)
  return b
}

describe('the metric catalogue', () => {
  it('lists every declared metric in layer then declaration order, with unit, per and description', () => {
    const list = metricCatalogue(DECLARED, new Map())
    expect(list.map((m) => m.id)).toEqual(['atmOS.worldsUp', 'atmOS.proposed', 'pneumOS.sent', 'chaOS.entropy', 'mythOS.term'])
    const term = list.find((m) => m.id === 'mythOS.term')!
    expect(term).toMatchObject({ layer: 'mythOS', metric: 'term', unit: 'term', per: 'world', description: 'current term of each node', declared: true, sampled: false, worlds: 0 })
  })

  it('marks what the buffer has sampled and how many worlds a per-world metric has', () => {
    const b = bufferWith([sample(S, 'mythOS', { term: [1, 1, 2] }), sample(S, 'atmOS', { worldsUp: 3, proposed: [0, 4, null, 1] })])
    const list = metricCatalogue(DECLARED, b.metrics)
    expect(list.find((m) => m.id === 'mythOS.term')).toMatchObject({ sampled: true, worlds: 3 })
    expect(list.find((m) => m.id === 'atmOS.proposed')).toMatchObject({ sampled: true, worlds: 4 })
    expect(list.find((m) => m.id === 'atmOS.worldsUp')).toMatchObject({ sampled: true, worlds: 0, per: 'cluster' })
    expect(list.find((m) => m.id === 'pneumOS.sent')).toMatchObject({ sampled: false })
  })

  it('keeps metrics the buffer holds that no module declares, with per read off the buffer', () => {
    const b = bufferWith([sample(S, 'mythOS', { extra: [1, 2], term: [1, 1] }), sample(S, 'ghostOS', { b: 1, a: [3] })])
    const list = metricCatalogue(DECLARED, b.metrics)
    const ids = list.map((m) => m.id)
    // After its layer's declared ones; unknown layers at the end, in name order.
    expect(ids.slice(-4)).toEqual(['mythOS.term', 'mythOS.extra', 'ghostOS.a', 'ghostOS.b'])
    expect(list.find((m) => m.id === 'mythOS.extra')).toMatchObject({ per: 'world', declared: false, worlds: 2, unit: '' })
    expect(list.find((m) => m.id === 'ghostOS.b')).toMatchObject({ per: 'cluster', declared: false })
  })

  it('splits an id on its first dot only', () => {
    expect(splitId('mythOS.term')).toEqual(['mythOS', 'term'])
    expect(splitId('net.p99.latency')).toEqual(['net', 'p99.latency'])
  })

  it('groups by layer for the select, and labels "layer · metric (unit)"', () => {
    const groups = groupByLayer(metricCatalogue(DECLARED, new Map()))
    expect(groups.map((g) => g.layer)).toEqual(['atmOS', 'pneumOS', 'chaOS', 'mythOS'])
    expect(groups[0]!.metrics.map(metricLabel)).toEqual(['atmOS · worldsUp (worlds)', 'atmOS · proposed (happenings)'])
    expect(metricLabel({ layer: 'chaOS', metric: 'entropy', unit: '' })).toBe('chaOS · entropy')
  })

  it('changes its signature only when what the controls show changes', () => {
    const a = metricCatalogue(DECLARED, bufferWith([sample(S, 'mythOS', { term: [1, 1] })]).metrics)
    const b = metricCatalogue(DECLARED, bufferWith([sample(S, 'mythOS', { term: [1, 1] }), sample(2 * S, 'mythOS', { term: [2, 2] })]).metrics)
    const c = metricCatalogue(DECLARED, bufferWith([sample(S, 'mythOS', { term: [1, 1, 1] })]).metrics)
    expect(catalogueSig(a)).toBe(catalogueSig(b))
    expect(catalogueSig(a)).not.toBe(catalogueSig(c))
  })

  it('picks a preferred default metric when known, else the first sampled, else the first', () => {
    const list = metricCatalogue(DECLARED, bufferWith([sample(S, 'pneumOS', { sent: 3 })]).metrics)
    expect(defaultMetric(list, ['nope.x', 'mythOS.term'])).toBe('mythOS.term')
    expect(defaultMetric(list, [])).toBe('pneumOS.sent')
    expect(defaultMetric(metricCatalogue(DECLARED, new Map()), [])).toBe('atmOS.worldsUp')
    expect(defaultMetric([], ['mythOS.term'])).toBeNull()
  })
})

describe('choosing worlds', () => {
  it('defaults to every world, up to 8', () => {
    expect(defaultWorlds(5)).toEqual([0, 1, 2, 3, 4])
    expect(defaultWorlds(50)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(defaultWorlds(0)).toEqual([])
    expect(chosenWorlds(null, 3)).toEqual([0, 1, 2])
  })

  it('keeps a user choice, limited to the worlds that exist, ascending', () => {
    expect(chosenWorlds(new Set([9, 2, 0, 40]), 10)).toEqual([0, 2, 9])
    expect(chosenWorlds(new Set(), 10)).toEqual([])
  })

  it('toggles a world from the default choice', () => {
    expect([...toggleWorld(null, 1, 3)].sort()).toEqual([0, 2])
    expect([...toggleWorld(new Set([0]), 9, 12)].sort((a, b) => a - b)).toEqual([0, 9])
  })

  it('gives each world a fixed colour from the palette', () => {
    expect(worldColor(0)).toBe(TYPE_PALETTE[0])
    expect(worldColor(TYPE_PALETTE.length + 1)).toBe(worldColor(1))
    expect(new Set(defaultWorlds(8).map(worldColor)).size).toBe(8)
  })
})

describe('stripes where lines coincide', () => {
  it('draws a lone series without a dash pass', () => {
    expect(stripeDash(0, 1)).toBeNull()
  })

  it('gives each of n series one dash in n, each shifted by one dash, covering the line once', () => {
    const n = 5
    const dashes = Array.from({ length: n }, (_, i) => stripeDash(i, n)!)
    for (const d of dashes) expect(d.dash).toEqual([STRIPE_PX, STRIPE_PX * (n - 1)])
    // Which series paints the point at distance x along the line: exactly one, in turn.
    const painter = (x: number) => dashes.filter((d) => {
      const period = d.dash[0]! + d.dash[1]!
      const at = (((x + d.offset) % period) + period) % period
      return at < d.dash[0]!
    }).map((_, i) => i)
    for (let x = 0.5; x < STRIPE_PX * n * 3; x += STRIPE_PX / 2) expect(painter(x)).toHaveLength(1)
    const order = Array.from({ length: n }, (_, k) => dashes.findIndex((d) => {
      const period = d.dash[0]! + d.dash[1]!
      const at = ((((k + 0.5) * STRIPE_PX + d.offset) % period) + period) % period
      return at < d.dash[0]!
    }))
    expect(order).toEqual([0, 1, 2, 3, 4])
  })
})

describe('series selection: per world vs cluster', () => {
  const b = bufferWith([
    sample(1 * S, 'mythOS', { term: [1, 1, null] }),
    sample(2 * S, 'mythOS', { term: [2, 2, 2] }),
    sample(1 * S, 'atmOS', { worldsUp: 3 }),
  ])

  it('gives one series per chosen world, empty where the buffer has none', () => {
    const list = selectSeries(b.series, { layer: 'mythOS', metric: 'term', per: 'world' }, [0, 2, 5])
    expect(list.map((s) => s.key)).toEqual([seriesKey('mythOS', 'term', 0), seriesKey('mythOS', 'term', 2), seriesKey('mythOS', 'term', 5)])
    expect(list.map((s) => s.world)).toEqual([0, 2, 5])
    expect(list[0]).toMatchObject({ t: [S, 2 * S], v: [1, 2], color: worldColor(0) })
    expect(list[1]).toMatchObject({ t: [2 * S], v: [2] })
    expect(list[2]).toMatchObject({ t: [], v: [] })
    expect(pointCount(list)).toBe(3)
  })

  it('gives the one cluster series whatever worlds are chosen', () => {
    const list = selectSeries(b.series, { layer: 'atmOS', metric: 'worldsUp', per: 'cluster' }, [0, 1])
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ key: 'atmOS.worldsUp', world: null, color: CLUSTER_COLOR, t: [S], v: [3] })
  })

  it('gives an empty cluster series before any sample', () => {
    expect(selectSeries(new Map(), { layer: 'chaOS', metric: 'entropy', per: 'cluster' }, [])).toMatchObject([{ t: [], v: [] }])
  })
})

describe('extents and domains', () => {
  const a = { t: [1 * S, 2 * S, 3 * S], v: [0, 5, 2] }
  const b = { t: [2 * S, 4 * S], v: [-1, 1] }
  const none = { t: [], v: [] }

  it('finds the time and value extents over every series, ignoring empty ones', () => {
    expect(timeExtent([a, b, none])).toEqual([1 * S, 4 * S])
    expect(valueExtent([a, b, none])).toEqual([-1, 5])
    expect(timeExtent([none])).toBeNull()
    expect(valueExtent([])).toBeNull()
    expect(valueExtent([{ v: [Number.NaN, 2, Infinity] }])).toEqual([2, 2])
  })

  it('spans the samples on x, at least one second', () => {
    expect(xDomain([1 * S, 4 * S])).toEqual([1 * S, 4 * S])
    expect(xDomain([3 * S, 3 * S])).toEqual([3 * S, 3 * S + MIN_X_SPAN_US])
    expect(xDomain(null)).toEqual([0, MIN_X_SPAN_US])
  })

  it('includes zero for values near it, with nice ends covering the data', () => {
    const [lo, hi] = yDomain([1, 7])
    expect(lo).toBe(0)
    expect(hi).toBeGreaterThanOrEqual(7)
    expect(hi).toBeLessThanOrEqual(10)
  })

  it('zooms on values far from zero, still covering them', () => {
    const [lo, hi] = yDomain([1000, 1010])
    expect(lo).toBeGreaterThan(900)
    expect(lo).toBeLessThanOrEqual(1000)
    expect(hi).toBeGreaterThanOrEqual(1010)
    expect(hi).toBeLessThan(1100)
  })

  it('draws a flat line from zero, a flat zero on the bottom edge, negatives down to zero', () => {
    const [lo, hi] = yDomain([5, 5])
    expect(lo).toBe(0)
    expect(hi).toBeGreaterThan(5)
    expect(yDomain([0, 0])).toEqual([0, 1])
    const neg = yDomain([-8, -2])
    expect(neg[1]).toBe(0)
    expect(neg[0]).toBeLessThanOrEqual(-8)
    expect(yDomain(null)).toEqual([0, 1])
  })

  it('covers values on both sides of zero', () => {
    const [lo, hi] = yDomain([-1, 5])
    expect(lo).toBeLessThanOrEqual(-1)
    expect(hi).toBeGreaterThanOrEqual(5)
  })
})

describe('y ticks', () => {
  it('are d3 nice ticks for fractional data', () => {
    expect(yTicks([0, 1], 5, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('are whole numbers only for whole-number data, at least the whole ends', () => {
    expect(yTicks([0, 1], 5, true)).toEqual([0, 1])
    expect(yTicks([0, 10], 5, true)).toEqual([0, 2, 4, 6, 8, 10])
    expect(yTicks([0, 3], 8, true)).toEqual([0, 1, 2, 3])
    expect(yTicks([2.2, 2.8], 4, true)).toEqual([])
  })

  it('tells whole-number data apart', () => {
    expect(allIntegers([{ v: [1, 2] }, { v: [] }])).toBe(true)
    expect(allIntegers([{ v: [1, 2.5] }])).toBe(false)
  })
})

describe('values at a time', () => {
  const s = { t: [1 * S, 2 * S, 4 * S], v: [10, 20, 40] }

  it('finds the last sample at or before a time', () => {
    expect(indexAtOrBefore(s.t, 0)).toBe(-1)
    expect(indexAtOrBefore(s.t, 1 * S)).toBe(0)
    expect(indexAtOrBefore(s.t, 3 * S)).toBe(1)
    expect(indexAtOrBefore(s.t, 9 * S)).toBe(2)
    expect(valueAt(s, 3.9 * S)).toBe(20)
    expect(valueAt(s, 0.5 * S)).toBeNull()
    expect(latestValue(s)).toBe(40)
    expect(latestValue({ v: [] })).toBeNull()
  })

  it('formats values for the legend', () => {
    expect(formatValue(null)).toBe('—')
    expect(formatValue(12345)).toBe('12,345')
    expect(formatValue(0.5)).toBe('0.5')
    expect(formatValue(2 / 3)).toBe('0.667')
    expect(formatValue(123.456)).toBe('123')
  })
})

describe('decimation for drawing', () => {
  it('leaves a short series as it is', () => {
    const t = [0, 1, 2, 3]
    const v = [5, 6, 7, 8]
    expect(decimate(t, v, (x) => x, 100)).toEqual({ t, v })
  })

  it('keeps at most four points a column, in time order, with every extreme and both ends', () => {
    const n = 4_000
    const t = Array.from({ length: n }, (_, i) => i)
    const v = t.map((i) => Math.round(1000 * Math.sin(i / 37)) + (i === 1234 ? 5000 : 0) - (i === 2345 ? 5000 : 0))
    const columns = 100
    const toPx = (x: number) => (x / n) * columns
    const d = decimate(t, v, toPx, columns)
    expect(d.t.length).toBeLessThanOrEqual(columns * 4)
    expect(d.t.length).toBeGreaterThanOrEqual(columns * 2)
    for (let i = 1; i < d.t.length; i++) expect(d.t[i]!).toBeGreaterThan(d.t[i - 1]!)
    expect(d.t[0]).toBe(0)
    expect(d.t[d.t.length - 1]).toBe(n - 1)
    expect(Math.max(...d.v)).toBe(Math.max(...v))
    expect(Math.min(...d.v)).toBe(Math.min(...v))
    // Every kept point is a real sample.
    d.t.forEach((x, i) => expect(d.v[i]).toBe(v[x]))
    // Per column: that column's min and max are kept.
    for (let c = 0; c < columns; c++) {
      const inCol = t.filter((x) => Math.floor(toPx(x)) === c)
      const kept = d.t.filter((x) => Math.floor(toPx(x)) === c).map((x) => v[x]!)
      expect(Math.max(...kept)).toBe(Math.max(...inCol.map((x) => v[x]!)))
      expect(Math.min(...kept)).toBe(Math.min(...inCol.map((x) => v[x]!)))
    }
  })
})
