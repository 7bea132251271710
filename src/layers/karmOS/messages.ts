/**
 * karmOS's wire protocol: anti-entropy between two worlds (and the witnesses they ask), carried by
 * the network channel. One schema per kind (`t`), catalogued by etymOS and validated at the
 * receiver while it runs. `s` is the initiator's round and `k` its step (stale answers are ignored).
 */
import { z } from 'zod'

const world = z.number().int().min(0)
const n = z.number().int().min(0)
const hash = z.string().regex(/^[0-9a-f]{64}$/)
/** s: the initiator's round; k: its step within the round (a late answer to a resent request is recognised). */
const base = { from: world, to: world, s: n, k: n }
const range = z.tuple([n, n])

export const KARMOS_WIRE = {
  /** "My ledger's prefix is len entries long." */
  ae_hello: z.strictObject({ ...base, t: z.literal('ae_hello'), len: n }),
  /** The peer's length, its Merkle root over the common prefix, and entries the initiator lacks (its tail). */
  ae_hello_resp: z.strictObject({ ...base, t: z.literal('ae_hello_resp'), len: n, root: hash, tail: z.array(z.strictObject({ i: n, e: z.string().max(512), h: hash })).max(1_024) }),
  /** Expand these ranges (leaf positions [lo, hi) of the tree over L leaves): send their children's hashes. */
  ae_desc: z.strictObject({ ...base, t: z.literal('ae_desc'), L: n, ranges: z.array(range).max(256) }),
  /** Children hashes [left, right] per range asked; null: the peer no longer holds L entries (it crashed). */
  ae_desc_resp: z.strictObject({ ...base, t: z.literal('ae_desc_resp'), L: n, hashes: z.array(z.tuple([hash, hash])).max(256).nullable() }),
  /** A witness is asked for its leaf hashes at these indices. */
  ae_vote: z.strictObject({ ...base, t: z.literal('ae_vote'), idx: z.array(n).max(256) }),
  ae_vote_resp: z.strictObject({ ...base, t: z.literal('ae_vote_resp'), hashes: z.array(hash.nullable()).max(256) }),
  /** The minority copy asks a healthy replica for the entries. */
  ae_fetch: z.strictObject({ ...base, t: z.literal('ae_fetch'), idx: z.array(n).max(256) }),
  ae_fetch_resp: z.strictObject({ ...base, t: z.literal('ae_fetch_resp'), entries: z.array(z.strictObject({ i: n, e: z.string().max(512) })).max(256) }),
  /**
   * A hint, after a vote: "your copies at these indices are the minority's". The receiver trusts
   * nothing in it: it starts its own round with the sender at once (if it is not in one), which
   * finds, votes on and repairs the entries itself — repair runs both ways, as Cassandra's does.
   */
  ae_suspect: z.strictObject({ ...base, t: z.literal('ae_suspect'), idx: z.array(n).max(256) }),
}

export const KarmosWireSchema = z.discriminatedUnion('t', Object.values(KARMOS_WIRE) as unknown as [typeof KARMOS_WIRE.ae_hello, ...(typeof KARMOS_WIRE.ae_hello)[]])

type Wire = typeof KARMOS_WIRE
export type KarmosMsg = { [K in keyof Wire]: z.infer<Wire[K]> }[keyof Wire]
