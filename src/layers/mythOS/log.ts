/**
 * The replicated log of one node (etcd's raftLog): term lookup, append with the local hash chain,
 * conflict detection (findConflict), the fast-backtracking hint (findConflictByTerm), and the
 * log's base — where it starts after a compaction (hypnOS) or a snapshot install (oneirOS): the
 * entries up to base.index are gone, their term and chain at base.index are kept (etcd's dummy
 * entry), so an append with prevIndex = base.index still matches.
 */
import type { NodeId } from '../../kernel/types'
import { parseConf } from './conf'
import { chainNext } from './digest'
import { touchLog, type Entry, type LogBase, type RaftNode, type WireEntry } from './state'

/** Term of an index that was compacted away (etcd ErrCompacted). */
export const COMPACTED = -2

export const lastIndex = (nd: RaftNode): number => nd.base.index + nd.log.length

/** The first index still held in the log (base.index + 1). */
export const firstIndex = (nd: RaftNode): number => nd.base.index + 1

/** The entry at index i, if the log holds it (base.index < i <= lastIndex). */
export const entryAt = (nd: RaftNode, i: number): Entry | undefined => (i > nd.base.index ? nd.log[i - nd.base.index - 1] : undefined)

/** Term of the entry at index i; the base's at base.index (0 at 0); COMPACTED below it; -1 past the end. */
export function termAt(nd: RaftNode, i: number): number {
  if (i === nd.base.index) return nd.base.term
  if (i < nd.base.index) return COMPACTED
  const e = nd.log[i - nd.base.index - 1]
  return e ? e.term : -1
}

export const lastTerm = (nd: RaftNode): number => termAt(nd, lastIndex(nd))

/** The chain at index i (the base's at base.index), or null when the log does not hold it. */
export function chainAt(nd: RaftNode, i: number): string | null {
  if (i === nd.base.index) return nd.base.chain
  if (i < nd.base.index) return null
  const e = nd.log[i - nd.base.index - 1]
  return e ? e.chain : null
}

export const matchTerm = (nd: RaftNode, i: number, term: number): boolean => termAt(nd, i) === term

/**
 * The voter set in effect at index i for this node: the latest conf entry at or below i that its log
 * holds, else its base's (the configuration a snapshot or compaction folded in).
 */
export function configAt(nd: RaftNode, i: number): NodeId[] {
  for (let j = Math.min(i, lastIndex(nd)); j > nd.base.index; j--) {
    const v = nd.log[j - nd.base.index - 1]!.voters
    if (v !== undefined) return v
  }
  return nd.base.voters
}

/** Index of the latest conf entry in the log (0: none past the base). */
export function lastConfIndex(nd: RaftNode): number {
  for (let j = lastIndex(nd); j > nd.base.index; j--) if (nd.log[j - nd.base.index - 1]!.voters !== undefined) return j
  return 0
}

/** A node uses the latest configuration in its log, committed or not (dissertation §4.1). */
export function syncConfig(nd: RaftNode): void {
  const v = configAt(nd, lastIndex(nd))
  if (v === nd.voters) return
  nd.voters = v
  nd.voter = v.includes(nd.id)
}

/** Append one entry at the end, chaining it onto this node's own log. */
export function appendOne(nd: RaftNode, w: WireEntry): number {
  const prev = chainAt(nd, lastIndex(nd))!
  const e: Entry = { term: w.term, kind: w.kind, id: w.id, text: w.text, digest: w.digest, chain: chainNext(prev, w.term, w.digest) }
  if (w.kind === 'conf') {
    // A conf entry whose text names no voter set (it cannot come from an honest leader) changes nothing.
    const v = parseConf(w.text)
    if (v !== null) e.voters = v
  }
  nd.log.push(e)
  const index = lastIndex(nd)
  touchLog(nd, index)
  if (e.id !== null && nd.idIndex[e.id] === undefined) nd.idIndex[e.id] = index
  if (e.voters !== undefined) syncConfig(nd)
  return index
}

/** Drop every entry from index `from` on (a follower resolving a conflict with its leader). */
export function truncateFrom(nd: RaftNode, from: number): void {
  if (from <= nd.base.index) throw new Error(`mythOS node ${nd.id}: truncating from ${from}, at or below the log's base ${nd.base.index}`)
  const last = lastIndex(nd)
  for (let i = from; i <= last; i++) {
    const id = entryAt(nd, i)!.id
    if (id !== null && nd.idIndex[id] === i) delete nd.idIndex[id]
  }
  nd.log.length = from - 1 - nd.base.index
  touchLog(nd, from)
  syncConfig(nd)
}

/** An installed snapshot is not durable yet: the durable log is another history (a different base). */
const basePending = (nd: RaftNode): boolean => nd.baseDirty || (nd.write !== null && nd.write.base !== null)

