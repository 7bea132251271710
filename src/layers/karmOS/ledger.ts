/**
 * One world's ledger (karmOS): the entries its state machine applied (the replicated part: index =
 * Raft log index, identical on every world by state-machine safety) chained h_i = H(h_{i−1} ‖ e_i),
 * plus a local, non-replicated chain of its lifecycle changes. It lives on the world's disk
 * (atmOS's disk model): an append is durable only once the write covering it completes; a crash
 * loses what was not durable, leaving a hole that anti-entropy re-fetches from a peer.
 *
 * Storage: entries[i − 1] is the stored bytes of entry i (null: a hole). The chain and the Merkle
 * tree cover the contiguous prefix 1..len. The chain is computed as entries enter the prefix and
 * stored beside them, so a read can check the link H(h_{i−1} ‖ e_i) = h_i (a corrupted entry fails
 * it; the world does not know which copy is right, only anti-entropy's majority does).
 */
import { GENESIS_HEAD, chainNext, invalidate, invalidateFrom, leafHash, rangeHash } from './merkle'

export interface LocalChain {
  /** Lifecycle changes recorded so far. */
  n: number
  head: string
  /** The last few, newest last. */
  last: string[]
}

export interface Ledger {
  entries: (string | null)[]
  /** chain[i − 1] = h_i for i <= len. */
  chain: string[]
  len: number
  /** Indices not yet durable, ascending (lost in a crash). */
  volatile: number[]
  /** Indices in the write in flight (null: none). */
  writing: number[] | null
  diskBusyUntilUs: number
  /** Whether the write in flight will succeed (drawn when it starts). */
  writeOk: boolean
  /** Bumped by a crash: a write completing for an older incarnation is void. */
  inc: number
  /** Complete Merkle subtrees over the prefix (merkle.ts rangeHash). */
  tree: Record<string, string>
  /** Repaired copies not yet durable: index → [the bytes still on disk, the world it came from]. */
  repairing: Record<number, [string, number]>
  local: LocalChain
  // ── ground truth kept for the view and the metrics, never read by the mechanism ──
  /** Indices whose bytes chaOS flipped and that are not yet repaired. */
  corrupted: number[]
  repairs: number
  refetched: number
  lost: number
}

export const LOCAL_KEEP = 6

export function newLedger(): Ledger {
  return { entries: [], chain: [], len: 0, volatile: [], writing: null, diskBusyUntilUs: 0, writeOk: true, inc: 0, tree: {}, repairing: {}, local: { n: 0, head: GENESIS_HEAD, last: [] }, corrupted: [], repairs: 0, refetched: 0, lost: 0 }
}

/** The stored bytes of an applied entry. */
export const encodeEntry = (index: number, term: number, digest: string): string => `${index}:${term}:${digest}`

/** The head of the chain (h_len). */
export const head = (l: Ledger): string => (l.len === 0 ? GENESIS_HEAD : l.chain[l.len - 1]!)

/** The entry at index i (1-based), or null. */
export const entryAt = (l: Ledger, i: number): string | null => l.entries[i - 1] ?? null

/** Leaf hash at position p (index p + 1) of the prefix. */
export const leafAt = (l: Ledger, p: number): string => leafHash(l.entries[p]!)

/** RFC 6962 hash of positions [lo, hi) of the prefix (hi <= len). */
export const ledgerRangeHash = (l: Ledger, lo: number, hi: number): string => rangeHash((p) => leafAt(l, p), lo, hi, l.tree)

/** Merkle root of the whole prefix. */
export const merkleRoot = (l: Ledger): string => ledgerRangeHash(l, 0, l.len)

/** Does the stored link at index i (<= len) check: H(h_{i−1} ‖ e_i) = h_i? */
export function linkVerifies(l: Ledger, i: number): boolean {
  if (i < 1 || i > l.len) return false
  const prev = i === 1 ? GENESIS_HEAD : l.chain[i - 2]!
  return chainNext(prev, l.entries[i - 1]!) === l.chain[i - 1]
}

/** Extend the prefix over stored entries (after an append filled the next hole). */
function extend(l: Ledger): void {
  while (l.len < l.entries.length && l.entries[l.len] != null) {
    l.chain[l.len] = chainNext(head(l), l.entries[l.len]!)
    l.len++
  }
}

