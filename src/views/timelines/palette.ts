/**
 * Timeline colours. Roles, statuses and rifts come from the cosmos palette so the 3D view and the
 * timelines agree; the rest (event-type colours, ink) are the timelines' own.
 */
import { COMPACT_COLOR, HALO_COLOR, PACKET_COLORS, RIFT_COLOR, ROLE_COLORS, STATUS_COLORS } from '../cosmos/palette'
import type { BandState } from './consensus.math'
import { hashIndex } from './timeline.math'

export { HALO_COLOR, RIFT_COLOR }

/** `#rrggbb` with an alpha, as `rgba(r,g,b,a)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`
}

/** Band fill per state: Raft roles in their colours; a down world dark slate (with a red top edge). */
export const BAND_COLORS: Readonly<Record<BandState, string>> = {
  ...ROLE_COLORS,
  crashed: STATUS_COLORS.crashed,
  restarting: STATUS_COLORS.restarting,
  unknown: '#1d222b',
}

/** The snapshot band: a world compacting its log (hypnOS), a snapshot on its way to it (oneirOS, the 3D stream's green). */
export const SNAPSHOT_COLORS = { compacting: COMPACT_COLOR, receiving: PACKET_COLORS['snapshot']! } as const

/** Categorical colours for event types (Tableau-like, bright enough on the dark background). */
export const TYPE_PALETTE: readonly string[] = [
  '#4cc9f0', '#f4a259', '#8bd17c', '#ff6b6b', '#b388ff', '#ffd23f',
  '#56e0e0', '#ff8fab', '#c0ca33', '#90caf9', '#ffab40', '#e0e0e0',
]

/** A type's colour: fixed per name (a hash), so it never changes as other types appear. */
export const typeColorIndex = (type: string): number => hashIndex(type, TYPE_PALETTE.length)
export const typeColor = (type: string): string => TYPE_PALETTE[typeColorIndex(type)]!

export const INK = {
  laneEven: '#121826',
  laneOdd: '#0f1420',
  grid: 'rgba(255,255,255,0.06)',
  now: '#4cc9f0',
  /** Where a seek is going: dashed, lighter than the cursor. */
  seekGoal: 'rgba(255,255,255,0.75)',
  term: 'rgba(255,255,255,0.42)',
  termLabel: '#cdd6e4',
  commit: '#e8eef5',
  selection: 'rgba(76,201,240,0.14)',
  selectionEdge: 'rgba(76,201,240,0.7)',
  dropped: 'rgba(255,255,255,0.04)',
  droppedText: '#6b7588',
  partitionAll: withAlpha(RIFT_COLOR, 0.07),
  partitionIsolated: withAlpha(RIFT_COLOR, 0.28),
  partitionSwatch: withAlpha(RIFT_COLOR, 0.45),
} as const

/** anomOS's alerts, harmoniOS's harmony, nomOS's denials (the 3D marks' colours). */
export { ALERT_COLOR, HARMONY_COLOR, LAW_COLOR } from '../cosmos/palette'
