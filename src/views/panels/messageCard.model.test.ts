import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ScenarioSchema } from '../../scenario/schema'
import type { PacketView } from '../../layers/views'
import { cardSpot, faultBlocker, faultRequest, fieldRows, parseDelayMs } from './messageCard.model'
import { copyIndex, messageTitle, type PickedMessage } from './messageRef'

const vote: PacketView = { from: 2, to: 4, sentUs: 1_500_000, deliverUs: 1_530_000, kind: 'vote', fields: { t: 'vote', from: 2, to: 4, term: 3, lastIndex: 7, lastTerm: 2, transfer: false } }
const append: PacketView = {
  from: 0,
  to: 1,
  sentUs: 2_000_000,
  deliverUs: 2_020_000,
  kind: 'append',
  fields: { t: 'app', from: 0, to: 1, term: 3, prevIndex: 7, prevTerm: 2, commit: 6, entries: { count: 10, items: [{ term: 3, kind: 'noop', id: null, text: '' }, { term: 3, kind: 'happening', id: 'w1.4', text: 'a comet' }] } },
}
const m = (packet: PacketView, layer = 'mythOS', nth = 0): PickedMessage => ({ layer, packet, nth })

describe('the message card', () => {
  it("names a RequestVote's and an AppendEntries' fields as the Raft paper does", () => {
    expect(messageTitle(m(vote))).toBe('RequestVote')
    expect(fieldRows(m(vote))).toEqual([
      { label: 'candidateId', lines: ['w2'] },
      { label: 'term', lines: ['3'] },
      { label: 'lastLogIndex', lines: ['7'] },
      { label: 'lastLogTerm', lines: ['2'] },
      { label: 'leadershipTransfer', lines: ['no'] },
    ])
    expect(messageTitle(m(append))).toBe('AppendEntries')
    expect(fieldRows(m(append))).toEqual([
      { label: 'leaderId', lines: ['w0'] },
      { label: 'term', lines: ['3'] },
      { label: 'prevLogIndex', lines: ['7'] },
      { label: 'prevLogTerm', lines: ['2'] },
      { label: 'leaderCommit', lines: ['6'] },
      { label: 'entries (10)', lines: ['#8 · term 3 · noop', '#9 · term 3 · happening · w1.4 · “a comet”', '… 8 more'] },
    ])
    const reply: PacketView = { ...vote, kind: 'reply', fields: { t: 'vote_resp', from: 4, to: 2, term: 3, reject: false } }
    expect(fieldRows(m(reply))).toEqual([
      { label: 'term', lines: ['3'] },
      { label: 'voteGranted', lines: ['yes'] },
    ])
    // Another layer's message: its own names; no fields recorded, none shown.
    expect(messageTitle(m({ ...vote, kind: 'digest', fields: { t: 'digest', from: 1, to: 2, root: 'ab12' } }, 'karmOS'))).toBe('karmOS digest')
    expect(fieldRows(m({ ...vote, kind: 'digest', fields: { t: 'digest', from: 1, to: 2, root: 'ab12' } }, 'karmOS'))).toEqual([{ label: 'root', lines: ['ab12'] }])
    expect(fieldRows(m({ ...vote, fields: undefined }))).toEqual([])
  })

  it('offers a drop or delay only while the network can still act on the message', () => {
    const o = { network: 'pneumOS', frontierUs: 1_500_000, quantumUs: 10_000 }
    expect(faultBlocker(m(vote), o)).toBeNull()
    expect(faultBlocker(m(vote), { ...o, network: 'aetherOS' })).toMatch(/ideal network, loses and delays nothing/)
    expect(faultBlocker(m(vote), { ...o, frontierUs: 1_525_000 })).toMatch(/before the network can act \(1\.530000 s, the next window\)/)
    expect(faultBlocker(m(vote), { ...o, frontierUs: 1_530_000 })).toMatch(/delivered at 1\.530000 s: no longer in flight/)
    expect(faultBlocker(m(vote, 'chronOS'), o)).toMatch(/chronOS's messages cannot be dropped/)
    expect(faultBlocker(m({ ...vote, fields: undefined }), o)).toMatch(/cannot be named/)
  })

  it('makes the intervention the schema takes, with the copy only when it is not the first', () => {
    const drop = faultRequest(m(vote), null)
    expect(drop).toEqual({ kind: 'message_drop', layer: 'mythOS', type: 'vote', from: 2, to: 4, sentUs: 1_500_000, deliverUs: 1_530_000 })
    const delay = faultRequest(m(append, 'mythOS', 2), 250)
    expect(delay).toEqual({ kind: 'message_delay', layer: 'mythOS', type: 'app', from: 0, to: 1, sentUs: 2_000_000, deliverUs: 2_020_000, nth: 2, delayMs: 250 })
    const parsed = ScenarioSchema.safeParse({ interventions: [{ ...drop, atUs: 1_510_000 }, { ...delay, atUs: 2_010_000 }] })
    expect(parsed.success).toBe(true)
    expect(parseDelayMs('250')).toBe(250)
    expect(parseDelayMs(' 0.4')).toBe(1)
    expect(parseDelayMs('9e9')).toBe(600_000)
    expect(parseDelayMs('')).toBeNull()
    expect(parseDelayMs('abc')).toBeNull()
  })

  it('tells identical copies apart by their order in the view (most recent first)', () => {
    const a = { ...vote }
    const b = { ...vote }
    const other = { ...vote, to: 3 }
    expect(copyIndex([b, other, a], a)).toBe(0)
    expect(copyIndex([b, other, a], b)).toBe(1)
    expect(copyIndex([other], other)).toBe(0)
  })

  it('places the card beside its anchor, never over it, inside the viewport (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 200, max: 360 }), fc.integer({ min: 120, max: 420 }), (x, y, w, h) => {
        const at = cardSpot({ x, y }, { width: w, height: h }, { width: 1440, height: 900 })
        expect(at.left).toBeGreaterThanOrEqual(4)
        expect(at.top).toBeGreaterThanOrEqual(4)
        expect(at.left + w).toBeLessThanOrEqual(1436)
        expect(at.top + h).toBeLessThanOrEqual(896)
        const covers = x >= at.left && x <= at.left + w && y >= at.top && y <= at.top + h
        expect(covers).toBe(false)
      }),
      { seed: 13, verbose: true },
    )
  })

  it('keeps clear of an arrow it describes when there is room', () => {
    const arrow = { left: 600, top: 700, width: 200, height: 40 }
    const at = cardSpot({ x: 700, y: 720 }, { width: 340, height: 300 }, { width: 1440, height: 900 }, arrow)
    const overlaps = at.left < arrow.left + arrow.width && at.left + 340 > arrow.left && at.top < arrow.top + arrow.height && at.top + 300 > arrow.top
    expect(overlaps).toBe(false)
    expect(at).toEqual({ left: 818, top: 596 })
  })

  it('leaves at least the point clicked uncovered when the arrow cannot be kept clear', () => {
    // An arrow across the whole viewport: every side covers some of it, none the point clicked.
    const arrow = { left: 0, top: 300, width: 1440, height: 300 }
    const at = cardSpot({ x: 700, y: 450 }, { width: 340, height: 300 }, { width: 1440, height: 900 }, arrow)
    expect(700 >= at.left - 6 && 700 <= at.left + 340 + 6 && 450 >= at.top - 6 && 450 <= at.top + 300 + 6).toBe(false)
  })
})
