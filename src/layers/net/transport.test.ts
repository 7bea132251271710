import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simUs } from '../../kernel/time'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { delivery, fakeContext } from './__tests__/helpers'
import { applyNetAnnouncement, chaosNetParams, createNetState, deliverable, flushNetStats, linkKey, linkOf, NET_STATS_STRIDE, partitioned, propagationFloorUs, transmit } from './transport'

const quiet = { entropy: 0 }
/** A scenario; `chaos` is chaOS's settings slice (its sliders), quiet unless given. */
const scenario = (over: ScenarioInput = {}, chaos: Partial<Scenario['layers']['chaOS']> = {}): Scenario =>
  ScenarioSchema.parse({ seed: 11, ...over, layers: { ...over.layers, chaOS: { ...quiet, ...chaos } } })

/** Send `count` packets on a→b, one every 1 ms, and collect what happened. */
function blast(s: Scenario, a: number, b: number, count: number) {
  const net = createNetState(s)
  const ctx = fakeContext(s)
  const delays: number[] = []
  let lost = 0
  let copies = 0
  for (let i = 0; i < count; i++) {
    ctx.now = simUs(i * 1_000)
    const times = transmit(net, ctx, a, b, 200)
    if (times.length === 0) lost++
    if (times.length === 2) copies++
    for (const t of times) delays.push(t - ctx.now)
  }
  return { net, delays, lost, copies }
}

