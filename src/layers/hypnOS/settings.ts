import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * hypnOS settings: when a world's background jobs may run. References (../shared/REFERENCES.md):
 * etcd takes a snapshot once applied − last snapshot index passes --snapshot-count (10,000 in
 * v3.6) and keeps 5,000 entries for followers to catch up from (SnapshotCatchUpEntries); RocksDB
 * defers background work to quiet periods and triggers L0 compaction at 4 files. The defaults are
 * scaled down so a compaction shows within a minute of the default scenario (≈ 2 entries/s).
 */
export const HypnosSettings = z.strictObject({
  /** Entries applied since the last snapshot that make a compaction due (etcd --snapshot-count). */
  snapshotCount: int(1, 10_000_000).default(100),
  /** Entries kept before the snapshot index for followers a little behind (etcd SnapshotCatchUpEntries). */
  catchUpEntries: int(0, 10_000_000).default(50),
  /**
   * A world's load above which its jobs wait: Raft messages delivered to it per second, over the
   * last metrics interval. A follower of the default scenario handles ≈ 15/s, its leader ≈ 60/s;
   * an election, a catch-up or a partition healing drives it far higher for a moment.
   */
  loadThreshold: int(1, 1_000_000).default(150),
  /**
   * RocksDB's stop trigger over its compaction trigger (36 L0 files over 4 = 9): once a world has
   * applied stopFactor × snapshotCount entries since its last snapshot, its job runs however busy it
   * is (RocksDB stops foreground writes until compaction catches up) — so a leader that is never
   * quiet still has a bounded log.
   */
  stopFactor: int(2, 1_000).default(9),
})
export type HypnosSettings = z.infer<typeof HypnosSettings>
