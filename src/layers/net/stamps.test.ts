import { describe, expect, it } from 'vitest'
import { simUs } from '../../kernel/time'
import { ScenarioSchema, type ScenarioInput } from '../../scenario/schema'
import { fakeContext } from './__tests__/helpers'
import { createNetState, receiveWire, sendWire } from './transport'
import { RaftWireSchema } from '../mythOS/messages'
import { createStampState, hlcReceive, hlcSend, VECTOR_CLOCK_MAX_WORLDS } from './stamps'

/** A scenario that runs `run` (set after parsing: the transport only reads the list). */
const scenario = ({ run, ...input }: ScenarioInput) => ({ ...ScenarioSchema.parse({ network: 'aetherOS', ...input, run: ['atmOS', 'mythOS'] }), run: run ?? ['atmOS', 'mythOS'] })

describe('hybrid logical clocks (Kulkarni et al. 2014, Fig. 5)', () => {
  it('send: l = max(l, pt); c counts events within one l', () => {
    const st = createStampState(scenario({ run: ['atmOS', 'mythOS'] }))
    expect(st).toBeNull() // neither chronOS nor karmOS runs: nothing is stamped
    const s = { hlc: true, hl: [0, 0], hc: [0, 0], vc: null, nextId: 1 }
    expect(hlcSend(s, 0, 100)).toEqual([100, 0])
    expect(hlcSend(s, 0, 100)).toEqual([100, 1]) // the physical clock did not move
    expect(hlcSend(s, 0, 90)).toEqual([100, 2]) // nor back: it stepped back, l holds
    expect(hlcSend(s, 0, 150)).toEqual([150, 0])
  })

  it('receive: l = max(l, lm, pt) and c by which of them won', () => {
    const s = { hlc: true, hl: [0, 200], hc: [0, 4], vc: null, nextId: 1 }
    expect(hlcReceive(s, 1, 100, 200, 7)).toEqual([200, 8]) // l and lm tie: max(c, cm) + 1
    expect(hlcReceive(s, 1, 100, 150, 9)).toEqual([200, 9]) // own l wins: c + 1
    expect(hlcReceive(s, 1, 100, 300, 2)).toEqual([300, 3]) // the message's l wins: cm + 1
    expect(hlcReceive(s, 1, 400, 300, 2)).toEqual([400, 0]) // the physical clock wins
  })
})

describe('stamps on the network channel', () => {
  it('ride on packets while chronOS / karmOS run: HLC and vector clocks, receive after send', () => {
    const s = scenario({ run: ['atmOS', 'chronOS', 'mythOS', 'karmOS'], nodes: { count: 3 } })
    const ctx = fakeContext(s)
    const net = createNetState(s)
    expect(net.stamps?.hlc).toBe(true)
    expect(net.stamps?.vc?.length).toBe(3)
    const m = { t: 'hb' as const, from: 0, to: 1, term: 1, commit: 0 }
    ctx.now = simUs(1_000)
    const a = sendWire(net, ctx, 0, 1, 100, m)
    expect(a.meta.s).toMatchObject({ id: 1, l: 1_000, c: 0, vc: [1, 0, 0] })
    ctx.now = simUs(a.times[0]!)
    expect(receiveWire(net, ctx, 0, 1, 1_000, a.meta, a.payload, RaftWireSchema, 'hb')).toBe(true)
    const got = ctx.observations.filter((o) => o.type === 'packet_delivered').at(-1)!.data
    expect(got).toMatchObject({ id: 1, vc: [1, 1, 0] })
    expect([got['l'], got['c']]).toEqual([Math.max(1_000, ctx.now), ctx.now > 1_000 ? 0 : 1])
    expect(ctx.observations.filter((o) => o.type === 'packet_sent').map((o) => o.data)).toEqual([{ id: 1, from: 0, to: 1, l: 1_000, c: 0, vc: [1, 0, 0] }])
  })

  it('keeps vector clocks off beyond VECTOR_CLOCK_MAX_WORLDS worlds (n integers per message)', () => {
    const st = createStampState(scenario({ run: ['atmOS', 'mythOS', 'karmOS'], nodes: { count: VECTOR_CLOCK_MAX_WORLDS + 1 } }))
    expect(st).toBeNull()
  })
})

describe('corruption in flight and wire validation', () => {
  const s = scenario({ run: ['atmOS', 'chaOS', 'mythOS', 'etymOS'], network: 'pneumOS', layers: { chaOS: { entropy: 1, messageCorruptionRate: 1, lossRate: 0, duplicateRate: 0 }, pneumOS: { lossRate: 0, duplicateRate: 0 } } })
  it('a corrupted payload fails its schema at the receiver and is reported, not processed', () => {
    const ctx = fakeContext(s)
    ctx.validating = true
    const net = createNetState(s)
    expect(net.chaos.corruptRate).toBe(1)
    const m = { t: 'app_resp' as const, from: 2, to: 0, term: 3, index: 4, reject: false, hint: 0, hintTerm: 0 }
    const sent = sendWire(net, ctx, 2, 0, 100, m)
    expect(sent.meta.bad).toBe(1)
    expect(sent.payload).not.toEqual(m)
    expect(m).toEqual({ t: 'app_resp', from: 2, to: 0, term: 3, index: 4, reject: false, hint: 0, hintTerm: 0 }) // the sender's copy is untouched
    ctx.now = simUs(sent.times[0]!)
    expect(receiveWire(net, ctx, 2, 0, 0, sent.meta, sent.payload, RaftWireSchema, 'app_resp')).toBe(false)
    expect(ctx.rejected).toHaveLength(1)
    expect(ctx.rejected[0]).toMatchObject({ layer: 'mythOS', type: 'app_resp', from: 2, node: 0, boundary: 'wire' })
    expect(ctx.rejected[0]!.reason.length).toBeGreaterThan(0)
  })

  it('without etymOS nothing is corrupted (no extra draws: runs are as before)', () => {
    const plain = scenario({ run: ['atmOS', 'chaOS', 'mythOS'], network: 'pneumOS', layers: { chaOS: { entropy: 1, messageCorruptionRate: 1 } } })
    expect(createNetState(plain).chaos.corruptRate).toBe(0)
  })

  it('a valid packet passes validation', () => {
    const ctx = fakeContext(s)
    ctx.validating = true
    const net = createNetState(s)
    net.chaos.corruptRate = 0
    const m = { t: 'hb' as const, from: 1, to: 0, term: 2, commit: 1 }
    const sent = sendWire(net, ctx, 1, 0, 100, m)
    ctx.now = simUs(sent.times[0]!)
    expect(receiveWire(net, ctx, 1, 0, 0, sent.meta, sent.payload, RaftWireSchema, 'hb')).toBe(true)
    expect(ctx.rejected).toHaveLength(0)
  })
})
