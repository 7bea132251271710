import { describe, expect, it } from 'vitest'
import { simUs } from '../../kernel/time'
import { EventLog, SEGMENT_EVENTS, SMALL_SEGMENT_EVENTS } from './log'

const append = (log: EventLog, count: number): void => {
  for (let i = 0; i < count; i++) log.append({ t: simUs(log.nextOffset), layer: 'mythOS', node: null, type: 'x', data: { i: log.nextOffset } })
}

/** get(offset) must agree with a walk over everything held, and miss outside [firstOffset, nextOffset). */
function expectGetAgreesWithAll(log: EventLog): void {
  const held = [...log.all()]
  expect(held.length).toBe(log.size)
  held.forEach((e, i) => {
    expect(e.offset).toBe(log.firstOffset + i)
    expect(log.get(e.offset)).toBe(e)
  })
  expect(log.get(log.firstOffset - 1)).toBeUndefined()
  expect(log.get(log.nextOffset)).toBeUndefined()
  expect(log.get(-1)).toBeUndefined()
}

describe('logOS EventLog.get', () => {
  it('finds every offset across segment boundaries (no retention)', () => {
    const log = new EventLog()
    append(log, 3 * SEGMENT_EVENTS + 7)
    expectGetAgreesWithAll(log)
    expect(log.get(SEGMENT_EVENTS)!.data).toEqual({ i: SEGMENT_EVENTS })
  })

  it('finds every held offset after retention dropped whole segments, and none of the dropped ones', () => {
    const log = new EventLog(SEGMENT_EVENTS + 100)
    for (const step of [SEGMENT_EVENTS - 1, 1, 1, SEGMENT_EVENTS, 2 * SEGMENT_EVENTS + 13]) {
      append(log, step)
      expectGetAgreesWithAll(log)
    }
    expect(log.firstOffset).toBeGreaterThan(0)
    expect(log.firstOffset % SEGMENT_EVENTS).toBe(0)
    expect(log.get(log.firstOffset)!.offset).toBe(log.firstOffset)
    expect(log.get(log.nextOffset - 1)!.offset).toBe(log.nextOffset - 1)
  })

  it('numbers and finds events of a log continued from a snapshot offset, with retention', () => {
    const log = new EventLog(SEGMENT_EVENTS)
    log.skipTo(12_345)
    expect(log.get(12_344)).toBeUndefined()
    append(log, 3 * SEGMENT_EVENTS + 5)
    expect(log.firstOffset).toBeGreaterThan(12_345)
    expectGetAgreesWithAll(log)
  })
})

describe('logOS compaction (Kafka cleanup.policy=compact)', () => {
  const ev = (log: EventLog, node: number, type: string, i: number) => log.append({ t: simUs(log.nextOffset), layer: 'mythOS', node, type, data: { i } })

  it('keeps, of what retention moved out, the last event of each (layer, type, world), in offset order', () => {
    const log = new EventLog(SEGMENT_EVENTS)
    for (let i = 0; i < 3 * SEGMENT_EVENTS; i++) ev(log, i % 3, i % 2 === 0 ? 'a' : 'b', i)
    expect(log.firstOffset).toBe(2 * SEGMENT_EVENTS)
    const c = log.compacted()
    // 3 worlds × 2 types = 6 keys; the last of each before firstOffset.
    expect(c).toHaveLength(6)
    expect(c.map((e) => e.offset)).toEqual([...c.map((e) => e.offset)].sort((a, b) => a - b))
    for (const e of c) {
      expect(e.offset).toBeLessThan(log.firstOffset)
      // No later event of the same key was moved out.
      for (let o = e.offset + 1; o < log.firstOffset; o++) expect(o % 3 === e.node && (o % 2 === 0 ? 'a' : 'b') === e.type).toBe(false)
    }
    expect(log.cleaner.eventsRead).toBe(2 * SEGMENT_EVENTS)
    expect(log.cleaner.eventsDropped).toBe(2 * SEGMENT_EVENTS - 6)
  })

  it('stays bounded by the keys however long the run, and cleans once dirty reaches half', () => {
    const log = new EventLog(0)
    for (let i = 0; i < 20 * SEGMENT_EVENTS; i++) ev(log, i % 5, 'x', i)
    expect(log.compacted()).toHaveLength(5)
    expect(log.cleaner.passes).toBeGreaterThanOrEqual(19)
    expect(log.compacted().map((e) => e.data['i'])).toEqual([0, 1, 2, 3, 4].map((n) => log.firstOffset - 5 + n))
  })
})

describe('logOS segment size (Kafka segment.bytes)', () => {
  it('a log that keeps nothing, on small segments, holds at most one segment and compacts to the same events as on large ones', () => {
    const big = new EventLog(0), small = new EventLog(0, SMALL_SEGMENT_EVENTS)
    let heldMax = 0
    for (let i = 0; i < 3 * SEGMENT_EVENTS + 1_000; i++) {
      for (const log of [big, small]) log.append({ t: simUs(i), layer: i % 2 ? 'mythOS' : 'atmOS', node: i % 7, type: `t${i % 3}`, data: { i } })
      heldMax = Math.max(heldMax, small.size)
    }
    expect(heldMax).toBeLessThanOrEqual(SMALL_SEGMENT_EVENTS)
    expect(big.size).toBeGreaterThan(SMALL_SEGMENT_EVENTS) // the large log still held a segment's worth
    // What each keeps of the past: the last event of each key moved out (the small log moved more out).
    const keyOf = (e: { layer: string; type: string; node: number | null }) => `${e.layer}/${e.type}/${e.node}`
    const lastBefore = (offset: number) => {
      const last = new Map<string, number>()
      for (let i = 0; i < offset; i++) last.set(keyOf({ layer: i % 2 ? 'mythOS' : 'atmOS', type: `t${i % 3}`, node: i % 7 }), i)
      return [...last.values()].sort((a, b) => a - b)
    }
    expect(small.compacted().map((e) => e.offset)).toEqual(lastBefore(small.firstOffset))
    expect(big.compacted().map((e) => e.offset)).toEqual(lastBefore(big.firstOffset))
    expectGetAgreesWithAll(small)
    expect(small.countsByType()).toEqual(big.countsByType())
  })

  it('refuses a segment of no events', () => {
    expect(() => new EventLog(0, 0)).toThrow(/at least one event/)
    expect(() => new EventLog(0, 1.5)).toThrow(/at least one event/)
  })
})
