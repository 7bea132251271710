/**
 * Merkle anti-entropy (Dynamo §4.7, Cassandra's repair): once per interval each live world (the
 * initiator) picks a live peer and:
 *   1. hello: sends its prefix length; the peer answers with its own, its Merkle root over the
 *      common prefix [1, L], L = min of the two, and — when the initiator's prefix is shorter —
 *      up to tailEntriesMax entries after it whose chain links verify on the peer (a tail lost in a
 *      crash is re-fetched this way; the initiator accepts an entry only if it extends its own chain
 *      to the peer's h_i);
 *   2. descent: while roots differ, the initiator asks for the children of the differing ranges,
 *      one round trip per level (RFC 6962 tree shape), until single leaves: divergence_found
 *      {peer, fromIndex, toIndex, levels};
 *   3. majority: it asks `witnesses` further live replicas for their leaf hashes at those indices;
 *      a hash held by a strict majority of the copies heard (at least two) is the healthy one;
 *   4. repair: if its own copy is the minority, it fetches the entries from a replica holding the
 *      majority's hash (served only if the replica's own chain link verifies; accepted only if the
 *      leaf hash matches), overwrites its copy, and once the write is durable emits
 *      ledger_repaired {index, from}. A copy that agrees with the majority is never touched; a
 *      replica in the minority (the peer, a witness) is told where (ae_suspect {idx}); it trusts
 *      only the where: it opens a round straight at the vote on those indices, the teller among its
 *      witnesses (a round of its own still comparing trees gives way), and repairs itself if the
 *      majority says so. Repair runs both ways, as Cassandra's does.
 * The peer and the witnesses answer from their ledgers without keeping any state. Stale answers
 * (another round, another step, or a crash in between) are ignored. Requests are resent after
 * retryUs without an answer, RETRIES_MAX times (anti-entropy runs over TCP in Cassandra); then the
 * round is abandoned (or, voting, decides with the answers heard) — at once when the peer is down —
 * and a new one opened with another live peer. One round per world at a time.
 */
import { simUs } from '../../kernel/time'
import type { Json, NodeId } from '../../kernel/types'
import { isLive } from '../../kernel/worlds'
import { recordPacket } from '../net/packetViews'
import { sendWire } from '../net/transport'
import type { AtmosSettings } from '../atmOS/settings'
import { diskWrite } from '../atmOS/disk'
import type { KarmosCtx } from './contract'
import { beginWrite, chainAt, endWrite, entryAt, fold, foldable, linkVerifies, overwrite, storeFromPeer, tryRangeHash } from './ledger'
import { children, leafHash, type Range } from './merkle'
import type { KarmosMsg } from './messages'
import { intervalUs } from './settings'
import type { KPacketTimer, KarmosState, KarmosWorld, Round } from './state'

export interface DiskTimer {
  k: 'disk'
  n: NodeId
  inc: number
}
export interface AeTimer {
  k: 'ae'
  n: NodeId
}
export interface RetryTimer {
  k: 'retry'
  n: NodeId
  s: number
  step: number
  tries: number
}

/** A round still open after this many intervals is dropped (a safety net: rounds end by themselves). */
export const ROUND_MAX_INTERVALS = 10

/** Resends of one step's requests before the round gives up (the vote decides with what it heard). */
export const RETRIES_MAX = 3

/** How long a request waits for its answer before it is sent again: a quarter of the interval (500 ms by default). */
export const retryUs = (intervalMs: number): number => Math.max(1_000, intervalMs * 250)

const HEADER_BYTES = 40
const HASH_BYTES = 32

