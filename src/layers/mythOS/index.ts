/**
 * mythOS — narrative consensus: Raft over the worlds; the replicated log is the agreed story.
 * Faithful to the Raft paper (Ongaro & Ousterhout) and etcd/raft: roles Follower / PreCandidate /
 * Candidate / Leader, randomised election timeouts, PreVote, CheckQuorum with the leader lease,
 * pipelined replication with probe/replicate flow control and the conflict hint, Figure-8 commit
 * rule, a no-op on election, leadership transfer (MsgTimeoutNow). No snapshots yet (oneirOS).
 *
 * One layer simulates every world's node (ids 0 … n − 1). Node-to-node RPCs take the exact delays
 * the active network model computes (rpc.ts). Crashes and restarts arrive as chaOS announcements.
 *
 * Events (node = the world concerned):
 *   term_changed     {term}
 *   role_changed     {term, role: 'follower'|'precandidate'|'candidate'|'leader', reason}
 *   leader_elected   {term, lastIndex, lastTerm, lastChain, committedIndex, committedChain, votes, transfer}
 *   entry_applied    {index, term, digest, chain, appliedInTerm, kind: 'noop'|'happening', id}
 *   node_stopped     {term, role}                     (crashed: volatile state lost)
 *   transfer_started {term, to} / transfer_aborted {term, to, reason} / transfer_refused {to, reason}
 * Persistence: term, votedFor, the log and the applied index survive a crash (etcd persists its
 * consistent index with the applied state), so a node applies 1, 2, 3 … exactly once over its
 * whole life; commitIndex restarts at the applied index. See state.ts.
 * Cross-layer: receives propose {node, id, text}, transfer_leadership {to}, the network
 * announcements; sends '*' leader {term, node | null} and net_stats to the network layer.
 */
import { simUs } from '../../kernel/time'
import type { Json, JsonObject, LayerContext, LayerDef } from '../../kernel/types'
import { NET_STATS_INTERVAL_US, applyNetAnnouncement, createNetState, deliverable, flushNetStats } from '../net/transport'
import type { MythosView } from '../views'
import { armElectionTimer, drawTimeout, onElectionTimer, onHeartbeatTimer, restartNode, stopNode, type NodeTimer } from './node'
import type { PacketTimer } from './rpc'
import { currentLeader, newNode, newStats, type MythosState } from './state'
import { propose, step, transferLeadership } from './step'
import { mythosSummary, mythosView } from './view'

export type { MythosState } from './state'

const STATS_TIMER = { k: 'stats' }

function nodeAt(s: MythosState, v: Json | undefined) {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < s.n ? s.nodes[v]! : undefined
}

function onPacket(s: MythosState, ctx: LayerContext, p: PacketTimer): void {
  const { m } = p
  if (!deliverable(s.net, ctx, m.from, m.to, p.sentUs)) {
    s.stats.rpcsDropped++
    return
  }
  const nd = s.nodes[m.to]!
  if (!nd.up) return // deliverable() already refuses a down receiver; belt and braces
  step(s, ctx, nd, m)
}

export const mythOS: LayerDef<MythosState> = {
  name: 'mythOS',
  init(ctx) {
    const n = ctx.scenario.nodes.count
    const s: MythosState = {
      nowUs: 0,
      n,
      net: createNetState(ctx.scenario),
      nodes: Array.from({ length: n }, (_, id) => newNode(id, n)),
      packets: [],
      stats: newStats(),
      firstAppliedTerm: [],
      announcedTerm: 0,
      announcedLeader: null,
    }
    for (const nd of s.nodes) {
      nd.randomizedTimeoutUs = drawTimeout(nd, ctx)
      armElectionTimer(nd, ctx)
    }
    ctx.schedule(simUs(NET_STATS_INTERVAL_US), STATS_TIMER)
    return s
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    applyNetAnnouncement(s.net, msg)
    const d = msg.data
    switch (msg.type) {
      case 'node_crash': {
        const nd = nodeAt(s, d['node'])
        if (nd?.up) {
          s.stats.crashes++
          stopNode(s, nd, ctx)
        }
        return
      }
      case 'node_restart': {
        const nd = nodeAt(s, d['node'])
        if (nd && !nd.up) {
          s.stats.restarts++
          restartNode(s, nd, ctx)
        }
        return
      }
      case 'propose': {
        const nd = nodeAt(s, d['node'])
        const id = d['id']
        s.stats.proposalsReceived++
        if (!nd || (typeof id !== 'string' && typeof id !== 'number')) {
          s.stats.proposalsDropped++
          return
        }
        propose(s, ctx, nd, String(id), typeof d['text'] === 'string' ? d['text'] : '', 0)
        return
      }
      case 'transfer_leadership': {
        s.stats.transfersRequested++
        const leader = currentLeader(s)
        const to = d['to']
        const target = typeof to === 'number' ? to : null
        if (!leader || !transferLeadership(s, ctx, leader, target)) ctx.emit('transfer_refused', leader?.id ?? null, { to: target, reason: leader ? 'no such target' : 'no leader' })
        return
      }
      default:
        return
    }
  },

  onTimer(s, payload, ctx) {
    s.nowUs = ctx.now
    const p = payload as unknown as PacketTimer | NodeTimer | typeof STATS_TIMER
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
        return
      }
      case 'stats':
        flushNetStats(s.net, ctx)
        ctx.schedule(simUs(ctx.now + NET_STATS_INTERVAL_US), STATS_TIMER)
        return
    }
  },

  view(s): JsonObject {
    const v: MythosView = mythosView(s)
    return v as unknown as JsonObject
  },

  summary(s): JsonObject {
    return mythosSummary(s)
  },
}
