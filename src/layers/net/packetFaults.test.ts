/**
 * A user's drop or delay of one message in flight (packetFaults.ts): addressed to pneumOS,
 * announced to the carrying layer, applied at the packet's delivery, recorded in the scenario so
 * that its link replays the same run; bad references refused by the schema with clear errors, and
 * a message that is gone by then a no-op with a notice (`message_fault_missed`).
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { Cosmos, placeLayers } from '../../cosmos/cosmos'
import { runInProcessWith } from '../../cosmos/run'
import { inProcessEndpoint } from '../../kernel/host'
import { simUs } from '../../kernel/time'
import type { LoggedEvent } from '../../kernel/types'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type Intervention, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { decodeScenario, encodeScenario } from '../../scenario/url'
import type { MythosView, PacketView } from '../views'
import { fakeContext } from './__tests__/helpers'
import { wireFields, MAX_LIST_ITEMS } from './packetViews'
import { applyPacketFaults, keepPacketFault, type PendingFault } from './packetFaults'
import { applyNetAnnouncement, createNetState, receiveWire } from './transport'
import { z } from 'zod'

const S = 1_000_000
const QUIET = { entropy: 0 }
const base: ScenarioInput = { seed: 4, nodes: { count: 5 }, run: ['atmOS', 'chaOS', 'mythOS'], layers: { chaOS: QUIET } }

const run = (s: Scenario, untilUs: number) => runInProcessWith(structuredClone(s), { untilUs, registry, layers: activeLayers(s), checkers: allCheckers(s) })

/**
 * Run `s` window by window until mythOS has a packet in flight that `pick` accepts and that is due
 * after the next window (so the network can still act on it); then record `make(packet)` at the
 * frontier, as the page does, run on to untilUs, and return the live run and the recorded scenario.
 */
async function liveRun(s: Scenario, pick: (p: PacketView) => boolean, make: (p: PacketView, atUs: number) => Intervention, untilUs: number) {
  const layers = activeLayers(s)
  const events: LoggedEvent[] = []
  const c = await Cosmos.start(structuredClone(s), { registry, layers, placement: placeLayers(registry, layers, 0), spawn: () => inProcessEndpoint(registry), validate: true, onEvents: (es) => void events.push(...es) })
  let packet: PacketView | undefined
  while (packet === undefined && c.nowUs < untilUs) {
    await c.step()
    const view = (await c.views())['mythOS'] as MythosView
    packet = view.inFlight.find((p) => pick(p) && p.deliverUs > c.frontierUs + s.quantumUs)
  }
  if (packet === undefined) throw new Error('no such packet in flight')
  // As the coordinator driver records it: checked by the schema, which shapes it.
  const iv = ScenarioSchema.parse({ ...s, interventions: [make(packet, c.frontierUs)] }).interventions[0]!
  c.addIntervention(iv)
  await c.runUntil(untilUs)
  expect(c.error).toBeNull()
  const fingerprint = c.fingerprint
  c.dispose()
  return { packet, fingerprint, events, scenario: { ...s, interventions: [iv] } as Scenario }
}

const ref = (p: PacketView) => ({ layer: 'mythOS' as const, type: String(p.fields!['t']), from: p.from, to: p.to, sentUs: p.sentUs, deliverUs: p.deliverUs })