/** Bytes of a message on the wire (header, hashes as 32 raw bytes, entries as stored). */
export function messageBytes(m: KarmosMsg): number {
  switch (m.t) {
    case 'ae_hello':
      return HEADER_BYTES + 8
    case 'ae_hello_resp': {
      let b = HEADER_BYTES + 8 + HASH_BYTES
      for (const x of m.tail) b += 8 + x.e.length + HASH_BYTES
      return b
    }
    case 'ae_desc':
      return HEADER_BYTES + 8 + 16 * m.ranges.length
    case 'ae_desc_resp':
      return HEADER_BYTES + 8 + 2 * HASH_BYTES * (m.hashes?.length ?? 0)
    case 'ae_vote':
    case 'ae_fetch':
    case 'ae_suspect':
      return HEADER_BYTES + 8 * m.idx.length
    case 'ae_vote_resp':
      return HEADER_BYTES + HASH_BYTES * m.hashes.length
    case 'ae_fetch_resp': {
      let b = HEADER_BYTES
      for (const x of m.entries) b += 8 + x.e.length
      return b
    }
  }
}


/** Put one message on the network now (one delivery timer per copy the network delivers). */
export function send(s: KarmosState, ctx: KarmosCtx, m: KarmosMsg): void {
  const bytes = messageBytes(m)
  s.stats.messagesSent++
  s.stats.bytesExchanged += bytes
  const { times, meta, payload } = sendWire(s.net, ctx, m.from, m.to, bytes, m)
  if (times.length === 0) {
    s.stats.messagesLost++
    return
  }
  const w = meta.s || meta.bad ? meta : undefined
  for (const at of times) {
    const t: KPacketTimer = w ? { k: 'pkt', sentUs: ctx.now, m: payload, w } : { k: 'pkt', sentUs: ctx.now, m }
    ctx.schedule(simUs(at), t as unknown as Json)
    s.packets = recordPacket(s.packets, { from: m.from, to: m.to, sentUs: ctx.now, deliverUs: at, kind: m.t, msg: m }, s.nowUs)
  }
}

/** Start a disk write of the volatile entries, unless one is in flight. */
export function startWrite(ctx: KarmosCtx, w: KarmosWorld): void {
  const l = w.ledger
  if (beginWrite(l) === null) return
  const disk = (ctx.scenario.layers['atmOS'] as AtmosSettings).disk
  const { doneUs, ok } = diskWrite(ctx.rng(`disk:${w.id}`), disk, ctx.now, l.diskBusyUntilUs)
  l.diskBusyUntilUs = doneUs
  l.writeOk = ok
  const t: DiskTimer = { k: 'disk', n: w.id, inc: l.inc }
  ctx.schedule(simUs(doneUs), t as unknown as Json)
}

/** A write completed: durable; repairs it carried are announced. */
export function onDiskTimer(s: KarmosState, ctx: KarmosCtx, t: DiskTimer): void {
  const w = s.worlds[t.n]!
  const l = w.ledger
  if (l.inc !== t.inc || l.writing === null) return
  for (const [index, from] of endWrite(l, l.writeOk)) {
    s.stats.repairs++
    l.repairs++
    l.corrupted = l.corrupted.filter((i) => i !== index)
    w.rootMemo = null
    ctx.emit('ledger_repaired', w.id, { index, from })
  }
  startWrite(ctx, w)
}

/** A live world other than `self` and `not`, drawn uniformly from the world's stream (null: there is none). */
function drawLive(s: KarmosState, ctx: KarmosCtx, self: NodeId, not: readonly NodeId[]): NodeId | null {
  const candidates: NodeId[] = []
  for (let p = 0; p < s.n; p++) if (p !== self && !not.includes(p) && isLive(ctx.worlds[p]!)) candidates.push(p)
  return candidates.length === 0 ? null : ctx.rng(`ae:${self}`).pick(candidates)
}

function endRound(s: KarmosState, w: KarmosWorld, outcome: 'sync' | 'diverged' | 'abandoned'): void {
  w.round = null
  if (outcome === 'sync') s.stats.roundsInSync++
  else if (outcome === 'diverged') s.stats.roundsDiverged++
  else s.stats.roundsAbandoned++
}

/**
 * daemOS: the world's repairer daemon stopped or started (daemon_state). Down, it starts no round,
 * and the round it led dies with it (abandoned; answers to it are then ignored as after a crash).
 */
export function setRepairerDown(s: KarmosState, w: KarmosWorld, down: boolean): void {
  w.repairerDown = down
  if (down && w.round !== null) endRound(s, w, 'abandoned')
}

