import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { beginWrite, crash, encodeEntry, endWrite, entryAt, flipBytes, fold, foldable, head, ledgerRangeHash, linkVerifies, merkleRoot, newLedger, overwrite, recordLocal, store, storeFromPeer, tiling, tryRangeHash, type Ledger } from './ledger'
import { EMPTY_ROOT, GENESIS_HEAD, chainNext, children, leafHash, nodeHash, rangeHash, treeLevels, type Range } from './merkle'
import { majority } from './antiEntropy'

const e = (i: number) => encodeEntry(i, 1 + Math.floor(i / 10), `d${i}`)

function ledgerOf(n: number, durable = true): Ledger {
  const l = newLedger()
  for (let i = 1; i <= n; i++) store(l, i, e(i))
  if (durable) {
    beginWrite(l)
    endWrite(l, true)
  }
  return l
}

/** The descent the protocol performs, without the network: the differing leaf indices and the levels it took. */
function descend(a: Ledger, b: Ledger, L: number): { diff: number[]; levels: number } {
  let levels = 1
  if (ledgerRangeHash(a, 0, L) === ledgerRangeHash(b, 0, L)) return { diff: [], levels }
  if (L === 1) return { diff: [1], levels }
  let pending: Range[] = [[0, L]]
  const diff: number[] = []
  while (pending.length > 0) {
    levels++
    const next: Range[] = []
    for (const r of pending)
      for (const c of children(r)) {
        if (ledgerRangeHash(a, c[0], c[1]) === ledgerRangeHash(b, c[0], c[1])) continue
        if (c[1] - c[0] === 1) diff.push(c[0] + 1)
        else next.push(c)
      }
    pending = next
  }
  return { diff: diff.sort((x, y) => x - y), levels }
}

describe('hash chain', () => {
  it('h_i = H(h_{i−1} ‖ e_i) from the genesis head', () => {
    const l = ledgerOf(3)
    let h = GENESIS_HEAD
    for (let i = 1; i <= 3; i++) {
      const bytes = new Uint8Array([...hexToBytes(h), ...utf8ToBytes(e(i))])
      h = bytesToHex(sha256(bytes))
      expect(l.chain[i - 1]).toBe(h)
    }
    expect(head(l)).toBe(h)
    expect([1, 2, 3].every((i) => linkVerifies(l, i))).toBe(true)
  })

  it('a flipped byte breaks exactly that link, and the chain head does not move', () => {
    const l = ledgerOf(5)
    const before = head(l)
    flipBytes(l, 3, 2, 0)
    expect(l.entries[2]).not.toBe(e(3))
    expect([1, 2, 3, 4, 5].map((i) => linkVerifies(l, i))).toEqual([true, true, false, true, true])
    expect(head(l)).toBe(before)
  })

  it('a crash loses what is not durable; entries above a hole wait until it is filled from a peer', () => {
    const l = ledgerOf(4)
    store(l, 5, e(5))
    store(l, 6, e(6))
    expect(l.len).toBe(6)
    expect(crash(l)).toBe(2)
    expect(l.len).toBe(4)
    store(l, 7, e(7)) // mythOS goes on after the restart
    expect(l.len).toBe(4)
    const peer = ledgerOf(7)
    expect(storeFromPeer(l, 5, 'forged', peer.chain[4]!)).toBe(false) // does not extend our chain to the peer's h_5
    expect(storeFromPeer(l, 5, e(5), peer.chain[4]!)).toBe(true)
    expect(storeFromPeer(l, 6, e(6), peer.chain[5]!)).toBe(true)
    expect(l.len).toBe(7)
    expect(head(l)).toBe(head(peer))
    expect(merkleRoot(l)).toBe(merkleRoot(peer))
  })

  it('a repair counts once durable; a crash before that restores the corrupted bytes', () => {
    const l = ledgerOf(4)
    flipBytes(l, 2, 0, 3)
    const bad = l.entries[1]
    overwrite(l, 2, e(2), 7)
    crash(l)
    expect(l.entries[1]).toBe(bad)
    overwrite(l, 2, e(2), 7)
    beginWrite(l)
    expect(endWrite(l, true)).toEqual([[2, 7]])
    expect(l.entries[1]).toBe(e(2))
    expect(linkVerifies(l, 2)).toBe(true)
  })

  it('the local chain records lifecycle changes', () => {
    const l = newLedger()
    recordLocal(l, 10, 'up>crashed')
    recordLocal(l, 20, 'crashed>restarting')
    expect(l.local.n).toBe(2)
    expect(l.local.head).not.toBe(GENESIS_HEAD)
    expect(l.local.last).toEqual(['10:up>crashed', '20:crashed>restarting'])
  })
})

