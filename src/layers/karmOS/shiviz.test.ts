import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers } from '../../scenario/schema'
import { SHIVIZ_REGEX, ShivizCollector, formatShiviz, type StampedEvent } from './shiviz'

/** Parse a log the way ShiViz does: its first line is the regex, applied to the rest. */
function parse(log: string): { event: string; host: string; clock: Record<string, number> }[] {
  const [first, blank, ...rest] = log.split('\n')
  expect(first).toBe(SHIVIZ_REGEX)
  expect(blank).toBe('')
  const re = new RegExp(first!, 'gm')
  const body = rest.filter((l) => !l.startsWith('#')).join('\n')
  return [...body.matchAll(re)].map((m) => ({ event: m.groups!['event']!, host: m.groups!['host']!, clock: JSON.parse(m.groups!['clock']!) as Record<string, number> }))
}

/** Every host's own counter goes 1, 2, 3 … over its events. */
function consecutive(events: ReturnType<typeof parse>): boolean {
  const last = new Map<string, number>()
  for (const e of events) {
    const own = e.clock[e.host]
    if (own !== (last.get(e.host) ?? 0) + 1) return false
    last.set(e.host, own)
  }
  return true
}

describe('ShiViz log', () => {
  it('formats events its own regex parses, with consecutive per-host counters', () => {
    const es: StampedEvent[] = [
      { kind: 'send', layer: 'mythOS', world: 0, peer: 1, id: 1, tUs: 10, vc: [1, 0] },
      { kind: 'recv', layer: 'mythOS', world: 1, peer: 0, id: 1, tUs: 20, vc: [1, 1] },
      { kind: 'send', layer: 'mythOS', world: 1, peer: 0, id: 2, tUs: 30, vc: [1, 2] },
      { kind: 'recv', layer: 'mythOS', world: 0, peer: 1, id: 2, tUs: 40, vc: [2, 2] },
    ]
    const p = parse(formatShiviz(es))
    expect(p).toHaveLength(4)
    expect(p[1]).toEqual({ event: 'recv mythOS #1 w0 → w1 @ 20 µs', host: 'w1.mythOS', clock: { 'w0.mythOS': 1, 'w1.mythOS': 1 } })
    expect(consecutive(p)).toBe(true)
    expect(consecutive(parse(formatShiviz([es[0]!, es[0]!])))).toBe(false)
  })

  it('a whole run with karmOS: every stamped send and receive is logged and parses', async () => {
    const scenario = ScenarioSchema.parse({ seed: 2, nodes: { count: 5 }, run: ['atmOS', 'chaOS', 'mythOS', 'karmOS'], layers: { chaOS: { entropy: 1 } } })
    const col = new ShivizCollector()
    const r = await runInProcessWith(scenario, { untilUs: 5_000_000, registry, layers: activeLayers(scenario), checkers: [...allCheckers(scenario), col] })
    expect(r.violations).toEqual([])
    const p = parse(col.text())
    expect(p.length).toBe(col.events.length)
    expect(p.length).toBeGreaterThan(100)
    expect(new Set(p.map((e) => e.host.split('.')[1]))).toEqual(new Set(['mythOS', 'karmOS']))
    expect(consecutive(p)).toBe(true)
  })
})