/** The world's interval timer: start a round with a live peer (one round at a time). */
export function onAeTimer(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld): void {
  const iv = intervalUs(ctx.settings)
  ctx.schedule(simUs(ctx.now + iv), { k: 'ae', n: w.id } satisfies AeTimer)
  if (!isLive(ctx.worlds[w.id]!)) return
  maybeFold(s, ctx, w)
  if (w.repairerDown === true) return
  if (w.round !== null) {
    // A round ends by itself (answers, or retries exhausted); this only guards against a lost timer.
    if (ctx.now - w.round.startedUs < ROUND_MAX_INTERVALS * iv) return
    endRound(s, w, 'abandoned')
  }
  const peer = drawLive(s, ctx, w.id, [])
  if (peer !== null) startRound(s, ctx, w, peer)
}

/**
 * Fold what every peer is known to hold well past: up to keepEntries before the shortest ledger
 * any peer last said it had (hello and its answer carry the length), never past what a peer not
 * yet heard from might lack, nor past its own unverified or not yet durable entries (foldable). A
 * decommissioned world no longer counts. chaOS corrupts only the newest keepEntries / 2 entries,
 * so what is folded is never what a repair needs — and a world behind finds its missing tail
 * still held by its peers.
 */
function maybeFold(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld): void {
  const l = w.ledger
  let known = l.len
  for (let p = 0; p < s.n && known > -1; p++) {
    // A peer not heard yet bounds it at −1, the least a length can be: no need to look further.
    if (p === w.id || ctx.worlds[p] === 'decommissioned') continue
    known = Math.min(known, w.peerLen[p] ?? -1)
  }
  const to = foldable(l, known - ctx.settings.keepEntries)
  if (to <= l.base) return
  const n = fold(l, to)
  s.stats.entriesFolded += n
  w.rootMemo = null
}

/** Open a round with `peer` now (the caller checked that none is open). */
function startRound(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, peer: NodeId): void {
  s.stats.rounds++
  const round: Round = { s: w.nextSession++, peer, L: w.ledger.len, levels: 0, startedUs: ctx.now, phase: 'hello', pending: [], diff: [], peerLeaf: [], witnesses: [], votes: [], want: {}, sources: {}, outbox: [], step: 0 }
  w.round = round
  request(s, ctx, w, round, [{ t: 'ae_hello', from: w.id, to: peer, s: round.s, k: 0, len: w.ledger.len }])
}

/** Send this step's requests and arm the retry timer. */
function request(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, r: Round, ms: KarmosMsg[]): void {
  r.step++
  for (const m of ms) m.k = r.step
  r.outbox = ms
  for (const m of ms) send(s, ctx, m)
  ctx.schedule(simUs(ctx.now + retryUs(ctx.settings.antiEntropyIntervalMs)), { k: 'retry', n: w.id, s: r.s, step: r.step, tries: 1 } satisfies RetryTimer)
}

/** No answer in time: send the step's requests again, or give up (the vote decides with the answers heard). */
export function onRetryTimer(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, t: RetryTimer): void {
  const r = w.round
  if (r === null || r.s !== t.s || r.step !== t.step || r.outbox.length === 0) return
  const peerGone = !isLive(ctx.worlds[r.peer]!)
  if (t.tries > RETRIES_MAX || (peerGone && r.phase !== 'vote')) {
    if (r.phase === 'vote') return decide(s, ctx, w, r)
    // The peer is down (atmOS's membership says so) or does not answer: try another one now
    // rather than wait an interval — an unlucky peer must not hold a repair back.
    const peer = r.peer
    endRound(s, w, 'abandoned')
    if (!isLive(ctx.worlds[w.id]!)) return
    const next = drawLive(s, ctx, w.id, [peer])
    if (next !== null) startRound(s, ctx, w, next)
    return
  }
  s.stats.retries++
  if (r.phase === 'fetch') r.outbox = fetchRequests(ctx, w, r)
  for (const m of r.outbox) send(s, ctx, m)
  ctx.schedule(simUs(ctx.now + retryUs(ctx.settings.antiEntropyIntervalMs)), { ...t, tries: t.tries + 1 } satisfies RetryTimer)
}

