/** mythOS view model (MythosView) and end-of-run summary. */
import type { JsonObject } from '../../kernel/types'
import type { MythosView, RaftNodeView } from '../views'
import { durableIndex, entryAt, firstIndex, lastIndex } from './log'
import { diskWaitUs, diskWaitUsTotal } from './persist'
import { inFlightAt } from '../net/packetViews'
import { currentLeader, type MythosState, type RaftNode } from './state'

/** Committed happenings shown as "the story" (newest last). */
export const STORY_LENGTH = 8

/** The last STORY_LENGTH happenings applied by the most advanced node (duplicates skipped). */
function story(s: MythosState): MythosView['story'] {
  let src: RaftNode | undefined
  for (const nd of s.nodes) if (!src || nd.appliedIndex > src.appliedIndex) src = nd
  const out: MythosView['story'] = []
  if (!src) return out
  for (let i = src.appliedIndex; i > src.base.index && out.length < STORY_LENGTH; i--) {
    const e = entryAt(src, i)!
    if (e.kind === 'happening' && e.id !== null && src.idIndex[e.id] === i) out.push({ index: i, term: e.term, text: e.text })
  }
  return out.reverse()
}

export function mythosView(s: MythosState): MythosView {
  const nodes: RaftNodeView[] = s.nodes.map((nd) => ({
    id: nd.id,
    voter: nd.voter,
    up: nd.up,
    role: nd.role,
    term: nd.term,
    votedFor: nd.votedFor,
    leader: nd.leader,
    lastIndex: lastIndex(nd),
    commitIndex: nd.commitIndex,
    appliedIndex: nd.appliedIndex,
    snapshotIndex: nd.snapshot.index,
    firstIndex: firstIndex(nd),
    compacting: nd.compaction !== null,
    installing: nd.installing !== null,
    snapshotTo: nd.role === 'leader' ? nd.progress.flatMap((p, i) => (p.state === 'snapshot' ? [i] : [])) : [],
    software: nd.software ? `${nd.software.version} (heartbeat ${nd.software.heartbeatMs} ms)` : null,
    durableIndex: durableIndex(nd),
    pendingWrite: nd.write !== null,
    diskWaitUs: diskWaitUs(nd, s.nowUs),
    heldMessages: nd.held.length,
    fsyncs: nd.fsyncs,
    diskWaitUsTotal: diskWaitUsTotal(nd, s.nowUs),
  }))
  const inFlight = inFlightAt(s.packets, s.nowUs)
  const leader = currentLeader(s)
  let term = 0
  let commitIndex = 0
  for (const nd of s.nodes) {
    term = Math.max(term, nd.term)
    commitIndex = Math.max(commitIndex, nd.commitIndex)
  }
  return { term, leader: leader?.id ?? null, commitIndex, nodes, inFlight, story: story(s) }
}

export function mythosSummary(s: MythosState): JsonObject {
  const leader = currentLeader(s)
  return {
    term: Math.max(0, ...s.nodes.map((nd) => nd.term)),
    leader: leader?.id ?? null,
    voters: s.voters.slice(),
    commitIndex: s.nodes.map((nd) => nd.commitIndex),
    appliedIndex: s.nodes.map((nd) => nd.appliedIndex),
    lastIndex: s.nodes.map((nd) => lastIndex(nd)),
    snapshotIndex: s.nodes.map((nd) => nd.snapshot.index),
    logEntries: s.nodes.map((nd) => nd.log.length),
    up: s.nodes.map((nd) => nd.up),
    durableIndex: s.nodes.map((nd) => durableIndex(nd)),
    diskWaitUsTotal: s.nodes.map((nd) => diskWaitUsTotal(nd, s.nowUs)),
    ...s.stats,
  }
}
