/**
 * etcd raft.Step for one node: the term rules every message passes first (with PreVote's "never
 * change term for a pre-vote" and CheckQuorum's leader lease), vote granting, then the role's own
 * step function. Also the workload's entry points: proposals (append, forward or drop) and
 * leadership transfer (etcd MsgTransferLeader → MsgTimeoutNow).
 */
import type { NodeId } from '../../kernel/types'
import type { MythosCtx } from './contract'
import { happeningDigest } from './digest'
import { appendOne, isUpToDate, lastIndex } from './log'
import { becomeFollower, ensureElectionTimer, hup, inLease, onVoteResp, abortTransfer } from './node'
import { persist } from './persist'
import { bcastAppend, handleAppend, handleAppendResp, handleHeartbeat, handleHeartbeatResp, maybeSendAppend, sendTimeoutNow } from './replication'
import { sendRpc, type ForwardMsg, type RaftMsg, type VoteMsg } from './rpc'
import { touchHardState, type MythosState, type RaftNode } from './state'
import { hasBug } from './settings'

/** How often a proposal may be re-forwarded (a follower whose leader changed meanwhile). */
export const MAX_FORWARD_HOPS = 3

/** One message at one node, then its Ready: a disk write of what changed (persist.ts). */
export function step(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: RaftMsg): void {
  stepRaft(s, ctx, nd, m)
  ensureElectionTimer(nd, ctx)
  persist(s, ctx, nd)
}

function stepRaft(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: RaftMsg): void {
  if (m.t === 'forward') {
    propose(s, ctx, nd, m.id, m.text, m.hops)
    return
  }
  // A learner never votes: it ignores (pre-)vote requests altogether — no reply, no term change
  // (campaigns ask only voters, so only a stray request gets here). Nor does a fenced voter.
  if ((!nd.voter || nd.fenced) && (m.t === 'vote' || m.t === 'prevote')) return
  const conf = ctx.settings
  if (m.term > nd.term) {
    if ((m.t === 'vote' || m.t === 'prevote') && !m.transfer && inLease(nd, ctx)) return // etcd: ignore, don't even reply
    if (m.t === 'prevote') {
      // never change term in response to a pre-vote
    } else if (m.t === 'prevote_resp' && !m.reject) {
      // a granted pre-vote carries the future term we asked for
    } else if (m.t === 'app' || m.t === 'hb') {
      becomeFollower(s, nd, m.term, m.from, ctx, 'higher term')
    } else {
      becomeFollower(s, nd, m.term, null, ctx, 'higher term')
    }
  } else if (m.term < nd.term) {
    if ((conf.checkQuorum || conf.preVote) && (m.t === 'hb' || m.t === 'app')) {
      // Tell a stale leader about the new term so it steps down (etcd sends an empty MsgAppResp).
      sendRpc(s, ctx, { t: 'app_resp', from: nd.id, to: m.from, term: nd.term, index: 0, reject: false, hint: 0, hintTerm: 0 })
    } else if (m.t === 'prevote') {
      sendRpc(s, ctx, { t: 'prevote_resp', from: nd.id, to: m.from, term: nd.term, reject: true })
    }
    return
  }
  if (m.t === 'vote' || m.t === 'prevote') {
    handleVote(s, ctx, nd, m)
    return
  }
  switch (nd.role) {
    case 'leader':
      if (m.t === 'app_resp') handleAppendResp(s, ctx, nd, m)
      else if (m.t === 'hb_resp') handleHeartbeatResp(s, ctx, nd, m)
      return
    case 'precandidate':
    case 'candidate':
      if (m.t === 'app' || m.t === 'hb') {
        becomeFollower(s, nd, m.term, m.from, ctx, 'leader found')
        if (m.t === 'app') handleAppend(s, ctx, nd, m)
        else handleHeartbeat(s, ctx, nd, m)
      } else if (m.t === (nd.role === 'precandidate' ? 'prevote_resp' : 'vote_resp')) {
        onVoteResp(s, nd, ctx, m.from, !m.reject)
      }
      return
    case 'follower':
      if (m.t === 'app' || m.t === 'hb') {
        nd.electionStartUs = ctx.now
        nd.leader = m.from
        if (m.t === 'app') handleAppend(s, ctx, nd, m)
        else handleHeartbeat(s, ctx, nd, m)
      } else if (m.t === 'timeout_now') {
        hup(s, nd, ctx, true)
      }
      return
  }
}

