/**
 * The disk of a world (DESIGN §3.2 "Each world has a disk"): how long a durable write takes — the
 * append plus fsync/fdatasync that a Raft node must finish before it answers (etcd: the WAL write
 * of a Ready) — and whether it fails. Pure functions of a seeded stream and the settings, so any
 * layer that persists (mythOS now, karmOS's ledgers later) draws the same latencies everywhere.
 *
 * Latency of one write (µs, an integer >= 1):
 *   d = fsyncUs + fsyncJitterUs · (z² − 1) / √1.9,  z ~ N(0,1) by Irwin–Hall (Rng.normal)
 * (z² − 1) has mean 0 and, for the Irwin–Hall z (E z⁴ = 2.9), variance 1.9: so fsyncUs is the
 * mean and fsyncJitterUs the standard deviation, and the shape is right-skewed like measured
 * fsync latencies — a floor near fsyncUs − 0.73 σ (a device cannot be much faster than its
 * typical flush), the median at fsyncUs − 0.38 σ, a tail to fsyncUs + 25 σ (z is bounded to ±6).
 * With probability slowFsyncRate the write is slowFsyncMultiplier times longer (an SSD's garbage
 * collection or a filesystem journal commit stuck behind other I/O). Below 1 µs it is clamped to
 * 1 µs (only when fsyncJitterUs > 1.38 · fsyncUs, which then biases the mean up slightly).
 * Mean of d: fsyncUs · (1 + slowFsyncRate · (slowFsyncMultiplier − 1)) (about 204 µs by default).
 * Only + − × ÷, Math.sqrt/round/max and the Rng's exact draws: identical in every JS engine.
 *
 * Reference figures (orders of magnitude, for choosing settings):
 * - Datacenter NVMe SSD with power-loss protection (e.g. Samsung PM9A3, Solidigm D7-P5520): the
 *   write cache is protected, so a flush is nearly free; a 4 KiB QD1 write is ~15–30 µs and an
 *   fdatasync of an appended file through ext4/xfs ~50–300 µs. Default: 200 µs ± 100 µs.
 * - Consumer SSD without power-loss protection: the flush empties the volatile cache, ~1–10 ms.
 * - Cloud block storage (e.g. AWS EBS gp3): ~0.5–2 ms per synced write.
 * - 7200 rpm disk: a rotation is 8.3 ms and an average seek ~8.5 ms, so an fsync costs ~10–20 ms;
 *   etcd's hardware guide counts ~50 sequential IOPS for such a disk (= 20 ms per write).
 * - etcd's own alerting: wal_fsync_duration_seconds p99 should stay below 10 ms; above it,
 *   heartbeats are late and elections start (etcd docs, "Tuning" and "Hardware recommendations").
 * - An fsync that fails (EIO) is fatal: etcd (like PostgreSQL since "fsyncgate", 2018) cannot
 *   trust its page cache afterwards and stops; writeFailRate is that fault.
 */
import { z } from 'zod'
import type { Rng } from '../../kernel/rng'
import { int, num } from '../../scenario/base'

export const DiskSettingsSchema = z.strictObject({
  /** Mean latency of one durable write (append + fsync), µs. 200: datacenter NVMe with PLP; 20 000: a 7200 rpm disk. */
  fsyncUs: int(1, 100_000).default(200),
  /** Standard deviation of the right-skewed jitter around it, µs. */
  fsyncJitterUs: int(0, 100_000).default(100),
  /** Probability (0..1) that a write falls into the slow tail. */
  slowFsyncRate: num(0, 1).default(0.001),
  /** How many times longer a slow write takes. */
  slowFsyncMultiplier: num(1, 1_000).default(20),
  /** Probability (0..1) that a write fails (EIO on fsync); the writer must stop, as etcd does. */
  writeFailRate: num(0, 1).default(0),
  /**
   * Sequential write throughput, MB/s (= bytes per µs): what a large write (a snapshot) adds to
   * its latency. 400: a datacenter NVMe under mixed load; 150: a 7200 rpm disk; 125: EBS gp3's baseline.
   */
  writeMBps: int(1, 100_000).default(400),
})

export type DiskSettings = z.infer<typeof DiskSettingsSchema>

/** √(Var(z² − 1)) for the Irwin–Hall z of Rng.normal(): E z⁴ = 3 − 1.2/12 = 2.9, so Var = 1.9. */
const SKEW_SD = Math.sqrt(1.9)

/** The latency of one durable write, µs (an integer >= 1). Draws 12 words, plus one for the slow tail when 0 < slowFsyncRate < 1. */
export function fsyncDelayUs(rng: Rng, settings: Readonly<DiskSettings>): number {
  const z = rng.normal()
  let d = settings.fsyncUs + (settings.fsyncJitterUs * (z * z - 1)) / SKEW_SD
  if (rng.chance(settings.slowFsyncRate)) d *= settings.slowFsyncMultiplier
  return Math.max(1, Math.round(d))
}

/**
 * One write to a disk: writes to one disk are sequential, so it starts at max(now, busyUntil) and
 * is done (durable, or failed) fsyncDelayUs later, plus `bytes` at the disk's throughput for a
 * large write (a Raft append's few hundred bytes are lost in the fsync; a snapshot's are not).
 * `ok` false: the fsync reported an error at doneUs.
 */
export function diskWrite(rng: Rng, settings: Readonly<DiskSettings>, nowUs: number, busyUntilUs: number, bytes = 0): { doneUs: number; ok: boolean } {
  const startUs = Math.max(nowUs, busyUntilUs)
  const doneUs = startUs + fsyncDelayUs(rng, settings) + (bytes > 0 ? Math.ceil(bytes / settings.writeMBps) : 0)
  const ok = !rng.chance(settings.writeFailRate)
  return { doneUs, ok }
}
