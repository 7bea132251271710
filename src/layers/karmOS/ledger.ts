/**
 * One world's ledger (karmOS): the entries its state machine applied (the replicated part: index =
 * Raft log index, identical on every world by state-machine safety) chained h_i = H(h_{i−1} ‖ e_i),
 * plus a local, non-replicated chain of its lifecycle changes. It lives on the world's disk
 * (atmOS's disk model): an append is durable only once the write covering it completes; a crash
 * loses what was not durable, leaving a hole that anti-entropy re-fetches from a peer.
 *
 * Storage: entries[i − 1 − base] is the stored bytes of entry i (null: a hole). The chain and the
 * Merkle tree cover the contiguous prefix 1..len.
 *
 * Folding (fold): once every peer is known to hold well past it, the oldest part of the prefix,
 * 1..base (base a multiple of FOLD_BLOCK), is folded away: its entries and chain values go, the
 * chain's value at base stays (baseHead) and so do the complete Merkle subtrees that tile
 * [0, base) — the aligned blocks of base's binary decomposition — so the root over any longer
 * prefix, and every subtree anti-entropy compares above them, is still computed exactly. Only
 * durable entries whose chain links verify are folded: a corrupted entry never is (it waits for
 * its repair), and the folded subtrees hold the true hashes. The chain is computed as entries enter the prefix and
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
  /** Entries 1..base were folded away (fold). */
  base: number
  /** h_base: the chain's value at base (GENESIS_HEAD at 0). */
  baseHead: string
  entries: (string | null)[]
  /** chain[i − 1 − base] = h_i for base < i <= len. */
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
  return { base: 0, baseHead: GENESIS_HEAD, entries: [], chain: [], len: 0, volatile: [], writing: null, diskBusyUntilUs: 0, writeOk: true, inc: 0, tree: {}, repairing: {}, local: { n: 0, head: GENESIS_HEAD, last: [] }, corrupted: [], repairs: 0, refetched: 0, lost: 0 }
}

/** The stored bytes of an applied entry. */
export const encodeEntry = (index: number, term: number, digest: string): string => `${index}:${term}:${digest}`

/** The head of the chain (h_len). */
export const head = (l: Ledger): string => (l.len === l.base ? l.baseHead : l.chain[l.len - 1 - l.base]!)

/** The entry at index i (1-based), or null (a hole, or folded away). */
export const entryAt = (l: Ledger, i: number): string | null => (i > l.base ? (l.entries[i - 1 - l.base] ?? null) : null)

/** The chain's value h_i (base <= i <= len). */
export const chainAt = (l: Ledger, i: number): string => (i === l.base ? l.baseHead : l.chain[i - 1 - l.base]!)

/** Thrown when a hash needs leaves that were folded away (the asker cannot be answered). */
export class FoldedError extends Error {}

/** Leaf hash at position p (index p + 1) of the prefix. */
export function leafAt(l: Ledger, p: number): string {
  if (p < l.base) throw new FoldedError(`leaf ${p} was folded (base ${l.base})`)
  return leafHash(l.entries[p - l.base]!)
}

/** RFC 6962 hash of positions [lo, hi) of the prefix (hi <= len). Throws FoldedError when it needs folded leaves. */
export const ledgerRangeHash = (l: Ledger, lo: number, hi: number): string => rangeHash((p) => leafAt(l, p), lo, hi, l.tree)

/** ledgerRangeHash, or null when it needs folded leaves. */
export function tryRangeHash(l: Ledger, lo: number, hi: number): string | null {
  try {
    return ledgerRangeHash(l, lo, hi)
  } catch (e) {
    if (e instanceof FoldedError) return null
    throw e
  }
}

/** Merkle root of the whole prefix. */
export const merkleRoot = (l: Ledger): string => ledgerRangeHash(l, 0, l.len)

/** Does the stored link at index i (<= len) check: H(h_{i−1} ‖ e_i) = h_i? */
export function linkVerifies(l: Ledger, i: number): boolean {
  if (i <= l.base || i > l.len) return false
  return chainNext(chainAt(l, i - 1), l.entries[i - 1 - l.base]!) === chainAt(l, i)
}

