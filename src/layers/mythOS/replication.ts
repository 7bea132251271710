/**
 * Log replication (Raft §5.3, etcd's stepLeader / handleAppendEntries / tracker.Progress): the
 * leader's per-follower probe/replicate flow control, the follower's consistency check with the
 * fast-backtracking hint, commitment by the voters' majority matchIndex restricted to current-term
 * entries (Figure 8) — the leader's own log counting only up to its durable index — and in-order
 * application of what is both committed and durable locally. The leader replicates to every world,
 * learners included (they answer, so their progress is tracked and they are caught up).
 */
import type { NodeId } from '../../kernel/types'
import type { MythosCtx } from './contract'
import { durableIndex, entryAt, findConflictByTerm, lastIndex, maybeAppend, termAt, wireSlice } from './log'
import { noteApplied } from './appliedTerms'
import { entryBytes, sendSnapshot } from './snapshot'
import { sendRpc, type AppendMsg, type AppendRespMsg, type HeartbeatMsg, type HeartbeatRespMsg } from './rpc'
import { onLeaderCommitted } from './membership'
import { voterQuorum, type MythosState, type Progress, type RaftNode } from './state'
import { hasBug } from './settings'

/** etcd MaxInflightMsgs: appends a leader pipelines to one follower before waiting for acks. */
export const MAX_INFLIGHT = 64

export function newProgress(nd: RaftNode): Progress {
  return { match: 0, next: lastIndex(nd) + 1, state: 'probe', pendingSnapshot: 0, paused: false, inflight: [], recentActive: false }
}

function becomeProbe(pr: Progress): void {
  pr.state = 'probe'
  pr.pendingSnapshot = 0
  pr.next = pr.match + 1
  pr.paused = false
  pr.inflight = []
}

function becomeReplicate(pr: Progress): void {
  pr.state = 'replicate'
  pr.pendingSnapshot = 0
  pr.next = pr.match + 1
  pr.paused = false
  pr.inflight = []
}

/** etcd Progress.MaybeDecrTo: false when the rejection is stale. */
function maybeDecrTo(pr: Progress, rejected: number, matchHint: number): boolean {
  if (pr.state === 'replicate') {
    if (rejected <= pr.match) return false
    pr.next = pr.match + 1
    return true
  }
  if (pr.next - 1 !== rejected) return false
  pr.next = Math.max(Math.min(rejected, matchHint + 1), pr.match + 1)
  pr.paused = false
  return true
}

/** etcd Progress.MaybeUpdate: true when match moved. */
function maybeUpdate(pr: Progress, n: number): boolean {
  let updated = false
  if (pr.match < n) {
    pr.match = n
    updated = true
    if (pr.state === 'probe') pr.paused = false
  }
  pr.next = Math.max(pr.next, n + 1)
  return updated
}

/**
 * Send the next append to `to` unless its flow is paused; false when nothing was sent. When the
 * entries it needs were compacted away, the snapshot goes instead (snapshot.ts).
 */
export function maybeSendAppend(s: MythosState, ctx: MythosCtx, nd: RaftNode, to: NodeId, sendIfEmpty: boolean): boolean {
  // Only a leader replicates: one that just committed its own removal has stepped down (membership.ts).
  if (nd.role !== 'leader') return false
  const pr = nd.progress[to]!
  if (pr.paused || pr.state === 'snapshot') return false
  const prevIndex = pr.next - 1
  if (prevIndex < nd.base.index) {
    sendSnapshot(s, ctx, nd, to)
    return true
  }
  const entries = wireSlice(nd, pr.next, ctx.settings.maxEntriesPerAppend)
  if (entries.length === 0 && !sendIfEmpty) return false
  const m: AppendMsg = { t: 'app', from: nd.id, to, term: nd.term, prevIndex, prevTerm: termAt(nd, prevIndex), entries, commit: nd.commitIndex }
  sendRpc(s, ctx, m)
  if (pr.state === 'replicate') {
    if (entries.length > 0) {
      const last = pr.next + entries.length - 1
      pr.next = last + 1
      pr.inflight.push(last)
      pr.paused = pr.inflight.length >= MAX_INFLIGHT
    }
  } else {
    pr.paused = true
  }
  return true
}

