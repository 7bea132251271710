import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * karmOS settings. Anti-entropy follows Cassandra/Dynamo repair: each world, once per interval
 * (with its own phase), compares Merkle roots with one live peer and descends only the differing
 * subtrees; a difference is settled by a majority of replicas.
 */
export const KarmosSettings = z.strictObject({
  /** How often each world starts a repair round with a peer, ms. */
  antiEntropyIntervalMs: int(100, 600_000).default(2_000),
  /**
   * Further replicas asked for their copy of a differing range (a strict majority of the copies heard
   * decides who is right): 3 gives five copies with the two compared, so two damaged copies are outvoted.
   */
  witnesses: int(1, 8).default(3),
  /** Most entries a peer sends in one round to fill a world's missing tail (lost in a crash). */
  tailEntriesMax: int(1, 1_024).default(64),
  /** Most differing leaves followed in one round (the rest wait for the next round). */
  diffLeavesMax: int(1, 256).default(32),
  /**
   * Entries kept behind the shortest ledger a peer reported; older ones are folded into the Merkle
   * subtrees that cover them (ledger.ts fold), so a ledger's memory stays bounded. chaOS corrupts
   * only the newest half of this window.
   */
  keepEntries: int(512, 10_000_000).default(1_024),
})
export type KarmosSettings = z.infer<typeof KarmosSettings>

/** µs between two rounds of one world. */
export const intervalUs = (s: KarmosSettings): number => s.antiEntropyIntervalMs * 1_000
