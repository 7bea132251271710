/**
 * karmOS — causality and integrity. Vector clocks (Fidge/Mattern) ride on every node-to-node
 * packet of the network channel while karmOS runs (net/stamps.ts, ≤ 64 worlds; the causality
 * checker recomputes them). Every world keeps a hash-chained ledger h_i = H(h_{i−1} ‖ e_i) of its
 * state transitions on its disk (ledger.ts): the entries mythOS applied (the replicated part) and
 * its lifecycle changes (a local chain). Merkle anti-entropy as in Dynamo/Cassandra repair
 * (antiEntropy.ts) finds and repairs divergence: chaOS's ledger corruption flips bytes of one
 * stored entry, and the world repairs it from a healthy majority.
 *
 * Events (node = the world concerned):
 *   ledger_corrupted   {index}                              (chaOS flipped bytes of that stored entry)
 *   ledger_corruption_missed {reason}                       (nothing durable to corrupt yet)
 *   divergence_found   {peer, fromIndex, toIndex, levels}   (levels: round trips of the tree exchange)
 *   ledger_repaired    {index, from}                        (the repaired copy is durable)
 *   ledger_lost        {entries}                            (a crash lost entries not yet durable)
 * Cross-layer: consumes applied (mythOS), ledger_corrupt (chaOS), world_status, the network
 * announcements and clock_set; sends net_stats.
 */
import { simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import { defineLayer } from '../define'
import { NET_STATS_TIMER, applyNetAnnouncement, createNetState, onNetStatsTimer, receiveWire, startNetStats, wireLink } from '../net/transport'
import { onAeTimer, onDiskTimer, onMessage, onRetryTimer, setRepairerDown, startWrite, type AeTimer, type DiskTimer, type RetryTimer } from './antiEntropy'
import { KARMOS_CONSUMES, KARMOS_SENDS, type KarmosCtx } from './contract'
import { crash, encodeEntry, flipBytes, newLedger, recordLocal, store } from './ledger'
import { KARMOS_WIRE, KarmosWireSchema } from './messages'
import { intervalUs } from './settings'
import { newStats, type KPacketTimer, type KarmosState, type KarmosWorld } from './state'
import { karmosSummary, karmosView, type KarmosView } from './view'
import { KARMOS_EVENTS } from './events'
import { karmOSManifest } from './manifest'

export type { KarmosState } from './state'
export type { KarmosView, KarmosWorldView } from './view'


/** Flip bytes of one durable entry of world w's ledger among its newest (chaOS's fault), drawn from karmOS's stream. */
function corrupt(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld): void {
  const l = w.ledger
  const rng = ctx.rng('corrupt')
  // The newest keepEntries / 2 entries: older ones may be folded on some peer (antiEntropy.ts maybeFold).
  const lo = Math.max(l.base + 1, l.len - Math.floor(ctx.settings.keepEntries / 2) + 1)
  for (let tries = 0; tries < 16 && l.len >= lo; tries++) {
    const i = rng.int(lo, l.len)
    if (l.volatile.includes(i) || l.corrupted.includes(i)) continue
    flipBytes(l, i, rng.int(0, 1_000_000), rng.int(0, 6))
    l.corrupted.push(i)
    w.rootMemo = null
    s.stats.corruptions++
    ctx.emit('ledger_corrupted', w.id, { index: i })
    return
  }
  ctx.emit('ledger_corruption_missed', w.id, { reason: l.len === 0 ? 'the ledger is empty' : 'no durable healthy entry drawn' })
}

function onPacket(s: KarmosState, ctx: KarmosCtx, p: KPacketTimer): void {
  const m = p.m
  const [from, to] = wireLink(p.w, m)
  if (!receiveWire(s.net, ctx, from, to, p.sentUs, p.w, m, KarmosWireSchema, typeof m.t === 'string' ? m.t : 'karmos', p as unknown as Json)) return
  const w = s.worlds[m.to]
  if (w) onMessage(s, ctx, w, m)
}

export const karmOS = defineLayer({
  ...karmOSManifest,
  consumes: KARMOS_CONSUMES,
  sends: KARMOS_SENDS,
  wire: KARMOS_WIRE,
  events: KARMOS_EVENTS,
  init(ctx): KarmosState {
    const n = ctx.scenario.nodes.count
    const s: KarmosState = {
      n,
      intervalMs: ctx.settings.antiEntropyIntervalMs,
      nowUs: 0,
      net: createNetState(ctx.scenario),
      worlds: Array.from({ length: n }, (_, id) => ({ id, ledger: newLedger(), round: null, nextSession: 1, peerLen: {}, rootMemo: null })),
      packets: [],
      stats: newStats(),
    }
    const iv = intervalUs(ctx.settings)
    // Each world its own phase within the interval (its own stream), as Cassandra nodes repair independently.
    for (const w of s.worlds) ctx.schedule(simUs(1 + ctx.rng(`ae:${w.id}`).int(0, iv - 1)), { k: 'ae', n: w.id } satisfies AeTimer)
    startNetStats(ctx)
    return s
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'applied': {
        const w = s.worlds[msg.data.node]
        if (!w) return
        let stored = false
        for (const e of msg.data.entries) stored = store(w.ledger, e.index, encodeEntry(e.index, e.term, e.digest)) || stored
        if (stored) startWrite(ctx, w)
        return
      }
      case 'ledger_corrupt': {
        const w = s.worlds[msg.data.node]
        if (w) corrupt(s, ctx, w)
        return
      }
      case 'daemon_state': {
        const w = s.worlds[msg.data.node]
        if (w && msg.data.daemon === 'repairer') setRepairerDown(s, w, !msg.data.running)
        return
      }
      case 'world_status': {
        const w = s.worlds[msg.data.node]
        if (!w) return
        const { from, status } = msg.data
        if (status === 'crashed' || status === 'decommissioned') {
          w.round = null
          const lost = crash(w.ledger)
          w.rootMemo = null
          if (lost > 0) {
            s.stats.entriesLost += lost
            ctx.emit('ledger_lost', w.id, { entries: lost })
          }
        }
        // The local (non-replicated) part of the ledger: this world's lifecycle.
        recordLocal(w.ledger, ctx.now, `${from}>${status}`)
        return
      }
      case 'clock_set':
        return // the clock mirror is the kernel's; consumed so the HLC stamps read the world's clock
      default:
        applyNetAnnouncement(s.net, msg)
    }
  },

  onTimer(s, payload, ctx) {
    s.nowUs = ctx.now
    const p = payload as unknown as KPacketTimer | AeTimer | DiskTimer | RetryTimer | typeof NET_STATS_TIMER
    switch (p.k) {
      case 'pkt':
        onPacket(s, ctx, p as KPacketTimer)
        return
      case 'ae':
        onAeTimer(s, ctx, s.worlds[(p as AeTimer).n]!)
        return
      case 'retry':
        onRetryTimer(s, ctx, s.worlds[(p as RetryTimer).n]!, p as RetryTimer)
        return
      case 'disk':
        onDiskTimer(s, ctx, p as DiskTimer)
        return
      case 'stats':
        return onNetStatsTimer(s.net, ctx)
    }
  },

  sample(s) {
    let corrupted = 0
    for (const w of s.worlds) corrupted += w.ledger.corrupted.length
    return {
      ledgerLength: s.worlds.map((w) => w.ledger.len),
      repairRounds: s.stats.rounds,
      bytesExchanged: s.stats.bytesExchanged,
      repairs: s.stats.repairs,
      corruptedEntries: corrupted,
    }
  },

  view(s): KarmosView {
    return karmosView(s)
  },

  summary(s) {
    return karmosSummary(s)
  },
})
