/**
 * mythOS — narrative consensus: Raft over the worlds; the replicated log is the agreed story.
 * Faithful to the Raft paper (Ongaro & Ousterhout) and etcd/raft: roles Follower / PreCandidate /
 * Candidate / Leader, randomised election timeouts, PreVote, CheckQuorum with the leader lease,
 * pipelined replication with probe/replicate flow control and the conflict hint, Figure-8 commit
 * rule, a no-op on election, leadership transfer (MsgTimeoutNow), snapshots and log compaction
 * (snapshot.ts: hypnOS asks for compactions, oneirOS carries snapshots to followers left behind).
 *
 * One layer simulates every world's node (ids 0 … n − 1). The voters are min(votersMax, n) worlds
 * spread over the cluster (settings.ts voterIds); every other world is a learner, as etcd's: it
 * receives the log from the leader (which replicates to every world), answers appends and
 * heartbeats and applies what is committed, but has no election timer, never campaigns, ignores
 * vote requests and counts toward neither commit nor CheckQuorum; leadership goes only to a
 * voter. So an election needs a majority of a handful of voters, however many worlds there are.
 * Node-to-node RPCs take the exact delays the active network model computes (rpc.ts). Crashes and
 * restarts arrive as chaOS announcements.
 *
 * Events (node = the world concerned):
 *   term_changed     {term}
 *   role_changed     {term, role: 'follower'|'precandidate'|'candidate'|'leader', reason}
 *   leader_elected   {term, lastIndex, lastTerm, lastChain, committedIndex, committedChain, votes, voters, grantedBy, transfer}
 *                    (votes: granted, its own included; voters: the cluster's voter count; grantedBy: who granted)
 *   entry_applied    {index, term, digest, chain, appliedInTerm, kind: 'noop'|'happening', id}
 *   node_stopped     {term, role}                     (crashed: volatile state lost)
 *   disk_write_failed {node, index}                   (fsync failed: the node stops and asks atmOS to crash its world)
 *   term_changed     {term, reason: 'lost in crash'}  (a crash reverted a term that was not yet durable)
 *   transfer_started {term, to} / transfer_aborted {term, to, reason} / transfer_refused {to, reason}
 *                    (refused: no leader, no such target, or a learner as the target)
 * Persistence: term, votedFor, the log and the applied index survive a crash (etcd persists its
 * consistent index with the applied state), so a node applies 1, 2, 3 … exactly once over its
 * whole life; commitIndex restarts at the applied index. See state.ts.
 * Cross-layer: consumes propose {node, id, text}, the transfer_leadership intervention {to}, the
 * network announcements and world_status (a world's crash stops its node, its restart — once up
 * again — restarts it); sends leader {term, node | null} and net_stats to the network layer.
 */
import type { Json } from '../../kernel/types'
import { defineLayer } from '../define'
import { NET_STATS_TIMER, applyNetAnnouncement, createNetState, onNetStatsTimer, receiveWire, startNetStats, wireLink } from '../net/transport'
import { RAFT_WIRE, RaftWireSchema } from './messages'
import type { MythosView } from '../views'
import { MYTHOS_CONSUMES, MYTHOS_SENDS, type MythosCtx } from './contract'
import { voterIds } from './settings'
import { armElectionTimer, drawTimeout, ensureElectionTimer, onElectionTimer, onHeartbeatTimer, restartNode, setFenced, stopNode, type NodeTimer } from './node'
import { onMembershipChange } from './membership'
import { onDiskTimer, persist, type DiskTimer } from './persist'
import type { PacketTimer } from './rpc'
import { currentLeader, newNode, newStats, type MythosState } from './state'
import { propose, step, transferLeadership } from './step'
import { mythosSummary, mythosView } from './view'
import { MYTHOS_EVENTS } from './events'
import { mythOSManifest } from './manifest'
import { newAppliedTerms } from './appliedTerms'
import { chainAt, lastIndex } from './log'
import { onCompact, onInstallSnapshot, onSnapTimer, onSnapshotStatus, type SnapTimer } from './snapshot'

export type { MythosState } from './state'


function onPacket(s: MythosState, ctx: MythosCtx, p: PacketTimer): void {
  const { m } = p
  const [from, to] = wireLink(p.w, m)
  if (!receiveWire(s.net, ctx, from, to, p.sentUs, p.w, m, RaftWireSchema, typeof m.t === 'string' ? m.t : 'raft', p as unknown as Json)) {
    s.stats.rpcsDropped++
    return
  }
  const nd = s.nodes[m.to]!
  if (!nd.up) return // deliverable() already refuses a down receiver; belt and braces
  s.stats.received[nd.id]!++
  step(s, ctx, nd, m)
}

/** A chain as a metric: its first 48 bits (a number: the metrics channel carries numbers), −1 when unknown. */
const chainNumber = (chain: string | null): number => (chain === null ? -1 : parseInt(chain.slice(0, 12), 16))

