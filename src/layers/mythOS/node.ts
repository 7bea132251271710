/**
 * The roles of a Raft node and the moves between them (etcd's becomeFollower / becomePreCandidate
 * / becomeCandidate / becomeLeader, hup, campaign, poll), with its two timers: the randomised
 * election timeout of followers and candidates, and the leader's heartbeat tick (which also runs
 * the CheckQuorum rounds and the leadership-transfer deadline). Only voters have an election timer,
 * campaign and count in polls and CheckQuorum; a learner stays a follower for good.
 */
import { US_PER_MS, simUs } from '../../kernel/time'
import type { Json, NodeId } from '../../kernel/types'
import type { MythosCtx } from './contract'
import type { RaftRole } from '../views'
import { chainAt, appendOne, lastIndex, lastTerm, revertToDurable } from './log'
import { noopDigest } from './digest'
import { bcastAppend, bcastHeartbeat, maybeCommit, newProgress } from './replication'
import { holdRpc, sendRpc, type VoteRespMsg } from './rpc'
import { touchHardState, unsynced, voterQuorum, type MythosState, type RaftNode } from './state'
import { lastBelow } from './appliedTerms'
import { dropInFlight } from './snapshot'
import { hasBug } from './settings'

export interface NodeTimer {
  k: 'election' | 'heartbeat'
  n: NodeId
  inc: number
}

const conf = (ctx: MythosCtx) => ctx.settings
/** The heartbeat interval of this node's software (a rollout's version, or the scenario's). */
const heartbeatUs = (nd: RaftNode, ctx: MythosCtx): number => (nd.software?.heartbeatMs ?? conf(ctx).heartbeatMs) * US_PER_MS
/** etcd's electionTimeout (the base, not the randomised one): CheckQuorum rounds and the lease. */
export const electionTimeoutUs = (ctx: MythosCtx): number => conf(ctx).electionTimeoutMsMin * US_PER_MS

function setRole(nd: RaftNode, role: RaftRole, ctx: MythosCtx, reason: string): void {
  if (nd.role === role) return
  nd.role = role
  ctx.emit('role_changed', nd.id, { term: nd.term, role, reason })
}

/** Arm the one election timer for the current deadline; a later deadline is re-armed on firing. */
export function armElectionTimer(nd: RaftNode, ctx: MythosCtx): void {
  const deadline = nd.electionStartUs + nd.randomizedTimeoutUs
  if (nd.electionTimerId !== -1) {
    if (nd.electionTimerAt <= deadline) return
    ctx.cancel(nd.electionTimerId)
  }
  const t: NodeTimer = { k: 'election', n: nd.id, inc: nd.incarnation }
  nd.electionTimerAt = Math.max(deadline, ctx.now)
  nd.electionTimerId = ctx.schedule(simUs(nd.electionTimerAt), t as unknown as Json)
}

/**
 * A fresh randomised election timeout in [min, max] ms, from this node's own stream. min = max
 * turns the randomisation off (no draw): the classic split-vote demonstration.
 */
export function drawTimeout(nd: RaftNode, ctx: MythosCtx): number {
  const c = conf(ctx)
  const lo = c.electionTimeoutMsMin * US_PER_MS
  const hi = c.electionTimeoutMsMax * US_PER_MS
  return hi <= lo ? lo : ctx.rng(`node:${nd.id}`).int(lo, hi)
}

/** etcd reset(term): new term (clearing the vote), no leader, fresh randomised timeout (voters only: a learner has no election timer). */
export function resetNode(s: MythosState, nd: RaftNode, term: number, ctx: MythosCtx): void {
  if (nd.term !== term) {
    nd.term = term
    nd.votedFor = null
    touchHardState(nd)
    ctx.emit('term_changed', nd.id, { term })
  }
  nd.leader = null
  nd.electionStartUs = ctx.now
  if (nd.voter) nd.randomizedTimeoutUs = drawTimeout(nd, ctx)
  nd.votes.fill(null)
  nd.progress = []
  if (nd.transferee !== null) abortTransfer(s, nd, ctx, 'role change')
  nd.transferCampaign = false
  if (nd.heartbeatTimerId !== -1) ctx.cancel(nd.heartbeatTimerId)
  nd.heartbeatTimerId = -1
  if (nd.voter) armElectionTimer(nd, ctx)
}

export function abortTransfer(s: MythosState, nd: RaftNode, ctx: MythosCtx, reason: string): void {
  if (nd.transferee === null) return
  ctx.emit('transfer_aborted', nd.id, { term: nd.term, to: nd.transferee, reason })
  s.stats.transfersAborted++
  nd.transferee = null
}

