/** mythOS view model (MythosView) and end-of-run summary. */
import type { JsonObject } from '../../kernel/types'
import type { MythosView, RaftLogView, RaftNodeView } from '../views'
import { durableIndex, entryAt, firstIndex, lastIndex } from './log'
import { diskWaitUs, diskWaitUsTotal } from './persist'
import { inFlightAt } from '../net/packetViews'
import { currentLeader, type MythosState, type RaftNode } from './state'

/** Committed happenings shown as "the story" (newest last). */
export const STORY_LENGTH = 8

/** Worlds whose log entries the view carries (RaftLogView), at most: the view stays small at 2,000 worlds. */
export const LOG_VIEW_WORLDS = 16
/** Entries carried per world: the newest LOG_VIEW_ENTRIES indices of the longest log shown … */
export const LOG_VIEW_ENTRIES = 40
/** … and, for a world whose log ends before them, its own newest LOG_VIEW_TAIL (where it diverges, if it does). */
export const LOG_VIEW_TAIL = 16

const KIND_LETTER = { noop: 'n', happening: 'h', conf: 'c' } as const

/**
 * The worlds the log view shows (ascending ids, at most LOG_VIEW_WORLDS): the voters and the leader
 * first (the ones an election is about), then learners in id order to fill the rows.
 */
export function logViewWorlds(s: MythosState): RaftNode[] {
  const chosen: RaftNode[] = []
  const isVoter = new Set(s.voters)
  const leader = currentLeader(s)
  if (leader) chosen.push(leader)
  for (const nd of s.nodes) {
    if (chosen.length >= LOG_VIEW_WORLDS) break
    if (nd !== leader && (nd.voter || isVoter.has(nd.id))) chosen.push(nd)
  }
  for (const nd of s.nodes) {
    if (chosen.length >= LOG_VIEW_WORLDS) break
    if (nd !== leader && !nd.voter && !isVoter.has(nd.id)) chosen.push(nd)
  }
  return chosen.sort((a, b) => a.id - b.id)
}

/**
 * Each shown world's newest entries, aligned: the window of the LOG_VIEW_ENTRIES newest indices of
 * the longest log shown, widened for a world that ends before it to its own LOG_VIEW_TAIL newest.
 */
function logs(s: MythosState): RaftLogView[] {
  const worlds = logViewWorlds(s)
  let hi = 0
  for (const nd of worlds) hi = Math.max(hi, lastIndex(nd))
  return worlds.map((nd) => {
    const last = lastIndex(nd)
    const from = Math.max(firstIndex(nd), Math.min(hi - LOG_VIEW_ENTRIES + 1, last - LOG_VIEW_TAIL + 1))
    const terms: number[] = []
    let kinds = ''
    for (let i = from; i <= last; i++) {
      const e = entryAt(nd, i)!
      terms.push(e.term)
      kinds += KIND_LETTER[e.kind]
    }
    return { id: nd.id, baseIndex: nd.base.index, baseTerm: nd.base.term, fromIndex: from, terms, kinds }
  })
}

/** The election timer's deadline (µs) of a voter that does not lead, while up; null otherwise. */
const electionDeadline = (nd: RaftNode): number | null =>
  nd.up && nd.voter && nd.role !== 'leader' && nd.electionTimerId !== -1 ? nd.electionStartUs + nd.randomizedTimeoutUs : null

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
    electionDeadlineUs: electionDeadline(nd),
    electionTimeoutUs: electionDeadline(nd) === null ? 0 : nd.randomizedTimeoutUs,
  }))
  const inFlight = inFlightAt(s.packets, s.nowUs)
  const leader = currentLeader(s)
  let term = 0
  let commitIndex = 0
  for (const nd of s.nodes) {
    term = Math.max(term, nd.term)
    commitIndex = Math.max(commitIndex, nd.commitIndex)
  }
  return { term, leader: leader?.id ?? null, commitIndex, nodes, inFlight, story: story(s), logs: logs(s) }
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
