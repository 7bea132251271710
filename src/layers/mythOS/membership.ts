/**
 * Membership changes (Raft dissertation §4.1, single-server changes; etcd's ConfChange): a leader
 * adds or removes one voter at a time by appending a conf entry that names the whole new voter
 * set. Every node uses the latest configuration in its log, committed or not (log.ts syncConfig),
 * for elections, commitment and CheckQuorum. Safety rules kept:
 * - one change at a time: a leader appends a conf entry only once the previous one is committed;
 * - a new leader proposes no change before it has committed an entry of its own term (the fix
 *   Ongaro published for single-server changes: its no-op must commit first);
 * - a voter is added only once caught up (its match within catchUpEntries of the commit index);
 * - a leader that removes itself manages the cluster until the change commits, not counting
 *   itself in majorities, then steps down.
 * Other layers (thanatOS) ask with `membership_change` and are told with `membership`.
 */
import type { NodeId } from '../../kernel/types'
import type { MythosCtx } from './contract'
import { confText } from './conf'
import { confDigest } from './digest'
import { appendOne, entryAt, lastConfIndex, termAt } from './log'
import type { MembershipChangeMsg } from './messages'
import { becomeFollower } from './node'
import { persist } from './persist'
import { bcastAppend, maybeCommit } from './replication'
import { currentLeader, type MythosState, type RaftNode } from './state'

/** A voter is added only when its log is this close to the leader's commit index (the dissertation's catch-up). */
export const CATCH_UP_ENTRIES = 10

function tell(ctx: MythosCtx, m: MembershipChangeMsg, committed: boolean, refused: string | null, voters: NodeId[], index: number, term: number): void {
  ctx.send('membership', { voters, index, term, committed, change: { node: m.node, action: m.action, requester: m.requester }, refused })
}

/** Why the current leader may not append this change now, or null. */
function refusal(s: MythosState, leader: RaftNode | undefined, m: MembershipChangeMsg): string | null {
  if (!leader) return 'no leader'
  if (m.node >= s.n) return 'no such world'
  if (termAt(leader, leader.commitIndex) !== leader.term) return 'the leader has not committed an entry of its term yet'
  if (lastConfIndex(leader) > leader.commitIndex) return 'another membership change is pending'
  const isVoter = leader.voters.includes(m.node)
  if (m.action === 'add') {
    if (isVoter) return 'already a voter'
    const target = s.nodes[m.node]!
    if (!target.up) return 'the world is down'
    if (target.fenced) return 'the world is fenced'
    if (leader.progress[m.node]!.match + CATCH_UP_ENTRIES < leader.commitIndex) return 'not caught up yet'
  } else {
    if (!isVoter) return 'not a voter'
    if (leader.voters.length === 1) return 'the last voter'
  }
  return null
}

/** thanatOS (or another layer) asks for a voter to be added or removed. */
export function onMembershipChange(s: MythosState, ctx: MythosCtx, m: MembershipChangeMsg): void {
  const leader = currentLeader(s)
  const why = refusal(s, leader, m)
  if (why !== null || !leader) {
    ctx.emit('config_refused', leader?.id ?? null, { node: m.node, action: m.action, requester: m.requester, reason: why ?? 'no leader' })
    tell(ctx, m, false, why ?? 'no leader', s.voters, s.votersIndex, leader?.term ?? 0)
    return
  }
  const voters = m.action === 'add' ? [...leader.voters, m.node].sort((a, b) => a - b) : leader.voters.filter((v) => v !== m.node)
  const text = confText(voters)
  const index = appendOne(leader, { term: leader.term, kind: 'conf', id: null, text, digest: confDigest(text) })
  ctx.emit('config_proposed', leader.id, { term: leader.term, index, voters, node: m.node, action: m.action, requester: m.requester })
  tell(ctx, m, false, null, voters, index, leader.term)
  maybeCommit(s, ctx, leader)
  bcastAppend(s, ctx, leader)
  persist(s, ctx, leader)
}

/**
 * The leader committed (from, to]: a conf entry among them is the cluster's configuration now —
 * told to the other layers; a leader no longer in it steps down.
 */
export function onLeaderCommitted(s: MythosState, ctx: MythosCtx, nd: RaftNode, from: number, to: number): void {
  let found = false
  for (let i = from + 1; i <= to; i++) {
    const e = entryAt(nd, i)
    if (e?.voters === undefined || i <= s.votersIndex) continue
    found = true
    s.voters = e.voters
    s.votersIndex = i
    ctx.emit('config_committed', nd.id, { term: nd.term, index: i, voters: e.voters })
    ctx.send('membership', { voters: e.voters, index: i, term: nd.term, committed: true, change: null, refused: null })
  }
  if (found && !nd.voter && nd.role === 'leader') becomeFollower(s, nd, nd.term, null, ctx, 'removed from the configuration')
}