/** Tell the other layers who leads (chaOS targets "leader"); null only for the latest term. */
function announceNoLeader(s: MythosState, nd: RaftNode, ctx: MythosCtx): void {
  if (s.announcedLeader !== nd.id || s.announcedTerm !== nd.term) return
  s.announcedLeader = null
  ctx.send('leader', { term: nd.term, node: null })
}

export function becomeFollower(s: MythosState, nd: RaftNode, term: number, leader: NodeId | null, ctx: MythosCtx, reason: string): void {
  if (nd.role === 'leader') {
    s.stats.stepDowns++
    announceNoLeader(s, nd, ctx)
  }
  resetNode(s, nd, term, ctx)
  nd.leader = leader
  setRole(nd, 'follower', ctx, reason)
}

/**
 * A crashed node: everything volatile is gone, and so is everything not yet durable — term, vote
 * and log revert to the last completed write, the write in flight is lost (its timer is ignored:
 * the incarnation changes), held messages are never sent. It neither acts nor receives until restart.
 */
export function stopNode(s: MythosState, nd: RaftNode, ctx: MythosCtx): void {
  if (nd.role === 'leader') announceNoLeader(s, nd, ctx)
  ctx.emit('node_stopped', nd.id, { term: nd.term, role: nd.role })
  if (nd.electionTimerId !== -1) ctx.cancel(nd.electionTimerId)
  if (nd.heartbeatTimerId !== -1) ctx.cancel(nd.heartbeatTimerId)
  if (nd.held.length > 0) nd.diskWaitUsTotal += ctx.now - nd.heldSinceUs
  nd.held = []
  const termBefore = nd.term
  revertToDurable(nd)
  dropInFlight(nd)
  if (nd.term !== termBefore) ctx.emit('term_changed', nd.id, { term: nd.term, reason: 'lost in crash' })
  nd.up = false
  nd.incarnation++
  nd.electionTimerId = -1
  nd.electionTimerAt = -1
  nd.heartbeatTimerId = -1
  nd.role = 'follower'
  nd.leader = null
  nd.commitIndex = nd.appliedIndex
  nd.votes.fill(null)
  nd.progress = []
  nd.transferee = null
  nd.transferCampaign = false
}

/**
 * Fencing (pandemoniOS quarantined the world): a fenced node neither leads nor votes nor campaigns
 * (Pacemaker's STONITH idea, done by the node's own software); it still stores and applies the log.
 * A leader or candidate that is fenced steps down at once.
 */
export function setFenced(s: MythosState, nd: RaftNode, ctx: MythosCtx, fenced: boolean): void {
  if (nd.fenced === fenced) return
  nd.fenced = fenced
  ctx.emit('fenced', nd.id, { term: nd.term, role: nd.role, fenced })
  if (fenced && nd.up && nd.role !== 'follower') becomeFollower(s, nd, nd.term, null, ctx, 'fenced')
}

/** An up voter that does not lead has an election timer: a learner a conf entry promoted gets its first. */
export function ensureElectionTimer(nd: RaftNode, ctx: MythosCtx): void {
  if (!nd.up || !nd.voter || nd.role === 'leader' || nd.electionTimerId !== -1) return
  if (nd.randomizedTimeoutUs === 0) nd.randomizedTimeoutUs = drawTimeout(nd, ctx)
  armElectionTimer(nd, ctx)
}

/** A restarted node: a follower of its persisted term, knowing no leader. */
export function restartNode(s: MythosState, nd: RaftNode, ctx: MythosCtx): void {
  nd.up = true
  nd.commitIndex = nd.appliedIndex
  if (hasBug(ctx.settings, 'forgetVote')) {
    // Raft broken on purpose (settings.bugs 'forgetVote'): votedFor was never persisted, so the
    // restarted node may vote again in the term it already voted in.
    nd.votedFor = null
    nd.durableVote = null
  }
  resetNode(s, nd, nd.term, ctx)
  ctx.emit('role_changed', nd.id, { term: nd.term, role: 'follower', reason: 'restart' })
}