/** Extend the prefix over stored entries (after an append filled the next hole). */
function extend(l: Ledger): void {
  while (l.len - l.base < l.entries.length && l.entries[l.len - l.base] != null) {
    l.chain[l.len - l.base] = chainNext(head(l), l.entries[l.len - l.base]!)
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
  if (i <= l.base) return false // folded: it was there, verified
  while (l.entries.length < i - l.base) l.entries.push(null)
  if (l.entries[i - 1 - l.base] != null) return false
  l.entries[i - 1 - l.base] = entry
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
  if (i <= l.base) return
  if (l.repairing[i] === undefined) l.repairing[i] = [l.entries[i - 1 - l.base]!, from]
  else l.repairing[i]![1] = from
  l.entries[i - 1 - l.base] = entry
  invalidate(l.tree, i - 1)
  markVolatile(l, i)
}

/** Flip bytes of entry i (a disk fault): XOR one character with a non-zero mask. */
export function flipBytes(l: Ledger, i: number, at: number, mask: number): void {
  const e = l.entries[i - 1 - l.base]!
  const p = at % e.length
  l.entries[i - 1 - l.base] = e.slice(0, p) + String.fromCharCode(e.charCodeAt(p) ^ (1 + (mask % 7))) + e.slice(p + 1)
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
    l.entries[i - 1 - l.base] = l.repairing[i]![0]
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
  for (const i of l.volatile) l.entries[i - 1 - l.base] = null
  l.volatile = []
  while (l.entries.length > 0 && l.entries[l.entries.length - 1] === null) l.entries.pop()
  if (first - 1 < l.len) {
    l.len = first - 1
    l.chain.length = l.len - l.base
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

/** Folds are made in whole blocks of this many entries (so the folded subtrees are all cached ones). */
export const FOLD_BLOCK = 256

/** The aligned blocks tiling [0, n): [level, position] of each (n's binary decomposition, largest first). */
export function tiling(n: number): [number, number][] {
  const out: [number, number][] = []
  let lo = 0
  for (let j = 40; j >= 0; j--) {
    const size = 2 ** j
    if (n - lo >= size) {
      out.push([j, lo / size])
      lo += size
    }
  }
  return out
}

/**
 * The highest fold point <= upTo this ledger may fold to: a multiple of FOLD_BLOCK, past no entry
 * that is not durable, being repaired, or whose chain link fails (a corruption not yet repaired).
 */
export function foldable(l: Ledger, upTo: number): number {
  const limit = Math.floor(Math.min(upTo, l.len) / FOLD_BLOCK) * FOLD_BLOCK
  if (limit <= l.base) return l.base
  let safe = limit
  const firstVolatile = l.volatile[0]
  if (firstVolatile !== undefined && firstVolatile <= safe) safe = firstVolatile - 1
  for (const k of Object.keys(l.repairing)) safe = Math.min(safe, Number(k) - 1)
  if (l.writing) for (const i of l.writing) safe = Math.min(safe, i - 1)
  for (let i = l.base + 1; i <= safe; i++) {
    if (!linkVerifies(l, i)) {
      safe = i - 1
      break
    }
  }
  return Math.max(l.base, Math.floor(safe / FOLD_BLOCK) * FOLD_BLOCK)
}

/**
 * Fold entries base+1..to away (to: a multiple of FOLD_BLOCK, from foldable). The subtrees tiling
 * [0, to) are computed (and stay cached), every other cached subtree inside it is dropped, and so
 * are the entries and their chain values. Returns how many entries went.
 */
export function fold(l: Ledger, to: number): number {
  if (to <= l.base || to % FOLD_BLOCK !== 0 || to > l.len) return 0
  const keep = new Set<string>()
  for (const [j, q] of tiling(to)) {
    rangeHash((p) => leafAt(l, p), q * 2 ** j, (q + 1) * 2 ** j, l.tree)
    keep.add(`${j}:${q}`)
  }
  for (const key of Object.keys(l.tree)) {
    const [j, q] = key.split(':').map(Number) as [number, number]
    if ((q + 1) * 2 ** j <= to && !keep.has(key)) delete l.tree[key]
  }
  const n = to - l.base
  l.baseHead = chainAt(l, to)
  l.entries.splice(0, n)
  l.chain.splice(0, n)
  l.base = to
  return n
}

