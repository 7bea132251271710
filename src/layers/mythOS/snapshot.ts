/**
 * Snapshots and log compaction in the Raft library (etcd's raft + raftLog + MemoryStorage), the
 * parts the other layers drive:
 *
 * - Compaction (hypnOS asks, as etcdserver's triggerSnapshot does once applied − snapshot index
 *   passes its snapshot count): the state as of the applied index is written to the world's disk
 *   (atmOS's disk: its latency plus the snapshot's bytes at the disk's throughput, queued behind
 *   the Raft writes), and once durable the log up to index − keep is folded into the log's base
 *   (etcd keeps SnapshotCatchUpEntries for followers that are a little behind). A crash during
 *   the write loses the write and nothing else: the old log is still all there.
 * - A follower that needs entries the leader compacted (its next index is at or below the base)
 *   gets the leader's latest snapshot instead (etcd StateSnapshot / MsgSnap): mythOS hands it to
 *   oneirOS, which carries it in chunks over the network; the follower installs it (the log is
 *   replaced; the state machine takes the snapshot's state once it is durable) and answers the
 *   leader with an append response from past it, which moves the leader's progress on.
 */
import { simUs } from '../../kernel/time'
import type { Json, NodeId } from '../../kernel/types'
import type { AtmosSettings } from '../atmOS/settings'
import { diskWrite } from '../atmOS/disk'
import type { MythosCtx } from './contract'
import { chainAt, compactTo, configAt, matchTerm, restoreSnapshot, termAt } from './log'
import type { CompactMsg, InstallSnapshotMsg, SnapshotStatusMsg } from './messages'
import { becomeFollower, stopNode } from './node'
import { persist } from './persist'
import { commitTo } from './replication'
import { sendRpc } from './rpc'
import type { z } from 'zod'
import type { Entry, LogBase, MythosState, RaftNode, SnapMeta } from './state'

/** Bytes an entry takes in a log or a state machine (the wire estimate of rpc.ts). */
export const entryBytes = (e: Pick<Entry, 'digest' | 'id' | 'text'>): number => 24 + e.digest.length + (e.id?.length ?? 0) + e.text.length

const logBytes = (nd: RaftNode): number => {
  let b = 0
  for (const e of nd.log) b += entryBytes(e)
  return b
}

/** The timer payload of a compaction's snapshot write. */
export interface SnapTimer {
  k: 'snap'
  n: NodeId
  inc: number
  job: number
}

function reply(ctx: MythosCtx, nd: RaftNode, job: number, ok: boolean, reason: string, extra: Partial<{ snapshotIndex: number; entriesBefore: number; entriesAfter: number; bytesBefore: number; bytesAfter: number }> = {}): void {
  const entries = nd.log.length
  const bytes = logBytes(nd)
  ctx.send('compacted', { node: nd.id, job, ok, reason, snapshotIndex: nd.snapshot.index, chain: nd.snapshot.chain, entriesBefore: entries, entriesAfter: entries, bytesBefore: bytes, bytesAfter: bytes, ...extra })
}

/** hypnOS asks world `node` to snapshot and compact. */
export function onCompact(s: MythosState, ctx: MythosCtx, m: z.infer<typeof CompactMsg>): void {
  const nd = s.nodes[m.node]
  if (!nd) return
  if (!nd.up) return reply(ctx, nd, m.job, false, 'world down')
  if (nd.compaction !== null) return reply(ctx, nd, m.job, false, 'a compaction is already running')
  const index = nd.appliedIndex
  if (index <= nd.snapshot.index || index <= nd.base.index) return reply(ctx, nd, m.job, false, 'nothing applied since the last snapshot')
  const snap: SnapMeta = { index, term: termAt(nd, index), chain: chainAt(nd, index)!, bytes: nd.appliedBytes, voters: configAt(nd, index) }
  const settings = (ctx.scenario.layers['atmOS'] as AtmosSettings).disk
  const { doneUs, ok } = diskWrite(ctx.rng(`disk:${nd.id}`), settings, ctx.now, nd.diskBusyUntilUs, snap.bytes)
  nd.diskBusyUntilUs = doneUs
  nd.compaction = { job: m.job, snap, compactTo: Math.max(0, index - m.keep), doneUs, ok }
  const t: SnapTimer = { k: 'snap', n: nd.id, inc: nd.incarnation, job: m.job }
  ctx.schedule(simUs(doneUs), t as unknown as Json)
}

