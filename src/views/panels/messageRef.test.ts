import { describe, expect, it } from 'vitest'
import type { PacketView } from '../../layers/views'
import type { Intervention } from '../../scenario/schema'
import { faultOn, faultsBySend } from './messageRef'

const vote: PacketView = { from: 2, to: 4, sentUs: 1_500_000, deliverUs: 1_530_000, kind: 'vote', fields: { t: 'vote', from: 2, to: 4, term: 3 } }
const ref = { layer: 'mythOS' as const, type: 'vote', from: 2, to: 4, sentUs: 1_500_000, deliverUs: 1_530_000 }

describe('the drops and delays the cosmos colours', () => {
  it('finds a packet’s drop or delay by its send time, then by layer, wire type, link and delivery time', () => {
    const interventions: Intervention[] = [
      { kind: 'slider', name: 'lossRate', value: 0.1, atUs: 1_000_000 },
      { kind: 'message_delay', atUs: 1_510_000, ...ref, delayMs: 500 },
      { kind: 'message_drop', atUs: 1_510_000, ...ref, from: 3 },
      { kind: 'message_drop', atUs: 1_600_000, ...ref, sentUs: 1_590_000, deliverUs: 1_620_000 },
    ]
    const bySend = faultsBySend(interventions)
    expect([...bySend.keys()]).toEqual([1_500_000, 1_590_000])
    expect(bySend.get(1_500_000)).toHaveLength(2)
    const sent = bySend.get(vote.sentUs)!
    expect(faultOn(sent, 'mythOS', vote)).toBe('message_delay')
    expect(faultOn(sent, 'mythOS', { ...vote, from: 3 })).toBe('message_drop')
    // Another layer, wire type, link or delivery time: not this fault.
    expect(faultOn(sent, 'karmOS', vote)).toBeUndefined()
    expect(faultOn(sent, 'mythOS', { ...vote, fields: { ...vote.fields, t: 'prevote' } })).toBeUndefined()
    expect(faultOn(sent, 'mythOS', { ...vote, to: 1 })).toBeUndefined()
    expect(faultOn(sent, 'mythOS', { ...vote, deliverUs: 1_540_000 })).toBeUndefined()
    // The same message dropped after it was delayed: the later one counts.
    expect(faultOn([...sent, { kind: 'message_drop', atUs: 1_520_000, ...ref }], 'mythOS', vote)).toBe('message_drop')
    expect(faultsBySend([]).size).toBe(0)
  })
})
