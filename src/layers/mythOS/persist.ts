/**
 * Durability: etcd's Ready loop, with one disk per world (atmOS's disk model, DESIGN §3.2).
 *
 * A step that changes term, vote or log leaves the node unsynced (stateSeq > durableSeq). At the
 * end of the step (the Ready) a write starts if none is in flight: it captures what changed since
 * the previous write — the HardState and the log from the first changed index — and its latency
 * and outcome come from the world's disk (diskWrite, on the node's own stream `disk:<id>`; writes
 * to one disk are sequential). Changes made while it is in flight wait for the next write.
 * When it completes:
 *   - the captured state becomes the durable copy (the durable log is cut and extended, never
 *     copied whole);
 *   - a leader counts its own log toward commit up to the new durable index (etcd's MsgAppResp to
 *     itself), every node applies what is committed and now durable;
 *   - messages held for that state go out, in the order they were sent (a candidate's own vote
 *     is counted then);
 *   - the next write starts if more changed meanwhile.
 * A failed write (fsync error) is fatal, as in etcd (it panics on a WAL sync error): the node
 * emits disk_write_failed {node, index}, stops like a crash, and asks atmOS — the owner of its
 * world's life — to crash the world, so every layer sees it down until chaOS or the user restarts it.
 */
import { simUs } from '../../kernel/time'
import type { Json, NodeId } from '../../kernel/types'
import type { AtmosSettings } from '../atmOS/settings'
import { diskWrite } from '../atmOS/disk'
import type { MythosCtx } from './contract'
import { onVoteResp, stopNode } from './node'
import { applyCommitted, bcastAppend, maybeCommit } from './replication'
import { installed } from './snapshot'
import { transmitRpc } from './rpc'
import { unsynced, type MythosState, type RaftNode } from './state'

/** The timer payload of a write in flight. */
export interface DiskTimer {
  k: 'disk'
  n: NodeId
  inc: number
}

/** End of a step: start a write of what changed, unless one is in flight (it will follow it). */
export function persist(s: MythosState, ctx: MythosCtx, nd: RaftNode): void {
  if (!nd.up || nd.write !== null || !unsynced(nd)) return
  const from = nd.unsavedFrom
  const settings = (ctx.scenario.layers['atmOS'] as AtmosSettings).disk // the world's disk: atmOS's
  // An installed snapshot is written whole (etcd saves the received snapshot before raft takes it).
  const { doneUs, ok } = diskWrite(ctx.rng(`disk:${nd.id}`), settings, ctx.now, nd.diskBusyUntilUs, nd.baseDirty ? (nd.installing?.bytes ?? 0) : 0)
  nd.diskBusyUntilUs = doneUs
  const base = nd.baseDirty ? nd.base : null
  nd.write = { seq: nd.stateSeq, from, base, entries: from === 0 ? [] : nd.log.slice(from - 1 - nd.base.index), term: nd.term, votedFor: nd.votedFor, doneUs, ok }
  nd.unsavedFrom = 0
  nd.baseDirty = false
  const t: DiskTimer = { k: 'disk', n: nd.id, inc: nd.incarnation }
  ctx.schedule(simUs(doneUs), t as unknown as Json)
}

/** A write finished: make it durable (or stop the node), commit, apply, release, write on. */
export function onDiskTimer(s: MythosState, ctx: MythosCtx, t: DiskTimer): void {
  const nd = s.nodes[t.n]
  if (!nd || !nd.up || nd.incarnation !== t.inc || nd.write === null) return // lost in a crash
  const w = nd.write
  nd.fsyncs++
  s.stats.fsyncs++
  if (!w.ok) {
    s.stats.diskWriteFailures++
    ctx.emit('disk_write_failed', nd.id, { node: nd.id, index: w.from === 0 ? nd.durableBase.index + nd.durableLog.length : w.from - 1 + w.entries.length })
    stopNode(s, nd, ctx)
    ctx.send('lifecycle_request', { node: nd.id, action: 'crash', reason: 'fsync failed (the Raft process panicked)', requester: 'mythOS' })
    return
  }
  nd.write = null
  nd.durableTerm = w.term
  nd.durableVote = w.votedFor
  if (w.base !== null) {
    nd.durableBase = w.base
    nd.durableLog = []
  }
  if (w.from !== 0) {
    nd.durableLog.length = w.from - 1 - nd.durableBase.index
    for (const e of w.entries) nd.durableLog.push(e)
  }
  nd.durableSeq = w.seq
  if (w.base !== null) installed(s, ctx, nd, w.base)
  if (nd.role === 'leader' && maybeCommit(s, ctx, nd)) bcastAppend(s, ctx, nd)
  applyCommitted(s, ctx, nd)
  release(s, ctx, nd)
  persist(s, ctx, nd)
}

/** Send, in order, every held message whose state is now durable. */
function release(s: MythosState, ctx: MythosCtx, nd: RaftNode): void {
  let k = 0
  while (k < nd.held.length && nd.held[k]!.need <= nd.durableSeq) k++
  if (k === 0) return
  const out = nd.held.splice(0, k)
  if (nd.held.length === 0) nd.diskWaitUsTotal += ctx.now - nd.heldSinceUs
  for (const h of out) {
    const m = h.m
    if (m.to !== nd.id) {
      transmitRpc(s, ctx, m)
      continue
    }
    // The candidate's own (pre-)vote, if it is still campaigning for that term.
    if (m.t === 'vote_resp' && nd.role === 'candidate' && m.term === nd.term) onVoteResp(s, nd, ctx, nd.id, true)
    else if (m.t === 'prevote_resp' && nd.role === 'precandidate' && m.term === nd.term + 1) onVoteResp(s, nd, ctx, nd.id, true)
  }
}

/** How long the oldest held message has waited, µs (0: none held). */
export const diskWaitUs = (nd: RaftNode, nowUs: number): number => (nd.held.length > 0 ? nowUs - nd.held[0]!.sinceUs : 0)

/** Total time with messages held, µs, the current stretch included. */
export const diskWaitUsTotal = (nd: RaftNode, nowUs: number): number => nd.diskWaitUsTotal + (nd.held.length > 0 ? nowUs - nd.heldSinceUs : 0)