describe('dropping or delaying one message', () => {
  it('dropping a RequestVote to a world that granted it changes the election, and its link replays the same run', async () => {
    const s = ScenarioSchema.parse(base)
    const baseline = await run(s, 3 * S)
    expect(baseline.violations).toEqual([])
    const first = baseline.events.find((e) => e.type === 'leader_elected')!
    const leader = first.node!
    const term = first.data['term'] as number
    const granter = (first.data['grantedBy'] as number[]).find((w) => w !== leader)!
    expect(granter).toBeDefined()

    const live = await liveRun(s, (p) => p.kind === 'vote' && p.from === leader && p.to === granter && p.fields?.['term'] === term,
      (p, atUs) => ({ kind: 'message_drop', atUs, ...ref(p) }), 3 * S)
    // The card's fields: a RequestVote's term, candidate, lastLogIndex, lastLogTerm.
    expect(live.packet.fields).toMatchObject({ t: 'vote', term, from: leader, to: granter })
    expect(typeof live.packet.fields!['lastIndex']).toBe('number')
    expect(typeof live.packet.fields!['lastTerm']).toBe('number')

    const dropped = live.events.filter((e) => e.type === 'message_dropped')
    expect(dropped).toHaveLength(1)
    expect(dropped[0]).toMatchObject({ layer: 'mythOS', node: granter, t: live.packet.deliverUs, data: { by: 'user', type: 'vote', from: leader, to: granter, sentUs: live.packet.sentUs } })
    // The granter never saw the request: the leader is elected by others, and the granter learns
    // of the new term only later, from the leader's first append.
    const elected = live.events.find((e) => e.type === 'leader_elected' && e.data['term'] === term)
    expect(elected).toMatchObject({ node: leader })
    expect(elected!.data['grantedBy']).not.toContain(granter)
    const learns = (es: LoggedEvent[]) => es.find((e) => e.type === 'term_changed' && e.node === granter && e.data['term'] === term)!.t
    expect(learns(live.events)).toBeGreaterThan(elected!.t)
    expect(learns(baseline.events)).toBeLessThan(first.t)
    expect(live.fingerprint).not.toBe(baseline.fingerprint)

    // The link carries the drop: decoded and replayed, the same run, with no invariant broken.
    const decoded = decodeScenario(encodeScenario(live.scenario))
    expect(decoded.ok).toBe(true)
    if (!decoded.ok) return
    expect(decoded.scenario.interventions).toEqual(live.scenario.interventions)
    const replay = await run(decoded.scenario, 3 * S)
    expect(replay.fingerprint).toBe(live.fingerprint)
    expect(replay.violations).toEqual([])
  })

  it('delaying an AppendEntries puts it back on the wire later, and replays the same run', async () => {
    const s = ScenarioSchema.parse(base)
    const baseline = await run(s, 4 * S)
    const live = await liveRun(s, (p) => p.kind === 'append' && typeof p.fields?.['prevIndex'] === 'number',
      (p, atUs) => ({ kind: 'message_delay', atUs, ...ref(p), delayMs: 400 }), 4 * S)
    expect(live.packet.fields).toMatchObject({ t: 'app' })
    for (const k of ['term', 'prevIndex', 'prevTerm', 'commit']) expect(typeof live.packet.fields![k], k).toBe('number')
    expect(live.packet.fields!['entries']).toMatchObject({ count: expect.any(Number), items: expect.any(Array) })
    const delayed = live.events.filter((e) => e.type === 'message_delayed')
    expect(delayed).toHaveLength(1)
    expect(delayed[0]).toMatchObject({ layer: 'mythOS', node: live.packet.to, t: live.packet.deliverUs, data: { by: 'user', type: 'app', delayMs: 400, deliverUs: live.packet.deliverUs + 400_000 } })
    expect(live.fingerprint).not.toBe(baseline.fingerprint)
    const replay = await run(live.scenario, 4 * S)
    expect(replay.fingerprint).toBe(live.fingerprint)
    expect(replay.violations).toEqual([])
  })

  it('a message delayed past what the checkers remember of sends (120 s) is still matched to its send', async () => {
    // With chronOS and karmOS every packet carries HLC and vector-clock stamps, and their checkers
    // match each receive to its send: a held packet must be remembered until it arrives.
    const s = ScenarioSchema.parse({ ...base, run: ['atmOS', 'chaOS', 'mythOS', 'chronOS', 'karmOS'] })
    const live = await liveRun(s, (p) => p.kind === 'append', (p, atUs) => ({ kind: 'message_delay', atUs, ...ref(p), delayMs: 300_000 }), 310 * S)
    expect(live.events.filter((e) => e.type === 'message_delayed')).toHaveLength(1)
    const replay = await run(live.scenario, 310 * S)
    expect(replay.fingerprint).toBe(live.fingerprint)
    expect(replay.violations.map((v) => `${v.checker}: ${v.message}`).slice(0, 5)).toEqual([])
  })

  it('a message that is delivered before the network can act, or never existed, is a no-op with a notice', async () => {
    const s = ScenarioSchema.parse(base)
    const baseline = await run(s, 2 * S)
    const at = 1 * S
    const missing = { kind: 'message_drop' as const, atUs: at, layer: 'mythOS' as const, type: 'vote', from: 1, to: 2, sentUs: at - 5_000, deliverUs: at + 50_000 }
    // Due within the next window: the announcement cannot land first.
    const tooSoon = { kind: 'message_delay' as const, atUs: at, layer: 'mythOS' as const, type: 'hb', from: 0, to: 3, sentUs: at - 5_000, deliverUs: at + 4_000, delayMs: 10 }
    const r = await run(ScenarioSchema.parse({ ...base, interventions: [missing, tooSoon] }), 2 * S)
    const notices = r.events.filter((e) => e.type === 'message_fault_missed')
    expect(notices.map((e) => [e.layer, e.data['action'], e.data['reason']])).toEqual([
      ['pneumOS', 'delay', expect.stringMatching(/delivered at 1\.004000 s, before the network could act on it/)],
      ['mythOS', 'drop', expect.stringMatching(/no vote from w1 reached w2 at 1\.050000 s: nothing to drop/)],
    ])
    // Nothing else changed: the notices are the only new events.
    const strip = (es: LoggedEvent[]) => es.filter((e) => e.type !== 'message_fault_missed').map((e) => `${e.t}|${e.layer}|${e.type}|${JSON.stringify(e.data)}`)
    expect(strip(r.events)).toEqual(strip(baseline.events))
  })

  it('a world or layer that is not in the run is a notice from the network, not a crash', async () => {
    const s = ScenarioSchema.parse(base)
    const noWorld = { kind: 'message_drop' as const, atUs: S, layer: 'mythOS' as const, type: 'vote', from: 9, to: 2, sentUs: S - 1, deliverUs: S + 90_000 }
    const noLayer = { kind: 'message_drop' as const, atUs: S, layer: 'karmOS' as const, type: 'digest', from: 1, to: 2, sentUs: S - 1, deliverUs: S + 90_000 }
    const r = await run({ ...s, interventions: [noWorld, noLayer] } as Scenario, 1.5 * S)
    expect(r.events.filter((e) => e.type === 'message_fault_missed').map((e) => e.data['reason'])).toEqual(['there is no world 9 (there are 5)', 'karmOS does not run in this scenario'])
  })

  it('bad references are refused by the schema with errors that say what is wrong', () => {
    const ok = { kind: 'message_drop', atUs: 100, layer: 'mythOS', type: 'vote', from: 1, to: 2, sentUs: 50, deliverUs: 200 }
    const issues = (iv: object, extra: ScenarioInput = {}) => {
      const r = ScenarioSchema.safeParse({ ...base, ...extra, interventions: [iv] })
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issues(ok)).toEqual([])
    expect(issues({ ...ok, to: 1 })).toEqual(['interventions.0.to: a message goes from one world to another (from and to are both 1)'])
    expect(issues({ ...ok, to: 7 })).toEqual(['interventions.0.to: no world 7 (there are 5)'])
    expect(issues({ ...ok, atUs: 200 })).toEqual(['interventions.0.deliverUs: the message was delivered at 0.000200 s, not after the intervention at 0.000200 s: it is no longer in flight'])
    expect(issues({ ...ok, sentUs: 150 })).toEqual(['interventions.0.sentUs: the message is sent at 0.000150 s, after the intervention at 0.000100 s: only a message already in flight can be named'])
    expect(issues({ ...ok, deliverUs: 40, atUs: 30, sentUs: 40 })[0]).toMatch(/deliverUs: a message is delivered after it is sent/)
    expect(issues({ ...ok, layer: 'chronOS' })[0]).toMatch(/^interventions\.0\.layer: Invalid option: expected one of "mythOS"\|"karmOS"\|"oneirOS"/)
    expect(issues({ ...ok, kind: 'message_delay' })[0]).toMatch(/^interventions\.0\.delayMs/)
    expect(issues({ ...ok, kind: 'message_delay', delayMs: 0 })[0]).toMatch(/^interventions\.0\.delayMs: Too small/)
    expect(issues({ ...ok, sender: 1 })[0]).toMatch(/Unrecognized key: "sender"/)
    expect(issues(ok, { network: 'aetherOS' })).toEqual(["interventions.0.kind: a 'message_drop' intervention is for pneumOS, which this scenario does not run"])
    // Any world of the largest scenario can be named; beyond it, the bound says so.
    expect(issues({ ...ok, from: 9_998, to: 9_999 }, { nodes: { count: 10_000 } })).toEqual([])
    expect(issues({ ...ok, to: 10_000 }, { nodes: { count: 10_000 } })[0]).toMatch(/^interventions\.0\.to: Too big/)
  })
})

