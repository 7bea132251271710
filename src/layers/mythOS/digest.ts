/**
 * Content digests and the hash chain of the replicated log.
 *
 * digest(entry) is a hash of what the entry says (its kind and content). chain_i is
 * H(chain_{i-1}, term_i, digest_i) with chain_0 = GENESIS_CHAIN: every node computes it from its
 * own log as it appends, never copies it from a peer, so two nodes with equal chains at index i
 * hold equal prefixes 1..i (Raft's Log Matching property, made checkable from events). The
 * checkers import chainNext to recompute the chain of every node's applied entries.
 */
import { hash64 } from '../../kernel/fasthash'

/** Hex characters of each digest (64 bits: plenty to tell entries apart in a run). */
export const DIGEST_HEX_CHARS = 16

/** The chain value before the first entry (index 0). */
export const GENESIS_CHAIN = '0'.repeat(DIGEST_HEX_CHARS)

/**
 * A fast 64-bit hash (kernel/fasthash.ts), not SHA-256: digests tell entries apart and chain them
 * for the checkers; nobody forges entries in a simulation, so cryptographic strength buys nothing
 * here and SHA-256 per entry per world was a tenth of a run.
 */
const h16 = (s: string): string => hash64(s)

/** The digest of a happening: its id and its text. */
export const happeningDigest = (id: string, text: string): string => h16(`happening\u0000${id}\u0000${text}`)

/** The digest of the no-op a leader appends on election (unique per term: only one leader each). */
export const noopDigest = (term: number, leader: number): string => h16(`noop\u0000${term}\u0000${leader}`)

/** The digest of a membership change: the voter set its text names (conf.ts). */
export const confDigest = (text: string): string => h16(`conf\u0000${text}`)

/** chain_i = H(chain_{i-1}, term_i, digest_i). */
export const chainNext = (prevChain: string, term: number, digest: string): string => h16(`${prevChain}\u0000${term}\u0000${digest}`)