export function bcastAppend(s: MythosState, ctx: MythosCtx, nd: RaftNode): void {
  for (let to = 0; to < s.n; to++) if (to !== nd.id) maybeSendAppend(s, ctx, nd, to, true)
}

export function bcastHeartbeat(s: MythosState, ctx: MythosCtx, nd: RaftNode): void {
  for (let to = 0; to < s.n; to++) {
    if (to === nd.id) continue
    const commit = Math.min(nd.progress[to]!.match, nd.commitIndex)
    const m: HeartbeatMsg = { t: 'hb', from: nd.id, to, term: nd.term, commit }
    sendRpc(s, ctx, m)
  }
}

/**
 * Apply every committed, not yet applied entry, in order (the state machine is the story) — only
 * up to the durable index: the applied index is persisted with the state machine, and what it
 * covers must survive a crash (etcd applies CommittedEntries after saving the Ready).
 */
export function applyCommitted(s: MythosState, ctx: MythosCtx, nd: RaftNode): void {
  if (nd.appliedIndex < nd.base.index) return // an installed snapshot is not durable yet: it is applied first (persist.ts)
  const upTo = Math.min(nd.commitIndex, durableIndex(nd))
  const ledger = nd.appliedIndex < upTo && ctx.scenario.run.includes('karmOS') ? [] as { index: number; term: number; digest: string }[] : null
  while (nd.appliedIndex < upTo) {
    const index = ++nd.appliedIndex
    const e = entryAt(nd, index)!
    nd.appliedBytes += entryBytes(e)
    noteApplied(s.firstAppliedTerm, index, nd.term)
    // A happening proposed twice (a forward duplicated across a leader change) is in the log twice
    // but enters the story once: the state machine skips ids it already holds at a lower index.
    if (e.id !== null && nd.idIndex[e.id] !== index) s.stats.duplicatesSkippedAtApply++
    ctx.emit('entry_applied', nd.id, {
      index,
      term: e.term,
      digest: e.digest,
      chain: e.chain,
      appliedInTerm: nd.term,
      kind: e.kind,
      id: e.id,
    })
    ledger?.push({ index, term: e.term, digest: e.digest })
  }
  // karmOS's ledger of this world: what its state machine applied, in order.
  if (ledger && ledger.length > 0) ctx.send('applied', { node: nd.id, entries: ledger })
}

/** Advance commitIndex to c (bounded by what this node holds) and apply. */
export function commitTo(s: MythosState, ctx: MythosCtx, nd: RaftNode, c: number): void {
  const to = Math.min(c, lastIndex(nd))
  if (to <= nd.commitIndex) return
  const from = nd.commitIndex
  if (nd.role === 'leader') {
    const w = s.commitWait
    for (let i = nd.commitIndex + 1; i <= to; i++) {
      const t = w.since[i]
      if (t === undefined) continue
      w.sumUs += ctx.now - t
      w.count++
      delete w.since[i]
    }
  }
  nd.commitIndex = to
  applyCommitted(s, ctx, nd)
  if (nd.role === 'leader') onLeaderCommitted(s, ctx, nd, from, to)
}

/**
 * Leader: commit the highest index a majority of the voters holds, if it is of the current term
 * (Figure 8). Learners' matches do not count (etcd's quorum is over the voters only).
 */
export function maybeCommit(s: MythosState, ctx: MythosCtx, nd: RaftNode): boolean {
  // Cheap pre-check (O(voters)): unless a majority holds commitIndex + 1, nothing can commit — so
  // the sort below runs once per commit advance, not once per acknowledgement.
  const voters = nd.voters
  const q0 = voterQuorum(nd)
  const own = durableIndex(nd) // etcd: the leader's MsgAppResp to itself comes after its append
  // The leader counts itself only while it is in its configuration (one removing itself does not).
  let beyond = nd.voter && own > nd.commitIndex ? 1 : 0
  for (let k = 0; k < voters.length && beyond < q0; k++) {
    const i = voters[k]!
    if (i !== nd.id && nd.progress[i]!.match > nd.commitIndex) beyond++
  }
  if (beyond < q0) return false
  const matches: number[] = []
  for (const i of voters) matches.push(i === nd.id ? own : nd.progress[i]!.match)
  matches.sort((a, b) => b - a)
  const q = matches[q0 - 1]!
  // Raft broken on purpose (settings.bugs 'figure8'): an earlier term's entry committed by counting replicas.
  if (q <= nd.commitIndex || (termAt(nd, q) !== nd.term && !hasBug(ctx.settings, 'figure8'))) return false
  commitTo(s, ctx, nd, q)
  return true
}

