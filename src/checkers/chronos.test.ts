import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, Observation } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { clockSyncChecker, hlcChecker } from './chronos'

const scenario = ScenarioSchema.parse({ seed: 77, nodes: { count: 5 }, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS'] })
const obs = (t: number, type: string, data: JsonObject, layer: LayerName = 'mythOS'): Observation => ({ t: simUs(t), layer, type, data })
const sent = (t: number, id: number, from: number, to: number, l: number, c: number, layer?: LayerName) => obs(t, 'packet_sent', { id, from, to, l, c }, layer)
const got = (t: number, id: number, from: number, to: number, l: number, c: number, layer?: LayerName) => obs(t, 'packet_delivered', { id, from, to, sentUs: 0, l, c }, layer)

function run(history: Observation[], factory = hlcChecker) {
  const c = factory(scenario)
  for (const o of history) c.onObservation!(o)
  return c.violations()
}

describe('HLC checker', () => {
  it('accepts a causal history: stamps rise per process and every receive is after its send', () => {
    expect(run([
      sent(1_000, 1, 0, 1, 1_000, 0), got(2_000, 1, 0, 1, 1_990, 0),
      sent(2_000, 2, 1, 0, 1_990, 1), got(2_500, 2, 1, 0, 2_500, 0),
      // The same world in another layer is another process: its own clock.
      sent(2_500, 1, 0, 2, 100, 0, 'chronOS'),
    ])).toEqual([])
  })

  it('finds a process whose HLC goes back', () => {
    const v = run([sent(1_000, 1, 0, 1, 5_000, 3), sent(2_000, 2, 0, 2, 4_999, 9)])
    expect(v.length).toBe(1)
    expect(v[0]!.message).toMatch(/HLC of mythOS on world 0 went back/)
    expect(v[0]!.seed).toBe(77)
  })

  it('finds a stamp that does not advance (two events with the same (l, c))', () => {
    expect(run([sent(1_000, 1, 0, 1, 5_000, 3), got(1_200, 9, 3, 0, 5_000, 3)]).length).toBe(1)
  })

  it('finds a receive stamped before its send', () => {
    const v = run([sent(1_000, 7, 0, 1, 9_000, 2), got(1_500, 7, 0, 1, 8_999, 0)])
    expect(v.length).toBe(1)
    expect(v[0]!.message).toMatch(/receive before its send: mythOS packet 7 0>1/)
  })

  it('links sends and receives per layer (equal ids of two layers are different packets)', () => {
    expect(run([sent(1_000, 7, 0, 1, 9_000, 2, 'chronOS'), got(1_500, 7, 0, 1, 1_500, 0)])).toEqual([])
  })
})

describe('clock sync checker', () => {
  const sync = (t: number, node: number, offsetUs: number, rootDistanceUs: number, synced: boolean) => obs(t, 'clock_sync', { node, offsetUs, rootDistanceUs, synced }, 'chronOS')

  it('accepts synchronised worlds within their root distance, and unsynchronised ones anywhere', () => {
    expect(run([sync(1_000_000, 1, 900, 1_000, true), sync(1_000_000, 2, -1_000, 1_000, true), sync(2_000_000, 3, 90_000, 500, false)], clockSyncChecker)).toEqual([])
  })

  it('finds a synchronised world beyond its root distance, naming world, time and offset', () => {
    const v = run([sync(3_500_000, 4, -1_201, 1_200, true)], clockSyncChecker)
    expect(v.length).toBe(1)
    expect(v[0]!.t).toBe(3_500_000)
    expect(v[0]!.message).toMatch(/world 4 claims to be synchronised at .*3\.5.* -1201 µs off cosmic time, beyond its root distance 1200 µs/)
  })
})
