/**
 * Small purpose-built layers that exercise the kernel contract without the real pantheon:
 * a ping-pong pair across layers (cross-layer routing, window delivery), a ticker (timers,
 * cancellation, RNG streams) and a broadcaster (exact-instant announcements one quantum ahead).
 * They reuse real layer names because the kernel orders delivery by the pantheon index.
 */
import { addUs, simUs } from '../time'
import type { LayerDef, LayerName } from '../types'
import type { LayerRegistry } from '../host'

interface PingState { role: 'ping' | 'pong'; peer: LayerName; sent: number; received: number; lastDelay: number }

/** Sends `ping` to its peer at random times; the peer answers `pong` immediately. */
const pingPong = (name: LayerName, peer: LayerName, role: 'ping' | 'pong'): LayerDef<PingState> => ({
  name,
  init(ctx) {
    if (role === 'ping') ctx.schedule(simUs(ctx.rng().int(0, 5_000)), { k: 'send' })
    return { role, peer, sent: 0, received: 0, lastDelay: 0 }
  },
  onMessage(s, msg, ctx) {
    s.received++
    s.lastDelay = msg.deliverAt - msg.at
    ctx.emit(`${msg.type}_received`, null, { seq: msg.seq, at: msg.at, deliverAt: msg.deliverAt })
    if (msg.type === 'ping') {
      s.sent++
      ctx.send(s.peer, 'pong', { n: msg.data['n'] ?? 0 })
    }
  },
  onTimer(s, _p, ctx) {
    s.sent++
    ctx.send(s.peer, 'ping', { n: s.sent })
    ctx.schedule(addUs(ctx.now, ctx.rng('gap').int(1, 40_000)), { k: 'send' })
  },
  view: (s) => ({ sent: s.sent, received: s.received }),
  summary: (s) => ({ sent: s.sent, received: s.received }),
})

interface TickState { ticks: number; cancelled: number; draws: number[]; pendingId: number | null }

/** Ticks at random intervals, sometimes arms and cancels a timer; records its draws. */
const ticker = (name: LayerName): LayerDef<TickState> => ({
  name,
  init(ctx) {
    ctx.schedule(simUs(1_000), { k: 'tick' })
    return { ticks: 0, cancelled: 0, draws: [], pendingId: null }
  },
  onMessage(s, msg, ctx) {
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
    if (s.ticks % 7 === 0) ctx.send('*', 'announce', { ticks: s.ticks }, addUs(ctx.now, ctx.quantumUs))
    ctx.schedule(addUs(ctx.now, 500 + (d % 20_000)), { k: 'tick' })
  },
  view: (s) => ({ ticks: s.ticks }),
})

export const testRegistry: LayerRegistry = {
  atmOS: pingPong('atmOS', 'mythOS', 'ping') as LayerDef<never>,
  mythOS: pingPong('mythOS', 'atmOS', 'pong') as LayerDef<never>,
  chronOS: ticker('chronOS') as LayerDef<never>,
  karmOS: ticker('karmOS') as LayerDef<never>,
}

export const TEST_LAYERS: LayerName[] = ['atmOS', 'mythOS', 'chronOS', 'karmOS']
