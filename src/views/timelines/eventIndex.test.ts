import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simUs } from '../../kernel/time'
import type { LayerName } from '../../kernel/types'
import { EventLog, SEGMENT_EVENTS } from '../../layers/logOS/log'
import { LaneIndex } from './eventIndex'

const append = (log: EventLog, t: number, layer: LayerName, type = 'tick') => log.append({ t: simUs(t), layer, node: null, type, data: {} })

describe('LaneIndex', () => {
  it('splits events into lanes, reading only what is new', () => {
    const log = new EventLog()
    const idx = new LaneIndex<LayerName>((e) => e.layer)
    append(log, 10, 'mythOS')
    append(log, 10, 'chaOS', 'fault_injected')
    expect(idx.sync(log)).toBe(true)
    append(log, 20, 'mythOS')
    expect(idx.sync(log)).toBe(true)
    expect(idx.sync(log)).toBe(false)
    expect(idx.lanes.get('mythOS')!.map((e) => e.offset)).toEqual([0, 2])
    expect(idx.lanes.get('chaOS')!.map((e) => e.offset)).toEqual([1])
    expect(Object.fromEntries(idx.typeCounts)).toEqual({ tick: 2, fault_injected: 1 })
    expect(Object.fromEntries(idx.laneTypeCounts.get('chaOS')!)).toEqual({ fault_injected: 1 })
  })

  it('keeps each lane sorted by time even when the log is not', () => {
    const log = new EventLog()
    const idx = new LaneIndex<string>(() => 'all')
    for (const t of [10, 30, 20, 30, 5]) append(log, t, 'atmOS')
    idx.sync(log)
    expect(idx.lanes.get('all')!.map((e) => [e.t, e.offset])).toEqual([[5, 4], [10, 0], [20, 2], [30, 1], [30, 3]])
  })

  it('leaves out what keyOf rejects', () => {
    const log = new EventLog()
    const idx = new LaneIndex<number>((e) => (e.type === 'entry_applied' ? 0 : null))
    append(log, 1, 'mythOS', 'entry_applied')
    append(log, 2, 'mythOS', 'role_changed')
    idx.sync(log)
    expect(idx.size).toBe(1)
  })

  it('prunes what retention dropped and rebuilds for a new log', () => {
    const log = new EventLog(SEGMENT_EVENTS)
    const idx = new LaneIndex<LayerName>((e) => e.layer)
    for (let i = 0; i < SEGMENT_EVENTS; i++) append(log, i, i % 2 ? 'atmOS' : 'mythOS')
    idx.sync(log)
    expect(idx.size).toBe(SEGMENT_EVENTS)
    for (let i = 0; i < 10; i++) append(log, SEGMENT_EVENTS + i, 'chaOS')
    expect(log.firstOffset).toBe(SEGMENT_EVENTS)
    idx.sync(log)
    expect(idx.size).toBe(10)
    expect([...idx.lanes.keys()]).toEqual(['chaOS'])
    expect(Object.fromEntries(idx.typeCounts)).toEqual({ tick: 10 })
    expect([...idx.laneTypeCounts.keys()]).toEqual(['chaOS'])

    const fresh = new EventLog()
    append(fresh, 0, 'cosmOS')
    idx.sync(fresh)
    expect([...idx.lanes.keys()]).toEqual(['cosmOS'])
  })

  it('bumps typesVersion exactly when a lane\'s types change (a new type, the last of one pruned, a new log)', () => {
    const log = new EventLog(SEGMENT_EVENTS)
    const idx = new LaneIndex<LayerName>((e) => e.layer)
    append(log, 0, 'mythOS', 'a')
    idx.sync(log)
    const afterA = idx.typesVersion
    // More of the same type in the same lane: the events changed, the types did not.
    for (let i = 1; i < SEGMENT_EVENTS - 1; i++) append(log, i, 'mythOS', 'a')
    const before = idx.version
    idx.sync(log)
    expect(idx.version).toBeGreaterThan(before)
    expect(idx.typesVersion).toBe(afterA)
    // The same type in another lane is new to that lane.
    append(log, SEGMENT_EVENTS - 1, 'chaOS', 'a')
    idx.sync(log)
    const afterChaos = idx.typesVersion
    expect(afterChaos).toBeGreaterThan(afterA)
    // Retention drops the first segment: mythOS loses its type (and its lane), chaOS gains 'b'.
    append(log, SEGMENT_EVENTS, 'chaOS', 'b')
    append(log, SEGMENT_EVENTS + 1, 'chaOS', 'b')
    expect(log.firstOffset).toBe(SEGMENT_EVENTS)
    idx.sync(log)
    expect(idx.laneTypeCounts.has('mythOS')).toBe(false)
    expect(idx.typesVersion).toBeGreaterThan(afterChaos)
    const afterPrune = idx.typesVersion
    append(log, SEGMENT_EVENTS + 2, 'chaOS', 'b')
    idx.sync(log)
    expect(idx.typesVersion).toBe(afterPrune)
    idx.sync(new EventLog())
    expect(idx.typesVersion).toBeGreaterThan(afterPrune)
  })

  it('pruned as retention moves, it holds exactly what an index built afresh from the retained log holds', () => {
    // Windows of events from four layers, each window's events out of time order (as the log is:
    // window order, then layer order), synced now and then while 16-event segments roll out.
    const layers: LayerName[] = ['atmOS', 'chaOS', 'mythOS', 'karmOS']
    const window = fc.array(fc.record({ layer: fc.nat(3), dt: fc.nat(999), type: fc.constantFrom('a', 'b', 'c') }), { maxLength: 12 })
    fc.assert(
      fc.property(fc.array(fc.tuple(window, fc.boolean()), { minLength: 1, maxLength: 80 }), fc.integer({ min: 16, max: 96 }), (windows, retain) => {
        const log = new EventLog(retain, 16)
        const idx = new LaneIndex<LayerName>((e) => (e.type === 'c' ? null : e.layer))
        const snapshot = (x: LaneIndex<LayerName>) => ({
          lanes: [...x.lanes].map(([k, l]) => [k, l.map((e) => e.offset)] as const).sort(),
          types: [...x.typeCounts].sort(),
          laneTypes: [...x.laneTypeCounts].map(([k, m]) => [k, [...m].sort()] as const).sort(),
        })
        windows.forEach(([events, sync], w) => {
          for (const e of events) append(log, w * 1_000 + e.dt, layers[e.layer]!, e.type)
          if (!sync) return
          idx.sync(log)
          const fresh = new LaneIndex<LayerName>((e) => (e.type === 'c' ? null : e.layer))
          fresh.sync(log)
          expect(snapshot(idx)).toEqual(snapshot(fresh))
          for (const l of idx.lanes.values()) for (let i = 1; i < l.length; i++) expect(l[i - 1]!.t <= l[i]!.t).toBe(true)
        })
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})