function handleVote(s: MythosState, ctx: MythosCtx, nd: RaftNode, m: VoteMsg): void {
  const canVote = nd.votedFor === m.from || (nd.votedFor === null && nd.leader === null) || (m.t === 'prevote' && m.term > nd.term)
  const t = m.t === 'prevote' ? 'prevote_resp' : 'vote_resp'
  // Raft broken on purpose (settings.bugs 'skipLogCheck'): the §5.4.1 up-to-date check skipped.
  if (canVote && (hasBug(ctx.settings, 'skipLogCheck') || isUpToDate(nd, m.lastIndex, m.lastTerm))) {
    if (m.t === 'vote') {
      nd.electionStartUs = ctx.now
      if (nd.votedFor !== m.from) {
        nd.votedFor = m.from
        touchHardState(nd) // the grant goes out once the vote is durable
      }
    }
    sendRpc(s, ctx, { t, from: nd.id, to: m.from, term: m.term, reject: false })
  } else {
    sendRpc(s, ctx, { t, from: nd.id, to: m.from, term: nd.term, reject: true })
  }
}

/**
 * A happening proposed at (or forwarded to) a node: an up leader appends it (once: a happening id
 * already in its log is a duplicate), an up follower that knows a leader forwards it, anyone
 * else drops it (counted). `hops` counts forwards so far.
 */
export function propose(s: MythosState, ctx: MythosCtx, nd: RaftNode, id: string, text: string, hops: number): void {
  if (!nd.up) {
    s.stats.proposalsDropped++
    return
  }
  if (nd.role === 'leader') {
    if (nd.transferee !== null) {
      s.stats.proposalsDropped++ // etcd ErrProposalDropped while transferring
      return
    }
    if (nd.idIndex[id] !== undefined) {
      s.stats.duplicatesIgnored++
      return
    }
    const index = appendOne(nd, { term: nd.term, kind: 'happening', id, text, digest: happeningDigest(id, text) })
    s.commitWait.since[index] = ctx.now
    s.stats.proposalsAppended++
    bcastAppend(s, ctx, nd) // the leader's own write runs in parallel; it commits when a majority holds the entry durably
    persist(s, ctx, nd)
    return
  }
  if (nd.role === 'follower' && nd.leader !== null && nd.leader !== nd.id && hops < MAX_FORWARD_HOPS) {
    const f: ForwardMsg = { t: 'forward', from: nd.id, to: nd.leader, term: 0, id, text, hops: hops + 1 }
    sendRpc(s, ctx, f)
    s.stats.proposalsForwarded++
    return
  }
  s.stats.proposalsDropped++
}

/**
 * etcd MsgTransferLeader at the leader: catch the target up, then send it TimeoutNow (at once if it
 * is already up to date, else when its append response shows it is). Aborted after an election
 * timeout (see onHeartbeatTimer). `to` null: the most caught-up recently active voter. Only a
 * voter can lead: a learner as the target is refused (false).
 */
export function transferLeadership(s: MythosState, ctx: MythosCtx, nd: RaftNode, to: NodeId | null): boolean {
  if (nd.role !== 'leader') return false
  let target = to
  if (target === null) {
    let best = -1
    for (const i of nd.voters) {
      const pr = nd.progress[i]!
      if (i === nd.id || !pr.recentActive) continue
      if (best === -1 || pr.match > nd.progress[best]!.match) best = i
    }
    if (best === -1) return false
    target = best
  }
  if (target === nd.id || target < 0 || target >= s.n || !Number.isInteger(target) || !nd.voters.includes(target) || s.nodes[target]!.fenced) return false
  if (nd.transferee !== null) {
    if (nd.transferee === target) return true
    abortTransfer(s, nd, ctx, 'superseded')
  }
  nd.quorumRoundStartUs = ctx.now // etcd: electionElapsed = 0, the transfer has one election timeout
  nd.transferee = target
  ctx.emit('transfer_started', nd.id, { term: nd.term, to: target })
  if (nd.progress[target]!.match === lastIndex(nd)) sendTimeoutNow(s, ctx, nd, target)
  else maybeSendAppend(s, ctx, nd, target, true)
  return true
}