function markVolatile(l: Ledger, i: number): void {
  // Appends come mostly in order: insert from the end.
  let k = l.volatile.length
  while (k > 0 && l.volatile[k - 1]! > i) k--
  if (l.volatile[k - 1] !== i) l.volatile.splice(k, 0, i)
}

/**
 * Store entry i unless a copy is already there (from a peer, or applied twice). Returns whether it
 * was stored (then it is volatile until a write covers it).
 */
export function store(l: Ledger, i: number, entry: string): boolean {
  while (l.entries.length < i) l.entries.push(null)
  if (l.entries[i - 1] != null) return false
  l.entries[i - 1] = entry
  markVolatile(l, i)
  extend(l)
  return true
}

/**
 * Store an entry a peer sent for the next hole (index len + 1), only if the chain link the peer
 * vouches for extends ours: H(h_len ‖ entry) = peerHead. Returns whether it was stored.
 */
export function storeFromPeer(l: Ledger, i: number, entry: string, peerHead: string): boolean {
  if (i !== l.len + 1 || chainNext(head(l), entry) !== peerHead) return false
  return store(l, i, entry)
}

/**
 * Overwrite entry i (<= len) with a repaired copy from world `from`. The chain is unchanged (the
 * copy is the one it was built from). The repair counts once it is durable (endWrite).
 */
export function overwrite(l: Ledger, i: number, entry: string, from: number): void {
  if (l.repairing[i] === undefined) l.repairing[i] = [l.entries[i - 1]!, from]
  else l.repairing[i]![1] = from
  l.entries[i - 1] = entry
  invalidate(l.tree, i - 1)
  markVolatile(l, i)
}

/** Flip bytes of entry i (a disk fault): XOR one character with a non-zero mask. */
export function flipBytes(l: Ledger, i: number, at: number, mask: number): void {
  const e = l.entries[i - 1]!
  const p = at % e.length
  l.entries[i - 1] = e.slice(0, p) + String.fromCharCode(e.charCodeAt(p) ^ (1 + (mask % 7))) + e.slice(p + 1)
  invalidate(l.tree, i - 1)
}

/** A write starts: it covers every volatile index not already being written. */
export function beginWrite(l: Ledger): number[] | null {
  if (l.writing !== null || l.volatile.length === 0) return null
  l.writing = l.volatile.slice()
  return l.writing
}

/**
 * The write in flight completed: its indices are durable. Returns the repairs it made durable:
 * [index, from] (to be announced as ledger_repaired).
 */
export function endWrite(l: Ledger, ok: boolean): [number, number][] {
  const w = l.writing
  l.writing = null
  if (!w || !ok) return []
  const done = new Set(w)
  l.volatile = l.volatile.filter((i) => !done.has(i))
  const repaired: [number, number][] = []
  for (const i of w) {
    const r = l.repairing[i]
    if (r === undefined) continue
    delete l.repairing[i]
    repaired.push([i, r[1]])
  }
  return repaired
}

/**
 * The world crashed: what was not durable is lost (holes), the write in flight with it. Returns
 * how many entries were lost. A repaired copy not yet durable reverts to the bytes still on disk
 * (the corrupted ones): the repair is to be done again.
 */
export function crash(l: Ledger): number {
  l.inc++
  l.writing = null
  for (const k of Object.keys(l.repairing)) {
    const i = Number(k)
    l.entries[i - 1] = l.repairing[i]![0]
    invalidate(l.tree, i - 1)
  }
  if (Object.keys(l.repairing).length > 0) {
    const back = new Set(Object.keys(l.repairing).map(Number))
    l.volatile = l.volatile.filter((i) => !back.has(i))
    l.repairing = {}
  }
  const lost = l.volatile.length
  if (lost === 0) return 0
  const first = l.volatile[0]!
  for (const i of l.volatile) l.entries[i - 1] = null
  l.volatile = []
  while (l.entries.length > 0 && l.entries[l.entries.length - 1] === null) l.entries.pop()
  if (first - 1 < l.len) {
    l.len = first - 1
    l.chain.length = l.len
    invalidateFrom(l.tree, l.len)
  }
  l.lost += lost
  return lost
}

/** Append a lifecycle change to the local chain. */
export function recordLocal(l: Ledger, tUs: number, change: string): void {
  const e = `${tUs}:${change}`
  l.local.head = chainNext(l.local.head, e)
  l.local.n++
  l.local.last.push(e)
  if (l.local.last.length > LOCAL_KEEP) l.local.last.shift()
}