/** The lowest index where the working log may differ from the durable one (durable length + 1 when it does not). */
function divergence(nd: RaftNode): number {
  if (basePending(nd)) return nd.base.index + 1
  let from = nd.durableBase.index + nd.durableLog.length + 1
  if (nd.write !== null && nd.write.from !== 0 && nd.write.from < from) from = nd.write.from
  if (nd.unsavedFrom !== 0 && nd.unsavedFrom < from) from = nd.unsavedFrom
  return from
}

/**
 * The last index of the log that is durable (on disk and unchanged since): what may be applied or
 * counted toward commit. While an installed snapshot is not yet durable: its index (nothing past
 * it is, and nothing up to it is applied until the snapshot is: applyCommitted waits).
 */
export const durableIndex = (nd: RaftNode): number => divergence(nd) - 1

/**
 * A crash: the working state reverts to the durable one. Only the part past the divergence point
 * is touched (what was appended since, or durable entries truncated since — they come back).
 */
export function revertToDurable(nd: RaftNode): void {
  if (basePending(nd)) {
    // The snapshot install was not durable: the old log comes back whole.
    nd.base = nd.durableBase
    nd.log = nd.durableLog.slice()
    nd.idIndex = {}
    nd.log.forEach((e, k) => { if (e.id !== null && nd.idIndex[e.id] === undefined) nd.idIndex[e.id] = nd.base.index + 1 + k })
    nd.baseDirty = false
  } else {
    const from = divergence(nd)
    if (from <= lastIndex(nd)) truncateFrom(nd, from)
    const durableLast = nd.durableBase.index + nd.durableLog.length
    for (let i = from; i <= durableLast; i++) {
      const e = nd.durableLog[i - nd.durableBase.index - 1]!
      nd.log.push(e)
      if (e.id !== null && nd.idIndex[e.id] === undefined) nd.idIndex[e.id] = i
    }
  }
  syncConfig(nd)
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
  let index = Math.min(i, lastIndex(nd))
  for (; index > 0; index--) {
    const t = termAt(nd, index)
    if (t === COMPACTED) return { index, term: 0 } // etcd: the term is unknown, hint the index alone
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
    if (ci <= lastIndex(nd)) truncateFrom(nd, ci)
    for (let k = ci - (prevIndex + 1); k < ents.length; k++) appendOne(nd, ents[k]!)
  }
  return lastNew
}

/** Entries [from, from + max) as they travel on the wire. */
export function wireSlice(nd: RaftNode, from: number, max: number): WireEntry[] {
  const out: WireEntry[] = []
  const end = Math.min(lastIndex(nd), from + max - 1)
  for (let i = from; i <= end; i++) {
    const e = entryAt(nd, i)!
    out.push({ term: e.term, kind: e.kind, id: e.id, text: e.text, digest: e.digest })
  }
  return out
}

/** Raft §5.4.1: is (lastIdx, lastTrm) at least as up to date as this node's log? */
export function isUpToDate(nd: RaftNode, lastIdx: number, lastTrm: number): boolean {
  const myTerm = lastTerm(nd)
  return lastTrm > myTerm || (lastTrm === myTerm && lastIdx >= lastIndex(nd))
}

/**
 * Fold the log up to `to` into the base (after a snapshot at or past `to` is durable): the entries
 * 1..to are dropped from the working and the durable log alike (they are identical up to the
 * durable index, and to <= appliedIndex <= durableIndex). Returns how many entries went.
 */
export function compactTo(nd: RaftNode, to: number): number {
  if (to <= nd.base.index || basePending(nd) || to > durableIndex(nd)) return 0
  const base: LogBase = { index: to, term: termAt(nd, to), chain: chainAt(nd, to)!, voters: configAt(nd, to) }
  const n = to - nd.base.index
  for (let k = 0; k < n; k++) {
    const id = nd.log[k]!.id
    if (id !== null && nd.idIndex[id] === nd.base.index + 1 + k) delete nd.idIndex[id]
  }
  nd.log.splice(0, n)
  nd.durableLog.splice(0, to - nd.durableBase.index)
  nd.base = base
  nd.durableBase = base
  return n
}

/**
 * Install a snapshot (etcd raftLog.restore): the log is replaced by an empty one starting after
 * it; it becomes durable with the next write (the base travels in it), and the state machine
 * takes the snapshot's state once it is (persist.ts).
 */
export function restoreSnapshot(nd: RaftNode, snap: LogBase): void {
  nd.log = []
  nd.idIndex = {}
  nd.base = { index: snap.index, term: snap.term, chain: snap.chain, voters: snap.voters }
  nd.baseDirty = true
  syncConfig(nd)
  touchLog(nd, snap.index + 1)
  // What was unsaved below the new base belongs to the replaced log: the next write starts at the base.
  nd.unsavedFrom = snap.index + 1
}
