import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent, Observation } from '../kernel/types'
import { createNetState, propagationFloorUs } from '../layers/net/transport'
import { ScenarioSchema, type Scenario } from '../scenario/schema'
import { networkChecker } from './network'

const scenario = (over: Record<string, unknown> = {}): Scenario => ScenarioSchema.parse({ seed: 21, nodes: { count: 5 }, ...over })
let offset = 0
const event = (t: number, type: string, data: JsonObject, layer: LayerName = 'pneumOS'): LoggedEvent => ({ t: simUs(t), layer, node: null, type, data, offset: offset++ })
const packet = (t: number, from: number, to: number, sentUs: number): Observation => ({ t: simUs(t), layer: 'mythOS', type: 'packet_delivered', data: { from, to, sentUs } })
const SPLIT = [[0, 1], [2, 3, 4]]

/** Feed a history in time order, events before observations at equal times (as the kernel does). */
function check(s: Scenario, history: (LoggedEvent | Observation)[], windowUs?: number) {
  const c = networkChecker(s)
  for (const h of history) {
    if ('offset' in h) c.onEvent(h)
    else c.onObservation!(h)
    if (windowUs) c.onTime!(simUs(Math.ceil((h.t + 1) / windowUs) * windowUs))
  }
  c.finish!(simUs(100_000_000))
  return c.violations()
}

describe('network checker', () => {
  const s = scenario()
  const floor = propagationFloorUs(createNetState(s), 0, 3)
  const late = floor + 5_000

  it('finds a delivery across an active partition, naming the packet, the link and the partition', () => {
    const v = check(s, [event(1_000_000, 'partition_started', { id: 4, groups: SPLIT }), packet(1_500_000, 0, 3, 1_500_000 - late)])
    expect(v.length).toBe(1)
    expect(v[0]!.message).toMatch(/packet 0>3 of mythOS/)
    expect(v[0]!.message).toMatch(/partition #4/)
    expect(v[0]!.message).toMatch(/\[\[0,1\],\[2,3,4\]\]/)
    expect(v[0]!.checker).toBe('network')
    expect(v[0]!.seed).toBe(21)
    expect(v[0]!.t).toBe(1_500_000)
  })

  it('finds a delivery across a partition even when the window hands it over before the partition event', () => {
    const c = networkChecker(s)
    c.onObservation!(packet(1_500_000, 3, 0, 1_500_000 - late))
    c.onEvent(event(1_000_000, 'partition_started', { id: 1, groups: SPLIT }))
    c.onTime!(simUs(1_510_000))
    expect(c.violations().length).toBe(1)
  })

  it('accepts deliveries on one side, after the heal, and at the exact instants of start and heal', () => {
    const v = check(s, [
      packet(900_000, 0, 3, 900_000 - late),
      event(1_000_000, 'partition_started', { id: 1, groups: SPLIT }),
      packet(1_000_000, 0, 3, 1_000_000 - late), // tie with the start: the layer may have handled it first
      packet(1_200_000, 2, 4, 1_100_000), // same side
      packet(1_300_000, 0, 1, 1_200_000),
      event(2_000_000, 'partition_healed', { id: 1, groups: SPLIT }),
      packet(2_000_000, 3, 0, 2_000_000 - late), // tie with the heal
      packet(2_500_000, 3, 0, 2_500_000 - late),
    ], 10_000)
    expect(v).toEqual([])
  })

  it('treats unlisted worlds as one more group', () => {
    const v = check(s, [event(1_000, 'partition_started', { id: 1, groups: [[4]] }), packet(500_000, 4, 1, 500_000 - late), packet(600_000, 0, 1, 500_000)])
    expect(v.length).toBe(1)
    expect(v[0]!.message).toMatch(/packet 4>1/)
  })

  it('finds a delivery between two worlds an active majorities-ring cuts, and none between two it keeps', () => {
    // Ring 3-0-4-1-2, reach 1: 3 reaches 0 and 2 (its ring neighbours) but not 4 or 1.
    const ring = { id: 6, kind: 'ring', order: [3, 0, 4, 1, 2], reach: 1 }
    const cut = check(s, [event(1_000_000, 'partition_started', ring), packet(1_500_000, 3, 4, 1_500_000 - late)])
    expect(cut.length).toBe(1)
    expect(cut[0]!.message).toMatch(/packet 3>4 of mythOS/)
    expect(cut[0]!.message).toMatch(/partition #6 \(majorities-ring \[3,0,4,1,2\], reach 1\)/)
    const kept = check(s, [
      event(1_000_000, 'partition_started', ring),
      packet(1_500_000, 3, 0, 1_500_000 - late),
      packet(1_500_000, 2, 3, 1_500_000 - late), // across the ring's seam: neighbours
      packet(1_600_000, 4, 1, 1_600_000 - late),
      event(2_000_000, 'partition_healed', ring),
      packet(2_500_000, 3, 4, 2_500_000 - late), // after the heal
    ], 10_000)
    expect(kept).toEqual([])
  })

  it('reports a malformed partition event (a ring that does not list every world)', () => {
    const v = check(s, [event(1_000, 'partition_started', { id: 2, kind: 'ring', order: [0, 1, 2], reach: 1 })])
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/partition_started #2 at 1000 µs is malformed/)])
  })

  it('finds a packet faster than its propagation floor, naming the floor', () => {
    const v = check(s, [packet(1_000_000, 0, 3, 1_000_000 - floor + 1), packet(2_000_000, 0, 3, 2_000_000 - floor)])
    expect(v.length).toBe(1)
    expect(v[0]!.message).toContain(`faster than the propagation floor of link 0>3 (${floor} µs)`)
  })

  it('on aetherOS accepts any non-negative delay but not a packet delivered before it was sent', () => {
    const ideal = scenario({ network: 'aetherOS' })
    expect(check(ideal, [packet(1_000, 0, 3, 900)])).toEqual([])
    expect(check(ideal, [packet(1_000, 0, 3, 1_001)]).length).toBe(1)
  })

  it('reports a delivery naming a world that does not exist; a heal of an unknown partition is not a violation', () => {
    const v = check(s, [event(1_000, 'partition_healed', { id: 9, groups: SPLIT }), packet(2_000, 0, 7, 0)])
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/link 0>7 names a world that does not exist/)])
  })
})
