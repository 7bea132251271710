/**
 * Small purpose-built layers that exercise the kernel contract without the real pantheon:
 * a ping-pong pair across layers (cross-layer routing, window delivery), a ticker (timers,
 * cancellation, RNG streams) and a broadcaster (exact-instant announcements one quantum ahead,
 * delivered to every layer that consumes them and to no other).
 */
import { z } from 'zod'
import { defineLayer as kernelDefineLayer } from '../../kernel/layer'
import { LayerRegistry } from '../../kernel/registry'
import { addUs, simUs } from '../../kernel/time'
import type { KernelScenario, LayerName } from '../../kernel/types'

const defineLayer = kernelDefineLayer<KernelScenario>()

export const PingMsg = z.strictObject({ n: z.number().int() })
export const AnnounceMsg = z.strictObject({ ticks: z.number().int() })

interface PingState { sent: number; received: number; lastDelay: number }

/** Sends `ping` at random times; its peer answers `pong` immediately. */
const pinger = (name: LayerName) => defineLayer({
  name,
  role: 'test: sends pings',
  reference: 'none',
  settings: z.strictObject({}),
  consumes: { pong: PingMsg },
  sends: { ping: PingMsg },
  interventions: {},
  init(ctx): PingState {
    ctx.schedule(simUs(ctx.rng().int(0, 5_000)), { k: 'send' })
    return { sent: 0, received: 0, lastDelay: 0 }
  },
  onMessage(s, msg, ctx) {
    s.received++
    s.lastDelay = msg.deliverAt - msg.at
    // A literal type, as real layers emit (it consumes pong only): a string built per event would
    // be a new string for the log and the fingerprint to hash each time.
    ctx.emit('pong_received', null, { seq: msg.seq, at: msg.at, deliverAt: msg.deliverAt })
  },
  onTimer(s, _p, ctx) {
    s.sent++
    ctx.send('ping', { n: s.sent })
    ctx.schedule(addUs(ctx.now, ctx.rng('gap').int(1, 40_000)), { k: 'send' })
  },
  view: (s) => ({ sent: s.sent, received: s.received }),
  summary: (s) => ({ sent: s.sent, received: s.received }),
})

const ponger = (name: LayerName) => defineLayer({
  name,
  role: 'test: answers pings',
  reference: 'none',
  settings: z.strictObject({}),
  consumes: { ping: PingMsg },
  sends: { pong: PingMsg },
  interventions: {},
  init: (): PingState => ({ sent: 0, received: 0, lastDelay: 0 }),
  onMessage(s, msg, ctx) {
    s.received++
    s.lastDelay = msg.deliverAt - msg.at
    ctx.emit('ping_received', null, { seq: msg.seq, at: msg.at, deliverAt: msg.deliverAt })
    s.sent++
    ctx.send('pong', { n: msg.data.n })
  },
  onTimer() {},
  view: (s) => ({ sent: s.sent, received: s.received }),
  summary: (s) => ({ sent: s.sent, received: s.received }),
})

interface TickState { ticks: number; cancelled: number; draws: number[]; pendingId: number | null }

/** Ticks at random intervals, sometimes arms and cancels a timer; records its draws; announces. */
const ticker = (name: LayerName) => defineLayer({
  name,
  role: 'test: ticks and announces',
  reference: 'none',
  settings: z.strictObject({}),
  consumes: { announce: AnnounceMsg },
  sends: { announce: AnnounceMsg },
  interventions: {},
  init(ctx): TickState {
    ctx.schedule(simUs(1_000), { k: 'tick' })
    return { ticks: 0, cancelled: 0, draws: [], pendingId: null }
  },
  onMessage(_s, msg, ctx) {
    ctx.emit('announcement_applied', null, { type: msg.type, at: msg.at, deliverAt: msg.deliverAt, exact: msg.at === ctx.now })
  },
  onTimer(s, p, ctx) {
    const kind = (p as { k: string }).k
    if (kind === 'never') throw new Error('a cancelled timer fired')
    s.ticks++
    const d = ctx.rng().u32()
    s.draws.push(d)
    if (s.draws.length > 8) s.draws.shift()
    if (s.pendingId !== null) {
      ctx.cancel(s.pendingId)
      s.cancelled++
      s.pendingId = null
    }
    // Armed far ahead and always cancelled by the next tick (< 21 ms later): it must never fire.
    if (d % 3 === 0) s.pendingId = ctx.schedule(addUs(ctx.now, 100_000_000), { k: 'never' })
    ctx.emit('tick', s.ticks % 5, { draw: d })
    if (s.ticks % 7 === 0) ctx.send('announce', { ticks: s.ticks }, addUs(ctx.now, ctx.quantumUs))
    ctx.schedule(addUs(ctx.now, 500 + (d % 20_000)), { k: 'tick' })
  },
  view: (s) => ({ ticks: s.ticks }),
})

export const TEST_MODULES = [pinger('atmOS'), ponger('mythOS'), ticker('chronOS'), ticker('karmOS')] as const
export const testRegistry = new LayerRegistry(TEST_MODULES)
export const TEST_LAYERS: LayerName[] = TEST_MODULES.map((m) => m.name)