function becomeLeader(s: MythosState, nd: RaftNode, ctx: MythosCtx): void {
  const transfer = nd.transferCampaign
  const grantedBy = nd.voters.filter((v) => nd.votes[v] === true)
  resetNode(s, nd, nd.term, ctx)
  nd.leader = nd.id
  for (let i = 0; i < s.n; i++) nd.progress.push(newProgress(nd))
  nd.progress[nd.id]!.recentActive = true
  nd.quorumRoundStartUs = ctx.now
  const hb: NodeTimer = { k: 'heartbeat', n: nd.id, inc: nd.incarnation }
  nd.heartbeatTimerId = ctx.schedule(simUs(ctx.now + heartbeatUs(nd, ctx)), hb as unknown as Json)
  setRole(nd, 'leader', ctx, transfer ? 'transfer' : 'elected')
  emitLeaderElected(s, nd, ctx, grantedBy, transfer)
  s.stats.leadersElected++
  s.commitWait.since = {} // the new leader times what it is proposed from now on
  if (transfer) s.stats.transfersCompleted++
  s.announcedTerm = nd.term
  s.announcedLeader = nd.id
  ctx.send('leader', { term: nd.term, node: nd.id })
  // etcd appends an empty entry on election: committing it commits every earlier-term entry.
  // Raft broken on purpose (settings.bugs 'figure8'): no such entry, as in the paper's Figure 8,
  // whose leader commits earlier-term entries by counting replicas instead (maybeCommit).
  if (!hasBug(ctx.settings, 'figure8')) appendOne(nd, { term: nd.term, kind: 'noop', id: null, text: '', digest: noopDigest(nd.term, nd.id) })
  maybeCommit(s, ctx, nd)
  bcastAppend(s, ctx, nd)
}

/**
 * leader_elected carries what an outside checker needs for Leader Completeness (Raft §5.4): the
 * leader's own chain at committedIndex, the highest index that some node applied in a term < the
 * new term (the lowest term in which any node applied an index is at least its commit term — a
 * node applies only what a leader of its term or an earlier one committed, once it is durable
 * locally — and commits are prefix-closed). Every entry committed in an
 * earlier term lies at or below it, and chain equality there means the leader holds that whole
 * prefix. committedChain is the chain at chainIndex = max(committedIndex, the log's base index) —
 * below its base a leader keeps only the base's chain, which covers the prefix just as well; null
 * when the leader's log is shorter (a violation). votes, voters and
 * grantedBy let the checker see that a majority of the voters — and only voters — elected it.
 */
function emitLeaderElected(s: MythosState, nd: RaftNode, ctx: MythosCtx, grantedBy: NodeId[], transfer: boolean): void {
  const committedIndex = lastBelow(s.firstAppliedTerm, nd.term)
  // Below the log's base the leader keeps no chain but the base's: equal chains there cover the
  // whole prefix, committedIndex included.
  const chainIndex = Math.max(committedIndex, nd.base.index)
  ctx.emit('leader_elected', nd.id, {
    term: nd.term,
    lastIndex: lastIndex(nd),
    lastTerm: lastTerm(nd),
    lastChain: chainAt(nd, lastIndex(nd))!,
    committedIndex,
    chainIndex,
    committedChain: chainAt(nd, chainIndex),
    votes: grantedBy.length,
    voters: nd.voters.length,
    grantedBy,
    voterIds: nd.voters.slice(),
    transfer,
  })
}

/** etcd poll: record a vote (a voter's only); 'won' / 'lost' once the outcome over the voters is certain. */
export function poll(s: MythosState, nd: RaftNode, from: NodeId, granted: boolean): 'won' | 'lost' | 'pending' {
  // A vote from a world fenced since it was cast is not counted (the fence is cluster-wide knowledge, as Pacemaker's CIB).
  if (nd.votes[from] === null && nd.voters.includes(from) && !(granted && s.nodes[from]!.fenced)) nd.votes[from] = granted
  let yes = 0
  let missing = 0
  for (const id of nd.voters) {
    const v = nd.votes[id]
    if (v === true) yes++
    else if (v === null) missing++
  }
  const q = voterQuorum(nd)
  if (yes >= q) return 'won'
  return yes + missing >= q ? 'pending' : 'lost'
}

