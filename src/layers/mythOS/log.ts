/**
 * The replicated log of one node (etcd's raftLog, without snapshots): term lookup, append with
 * the local hash chain, conflict detection (findConflict) and the fast-backtracking hint
 * (findConflictByTerm).
 */
import { GENESIS_CHAIN, chainNext } from './digest'
import { touchLog, type Entry, type RaftNode, type WireEntry } from './state'

export const lastIndex = (nd: RaftNode): number => nd.log.length

/** Term of the entry at index i; 0 for index 0; -1 when i is past the end (no such entry). */
export function termAt(nd: RaftNode, i: number): number {
  if (i === 0) return 0
  const e = nd.log[i - 1]
  return e ? e.term : -1
}

export const lastTerm = (nd: RaftNode): number => termAt(nd, nd.log.length)

export function chainAt(nd: RaftNode, i: number): string | null {
  if (i === 0) return GENESIS_CHAIN
  const e = nd.log[i - 1]
  return e ? e.chain : null
}

export const matchTerm = (nd: RaftNode, i: number, term: number): boolean => termAt(nd, i) === term

/** Append one entry at the end, chaining it onto this node's own log. */
export function appendOne(nd: RaftNode, w: WireEntry): number {
  const prev = chainAt(nd, nd.log.length)!
  const e: Entry = { term: w.term, kind: w.kind, id: w.id, text: w.text, digest: w.digest, chain: chainNext(prev, w.term, w.digest) }
  nd.log.push(e)
  const index = nd.log.length
  touchLog(nd, index)
  if (e.id !== null && nd.idIndex[e.id] === undefined) nd.idIndex[e.id] = index
  return index
}

/** Drop every entry from index `from` on (a follower resolving a conflict with its leader). */
export function truncateFrom(nd: RaftNode, from: number): void {
  for (let i = from; i <= nd.log.length; i++) {
    const id = nd.log[i - 1]!.id
    if (id !== null && nd.idIndex[id] === i) delete nd.idIndex[id]
  }
  nd.log.length = from - 1
  touchLog(nd, from)
}

/** The lowest index where the working log may differ from the durable one (durable length + 1 when it does not). */
function divergence(nd: RaftNode): number {
  let from = nd.durableLog.length + 1
  if (nd.write !== null && nd.write.from !== 0 && nd.write.from < from) from = nd.write.from
  if (nd.unsavedFrom !== 0 && nd.unsavedFrom < from) from = nd.unsavedFrom
  return from
}

/** The last index of the log that is durable (on disk and unchanged since): what may be applied or counted toward commit. */
export const durableIndex = (nd: RaftNode): number => divergence(nd) - 1

/**
 * A crash: the working state reverts to the durable one. Only the part past the divergence point
 * is touched (what was appended since, or durable entries truncated since — they come back).
 */
export function revertToDurable(nd: RaftNode): void {
  const from = divergence(nd)
  if (from <= nd.log.length) truncateFrom(nd, from)
  for (let i = from; i <= nd.durableLog.length; i++) {
    const e = nd.durableLog[i - 1]!
    nd.log.push(e)
    if (e.id !== null && nd.idIndex[e.id] === undefined) nd.idIndex[e.id] = i
  }
  nd.term = nd.durableTerm
  nd.votedFor = nd.durableVote
  nd.write = null
  nd.unsavedFrom = 0
  nd.durableSeq = nd.stateSeq
}

/**
 * etcd findConflict: the index of the first entry of `ents` (starting at `firstIndex`) that is
 * missing or has a different term here; 0 when all of them are already in the log.
 */
export function findConflict(nd: RaftNode, firstIndex: number, ents: readonly WireEntry[]): number {
  for (let k = 0; k < ents.length; k++) {
    const i = firstIndex + k
    if (!matchTerm(nd, i, ents[k]!.term)) return i
  }
  return 0
}

/**
 * etcd findConflictByTerm: the largest index <= i whose term is <= term, with that term. The
 * follower sends it as the reject hint so the leader can skip a whole conflicting term at once.
 */
export function findConflictByTerm(nd: RaftNode, i: number, term: number): { index: number; term: number } {
  let index = Math.min(i, nd.log.length)
  for (; index > 0; index--) {
    const t = termAt(nd, index)
    if (t <= term) return { index, term: t }
  }
  return { index: 0, term: 0 }
}

/**
 * etcd maybeAppend: when (prevIndex, prevTerm) matches, append what is new of `ents` (truncating
 * a conflicting suffix, never a matching one — so a duplicated or reordered append is harmless)
 * and return the last index this message vouches for; null on a mismatch.
 */
export function maybeAppend(nd: RaftNode, prevIndex: number, prevTerm: number, ents: readonly WireEntry[]): number | null {
  if (!matchTerm(nd, prevIndex, prevTerm)) return null
  const lastNew = prevIndex + ents.length
  const ci = findConflict(nd, prevIndex + 1, ents)
  if (ci !== 0) {
    if (ci <= nd.commitIndex) throw new Error(`mythOS node ${nd.id}: entry ${ci} conflicts with committed index ${nd.commitIndex}`)
    if (ci <= nd.log.length) truncateFrom(nd, ci)
    for (let k = ci - (prevIndex + 1); k < ents.length; k++) appendOne(nd, ents[k]!)
  }
  return lastNew
}

/** Entries [from, from + max) as they travel on the wire. */
export function wireSlice(nd: RaftNode, from: number, max: number): WireEntry[] {
  const out: WireEntry[] = []
  const end = Math.min(nd.log.length, from + max - 1)
  for (let i = from; i <= end; i++) {
    const e = nd.log[i - 1]!
    out.push({ term: e.term, kind: e.kind, id: e.id, text: e.text, digest: e.digest })
  }
  return out
}

/** Raft §5.4.1: is (lastIdx, lastTrm) at least as up to date as this node's log? */
export function isUpToDate(nd: RaftNode, lastIdx: number, lastTrm: number): boolean {
  const myTerm = lastTerm(nd)
  return lastTrm > myTerm || (lastTrm === myTerm && lastIdx >= nd.log.length)
}