describe('RFC 6962 Merkle tree', () => {
  it('matches the RFC definition: empty, one leaf, and MTH split at the largest power of two', () => {
    expect(rangeHash(() => 'x', 0, 0, null)).toBe(EMPTY_ROOT)
    expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    const leaves = [0, 1, 2, 3, 4].map((i) => leafHash(e(i + 1)))
    const want = nodeHash(nodeHash(nodeHash(leaves[0]!, leaves[1]!), nodeHash(leaves[2]!, leaves[3]!)), leaves[4]!)
    expect(merkleRoot(ledgerOf(5))).toBe(want)
    expect(leafHash('a')).toBe(bytesToHex(sha256(new Uint8Array([0, 97]))))
  })

  it('remembered hashes equal SHA-256 computed afresh, before and after the memo starts afresh', () => {
    const cat = (...ps: Uint8Array[]) => Uint8Array.from(ps.flatMap((p) => [...p]))
    let h = GENESIS_HEAD
    // 3 × 5,000 of each, twice over (the memo holds 4,096): cold, remembered and forgotten alike.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 15_000; i++) {
        const entry = e(i % 5_000)
        const leaf = leafHash(entry)
        expect(leaf).toBe(bytesToHex(sha256(cat(new Uint8Array([0]), utf8ToBytes(entry)))))
        const next = chainNext(h, entry)
        expect(next).toBe(bytesToHex(sha256(cat(hexToBytes(h), utf8ToBytes(entry)))))
        expect(nodeHash(h, leaf)).toBe(bytesToHex(sha256(cat(new Uint8Array([1]), hexToBytes(h), hexToBytes(leaf)))))
        h = i % 5_000 === 4_999 ? GENESIS_HEAD : next
      }
    }
  })

  it('cached roots equal uncached ones after corruptions, repairs and growth', () => {
    const l = ledgerOf(100)
    const fresh = (x: Ledger) => rangeHash((p) => leafHash(x.entries[p]!), 0, x.len, null)
    expect(merkleRoot(l)).toBe(fresh(l))
    flipBytes(l, 37, 1, 2)
    expect(merkleRoot(l)).toBe(fresh(l))
    overwrite(l, 37, e(37), 0)
    expect(merkleRoot(l)).toBe(merkleRoot(ledgerOf(100)))
    for (let i = 101; i <= 130; i++) store(l, i, e(i))
    expect(merkleRoot(l)).toBe(fresh(l))
  })

  it('descent finds exactly the differing leaves, one level per round trip', () => {
    const a = ledgerOf(21)
    const b = ledgerOf(21)
    expect(descend(a, b, 21)).toEqual({ diff: [], levels: 1 })
    flipBytes(a, 8, 3, 1)
    flipBytes(a, 15, 0, 2)
    const d = descend(a, b, 21)
    expect(d.diff).toEqual([8, 15])
    expect(d.levels).toBe(treeLevels(21))
    const big = ledgerOf(1000)
    const big2 = ledgerOf(1000)
    flipBytes(big2, 777, 5, 4)
    expect(descend(big, big2, 1000)).toEqual({ diff: [777], levels: treeLevels(1000) })
  })

  it('majority: a strict majority of the copies heard, at least two', () => {
    expect(majority(['a', 'b', 'b', 'b'])).toBe('b')
    expect(majority(['a', 'b', 'b'])).toBe('b')
    expect(majority(['a', 'b'])).toBeNull()
    expect(majority(['a', 'a', 'b', 'b'])).toBeNull()
    expect(majority(['a'])).toBeNull()
  })
})

describe('folding the ledger (bounded memory)', () => {
  it('tiles [0, n) with aligned blocks, largest first', () => {
    expect(tiling(768)).toEqual([[9, 0], [8, 2]])
    expect(tiling(1_280)).toEqual([[10, 0], [8, 4]])
    expect(tiling(0)).toEqual([])
  })

  it('keeps every root and every subtree above the fold exact, and the chain going on', () => {
    const a = ledgerOf(1_000)
    const b = ledgerOf(1_000)
    const roots = [800, 1_000].map((L) => ledgerRangeHash(b, 0, L))
    expect(foldable(a, 1_000)).toBe(768)
    expect(fold(a, 768)).toBe(768)
    expect(a.base).toBe(768)
    expect(a.entries).toHaveLength(232)
    expect([800, 1_000].map((L) => ledgerRangeHash(a, 0, L))).toEqual(roots)
    expect(ledgerRangeHash(a, 768, 1_000)).toBe(ledgerRangeHash(b, 768, 1_000))
    expect(ledgerRangeHash(a, 512, 768)).toBe(ledgerRangeHash(b, 512, 768)) // a tiling block: kept
    expect(tryRangeHash(a, 100, 200)).toBeNull() // folded leaves: no answer
    expect(entryAt(a, 768)).toBeNull()
    expect(entryAt(a, 769)).toBe(e(769))
    expect(linkVerifies(a, 769)).toBe(true)
    // The chain goes on from the folded head; a folded index is never stored again.
    expect(store(a, 10, e(10))).toBe(false)
    store(a, 1_001, e(1_001))
    store(b, 1_001, e(1_001))
    expect(head(a)).toBe(head(b))
    expect(merkleRoot(a)).toBe(merkleRoot(b))
    // A second fold builds on the first.
    expect(fold(a, 1_000)).toBe(0) // not a whole block
    const c = ledgerOf(2_100)
    const d = ledgerOf(2_100)
    fold(c, 1_024)
    fold(c, 2_048)
    expect(merkleRoot(c)).toBe(merkleRoot(d))
    expect(Object.keys(c.tree).filter((k) => { const [j, q] = k.split(':').map(Number) as [number, number]; return (q + 1) * 2 ** j <= 2_048 })).toEqual(['11:0'])
  })

  it('never folds past a corrupted, a repairing or a volatile entry', () => {
    const a = ledgerOf(1_100)
    flipBytes(a, 600, 3, 1)
    expect(foldable(a, 1_100)).toBe(512)
    const b = ledgerOf(1_100)
    overwrite(b, 300, e(300), 2)
    expect(foldable(b, 1_100)).toBe(256)
    const c = ledgerOf(1_000)
    store(c, 1_001, e(1_001))
    for (let i = 1_002; i <= 1_100; i++) store(c, i, e(i))
    expect(foldable(c, 1_100)).toBe(768) // 1001… not durable yet
  })
})
