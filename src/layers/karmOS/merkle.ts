/**
 * Hashes of karmOS's ledgers: the hash chain h_i = H(h_{i−1} ‖ e_i) and RFC 6962 Merkle trees
 * (Certificate Transparency §2.1): leaf = H(0x00 ‖ entry), node = H(0x01 ‖ left ‖ right), and for
 * n > 1 leaves MTH(D[0:n]) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest power of two
 * below n. Every subtree of that shape is aligned on its own size, so complete subtrees can be
 * cached by (level, position) and a root over any prefix costs O(log n) once they are. SHA-256
 * from @noble/hashes; hashes are lower-case hex (plain data for snapshots).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

/** The chain value before the first entry. */
export const GENESIS_HEAD = '0'.repeat(64)

/** RFC 6962: the hash of an empty tree is SHA-256 of the empty string. */
export const EMPTY_ROOT = bytesToHex(sha256(new Uint8Array(0)))

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

const LEAF = new Uint8Array([0])
const NODE = new Uint8Array([1])

/**
 * The hashes below are pure, and every world's ledger holds the same entries (state-machine
 * safety): each world chains the same links and anti-entropy hashes the same subtrees on every
 * world, round after round. So each is remembered by its input, a few thousand at most (the
 * memo starts afresh when full): the same values, one SHA-256 where there were several. A key is
 * a hash, '|', then the rest: hex holds no '|', so the first one splits it unambiguously.
 */
const MEMO_SIZE = 4_096
const chainMemo = new Map<string, string>()
const leafMemo = new Map<string, string>()
const nodeMemo = new Map<string, string>()

function remember(memo: Map<string, string>, key: string, h: string): string {
  if (memo.size >= MEMO_SIZE) memo.clear()
  memo.set(key, h)
  return h
}

/** h_i = H(h_{i−1} ‖ e_i). */
export function chainNext(prevHead: string, entry: string): string {
  const key = `${prevHead}|${entry}`
  return chainMemo.get(key) ?? remember(chainMemo, key, bytesToHex(sha256(concat(hexToBytes(prevHead), utf8ToBytes(entry)))))
}

/** RFC 6962 leaf hash: H(0x00 ‖ entry). */
export function leafHash(entry: string): string {
  return leafMemo.get(entry) ?? remember(leafMemo, entry, bytesToHex(sha256(concat(LEAF, utf8ToBytes(entry)))))
}

/** RFC 6962 interior node: H(0x01 ‖ left ‖ right). */
export function nodeHash(left: string, right: string): string {
  const key = `${left}|${right}`
  return nodeMemo.get(key) ?? remember(nodeMemo, key, bytesToHex(sha256(concat(NODE, hexToBytes(left), hexToBytes(right)))))
}

/** Where RFC 6962 splits [lo, hi) (hi − lo >= 2): lo + the largest power of two below hi − lo. */
export function splitPoint(lo: number, hi: number): number {
  const n = hi - lo
  let k = 1
  while (k * 2 < n) k *= 2
  return lo + k
}

/** A range [lo, hi) of leaf positions (0-based: position p holds ledger index p + 1). */
export type Range = [number, number]

/** The two children of a range of two or more leaves. */
export function children(r: Range): [Range, Range] {
  const m = splitPoint(r[0], r[1])
  return [[r[0], m], [m, r[1]]]
}

/** Levels of the tree over n leaves (the root's height + 1): how many round trips a full descent takes at most. */
export function treeLevels(n: number): number {
  let levels = 1
  let k = 1
  while (k < n) {
    k *= 2
    levels++
  }
  return levels
}

/** Complete subtrees of at least 2^CACHE_MIN_LEVEL leaves are cached (below that, recomputed: 2·8 − 1 hashes at most). */
export const CACHE_MIN_LEVEL = 3

const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0
const log2 = (n: number): number => {
  let j = 0
  while (1 << j < n) j++
  return j
}

/**
 * The RFC 6962 hash of leaves [lo, hi) of a ledger: `leaf(p)` gives the leaf hash at position p;
 * `cache` holds complete subtrees (key `${level}:${lo >> level}`), filled as they are computed.
 */
export function rangeHash(leaf: (p: number) => string, lo: number, hi: number, cache: Record<string, string> | null): string {
  const n = hi - lo
  if (n <= 0) return EMPTY_ROOT
  if (n === 1) return leaf(lo)
  let key: string | null = null
  if (cache !== null && isPow2(n)) {
    const j = log2(n)
    if (j >= CACHE_MIN_LEVEL) {
      key = `${j}:${lo >> j}`
      const hit = cache[key]
      if (hit !== undefined) return hit
    }
  }
  const m = splitPoint(lo, hi)
  const h = nodeHash(rangeHash(leaf, lo, m, cache), rangeHash(leaf, m, hi, cache))
  if (key !== null) cache![key] = h
  return h
}

/** Forget every cached subtree containing position p (its leaf changed). */
export function invalidate(cache: Record<string, string>, p: number): void {
  for (let j = CACHE_MIN_LEVEL; j <= 40; j++) {
    const key = `${j}:${Math.floor(p / 2 ** j)}`
    if (cache[key] !== undefined) delete cache[key]
  }
}

/** Forget every cached subtree reaching position `from` or beyond (the ledger was cut there). */
export function invalidateFrom(cache: Record<string, string>, from: number): void {
  for (const key of Object.keys(cache)) {
    const [j, q] = key.split(':').map(Number) as [number, number]
    if ((q + 1) * 2 ** j > from) delete cache[key]
  }
}