export const mythOS = defineLayer({
  ...mythOSManifest,
  consumes: MYTHOS_CONSUMES,
  sends: MYTHOS_SENDS,
  wire: RAFT_WIRE,
  events: MYTHOS_EVENTS,
  init(ctx): MythosState {
    const n = ctx.scenario.nodes.count
    const voters = voterIds(n, ctx.settings.votersMax)
    const isVoter = new Array<boolean>(n).fill(false)
    for (const v of voters) isVoter[v] = true
    const s: MythosState = {
      nowUs: 0,
      n,
      net: createNetState(ctx.scenario),
      nodes: Array.from({ length: n }, (_, id) => newNode(id, n, isVoter[id], voters)),
      voters,
      packets: [],
      stats: { ...newStats(), received: new Array<number>(n).fill(0) },
      firstAppliedTerm: newAppliedTerms(),
      announcedTerm: 0,
      announcedLeader: null,
      commitWait: { since: {}, sumUs: 0, count: 0 },
      votersIndex: 0,
    }
    for (const id of voters) {
      // Learners have no election timer: they never campaign.
      const nd = s.nodes[id]!
      nd.randomizedTimeoutUs = drawTimeout(nd, ctx)
      armElectionTimer(nd, ctx)
    }
    startNetStats(ctx)
    return s
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'world_status': {
        const nd = s.nodes[msg.data.node]
        if (!nd) return
        // The Raft process dies with its world and starts again only once the world is up.
        if (nd.up && (msg.data.status === 'crashed' || msg.data.status === 'decommissioned')) {
          s.stats.crashes++
          stopNode(s, nd, ctx)
        } else if (!nd.up && msg.data.status === 'up') {
          s.stats.restarts++
          restartNode(s, nd, ctx)
        }
        // A quarantined world is fenced (pandemoniOS): its node may neither lead nor vote.
        setFenced(s, nd, ctx, msg.data.status === 'quarantined')
        return
      }
      case 'membership_change':
        return onMembershipChange(s, ctx, msg.data)
      case 'leadership_transfer': {
        // thanatOS drains a world that leads: hand leadership to the most caught-up voter.
        const leader = currentLeader(s)
        if (!leader || leader.id !== msg.data.node) return
        s.stats.transfersRequested++
        if (!transferLeadership(s, ctx, leader, null)) ctx.emit('transfer_refused', leader.id, { to: null, reason: 'no recently active voter to take over' })
        return
      }
      case 'voters':
        return onMembershipChange(s, ctx, { node: msg.data.node, action: msg.data.action, requester: 'user' })
      case 'propose': {
        const nd = s.nodes[msg.data.node]
        s.stats.proposalsReceived++
        if (!nd) {
          s.stats.proposalsDropped++
          return
        }
        propose(s, ctx, nd, msg.data.id, msg.data.text, 0)
        return
      }
      case 'transfer_leadership': {
        s.stats.transfersRequested++
        const leader = currentLeader(s)
        const target = msg.data.to
        if (!leader || !transferLeadership(s, ctx, leader, target)) {
          const learner = target !== null && s.nodes[target]?.voter === false
          ctx.emit('transfer_refused', leader?.id ?? null, { to: target, reason: !leader ? 'no leader' : learner ? 'a learner cannot lead' : 'no such target' })
        }
        return
      }
      case 'compact':
        return onCompact(s, ctx, msg.data)
      case 'install_snapshot': {
        onInstallSnapshot(s, ctx, msg.data)
        const nd = s.nodes[msg.data.node]
        if (nd) ensureElectionTimer(nd, ctx) // the snapshot's configuration may make it a voter
        return
      }
      case 'snapshot_status':
        return onSnapshotStatus(s, msg.data)
      case 'software_version': {
        const nd = s.nodes[msg.data.node]
        // The new interval takes effect at the leader's next heartbeat.
        if (nd) nd.software = msg.data.heartbeatMs === null ? null : { version: msg.data.version, heartbeatMs: msg.data.heartbeatMs }
        return
      }
      default:
        applyNetAnnouncement(s.net, msg)
    }
  },

  onTimer(s, payload, ctx) {
    s.nowUs = ctx.now
    const p = payload as unknown as PacketTimer | NodeTimer | DiskTimer | SnapTimer | typeof NET_STATS_TIMER
    switch (p.k) {
      case 'rpc':
        onPacket(s, ctx, p as PacketTimer)
        return
      case 'election':
      case 'heartbeat': {
        const t = p as NodeTimer
        const nd = s.nodes[t.n]!
        if (!nd.up || nd.incarnation !== t.inc) return
        if (t.k === 'election') onElectionTimer(s, nd, ctx)
        else onHeartbeatTimer(s, nd, ctx)
        persist(s, ctx, nd)
        return
      }
      case 'disk':
        onDiskTimer(s, ctx, p as DiskTimer)
        return
      case 'snap':
        onSnapTimer(s, ctx, p as SnapTimer)
        return
      case 'stats':
        return onNetStatsTimer(s.net, ctx)
    }
  },

  sample(s) {
    return {
      term: s.nodes.map((nd) => nd.term),
      commitIndex: s.nodes.map((nd) => nd.commitIndex),
      lastIndex: s.nodes.map((nd) => lastIndex(nd)),
      appliedIndex: s.nodes.map((nd) => nd.appliedIndex),
      snapshotIndex: s.nodes.map((nd) => nd.snapshot.index),
      logEntries: s.nodes.map((nd) => nd.log.length),
      received: s.stats.received.slice(),
      leaders: s.stats.leadersElected,
      rpcsLost: s.stats.rpcsLost,
      appliedChain: s.nodes.map((nd) => chainNumber(chainAt(nd, nd.appliedIndex))),
      commitWaitUs: s.commitWait.sumUs,
      commitsTimed: s.commitWait.count,
    }
  },

  view(s): MythosView {
    return mythosView(s)
  },

  summary(s) {
    return mythosSummary(s)
  },
})