/** The snapshot write finished: the snapshot is durable, the log is cut (or the write failed: fatal, as a WAL fsync error is). */
export function onSnapTimer(s: MythosState, ctx: MythosCtx, t: SnapTimer): void {
  const nd = s.nodes[t.n]
  const c = nd?.compaction
  if (!nd || !c || !nd.up || nd.incarnation !== t.inc || c.job !== t.job) return // lost in a crash
  nd.compaction = null
  nd.fsyncs++
  s.stats.fsyncs++
  if (!c.ok) {
    s.stats.diskWriteFailures++
    ctx.emit('disk_write_failed', nd.id, { node: nd.id, index: c.snap.index })
    stopNode(s, nd, ctx)
    ctx.send('lifecycle_request', { node: nd.id, action: 'crash', reason: 'snapshot fsync failed (the Raft process panicked)', requester: 'mythOS' })
    return
  }
  const entriesBefore = nd.log.length
  const bytesBefore = logBytes(nd)
  if (c.snap.index > nd.snapshot.index) nd.snapshot = c.snap
  const dropped = compactTo(nd, Math.min(c.compactTo, nd.snapshot.index))
  s.stats.compactions++
  s.stats.entriesCompacted += dropped
  reply(ctx, nd, c.job, true, '', { snapshotIndex: nd.snapshot.index, entriesBefore, entriesAfter: nd.log.length, bytesBefore, bytesAfter: logBytes(nd) })
}

/** A crash: the compaction in flight is lost (its write never completes); an install not yet durable is undone by revertToDurable. */
export function dropInFlight(nd: RaftNode): void {
  nd.compaction = null
  nd.installing = null
}

/**
 * Leader: follower `to` needs entries at or below the log's base, which are gone: send it the
 * latest snapshot (etcd: Progress becomes StateSnapshot, MsgSnap goes to the transport).
 */
export function sendSnapshot(s: MythosState, ctx: MythosCtx, nd: RaftNode, to: NodeId): void {
  const pr = nd.progress[to]!
  pr.state = 'snapshot'
  pr.pendingSnapshot = nd.snapshot.index
  pr.paused = true
  pr.inflight = []
  s.stats.snapshotsRequested++
  const sn = nd.snapshot
  ctx.send('send_snapshot', { from: nd.id, to, term: nd.term, index: sn.index, snapTerm: sn.term, chain: sn.chain, bytes: sn.bytes, voters: sn.voters })
}

/** oneirOS: the transfer from this leader ended (etcd ReportSnapshot). Either way the follower is probed next; on success from past the snapshot. */
export function onSnapshotStatus(s: MythosState, m: z.infer<typeof SnapshotStatusMsg>): void {
  const nd = s.nodes[m.from]
  if (!nd || !nd.up || nd.role !== 'leader' || nd.term !== m.term) return
  const pr = nd.progress[m.to]
  if (!pr || pr.state !== 'snapshot' || pr.pendingSnapshot !== m.index) return // about another (older) snapshot
  pr.next = m.ok ? Math.max(pr.match + 1, pr.pendingSnapshot + 1) : pr.match + 1
  pr.state = 'probe'
  pr.pendingSnapshot = 0
  pr.paused = true // wait for the follower's answer (or the next heartbeat response) before appending
  pr.inflight = []
}

/**
 * oneirOS delivered a whole snapshot to world `node` (etcd handleSnapshot + raftLog.restore): a
 * stale one (a leader of an older term) is dropped; one the log already covers only moves commit;
 * otherwise the log is replaced. The answer (an append response vouching for the snapshot's index)
 * goes out once the install is durable (the durability gate of rpc.ts).
 */
export function onInstallSnapshot(s: MythosState, ctx: MythosCtx, m: z.infer<typeof InstallSnapshotMsg>): void {
  const nd = s.nodes[m.node]
  if (!nd || !nd.up || m.term < nd.term) return
  if (m.term > nd.term || nd.role === 'precandidate' || nd.role === 'candidate') becomeFollower(s, nd, m.term, m.from, ctx, m.term > nd.term ? 'higher term' : 'leader found')
  if (nd.role === 'leader') return // one leader per term: a snapshot of its own term cannot come from another
  nd.electionStartUs = ctx.now
  nd.leader = m.from
  const snap: SnapMeta = { index: m.index, term: m.snapTerm, chain: m.chain, bytes: m.bytes, voters: m.voters }
  let index = nd.commitIndex
  if (m.index > nd.commitIndex) {
    if (matchTerm(nd, m.index, m.snapTerm)) {
      commitTo(s, ctx, nd, m.index) // the log already holds it: fast-forward commit (etcd restore returns false)
    } else {
      restoreSnapshot(nd, snap)
      nd.installing = snap
      nd.commitIndex = m.index
    }
    index = m.index
  }
  sendRpc(s, ctx, { t: 'app_resp', from: nd.id, to: m.from, term: nd.term, index, reject: false, hint: 0, hintTerm: 0 })
  persist(s, ctx, nd)
}

/** An installed snapshot is durable (persist.ts): the state machine takes its state. */
export function installed(s: MythosState, ctx: MythosCtx, nd: RaftNode, base: LogBase): void {
  const snap = nd.installing
  // A later install may have replaced this one while its write was in flight: that one's own write
  // follows (the base is dirty again) and takes the state then.
  if (!snap || snap.index !== base.index) return
  nd.installing = null
  if (nd.appliedIndex >= snap.index) return
  nd.appliedIndex = snap.index
  nd.appliedBytes = snap.bytes
  if (snap.index > nd.snapshot.index) nd.snapshot = snap
  s.stats.snapshotsInstalled++
  ctx.emit('snapshot_installed', nd.id, { index: snap.index, term: snap.term, chain: snap.chain, bytes: snap.bytes, from: nd.leader })
}