describe('the fault at the receiver (receiveWire)', () => {
  const s = ScenarioSchema.parse({ ...base, network: 'aetherOS' })
  const ctx = fakeContext(s, 'mythOS')
  const any = z.unknown()

  it('acts on the nth of identical copies only, and puts a delayed one back on the wire with its own timer', () => {
    const net = createNetState(s)
    const announce = (data: object) => applyNetAnnouncement(net, { from: 'pneumOS', recipient: 'mythOS', at: simUs(0), deliverAt: simUs(0), seq: 0, type: 'packet_fault', data } as never)
    expect(announce({ layer: 'mythOS', type: 'app', from: 0, to: 1, sentUs: 10, deliverUs: 500, nth: 1, delayMs: 7 })).toBe('applied')
    expect(announce({ layer: 'mythOS', type: 'app', from: 0, to: 1, sentUs: 10 })).toBe('rejected')
    ctx.now = simUs(500)
    const timer = { k: 'rpc', sentUs: 10, m: {} }
    const scheduled: unknown[] = []
    ctx.schedule = (at, payload) => scheduled.push([at, payload])
    // The first copy goes through; the second is delayed by 7 ms, its timer scheduled again.
    expect(receiveWire(net, ctx, 0, 1, 10, undefined, {}, any, 'app', timer)).toBe(true)
    expect(receiveWire(net, ctx, 0, 1, 10, undefined, {}, any, 'app', timer)).toBe(false)
    expect(scheduled).toEqual([[7_500, timer]])
    expect(net.faults).toEqual([])
    expect(ctx.events.map((e) => e.type)).toEqual(['message_delayed'])
  })

  it("forgets overdue faults, with a notice only in the layer they name; another layer's packets are untouched", () => {
    const faults: PendingFault[] = []
    for (const layer of ['mythOS', 'karmOS'] as const) expect(keepPacketFault(faults, { layer, type: 'vote', from: 0, to: 1, sentUs: 1, deliverUs: 100 })).toBe(faults)
    const c = fakeContext(s, 'mythOS')
    c.now = simUs(100)
    expect(applyPacketFaults(faults, { ...c, layer: 'karmOS' }, 0, 2, 1, 'vote', undefined)).toBeNull()
    expect(applyPacketFaults(faults, c, 0, 1, 1, 'vote', undefined)).toBe('dropped')
    expect(faults.map((f) => f.layer)).toEqual(['karmOS'])
    c.now = simUs(101)
    expect(applyPacketFaults(faults, c, 3, 4, 1, 'vote', undefined)).toBeNull()
    expect(faults).toEqual([])
    expect(c.events.map((e) => e.type)).toEqual(['message_dropped']) // karmOS's overdue fault: silent here
  })
})

describe('wireFields', () => {
  it('keeps scalars, cuts long strings, and summarises lists as a count and their first items', () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ term: 2, kind: 'happening', id: `w1.${i}`, text: 'x'.repeat(100), nested: { a: 1 } }))
    const f = wireFields({ t: 'app', term: 3, reject: false, hint: null, text: 'y'.repeat(200), entries, nums: [1, 2], obj: { a: 1 } })
    expect(f['t']).toBe('app')
    expect(f['term']).toBe(3)
    expect(f['reject']).toBe(false)
    expect(f['hint']).toBeNull()
    expect((f['text'] as string).length).toBe(64)
    expect(f['obj']).toBeUndefined()
    expect(f['nums']).toEqual({ count: 2, items: [1, 2] })
    const e = f['entries'] as { count: number; items: Record<string, unknown>[] }
    expect(e.count).toBe(12)
    expect(e.items).toHaveLength(MAX_LIST_ITEMS)
    expect(e.items[0]).toEqual({ term: 2, kind: 'happening', id: 'w1.0', text: `${'x'.repeat(23)}…` })
  })
})