/** Start a (pre-)election (a voter only): PreVote asks at term + 1 without moving there; Vote moves there. Asks the voters only. */
export function campaign(s: MythosState, nd: RaftNode, ctx: MythosCtx, pre: boolean, transfer: boolean): void {
  let voteTerm: number
  // A learner promoted by a conf entry campaigns for the first time: its vote tally needs room.
  if (nd.votes.length !== s.n) nd.votes = new Array<boolean | null>(s.n).fill(null)
  if (pre) {
    setRole(nd, 'precandidate', ctx, 'election timeout')
    nd.votes.fill(null)
    nd.leader = null
    voteTerm = nd.term + 1
    s.stats.preVotesStarted++
  } else {
    const wonPreVote = nd.role === 'precandidate'
    resetNode(s, nd, nd.term + 1, ctx)
    nd.votedFor = nd.id
    touchHardState(nd)
    nd.transferCampaign = transfer
    setRole(nd, 'candidate', ctx, transfer ? 'timeout now' : wonPreVote ? 'pre-vote won' : 'election timeout')
    voteTerm = nd.term
    s.stats.votesStarted++
    s.stats.elections++
  }
  if (unsynced(nd)) {
    // The candidate's own vote counts once its term and vote are durable (etcd's MsgVoteResp to
    // itself is delivered after the append): a node never leads a term it could forget in a crash.
    const self: VoteRespMsg = { t: pre ? 'prevote_resp' : 'vote_resp', from: nd.id, to: nd.id, term: voteTerm, reject: false }
    holdRpc(s, ctx, nd, self)
  } else if (poll(s, nd, nd.id, true) === 'won') {
    if (pre) campaign(s, nd, ctx, false, false)
    else becomeLeader(s, nd, ctx)
    return
  }
  for (const to of nd.voters) {
    if (to === nd.id) continue
    sendRpc(s, ctx, { t: pre ? 'prevote' : 'vote', from: nd.id, to, term: voteTerm, lastIndex: lastIndex(nd), lastTerm: lastTerm(nd), transfer })
  }
}

/** A vote response reached a (pre-)candidate: count it. */
export function onVoteResp(s: MythosState, nd: RaftNode, ctx: MythosCtx, from: NodeId, granted: boolean): void {
  const r = poll(s, nd, from, granted)
  if (r === 'won') {
    if (nd.role === 'precandidate') campaign(s, nd, ctx, false, false)
    else becomeLeader(s, nd, ctx)
  } else if (r === 'lost') {
    becomeFollower(s, nd, nd.term, null, ctx, nd.role === 'precandidate' ? 'pre-vote lost' : 'vote lost')
  }
}

/** etcd hup: campaign unless leading, a learner or fenced; pre-vote first unless this is a transfer. */
export function hup(s: MythosState, nd: RaftNode, ctx: MythosCtx, transfer: boolean): void {
  if (nd.role === 'leader' || !nd.voter || nd.fenced) return
  if (conf(ctx).preVote && !transfer) campaign(s, nd, ctx, true, false)
  else campaign(s, nd, ctx, false, transfer)
}

export function onElectionTimer(s: MythosState, nd: RaftNode, ctx: MythosCtx): void {
  nd.electionTimerId = -1
  if (nd.role === 'leader' || !nd.voter) return
  if (ctx.now < nd.electionStartUs + nd.randomizedTimeoutUs) {
    armElectionTimer(nd, ctx)
    return
  }
  nd.electionStartUs = ctx.now // etcd zeroes electionElapsed before MsgHup
  hup(s, nd, ctx, false)
  armElectionTimer(nd, ctx) // a leader's timer fires once more and is ignored
}

/** Quorum active: the leader heard from a majority of the voters (itself included) during this round; learners do not count. */
function quorumActive(s: MythosState, nd: RaftNode): boolean {
  let active = 0
  for (const i of nd.voters) if (i === nd.id || nd.progress[i]!.recentActive) active++
  return active >= voterQuorum(nd)
}

/** The leader's tick: CheckQuorum round and transfer deadline every election timeout, heartbeats. */
export function onHeartbeatTimer(s: MythosState, nd: RaftNode, ctx: MythosCtx): void {
  nd.heartbeatTimerId = -1
  if (nd.role !== 'leader') return
  const hb: NodeTimer = { k: 'heartbeat', n: nd.id, inc: nd.incarnation }
  nd.heartbeatTimerId = ctx.schedule(simUs(ctx.now + heartbeatUs(nd, ctx)), hb as unknown as Json)
  if (ctx.now - nd.quorumRoundStartUs >= electionTimeoutUs(ctx)) {
    nd.quorumRoundStartUs = ctx.now
    if (conf(ctx).checkQuorum && !quorumActive(s, nd)) {
      s.stats.checkQuorumStepDowns++
      becomeFollower(s, nd, nd.term, null, ctx, 'check quorum')
      return
    }
    for (let i = 0; i < s.n; i++) if (i !== nd.id) nd.progress[i]!.recentActive = false
    abortTransfer(s, nd, ctx, 'timed out')
  }
  bcastHeartbeat(s, ctx, nd)
}

/** Raft lease (etcd inLease): heard from a live leader within the base election timeout. */
export function inLease(nd: RaftNode, ctx: MythosCtx): boolean {
  if (!conf(ctx).checkQuorum || nd.leader === null) return false
  return nd.role === 'leader' || ctx.now - nd.electionStartUs < electionTimeoutUs(ctx)
}