/** The round this answer belongs to, if it is still open and in that phase. */
function roundFor(w: KarmosWorld, m: KarmosMsg, phase: Round['phase']): Round | null {
  const r = w.round
  return r !== null && r.s === m.s && r.step === m.k && r.phase === phase ? r : null
}

/** Deliver one anti-entropy message to world `w` (already accepted by receiveWire). */
export function onMessage(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, m: KarmosMsg): void {
  const l = w.ledger
  const { tailEntriesMax } = ctx.settings
  switch (m.t) {
    // ── answers (stateless) ──
    case 'ae_hello': {
      if (m.from < s.n) w.peerLen[m.from] = m.len
      const L = Math.min(m.len, l.len)
      const tail: { i: number; e: string; h: string }[] = []
      for (let i = m.len + 1; i <= l.len && tail.length < tailEntriesMax; i++) {
        if (!linkVerifies(l, i)) break // a read-time check: never serve bytes that fail their chain link
        tail.push({ i, e: entryAt(l, i)!, h: chainAt(l, i) })
      }
      const root = tryRangeHash(l, 0, L)
      if (root === null) return // the asker is behind what this world folded: it asks another peer
      send(s, ctx, { t: 'ae_hello_resp', from: w.id, to: m.from, s: m.s, k: m.k, len: l.len, root, tail })
      return
    }
    case 'ae_desc': {
      const ok = l.len >= m.L && m.ranges.every((r) => r[1] <= m.L && r[1] - r[0] >= 2)
      let hashes: [string, string][] | null = ok ? [] : null
      for (const r of ok ? m.ranges : []) {
        const [a, b] = children(r).map((c) => tryRangeHash(l, c[0], c[1]))
        if (a == null || b == null) {
          hashes = null // below what this world folded: no answer there
          break
        }
        hashes!.push([a, b])
      }
      send(s, ctx, { t: 'ae_desc_resp', from: w.id, to: m.from, s: m.s, k: m.k, L: m.L, hashes })
      return
    }
    case 'ae_vote': {
      const hashes = m.idx.map((i) => {
        const e = entryAt(l, i)
        return e === null ? null : leafHash(e)
      })
      send(s, ctx, { t: 'ae_vote_resp', from: w.id, to: m.from, s: m.s, k: m.k, hashes })
      return
    }
    case 'ae_fetch': {
      const entries = m.idx.filter((i) => linkVerifies(l, i)).map((i) => ({ i, e: entryAt(l, i)! }))
      send(s, ctx, { t: 'ae_fetch_resp', from: w.id, to: m.from, s: m.s, k: m.k, entries })
      return
    }
    case 'ae_suspect': {
      // A hint, not a verdict: it says where to look, and this world votes on those entries itself
      // (the teller among the witnesses) — no descent needed. A round still comparing trees gives
      // way to it; one already voting or fetching does not.
      s.stats.suspects++
      if (!isLive(ctx.worlds[w.id]!)) return
      if (w.round !== null && (w.round.phase === 'vote' || w.round.phase === 'fetch')) return
      const idx = [...new Set(m.idx)].filter((i) => i >= 1 && i <= l.len).sort((a, b) => a - b)
      if (idx.length === 0) return
      if (w.round !== null) endRound(s, w, 'abandoned')
      startSuspectRound(s, ctx, w, m.from, idx)
      return
    }
    // ── the initiator's side ──
    case 'ae_hello_resp': {
      const r = roundFor(w, m, 'hello')
      if (r === null || m.from !== r.peer) return
      w.peerLen[m.from] = m.len
      r.levels = 1
      let filled = 0
      for (const x of m.tail) {
        if (!storeFromPeer(l, x.i, x.e, x.h)) break
        filled++
      }
      if (filled > 0) {
        s.stats.entriesRefetched += filled
        l.refetched += filled
        startWrite(ctx, w)
      }
      r.L = Math.min(r.L, m.len)
      const mine = r.L === 0 ? null : tryRangeHash(l, 0, r.L)
      if (r.L > 0 && mine === null) return endRound(s, w, 'abandoned')
      if (r.L === 0 || mine === m.root) return endRound(s, w, 'sync')
      if (r.L === 1) {
        r.diff = [1]
        r.peerLeaf = [m.root]
        return found(s, ctx, w, r)
      }
      r.pending = [[0, r.L]]
      r.phase = 'desc'
      request(s, ctx, w, r, [{ t: 'ae_desc', from: w.id, to: r.peer, s: r.s, k: 0, L: r.L, ranges: r.pending }])
      return
    }
    case 'ae_desc_resp': {
      const r = roundFor(w, m, 'desc')
      if (r === null || m.from !== r.peer) return
      if (m.hashes === null || m.hashes.length !== r.pending.length || l.len < r.L) return endRound(s, w, 'abandoned')
      r.levels++
      const max = ctx.settings.diffLeavesMax
      const next: Range[] = []
      r.pending.forEach((range, k) => {
        const kids = children(range)
        for (let j = 0; j < 2; j++) {
          const c = kids[j]!
          const theirs = m.hashes![k]![j]!
          const ours = tryRangeHash(l, c[0], c[1])
          if (ours === null) return // folded here: nothing this world can compare below it
          if (ours === theirs) continue
          if (c[1] - c[0] === 1) {
            if (r.diff.length < max) {
              r.diff.push(c[0] + 1)
              r.peerLeaf.push(theirs)
            }
          } else if (next.length < max) next.push(c)
        }
      })
      if (next.length > 0 && r.diff.length < max) {
        r.pending = next
        request(s, ctx, w, r, [{ t: 'ae_desc', from: w.id, to: r.peer, s: r.s, k: 0, L: r.L, ranges: next }])
        return
      }
      if (r.diff.length === 0) return endRound(s, w, 'abandoned')
      // Leaves were found at different depths: report them in index order.
      const order = r.diff.map((_, k) => k).sort((a, b) => r.diff[a]! - r.diff[b]!)
      r.diff = order.map((k) => r.diff[k]!)
      r.peerLeaf = order.map((k) => r.peerLeaf[k]!)
      return found(s, ctx, w, r)
    }
    case 'ae_vote_resp': {
      const r = roundFor(w, m, 'vote')
      if (r === null) return
      const k = r.witnesses.indexOf(m.from)
      if (k < 0 || r.votes[k] !== null || m.hashes.length !== r.diff.length) return
      r.votes[k] = m.hashes
      r.outbox = r.outbox.filter((q) => q.to !== m.from)
      if (r.votes.every((v) => v !== null)) decide(s, ctx, w, r)
      return
    }
    case 'ae_fetch_resp': {
      const r = roundFor(w, m, 'fetch')
      if (r === null) return
      let repaired = 0
      for (const x of m.entries) {
        const want = r.want[x.i]
        if (want === undefined || leafHash(x.e) !== want) continue
        delete r.want[x.i]
        const mine = entryAt(l, x.i)
        if (mine === null || x.i > l.len || leafHash(mine) === want) continue
        overwrite(l, x.i, x.e, m.from)
        w.rootMemo = null
        repaired++
      }
      if (repaired > 0) startWrite(ctx, w)
      r.outbox = r.outbox.filter((q) => q.to !== m.from)
      if (r.outbox.length === 0) endRound(s, w, 'diverged')
      return
    }
  }
}

