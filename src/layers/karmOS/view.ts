/** karmOS view model and end-of-run summary. */
import type { JsonObject } from '../../kernel/types'
import type { PacketView } from '../views'
import { head, ledgerRangeHash } from './ledger'
import type { KarmosState, KarmosStats, KarmosWorld } from './state'

export interface KarmosWorldView {
  id: number
  /** Contiguous ledger length (entries chained and covered by the Merkle tree). */
  len: number
  /** Head of the hash chain h_len, first 12 hex characters. */
  head: string
  /** Merkle root over the prefix, first 12 hex (empty above ROOT_VIEW_MAX worlds). */
  root: string
  /** Entries not yet durable on the world's disk. */
  volatile: number
  /** Ledger indices corrupted on disk and not yet repaired (ground truth, for the red mark). */
  corrupted: number[]
  repairs: number
  refetched: number
  /** Lifecycle changes in the local chain, and its head (12 hex). */
  localN: number
  localHead: string
  /** Leads an anti-entropy round now (with whom). */
  roundPeer: number | null
}

export interface KarmosView {
  worlds: KarmosWorldView[]
  /** karmOS's packets (anti-entropy) in flight and just delivered, as mythOS's inFlight. */
  inFlight: PacketView[]
  stats: KarmosStats
  intervalMs: number
}

/** Above this many worlds the view does not compute Merkle roots (the mechanism still does, per round). */
export const ROOT_VIEW_MAX = 256

function rootOf(w: KarmosWorld): string {
  const l = w.ledger
  // A memo of a pure function of the ledger: changes nothing the run computes.
  if (w.rootMemo === null || w.rootMemo[0] !== l.len) w.rootMemo = [l.len, ledgerRangeHash(l, 0, l.len)]
  return w.rootMemo[1].slice(0, 12)
}

export function karmosView(s: KarmosState): KarmosView {
  const roots = s.n <= ROOT_VIEW_MAX
  return {
    worlds: s.worlds.map((w) => ({
      id: w.id,
      len: w.ledger.len,
      head: head(w.ledger).slice(0, 12),
      root: roots ? rootOf(w) : '',
      volatile: w.ledger.volatile.length,
      corrupted: w.ledger.corrupted.slice(),
      repairs: w.ledger.repairs,
      refetched: w.ledger.refetched,
      localN: w.ledger.local.n,
      localHead: w.ledger.local.head.slice(0, 12),
      roundPeer: w.round?.peer ?? null,
    })),
    inFlight: s.packets.filter((p) => p.deliverUs > s.nowUs - 200_000).slice(-100).reverse(),
    stats: { ...s.stats },
    intervalMs: s.intervalMs,
  }
}

export function karmosSummary(s: KarmosState): JsonObject {
  let longest = 0
  let corruptedNow = 0
  for (const w of s.worlds) {
    longest = Math.max(longest, w.ledger.len)
    corruptedNow += w.ledger.corrupted.length
  }
  return { ...s.stats, longestLedger: longest, corruptedNow }
}
