import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineLayer } from './layer'
import { LayerRuntime } from './runtime'
import { CLOCK_SET_TYPE, ClockSetMsg, readClock } from './clocks'
import { SCHEMA_REJECTED_TYPE } from './boundary'
import { simUs } from './time'
import type { Delivery, KernelScenario } from './types'

describe('the clock mirror', () => {
  it('reads a segment exactly in integers (rate in ppb, rounded toward −∞)', () => {
    expect(readClock({ baseUs: 0, localUs: 0, ratePpb: 0 }, 1_000_000)).toBe(1_000_000)
    expect(readClock({ baseUs: 1_000_000, localUs: 1_050_000, ratePpb: 100_000 }, 2_000_000)).toBe(2_050_100) // +100 ppm over 1 s
    expect(readClock({ baseUs: 0, localUs: 0, ratePpb: -500_000 }, 3)).toBe(2) // −500 ppm: 3 − 0.0015 → 2
    // Months of run at ±500 ppm stay exact (product below 2⁵³).
    const sixMonthsUs = 180 * 86_400 * 1_000_000
    expect(readClock({ baseUs: 0, localUs: 0, ratePpb: 500_000 }, sixMonthsUs)).toBe(sixMonthsUs + sixMonthsUs / 2_000)
  })

  const scenario: KernelScenario = { seed: 1, quantumUs: 10_000, nodes: { count: 2 }, metricsIntervalMs: 1_000, layers: { probe: {} } }
  const Probe = z.strictObject({ node: z.number().int(), text: z.string() })
  const probe = defineLayer<KernelScenario>()({
    name: 'probe',
    role: 'test',
    reference: 'test',
    settings: z.strictObject({}),
    consumes: { [CLOCK_SET_TYPE]: ClockSetMsg, poke: Probe },
    sends: {},
    interventions: {},
    init: () => ({ seen: [] as number[], pokes: 0 }),
    onMessage(s, msg, ctx) {
      if (msg.type === 'poke') s.pokes++
      s.seen.push(ctx.localUs(1))
    },
    onTimer() {},
    view: (s) => s,
  })
  const delivery = (type: string, data: unknown, at: number, seq = 0): Delivery => ({ from: 'other', at: simUs(at), seq, type, data, deliverAt: simUs(at), recipient: 'probe' })

  it('is applied by the kernel at the delivery instant for layers that consume clock_set, and snapshotted', () => {
    const rt = LayerRuntime.create(probe, scenario)
    rt.runWindow(0, 10_000, [delivery(CLOCK_SET_TYPE, { node: 1, baseUs: 5_000, localUs: 9_000, ratePpb: 0 }, 5_000)])
    expect(rt.peekState().seen).toEqual([9_000])
    expect(rt.localUs(0)).toBe(10_000) // world 0 keeps an ideal clock
    expect(rt.localUs(1)).toBe(14_000)
    const back = LayerRuntime.restore(probe, scenario, rt.snapshot())
    back.runWindow(10_000, 20_000, [])
    rt.runWindow(10_000, 20_000, [])
    expect(back.localUs(1)).toBe(24_000)
    expect(back.localUs(1)).toBe(rt.localUs(1))
  })

  it('with boundary validation on, a malformed delivery is refused and reported, never handed to the layer', () => {
    const rt = LayerRuntime.create(probe, scenario, { boundary: true })
    rt.takeResult()
    const r = rt.runWindow(0, 10_000, [delivery('poke', { node: 1, text: 7 }, 1_000, 0), delivery('poke', { node: 1, text: 'fine' }, 2_000, 1)])
    expect(rt.peekState().pokes).toBe(1)
    expect(r.outbox).toHaveLength(1)
    expect(r.outbox[0]).toMatchObject({ type: SCHEMA_REJECTED_TYPE, data: { layer: 'probe', type: 'poke', from: 'other', path: 'text', node: 1, boundary: 'layer' } })
    // Off: the kernel hands it over as it is (the layer's own schema is only checked at send in tests).
    const off = LayerRuntime.create(probe, scenario)
    off.runWindow(0, 10_000, [delivery('poke', { node: 1, text: 7 }, 1_000)])
    expect(off.peekState().pokes).toBe(1)
  })
})
