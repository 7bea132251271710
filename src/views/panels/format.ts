/** How numbers read in the UI. Pure, no React. */
import { US_PER_S } from '../../kernel/time'
import type { RaftNodeView } from '../../layers/views'

/**
 * Sim time in µs → "12.340 s": the one sim-time formatter of the views (the status bar's
 * data-testid="sim-time" reads this way). Milliseconds by default; `decimals` for finer or coarser.
 * (The kernel's formatSimTime, for logs and checkers, drops decimals as the time grows.)
 */
export const formatSimTime = (us: number, decimals = 3): string => `${(us / US_PER_S).toFixed(decimals)} s`

/** A span of sim time, µs → "1.200–4.550 s". */
export const formatSimTimeRange = (fromUs: number, toUs: number, decimals = 3): string =>
  `${(fromUs / US_PER_S).toFixed(decimals)}–${formatSimTime(toUs, decimals)}`

/** Decimals that suit a visible span of `spanUs`: µs when zoomed into a few ms, else ms. */
export const decimalsForSpan = (spanUs: number): number => (spanUs < 10_000 ? 6 : spanUs < US_PER_S ? 4 : 3)

/** A requested speed: 0.1× … 1000×, or "max". */
export function formatSpeed(speed: number): string {
  if (!Number.isFinite(speed)) return 'max'
  if (speed < 1) return `${speed.toFixed(2)}×`
  if (speed < 10) return `${speed.toFixed(1)}×`
  return `${Math.round(speed)}×`
}

/** Achieved speed: "× 4.2 real time". */
export function formatAchieved(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return '× 0 real time'
  const digits = x < 10 ? 1 : 0
  return `× ${x < 0.1 ? x.toFixed(2) : x.toFixed(digits)} real time`
}

/** 1234 → "1234", 12345 → "12.3k", 1234567 → "1.23M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—'
  const a = Math.abs(n)
  if (a < 10_000) return Math.round(n).toString()
  if (a < 1_000_000) return `${(n / 1_000).toFixed(1)}k`
  return `${(n / 1_000_000).toFixed(2)}M`
}

export const formatRate = (perSec: number): string => `${perSec > 0 && perSec < 10 ? perSec.toFixed(1) : formatCount(perSec)}/s`

/** Sim µs as a short time ("1.250 s"), or "—" for null. */
export const formatUs = (us: number | null | undefined): string => (us === null || us === undefined ? '—' : formatSimTime(us))

/** "entries 151–212 (62)": what the log still holds after compactions. */
export const logHeld = (n: Pick<RaftNodeView, 'firstIndex' | 'lastIndex'>): string =>
  n.lastIndex < n.firstIndex ? `empty (from ${n.firstIndex})` : `entries ${n.firstIndex}–${n.lastIndex} (${n.lastIndex - n.firstIndex + 1})`

/** "92–114": the indices a log holds, short (for tables). */
export const logRange = (n: Pick<RaftNodeView, 'firstIndex' | 'lastIndex'>): string => (n.lastIndex < n.firstIndex ? '—' : `${n.firstIndex}–${n.lastIndex}`)

/** "200", "200 (writing)", "— (installing)": a node's last snapshot, short (for tables). */
export function snapshotShort(n: Pick<RaftNodeView, 'snapshotIndex' | 'compacting' | 'installing'>): string {
  const base = n.snapshotIndex === 0 ? '—' : String(n.snapshotIndex)
  return n.installing ? `${base} (installing)` : n.compacting ? `${base} (writing)` : base
}

/** "index 200 · compacting" */
export function snapshotLine(n: Pick<RaftNodeView, 'snapshotIndex' | 'compacting' | 'installing'>): string {
  const base = n.snapshotIndex === 0 ? 'none' : `index ${n.snapshotIndex}`
  return n.installing ? `${base} · installing one from the leader` : n.compacting ? `${base} · compacting` : base
}
