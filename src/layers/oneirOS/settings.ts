import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * oneirOS settings: how a snapshot travels (etcd's rafthttp snapshot sender streams it over its own
 * connection; here it goes in chunks with a sliding window and cumulative acknowledgements, so a
 * lossy network costs resends, not the whole transfer).
 */
export const OneirosSettings = z.strictObject({
  /** Bytes per chunk. */
  chunkBytes: int(256, 4_194_304).default(8_192),
  /** Chunks sent ahead of the last acknowledgement. */
  windowChunks: int(1, 256).default(8),
  /**
   * The retransmission timeout's floor, ms. The timeout itself is TCP's (RFC 6298): SRTT + 4·RTTVAR
   * from the acknowledgements' round trips (Karn: none measured on a resent chunk), 1 s before the
   * first, doubled at each timeout up to 60 s. 200: Linux's TCP_RTO_MIN.
   */
  minRtoMs: int(1, 60_000).default(200),
  /** Timeouts in a row without progress before the transfer is given up (the leader sends a new one later). */
  maxRetries: int(1, 1_000).default(8),
})
export type OneirosSettings = z.infer<typeof OneirosSettings>
