/**
 * oneirOS — a world that fell behind dreams the leader's state: Raft's InstallSnapshot, carried the
 * way etcd's rafthttp snapshot sender carries it, beside the Raft messages.
 *
 * When a leader's follower needs entries the leader compacted away (hypnOS), mythOS hands the
 * leader's latest snapshot to oneirOS (send_snapshot). The sender cuts it into chunkBytes chunks
 * and sends them over the network channel with a sliding window of windowChunks; the receiver
 * acknowledges cumulatively (it holds every chunk before `next`). No acknowledgement within the
 * retransmission timeout (TCP's, RFC 6298: SRTT + 4·RTTVAR, at least minRtoMs, doubled at each
 * timeout) sends the window again from the first unacknowledged chunk, so a lossy link costs
 * resends, not the transfer: a transfer interrupted by loss or a partition resumes where the
 * receiver is. The receiver keeps chunks that overtook others; three duplicate acknowledgements
 * resend the missing chunk at once (TCP's fast retransmit). A receiver that crashed lost its
 * partial copy: its acknowledgements carry its life (crash count), and one from a later life
 * sends the transfer back to where the receiver now is (its first chunk, unless it already got
 * some again); one from an earlier life is stale. After maxRetries timeouts without progress, or if the sender
 * crashes, the transfer is given up and mythOS told (snapshot_status ok false: etcd's
 * ReportSnapshot failure); the leader probes the follower again and sends a fresh snapshot.
 * When the last chunk arrives, the receiver hands the whole snapshot to its mythOS
 * (install_snapshot), which installs it (snapshot_installed) and answers the leader; the sender
 * reports success (snapshot_status ok true) once every chunk is acknowledged. One transfer per
 * (leader, follower) link at a time: a request for one in flight is ignored, a newer snapshot
 * replaces an older one.
 *
 * Events: snapshot_started {to, index, bytes, chunks}, snapshot_sent {to, index, bytes, chunks,
 * resends, restarts, tookUs}, snapshot_aborted {to, index, reason} (node = the sender), snapshot_received
 * {from, index, bytes, chunks} (node = the receiver).
 */
import { simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import { isLive } from '../../kernel/worlds'
import { defineLayer } from '../define'
import { NET_STATS_TIMER, applyNetAnnouncement, createNetState, onNetStatsTimer, receiveWire, sendWire, startNetStats, wireLink, type WireMeta } from '../net/transport'
import { ONEIROS_EVENTS } from './events'
import { recordPacket } from '../net/packetViews'
import { oneirOSManifest } from './manifest'
import { HEADER_BYTES, ONEIROS_CONSUMES, ONEIROS_SENDS, SNAPSHOT_WIRE, SnapshotWireSchema, type AckMsg, type ChunkMsg, type OneirosCtx, type SnapshotPacket } from './messages'
import { oneirosView, type OneirosState, type OneirosView, type Receiving, type Transfer } from './view'

export type { OneirosState, OneirosView } from './view'

interface PacketTimer {
  k: 'pkt'
  sentUs: number
  m: SnapshotPacket
  w?: WireMeta
}

interface RtoTimer {
  k: 'rto'
  key: number
  id: number
  /** The transfer's version when armed: a timer armed before the last send is stale. */
  ver: number
}


/** RFC 6298: the timeout before any round trip was measured, and its ceiling. */
export const INITIAL_RTO_US = 1_000_000
export const MAX_RTO_US = 60_000_000

/** RFC 6298 §2.2–2.3: fold one round-trip sample into SRTT/RTTVAR (integers, µs) and recompute the timeout. */
export function rttSample(tr: Pick<Transfer, 'srttUs' | 'rttvarUs' | 'rtoUs'>, rUs: number, minRtoUs: number): void {
  if (tr.srttUs === 0) {
    tr.srttUs = rUs
    tr.rttvarUs = Math.round(rUs / 2)
  } else {
    tr.rttvarUs = Math.round((3 * tr.rttvarUs + Math.abs(tr.srttUs - rUs)) / 4) // β = 1/4
    tr.srttUs = Math.round((7 * tr.srttUs + rUs) / 8) // α = 1/8
  }
  tr.rtoUs = Math.min(MAX_RTO_US, Math.max(minRtoUs, tr.srttUs + 4 * tr.rttvarUs))
}

function transmit(s: OneirosState, ctx: OneirosCtx, m: SnapshotPacket): void {
  const bytes = HEADER_BYTES + (m.t === 'chunk' ? m.size : 8)
  if (m.t === 'chunk') s.stats.chunkBytes += m.size
  const { times, meta, payload } = sendWire(s.net, ctx, m.from, m.to, bytes, m)
  const w = meta.s || meta.bad ? meta : undefined
  for (const at of times) {
    const t: PacketTimer = w ? { k: 'pkt', sentUs: ctx.now, m: payload, w } : { k: 'pkt', sentUs: ctx.now, m }
    ctx.schedule(simUs(at), t as unknown as Json)
    s.packets = recordPacket(s.packets, { from: m.from, to: m.to, sentUs: ctx.now, deliverUs: at, kind: m.t === 'chunk' ? 'snapshot' : 'snapshot-ack', msg: m }, s.nowUs)
  }
}

const chunkOf = (tr: Transfer, seq: number, chunkBytes: number): ChunkMsg => ({
  t: 'chunk',
  from: tr.from,
  to: tr.to,
  id: tr.id,
  seq,
  total: tr.chunks,
  size: seq === tr.chunks - 1 ? tr.bytes - chunkBytes * (tr.chunks - 1) : chunkBytes,
  term: tr.term,
  index: tr.index,
  snapTerm: tr.snapTerm,
  chain: tr.chain,
  bytes: tr.bytes,
  voters: tr.voters,
})

/** Send what the window allows past `sent`, and arm the retransmission timer. */
function pump(s: OneirosState, ctx: OneirosCtx, key: number, tr: Transfer): void {
  const { windowChunks, chunkBytes } = ctx.settings
  while (tr.sent < tr.chunks && tr.sent < tr.acked + windowChunks) {
    const seq = tr.sent++
    if (tr.sentAt[seq] !== undefined) tr.resent[seq] = true
    tr.sentAt[seq] = ctx.now
    transmit(s, ctx, chunkOf(tr, seq, chunkBytes))
  }
  tr.ver++
  const t: RtoTimer = { k: 'rto', key, id: tr.id, ver: tr.ver }
  ctx.schedule(simUs(ctx.now + tr.rtoUs), t as unknown as Json)
}

function finish(s: OneirosState, ctx: OneirosCtx, key: number, tr: Transfer, ok: boolean, reason: string): void {
  delete s.sending[key]
  if (ok) {
    s.stats.sent++
    ctx.emit('snapshot_sent', tr.from, { to: tr.to, index: tr.index, bytes: tr.bytes, chunks: tr.chunks, resends: tr.resends, restarts: tr.restarts, tookUs: ctx.now - tr.startedUs })
  } else {
    s.stats.aborted++
    ctx.emit('snapshot_aborted', tr.from, { to: tr.to, index: tr.index, reason })
  }
  ctx.send('snapshot_status', { from: tr.from, to: tr.to, term: tr.term, index: tr.index, ok })
}

function onAck(s: OneirosState, ctx: OneirosCtx, m: AckMsg): void {
  const key = m.to * s.n + m.from // the sender's link: (sender = m.to, receiver = m.from)
  const tr = s.sending[key]
  if (!tr || tr.id !== m.id || !s.up[tr.from]) return
  if (m.life < tr.rlife) return // from the receiver's life before a crash: stale
  if (m.life > tr.rlife && tr.rlife !== -1) {
    // The receiver crashed and came back: it lost its partial copy and holds only what it got
    // since. Go back to where it is.
    tr.restarts++
    tr.acked = Math.min(m.next, tr.chunks)
    tr.sent = tr.acked
    tr.dupAcks = 0
  } else if (m.next <= tr.acked) {
    tr.rlife = m.life
    // A duplicate acknowledgement: the chunk at `acked` is missing. The third in a row resends it
    // at once (TCP's fast retransmit) instead of waiting for the timeout.
    if (m.next === tr.acked && ++tr.dupAcks === 3 && tr.acked < tr.chunks) {
      tr.resent[tr.acked] = true
      tr.sentAt[tr.acked] = ctx.now
      tr.resends++
      transmit(s, ctx, chunkOf(tr, tr.acked, ctx.settings.chunkBytes))
    }
    return
  } else {
    tr.dupAcks = 0
    tr.acked = Math.min(m.next, tr.chunks)
    const last = tr.acked - 1
    if (!tr.resent[last] && tr.sentAt[last] !== undefined) rttSample(tr, ctx.now - tr.sentAt[last]!, ctx.settings.minRtoMs * 1_000)
  }
  tr.rlife = m.life
  tr.retries = 0
  if (tr.acked >= tr.chunks) return finish(s, ctx, key, tr, true, '')
  if (tr.sent < tr.acked) tr.sent = tr.acked
  pump(s, ctx, key, tr)
}

function onChunk(s: OneirosState, ctx: OneirosCtx, m: ChunkMsg): void {
  const me = m.to
  // What a world receives is kept per sender: one sender's abandoned transfer never blocks another's.
  const key = me * s.n + m.from
  const ack = (next: number) => transmit(s, ctx, { t: 'ack', from: me, to: m.from, id: m.id, next, life: s.life[me]! })
  const done = s.completed[key]
  if (done !== undefined && done === m.id) return ack(m.total) // the sender missed our last acknowledgement
  let r: Receiving | undefined = s.receiving[key]
  if (!r || r.id !== m.id) {
    if (r && r.id > m.id) return // a chunk of this sender's older transfer, replaced since
    // A new transfer (or one whose first chunks a crash made us lose: we then ask from 0).
    r = { id: m.id, from: m.from, next: 0, have: [], total: m.total, bytes: m.bytes, index: m.index, startedUs: ctx.now }
    s.receiving[key] = r
  }
  // Chunks that overtook others are kept; the acknowledgement says the first still missing.
  if (m.seq < r.total) r.have[m.seq] = true
  while (r.next < r.total && r.have[r.next]) r.next++
  if (r.next < r.total) return ack(r.next)
  delete s.receiving[key]
  s.completed[key] = m.id
  ack(r.total)
  ctx.emit('snapshot_received', me, { from: m.from, index: m.index, bytes: m.bytes, chunks: m.total })
  ctx.send('install_snapshot', { node: me, from: m.from, term: m.term, index: m.index, snapTerm: m.snapTerm, chain: m.chain, bytes: m.bytes, voters: m.voters })
}

function onRto(s: OneirosState, ctx: OneirosCtx, t: RtoTimer): void {
  const tr = s.sending[t.key]
  if (!tr || tr.id !== t.id || tr.ver !== t.ver) return // progress was made since, or the transfer ended
  if (++tr.retries > ctx.settings.maxRetries) return finish(s, ctx, t.key, tr, false, `no acknowledgement after ${ctx.settings.maxRetries} timeouts`)
  // Go back: send the window again from the first unacknowledged chunk, and back off (RFC 6298 §5.5).
  tr.rtoUs = Math.min(MAX_RTO_US, tr.rtoUs * 2)
  tr.resends += Math.max(0, tr.sent - tr.acked)
  tr.sent = tr.acked
  pump(s, ctx, t.key, tr)
}

export const oneirOS = defineLayer({
  ...oneirOSManifest,
  consumes: ONEIROS_CONSUMES,
  sends: ONEIROS_SENDS,
  wire: SNAPSHOT_WIRE,
  events: ONEIROS_EVENTS,
  init(ctx): OneirosState {
    const n = ctx.scenario.nodes.count
    startNetStats(ctx)
    return { n, nowUs: 0, net: createNetState(ctx.scenario), up: new Array<boolean>(n).fill(true), life: new Array<number>(n).fill(0), seq: 0, sending: {}, receiving: {}, completed: {}, packets: [], stats: { started: 0, sent: 0, aborted: 0, chunkBytes: 0 } }
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'send_snapshot': {
        const m = msg.data
        if (m.from === m.to || m.from >= s.n || m.to >= s.n || !s.up[m.from]) return
        const key = m.from * s.n + m.to
        const cur = s.sending[key]
        if (cur && cur.index >= m.index && cur.term >= m.term) return // the same snapshot is on its way
        if (cur) finish(s, ctx, key, cur, false, 'replaced by a newer snapshot')
        const chunks = Math.max(1, Math.ceil(m.bytes / ctx.settings.chunkBytes))
        const tr: Transfer = { id: ++s.seq, from: m.from, to: m.to, term: m.term, index: m.index, snapTerm: m.snapTerm, chain: m.chain, bytes: Math.max(m.bytes, 1), voters: m.voters, chunks, sent: 0, acked: 0, retries: 0, resends: 0, restarts: 0, ver: 0, sentAt: [], resent: [], dupAcks: 0, rlife: -1, srttUs: 0, rttvarUs: 0, rtoUs: Math.max(INITIAL_RTO_US, ctx.settings.minRtoMs * 1_000), startedUs: ctx.now }
        s.sending[key] = tr
        s.stats.started++
        ctx.emit('snapshot_started', m.from, { to: m.to, index: m.index, bytes: tr.bytes, chunks })
        pump(s, ctx, key, tr)
        return
      }
      case 'world_status': {
        const id = msg.data.node
        if (id >= s.n) return
        const live = isLive(msg.data.status)
        if (s.up[id] && !live) {
          // Its process is gone: transfers it sends end, what it was receiving is lost.
          for (const k of Object.keys(s.sending)) {
            const tr = s.sending[Number(k)]!
            if (tr.from === id) finish(s, ctx, Number(k), tr, false, 'the sender crashed')
          }
          for (let from = 0; from < s.n; from++) {
            delete s.receiving[id * s.n + from]
            delete s.completed[id * s.n + from]
          }
          s.life[id]!++
        }
        s.up[id] = live
        return
      }
      default:
        applyNetAnnouncement(s.net, msg)
    }
  },

  onTimer(s, payload, ctx) {
    s.nowUs = ctx.now
    const p = payload as unknown as PacketTimer | RtoTimer | typeof NET_STATS_TIMER
    switch (p.k) {
      case 'pkt': {
        const { m } = p as PacketTimer
        const [from, to] = wireLink((p as PacketTimer).w, m)
        if (!receiveWire(s.net, ctx, from, to, (p as PacketTimer).sentUs, (p as PacketTimer).w, m, SnapshotWireSchema, typeof m.t === 'string' ? m.t : 'snapshot', payload)) return
        if (!s.up[to]) return
        if (m.t === 'chunk') onChunk(s, ctx, m)
        else onAck(s, ctx, m)
        return
      }
      case 'rto':
        return onRto(s, ctx, p as RtoTimer)
      case 'stats':
        return onNetStatsTimer(s.net, ctx)
    }
  },

  sample(s) {
    return { transfers: Object.keys(s.sending).length, snapshotsSent: s.stats.sent, chunkBytes: s.stats.chunkBytes }
  },

  view(s): OneirosView {
    return oneirosView(s)
  },

  summary(s) {
    return { ...s.stats }
  },
})