/** The follower's answer to an append from `to`. */
function replyAppend(s: MythosState, ctx: MythosCtx, nd: RaftNode, to: NodeId, index: number, reject: boolean, hint: number, hintTerm: number): void {
  const r: AppendRespMsg = { t: 'app_resp', from: nd.id, to, term: nd.term, index, reject, hint, hintTerm }
  sendRpc(s, ctx, r)
}

/** Follower side of AppendEntries (etcd handleAppendEntries). */
export function handleAppend(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: AppendMsg): void {
  if (m.prevIndex < nd.commitIndex) {
    replyAppend(s, ctx, nd, m.from, nd.commitIndex, false, 0, 0)
    return
  }
  const lastNew = maybeAppend(nd, m.prevIndex, m.prevTerm, m.entries)
  if (lastNew !== null) {
    commitTo(s, ctx, nd, Math.min(m.commit, lastNew))
    replyAppend(s, ctx, nd, m.from, lastNew, false, 0, 0)
    return
  }
  const hint = findConflictByTerm(nd, Math.min(m.prevIndex, lastIndex(nd)), m.prevTerm)
  replyAppend(s, ctx, nd, m.from, m.prevIndex, true, hint.index, hint.term)
}

export function handleHeartbeat(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: HeartbeatMsg): void {
  commitTo(s, ctx, nd, m.commit)
  const r: HeartbeatRespMsg = { t: 'hb_resp', from: nd.id, to: m.from, term: nd.term }
  sendRpc(s, ctx, r)
}

export function sendTimeoutNow(s: MythosState, ctx: MythosCtx, nd: RaftNode, to: NodeId): void {
  sendRpc(s, ctx, { t: 'timeout_now', from: nd.id, to, term: nd.term })
}

/** Leader side of an append response (etcd stepLeader MsgAppResp). */
export function handleAppendResp(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: AppendRespMsg): void {
  const pr = nd.progress[m.from]!
  pr.recentActive = true
  if (m.reject) {
    if (pr.state === 'snapshot') return // etcd: a rejection cannot concern the snapshot on its way
    let nextProbe = m.hint
    if (m.hintTerm > 0) nextProbe = findConflictByTerm(nd, m.hint, m.hintTerm).index
    if (maybeDecrTo(pr, m.index, nextProbe)) {
      if (pr.state === 'replicate') becomeProbe(pr)
      maybeSendAppend(s, ctx, nd, m.from, true)
    }
    return
  }
  const wasPaused = pr.paused
  if (!maybeUpdate(pr, m.index)) return
  if (pr.state === 'probe') becomeReplicate(pr)
  else if (pr.state === 'snapshot') {
    if (pr.match < pr.pendingSnapshot) return // an answer from before the snapshot: keep waiting for it
    becomeReplicate(pr)
  } else {
    pr.inflight = pr.inflight.filter((last) => last > m.index)
    pr.paused = pr.inflight.length >= MAX_INFLIGHT
  }
  if (maybeCommit(s, ctx, nd)) bcastAppend(s, ctx, nd)
  else if (wasPaused) maybeSendAppend(s, ctx, nd, m.from, true)
  while (maybeSendAppend(s, ctx, nd, m.from, false)) {
    // pipeline what is left, up to the inflight window
  }
  if (m.from === nd.transferee && pr.match === lastIndex(nd)) sendTimeoutNow(s, ctx, nd, m.from)
}

/** Leader side of a heartbeat response: the follower is alive; catch it up if it lags. */
export function handleHeartbeatResp(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: HeartbeatRespMsg): void {
  const pr = nd.progress[m.from]!
  pr.recentActive = true
  if (pr.state === 'snapshot') return // paused until the snapshot is in (etcd IsPaused)
  pr.paused = false
  if (pr.match < lastIndex(nd) || pr.state === 'probe') maybeSendAppend(s, ctx, nd, m.from, true)
}