/** A round opened on a hint: straight to the vote on `idx`, the teller and further witnesses asked. */
function startSuspectRound(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, teller: NodeId, idx: number[]): void {
  s.stats.rounds++
  const r: Round = { s: w.nextSession++, peer: teller, L: w.ledger.len, levels: 0, startedUs: ctx.now, phase: 'vote', pending: [], diff: idx, peerLeaf: [], witnesses: [], votes: [], want: {}, sources: {}, outbox: [], step: 0 }
  w.round = r
  askWitnesses(s, ctx, w, r, [teller])
}

/** Ask `first` and settings.witnesses further live replicas for their leaf hashes at r.diff. */
function askWitnesses(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, r: Round, first: NodeId[]): void {
  const chosen: NodeId[] = [w.id, r.peer]
  for (const c of first) {
    r.witnesses.push(c)
    r.votes.push(null)
  }
  for (let k = 0; k < ctx.settings.witnesses; k++) {
    const c = drawLive(s, ctx, w.id, chosen)
    if (c === null) break
    chosen.push(c)
    r.witnesses.push(c)
    r.votes.push(null)
  }
  if (r.witnesses.length === 0) return decide(s, ctx, w, r)
  request(s, ctx, w, r, r.witnesses.map((c) => ({ t: 'ae_vote' as const, from: w.id, to: c, s: r.s, k: 0, idx: r.diff })))
}

