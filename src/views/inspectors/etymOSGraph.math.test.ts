import { describe, expect, it } from 'vitest'
import { LAYERS } from '../../layers/index'
import { buildCatalogue } from '../../layers/etymOS/catalogue'
import { layoutGraph, placeLabels } from './etymOSGraph.math'

describe('the catalogue graph layout', () => {
  const { subjects } = buildCatalogue(LAYERS)
  const g = layoutGraph(subjects, 520, 380)

  it('has a node per producer and consumer, one edge per (producer, consumer) pair, and a loop for a wire protocol', () => {
    const ids = g.nodes.map((n) => n.id)
    for (const s of subjects) for (const l of [...s.producers, ...s.consumers]) expect(ids).toContain(l)
    expect(new Set(g.edges.map((e) => `${e.from}→${e.to}`)).size).toBe(g.edges.length)
    const propose = g.edges.find((e) => e.subjects.includes('propose'))!
    expect([propose.from, propose.to]).toEqual(['atmOS', 'mythOS'])
    const loop = g.edges.find((e) => e.from === 'mythOS' && e.to === 'mythOS')!
    expect(loop.label).toMatch(/^\d+ wire kinds$/)
    expect(g.edges.find((e) => e.from === 'user' && e.to === 'mythOS')?.subjects).toContain('transfer_leadership')
  })

  it('keeps every node inside the drawing, apart from each other, and is the same every time', () => {
    for (const n of g.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0)
      expect(n.x).toBeLessThanOrEqual(520)
      expect(n.y).toBeGreaterThanOrEqual(0)
      expect(n.y).toBeLessThanOrEqual(380)
    }
    for (const a of g.nodes) for (const b of g.nodes) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(30)
    expect(JSON.stringify(layoutGraph(subjects, 520, 380))).toBe(JSON.stringify(g))
  })

  it('draws only the layers asked for, on the ring in the given order', () => {
    const order = ['user', ...LAYERS.map((m) => m.name), 'kernel']
    const only = layoutGraph(subjects, 520, 400, order, (n) => ['user', 'kernel', 'atmOS', 'pneumOS', 'mythOS', 'etymOS'].includes(n))
    expect(only.nodes.map((n) => n.id)).toEqual(['user', 'atmOS', 'pneumOS', 'mythOS', 'etymOS', 'kernel'])
    expect(only.edges.every((e) => only.nodes.some((n) => n.id === e.from) && only.nodes.some((n) => n.id === e.to))).toBe(true)
    expect(only.nodes[0]!.angle).toBeCloseTo(-Math.PI / 2)
  })

  it('places edge labels without overlaps, the selected subject first and by name', () => {
    const labels = placeLabels(g, 'propose')
    const i = g.edges.findIndex((e) => e.subjects.includes('propose'))
    expect(labels[i]).toMatch(/^propose( \+\d+)?$/)
    const boxes = labels.flatMap((t, k) => (t === null ? [] : [{ x0: g.edges[k]!.lx - t.length * 3.1, x1: g.edges[k]!.lx + t.length * 3.1, y0: g.edges[k]!.ly - 9, y1: g.edges[k]!.ly + 3 }]))
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false)
    expect(labels.filter((t) => t !== null).length).toBeGreaterThan(3)
  })
})
