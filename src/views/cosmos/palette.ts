/**
 * The cosmos palette: one place for the colours of Raft roles, world statuses and packet kinds,
 * as CSS hex strings, so the timelines and panels can share them with the 3D view. The stylesheets
 * read them as CSS custom properties (--role-*, --status-*, --space) set once by applyPalette().
 */
import type { RaftRole, WorldStatus } from '../../layers/views'

/** Raft role of a world that is up. */
export const ROLE_COLORS: Readonly<Record<RaftRole, string>> = {
  follower: '#2ec4b6',
  precandidate: '#f4a259',
  candidate: '#ff9f1c',
  leader: '#ffd23f',
}

/**
 * World lifecycle status. A world that is `up` is drawn in its Raft role's colour; `up` here is
 * the colour of a world whose role is not known yet.
 */
export const STATUS_COLORS: Readonly<Record<WorldStatus, string>> = {
  up: '#7fb3d5',
  crashed: '#3b4048',
  restarting: '#3f5f8f',
  draining: '#8e7cc3',
  quarantined: '#e63946',
  decommissioned: '#23262c',
}

/** Packet kinds as mythOS names them (PacketView.kind). */
export const PACKET_COLORS: Readonly<Record<string, string>> = {
  prevote: '#ffc15e',
  vote: '#ff9f1c',
  append: '#4cc9f0',
  heartbeat: '#56e0e0',
  reply: '#e8eef5',
  forward: '#b388ff',
  timeoutnow: '#ff5d8f',
  // oneirOS: a snapshot's chunks (drawn larger: a heavier stream) and their acknowledgements.
  snapshot: '#7dff8a',
  'snapshot-ack': '#3f9e4a',
}

/** How much larger than a Raft RPC a packet of this kind is drawn (1 when not listed). */
export const PACKET_SCALES: Readonly<Record<string, number>> = { snapshot: 2.6 }

/** A packet of a kind not listed above. */
export const PACKET_FALLBACK_COLOR = '#9aa5b1'

/** Rifts (active partitions). */
export const RIFT_COLOR = '#ff3b47'

/** The leader's halo and the selection ring. */
export const HALO_COLOR = '#ffe08a'
export const SELECTION_COLOR = '#ffffff'

/** chronOS: a clock stepped by its discipline, a clock jumped by chaOS. karmOS: a corrupted ledger. */
export const STEP_COLOR = '#ffb347'
export const JUMP_COLOR = '#ff5fd2'
export const CORRUPT_COLOR = '#ff3b47'
/** hypnOS: a world compacting its log (the timeline's snapshot band has the same violet). */
export const COMPACT_COLOR = '#c39bff'

/** Deep space. */
export const SPACE_COLOR = '#04060d'

/**
 * Publish the palette to CSS as custom properties on the document root: --role-<role>,
 * --status-<status> and --space. Called once at start-up, before the first render, so the
 * stylesheets never hard-code a colour of their own for a role or a status.
 */
export function applyPalette(root: HTMLElement = document.documentElement): void {
  for (const [role, color] of Object.entries(ROLE_COLORS)) root.style.setProperty(`--role-${role}`, color)
  for (const [status, color] of Object.entries(STATUS_COLORS)) root.style.setProperty(`--status-${status}`, color)
  root.style.setProperty('--space', SPACE_COLOR)
}

/** nomOS: a world an action was denied on (a shield flashes). anomOS: a world with an alert firing. */
export const LAW_COLOR = '#8ec5ff'
export const ALERT_COLOR = '#ffcc33'
/** harmoniOS: the calm glow of harmony, and the ring of a canary world running a new version. */
export const HARMONY_COLOR = '#5ef2c2'
export const CANARY_COLOR = '#f5d76e'
/** The glow itself: the same teal, dimmed. */
export const HARMONY_GLOW = '#2c8a70'

/** pandemoniOS: the pandemonium zone quarantined worlds are pulled into, and a suspected world's ring. */
export const PANDEMONIUM_COLOR = '#ff2e3f'
/** theOS: the replicas (pods) orbiting their worlds, one colour per service (cycled), and a pod not ready yet. */
export const MOON_COLORS: readonly string[] = ['#f7f7f2', '#9ad1ff', '#ffb3de', '#c7f59b', '#ffd59a', '#c9b6ff']
export const MOON_STARTING = '#5b6470'

/**
 * Raft terms (the log view's entry boxes, RaftScope's idea): one colour per term, cycled, so that
 * consecutive terms always differ. Term t (>= 1) is TERM_COLORS[(t − 1) mod length].
 */
export const TERM_COLORS: readonly string[] = ['#4cc9f0', '#f4a259', '#8bd17c', '#ff6b9a', '#b388ff', '#ffd23f', '#56e0e0', '#ff8a5c', '#c0ca33', '#90caf9']
/** mythOS: a follower's or candidate's election timer, as an arc around its world that empties as the timeout nears. */
export const ELECTION_ARC_COLOR = '#8fb8ff'
export const ELECTION_ARC_URGENT = '#ff9f1c'

/** A comparison of two branches: the first run (a) and the second (b), in every diff view. */
export const DIFF_COLORS = { a: '#4cc9f0', b: '#ff9f1c', divergence: '#ff3b47' } as const
