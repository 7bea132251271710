import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { LoggedEvent } from '../kernel/types'
import { MetricsBuffer } from './metricsBuffer'
import { MirrorLog, appendMirrored, truncateMirrored } from './mirrorLog'

const ev = (offset: number): LoggedEvent => ({ offset, t: simUs(offset * 1000), layer: 'mythOS', node: offset % 3, type: 'x', data: {} })
const events = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ev(from + i))

describe('the page’s log and metrics when the run goes back', () => {
  it('keeps the events before the offset, numbered as before, and takes the replayed ones after them', () => {
    const log = appendMirrored(new MirrorLog(100), events(0, 250)) // retention: 150..249 held (whole segments)
    const cut = truncateMirrored(log, 200)
    expect(cut.nextOffset).toBe(200)
    expect([...cut.all()].map((e) => e.offset)).toEqual([...log.all()].map((e) => e.offset).filter((o) => o < 200))
    const again = appendMirrored(cut, events(200, 210))
    expect(again).toBe(cut)
    expect(again.nextOffset).toBe(210)
  })

  it('starts empty at the offset when nothing before it is held, or when it lies beyond what was received', () => {
    const log = appendMirrored(new MirrorLog(50_000), events(0, 10))
    expect(truncateMirrored(log, 0).nextOffset).toBe(0)
    expect(truncateMirrored(log, 0).size).toBe(0)
    const beyond = truncateMirrored(log, 20)
    expect([beyond.nextOffset, beyond.size]).toEqual([20, 0])
  })

  it('forgets metrics samples at and after the moment', () => {
    const m = new MetricsBuffer()
    m.push([1, 2, 3, 4].map((s) => ({ t: simUs(s * 1_000_000), layer: 'mythOS' as const, values: { term: s, perWorld: [s, null] } })))
    m.truncateFrom(3_000_000)
    expect(m.series.get('mythOS.term')!.t).toEqual([1_000_000, 2_000_000])
    expect(m.series.get('mythOS.perWorld#0')!.v).toEqual([1, 2])
    m.truncateFrom(0)
    expect(m.series.size).toBe(0)
  })
})