/** Leaves differ: report, then ask witnesses. */
function found(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, r: Round): void {
  s.stats.divergences++
  s.stats.levelsTotal += r.levels
  ctx.emit('divergence_found', w.id, { peer: r.peer, fromIndex: r.diff[0]!, toIndex: r.diff[r.diff.length - 1]!, levels: r.levels })
  r.phase = 'vote'
  askWitnesses(s, ctx, w, r, [])
}

/**
 * The majority's hash among copies (strict majority of those heard, at least two), or null.
 * Exported for tests.
 */
export function majority(copies: readonly string[]): string | null {
  const counts = new Map<string, number>()
  for (const c of copies) counts.set(c, (counts.get(c) ?? 0) + 1)
  for (const [h, k] of counts) if (k >= 2 && 2 * k > copies.length) return h
  return null
}

/** Who is right, index by index; fetch the entries where this world's copy is the minority. */
function decide(s: KarmosState, ctx: KarmosCtx, w: KarmosWorld, r: Round): void {
  const l = w.ledger
  /** Replicas whose copy is the minority's where this world's is healthy: told so (ae_suspect). */
  const suspects = new Map<NodeId, number[]>()
  r.diff.forEach((index, k) => {
    const mine = entryAt(l, index)
    if (mine === null) return
    const own = leafHash(mine)
    // (A round opened on a hint has no peer leaf: the teller is asked as a witness.)
    const copies = r.peerLeaf[k] === undefined ? [own] : [own, r.peerLeaf[k]!]
    const holders: NodeId[] = r.peerLeaf[k] === undefined ? [w.id] : [w.id, r.peer]
    r.votes.forEach((v, j) => {
      const h = v?.[k]
      if (h != null) {
        copies.push(h)
        holders.push(r.witnesses[j]!)
      }
    })
    const healthy = majority(copies)
    if (healthy === null) return // nobody can tell: never overwrite
    if (healthy === own) {
      // Ours is healthy: never overwrite it; tell the holders of another copy.
      copies.forEach((c, j) => {
        if (c === healthy) return
        const list = suspects.get(holders[j]!) ?? []
        list.push(index)
        suspects.set(holders[j]!, list)
      })
      return
    }
    r.want[index] = healthy
    r.sources[index] = holders.filter((_, j) => copies[j] === healthy)
  })
  for (const [holder, idx] of suspects) send(s, ctx, { t: 'ae_suspect', from: w.id, to: holder, s: r.s, k: 0, idx })
  if (Object.keys(r.want).length === 0) return endRound(s, w, 'diverged')
  r.phase = 'fetch'
  request(s, ctx, w, r, fetchRequests(ctx, w, r))
}

/**
 * The fetch's requests: the entries still wanted, each asked of the first live replica holding the
 * majority's copy (grouped by replica). Rebuilt at each resend, so a source that went down is
 * replaced by another holder.
 */
function fetchRequests(ctx: KarmosCtx, w: KarmosWorld, r: Round): KarmosMsg[] {
  const bySource = new Map<NodeId, number[]>()
  for (const key of Object.keys(r.want)) {
    const index = Number(key)
    const holders = r.sources[index] ?? []
    const source = holders.find((h) => isLive(ctx.worlds[h]!)) ?? holders[0]
    if (source === undefined) continue
    const list = bySource.get(source) ?? []
    list.push(index)
    bySource.set(source, list)
  }
  return [...bySource].map(([source, idx]) => ({ t: 'ae_fetch' as const, from: w.id, to: source, s: r.s, k: r.step, idx }))
}