describe('transport (pneumOS model)', () => {
  it('never delivers faster than the propagation floor, whatever the jitter (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom('none', 'uniform', 'normal'),
        fc.integer({ min: 0, max: 50_000 }),
        (seed, count, jitterDistribution, jitterUs) => {
          const s = scenario({ seed, nodes: { count, layout: 'random' }, layers: { pneumOS: { jitterDistribution, jitterUs, baseLatencyUs: 0 } } }, { entropy: 1, jitterMs: 30, lossRate: 0 })
          const net = createNetState(s)
          const ctx = fakeContext(s)
          for (let a = 0; a < count; a++)
            for (let b = 0; b < count; b++) {
              if (a === b) continue
              for (const t of transmit(net, ctx, a, b, 1_000)) expect(t - ctx.now).toBeGreaterThanOrEqual(propagationFloorUs(net, a, b))
            }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('derives the floor from distance at ~4.9 µs/km (light in fibre)', () => {
    const s = scenario({ nodes: { count: 2, layout: 'ring', spreadKm: 10_000 } })
    const net = createNetState(s)
    // Two worlds on a ring of radius 10 000 km sit ~20 000 km apart: ~98 ms.
    expect(propagationFloorUs(net, 0, 1)).toBeGreaterThan(97_000)
    expect(propagationFloorUs(net, 0, 1)).toBeLessThan(99_000)
    expect(propagationFloorUs(net, 0, 1)).toBe(propagationFloorUs(net, 1, 0))
  })

  it('loses packets at the configured rate (10 000 packets, ±2%)', () => {
    const r = blast(scenario({ layers: { pneumOS: { lossRate: 0.1 } } }), 0, 1, 10_000)
    const rate = r.lost / 10_000
    console.info(`measured loss rate ${rate.toFixed(4)} (configured 0.1000)`)
    expect(Math.abs(rate - 0.1)).toBeLessThan(0.02)
    expect(r.net.counters[linkKey(r.net.n, 0, 1)]).toEqual([10_000, 0, r.lost, r.copies])
  })

  it("adds chaOS's loss, scaled by entropy, to the baseline", () => {
    // baseline 0.05 + chaos 0.2 × entropy 0.5 = 0.15
    const r = blast(scenario({ layers: { pneumOS: { lossRate: 0.05 } } }, { entropy: 0.5, lossRate: 0.2, duplicateRate: 0, reorderRate: 0 }), 1, 2, 10_000)
    const rate = r.lost / 10_000
    console.info(`measured loss rate ${rate.toFixed(4)} (configured 0.05 + 0.2 × 0.5 = 0.1500)`)
    expect(Math.abs(rate - 0.15)).toBeLessThan(0.02)
  })

  it('duplicates packets at the configured rate (10 000 packets, ±1.5%)', () => {
    const r = blast(scenario({ layers: { pneumOS: { duplicateRate: 0.05 } } }), 0, 1, 10_000)
    const rate = r.copies / 10_000
    console.info(`measured duplication rate ${rate.toFixed(4)} (configured 0.0500)`)
    expect(Math.abs(rate - 0.05)).toBeLessThan(0.015)
    expect(r.delays.length).toBe(10_000 + r.copies)
  })

  it('reorders: with a reorder rate some later packets overtake earlier ones', () => {
    const s = scenario({ layers: { pneumOS: { reorderRate: 0.2, jitterDistribution: 'none' } } })
    const r = blast(s, 0, 1, 1_000)
    const arrivals = r.delays.map((d, i) => d + i * 1_000)
    let overtaken = 0
    for (let i = 1; i < arrivals.length; i++) if (arrivals[i]! < arrivals[i - 1]!) overtaken++
    expect(overtaken).toBeGreaterThan(50)
    const none = blast(scenario({ layers: { pneumOS: { jitterDistribution: 'none' } } }), 0, 1, 1_000)
    expect(new Set(none.delays).size).toBe(1) // no jitter, no reordering: one constant delay
  })

  it('cuts traffic across a partition, drops packets in flight, and heal restores it', () => {
    const s = scenario({ nodes: { count: 5 } })
    const net = createNetState(s)
    const ctx = fakeContext(s)
    const inFlight = transmit(net, ctx, 0, 3, 100)
    expect(inFlight.length).toBe(1)
    applyNetAnnouncement(net, delivery('mythOS', 'partition_start', { id: 1, groups: [[0, 1], [2, 3, 4]] }, 10))
    expect(partitioned(net, 0, 3)).toBe(true)
    expect(partitioned(net, 0, 1)).toBe(false)
    ctx.now = simUs(inFlight[0]!)
    expect(deliverable(net, ctx, 0, 3, 0)).toBe(false) // cut while in flight
    expect(transmit(net, ctx, 0, 3, 100)).toEqual([])
    expect(transmit(net, ctx, 3, 0, 100)).toEqual([])
    expect(transmit(net, ctx, 2, 4, 100).length).toBe(1) // same side
    applyNetAnnouncement(net, delivery('mythOS', 'partition_heal', { id: 1 }, 20))
    expect(partitioned(net, 0, 3)).toBe(false)
    const after = transmit(net, ctx, 0, 3, 100)
    expect(after.length).toBe(1)
    ctx.now = simUs(after[0]!)
    expect(deliverable(net, ctx, 0, 3, 0)).toBe(true)
    expect(ctx.observations.at(-1)).toMatchObject({ type: 'packet_delivered', data: { from: 0, to: 3, sentUs: 0 } })
  })

  it('treats unlisted worlds as one more group, and heal with id null heals everything', () => {
    const s = scenario({ nodes: { count: 5 } })
    const net = createNetState(s)
    applyNetAnnouncement(net, delivery('mythOS', 'partition_start', { id: 1, groups: [[4]] }, 10))
    applyNetAnnouncement(net, delivery('mythOS', 'partition_start', { id: 2, groups: [[0], [1, 2, 3, 4]] }, 10))
    expect(partitioned(net, 4, 0)).toBe(true)
    expect(partitioned(net, 1, 2)).toBe(false)
    expect(partitioned(net, 0, 1)).toBe(true)
    applyNetAnnouncement(net, delivery('mythOS', 'partition_heal', { id: null }, 20))
    expect(net.partitions).toEqual([])
  })

  it('says what each announcement changed (all truthy), and false for a message that is not one', () => {
    const net = createNetState(scenario({ nodes: { count: 5 } }))
    const start = (id: number, groups: number[][]) => applyNetAnnouncement(net, delivery('mythOS', 'partition_start', { id, groups }, 10))
    const heal = (id: number | null) => applyNetAnnouncement(net, delivery('mythOS', 'partition_heal', { id }, 20))
    expect(start(1, [[4]])).toEqual({ kind: 'started', partition: { id: 1, kind: 'groups', groups: [[4]] } })
    expect(start(2, [[0], [1, 2]])).toEqual({ kind: 'started', partition: { id: 2, kind: 'groups', groups: [[0], [1, 2]] } })
    expect(heal(7)).toEqual({ kind: 'healed', partitions: [] })
    expect(heal(1)).toEqual({ kind: 'healed', partitions: [{ id: 1, kind: 'groups', groups: [[4]] }] })
    expect(start(3, [[3]])).toBeTruthy()
    expect(heal(null)).toEqual({ kind: 'healed', partitions: [{ id: 2, kind: 'groups', groups: [[0], [1, 2]] }, { id: 3, kind: 'groups', groups: [[3]] }] })
    expect(net.partitions).toEqual([])
    expect(applyNetAnnouncement(net, delivery('mythOS', 'net_params', { params: net.chaos }, 30))).toBe('applied')
    // A world's life is not the network's: world_status goes to the kernel's mirror, not here.
    expect(applyNetAnnouncement(net, delivery('mythOS', 'world_status', { node: 1, from: 'up', status: 'crashed', reason: 'x', requester: 'chaOS' }, 30))).toBe(false)
    expect(applyNetAnnouncement(net, delivery('mythOS', 'propose', { node: 1 }, 30))).toBe(false)
    const ideal = createNetState(scenario({ network: 'aetherOS' }))
    expect(applyNetAnnouncement(ideal, delivery('mythOS', 'partition_start', { id: 1, groups: [[4]] }, 10))).toBe('ignored')
    expect(applyNetAnnouncement(ideal, delivery('mythOS', 'partition_heal', { id: null }, 20))).toBe('ignored')
    expect(ideal.partitions).toEqual([])
  })

  it('cuts exactly the links a majorities-ring cuts, in flight too, and heals it by id', () => {
    const s = scenario({ nodes: { count: 5 } })
    const net = createNetState(s)
    const ctx = fakeContext(s)
    const inFlight = transmit(net, ctx, 3, 4, 100)
    // Ring 3-0-4-1-2, reach 1: 3 reaches 0 and 2; 4 reaches 0 and 1.
    const change = applyNetAnnouncement(net, delivery('mythOS', 'partition_start', { id: 5, kind: 'ring', order: [3, 0, 4, 1, 2], reach: 1 }, 10))
    expect(change).toEqual({ kind: 'started', partition: { id: 5, kind: 'ring', order: [3, 0, 4, 1, 2], reach: 1 } })
    ctx.now = simUs(inFlight[0]!)
    expect(deliverable(net, ctx, 3, 4, 0)).toBe(false) // cut while in flight
    const cut = [[3, 4], [3, 1], [0, 1], [0, 2], [4, 2]]
    for (let a = 0; a < 5; a++)
      for (let b = 0; b < 5; b++) {
        if (a === b) continue
        const isCut = cut.some(([x, y]) => (x === a && y === b) || (x === b && y === a))
        expect(partitioned(net, a, b), `${a}–${b}`).toBe(isCut)
        expect(transmit(net, ctx, a, b, 100).length === 0, `${a}>${b}`).toBe(isCut)
      }
    expect(applyNetAnnouncement(net, delivery('mythOS', 'partition_heal', { id: 5 }, 20))).toMatchObject({ kind: 'healed', partitions: [{ id: 5, kind: 'ring' }] })
    expect(partitioned(net, 3, 4)).toBe(false)
  })

  it("rejects malformed announcements ('rejected'), changing nothing", () => {
    const net = createNetState(scenario({ nodes: { count: 5 } }))
    const send = (type: string, data: Record<string, unknown>) => applyNetAnnouncement(net, delivery('mythOS', type, data as never, 10))
    expect(send('partition_start', { id: 1, kind: 'ring', order: [0, 1, 2], reach: 1 })).toBe('rejected') // not every world
    expect(send('partition_start', { id: 1, kind: 'groups', groups: [[0, 1], [1]] })).toBe('rejected')
    expect(send('partition_start', { id: 'x', groups: [[0]] })).toBe('rejected')
    expect(send('partition_start', { id: 1, kind: 'star', groups: [[0]] })).toBe('rejected')
    expect(send('partition_heal', { id: 'all' })).toBe('rejected')
    expect(net.partitions).toEqual([])
  })

  it('reads who is up from the lifecycle mirror: a crashed or booting world neither sends nor receives, a draining or quarantined one does', () => {
    const s = scenario()
    const net = createNetState(s)
    const ctx = fakeContext(s)
    for (const status of ['crashed', 'restarting', 'decommissioned'] as const) {
      ctx.worlds[2] = status
      expect(transmit(net, ctx, 2, 0, 100)).toEqual([])
      expect(transmit(net, ctx, 0, 2, 100)).toEqual([])
    }
    const inFlight = (ctx.worlds[2] = 'up', transmit(net, ctx, 0, 2, 100))
    expect(inFlight.length).toBe(1)
    ctx.worlds[2] = 'crashed' // it crashes while the packet is in flight: lost on arrival
    expect(deliverable(net, ctx, 0, 2, 0)).toBe(false)
    for (const status of ['draining', 'quarantined'] as const) {
      ctx.worlds[2] = status
      expect(transmit(net, ctx, 0, 2, 100).length).toBe(1)
      expect(deliverable(net, ctx, 0, 2, 0)).toBe(true)
    }
  })

  it('gives the same delivery times for the same seed, and different ones for another seed', () => {
    const s = scenario({}, { entropy: 1 })
    const a = blast(s, 0, 1, 500)
    const b = blast(s, 0, 1, 500)
    expect(a.delays).toEqual(b.delays)
    const c = blast({ ...s, seed: 12 }, 0, 1, 500)
    expect(c.delays).not.toEqual(a.delays)
  })

  it("draws from one stream per sending world ('net:<from>'), not one per link", () => {
    const s = scenario({ nodes: { count: 6 } }, { entropy: 1 })
    const net = createNetState(s)
    const ctx = fakeContext(s)
    const streams = new Set<string>()
    const rng = ctx.rng.bind(ctx)
    ctx.rng = (stream = '') => (streams.add(stream), rng(stream))
    for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) if (a !== b) transmit(net, ctx, a, b, 100)
    expect([...streams].sort()).toEqual(['net:0', 'net:1', 'net:2', 'net:3', 'net:4', 'net:5'])
  })

  it("never lets one sender's traffic shift another sender's draws (traffic on 0→1 leaves 2→3 alone)", () => {
    const s = scenario({}, { entropy: 1 })
    const busy = { net: createNetState(s), ctx: fakeContext(s) }
    const lone = { net: createNetState(s), ctx: fakeContext(s) }
    const busyTimes: number[] = []
    const loneTimes: number[] = []
    for (let i = 0; i < 300; i++) {
      busy.ctx.now = lone.ctx.now = simUs(i * 1_000)
      for (let k = 0; k < i % 4; k++) transmit(busy.net, busy.ctx, 0, 1, 100) // extra traffic elsewhere
      busyTimes.push(...transmit(busy.net, busy.ctx, 2, 3, 100), -1)
      loneTimes.push(...transmit(lone.net, lone.ctx, 2, 3, 100), -1)
    }
    expect(busyTimes).toEqual(loneTimes)
  })

  it('keeps integer link counters and flushes them as one flat net_stats report, then starts again', () => {
    const s = scenario({ nodes: { count: 5 }, layers: { pneumOS: { lossRate: 0.3, duplicateRate: 0.2 } } })
    const net = createNetState(s)
    const ctx = fakeContext(s, 'chronOS')
    const expected = new Map<number, number[]>()
    for (let i = 0; i < 300; i++) {
      const [from, to] = [i % 5, (i * 7 + 1) % 5]
      if (from === to) continue
      ctx.now = simUs(i * 1_000)
      const times = transmit(net, ctx, from, to, 100)
      const c = expected.get(linkKey(5, from, to)) ?? [0, 0, 0, 0]
      c[0]!++
      if (times.length === 0) c[2]!++
      if (times.length === 2) c[3]!++
      for (const t of times) {
        ctx.now = simUs(t)
        if (deliverable(net, ctx, from, to, i * 1_000)) c[1]!++
      }
      expected.set(linkKey(5, from, to), c)
    }
    expect(Object.keys(net.counters).every((k) => Number.isInteger(Number(k)))).toBe(true)
    flushNetStats(net, ctx)
    expect(ctx.sent.length).toBe(1)
    const { type, data } = ctx.sent[0]!
    const report = data as { layer: string; links: number[] }
    expect([type, report.layer]).toEqual(['net_stats', 'chronOS'])
    const links = report.links
    expect(links.length % NET_STATS_STRIDE).toBe(0)
    const got = new Map<number, number[]>()
    for (let i = 0; i < links.length; i += NET_STATS_STRIDE) got.set(linkKey(5, links[i]!, links[i + 1]!), links.slice(i + 2, i + NET_STATS_STRIDE))
    expect(got).toEqual(expected)
    expect(linkOf(5, linkKey(5, 3, 4))).toEqual([3, 4])
    expect(net.counters).toEqual({})
    flushNetStats(net, ctx) // nothing new: no message
    expect(ctx.sent.length).toBe(1)
  })

  it('scales chaOS parameters by entropy', () => {
    const p = chaosNetParams(scenario({}, { entropy: 0.5, latencyMultiplier: 3, jitterMs: 20, lossRate: 0.1 }).layers.chaOS, false)
    expect(p.latencyMultiplier).toBe(2)
    expect(p.jitterUs).toBe(10_000)
    expect(p.lossRate).toBe(0.05)
  })
})

describe('transport (aetherOS model)', () => {
  it('delivers every packet after the one constant latency: no loss, no jitter, no partitions', () => {
    const s = scenario({ network: 'aetherOS', layers: { aetherOS: { latencyUs: 250 }, pneumOS: { lossRate: 0.5, jitterUs: 10_000 } } }, { entropy: 1 })
    const r = blast(s, 0, 4, 2_000)
    expect(r.lost).toBe(0)
    expect(r.copies).toBe(0)
    expect(new Set(r.delays)).toEqual(new Set([250]))
    applyNetAnnouncement(r.net, delivery('mythOS', 'partition_start', { id: 1, groups: [[0], [1, 2, 3, 4]] }, 0))
    expect(r.net.partitions).toEqual([])
    expect(propagationFloorUs(r.net, 0, 4)).toBe(0)
  })
})
