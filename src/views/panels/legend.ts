/**
 * What the cosmos draws, as data for its legend (Legend.tsx): every mark of the 3D view with the
 * colour it is drawn in — taken from the cosmos palette, the views' single colour source, so the
 * legend cannot drift from the picture (legend.test.ts also fails when a 3D component imports a
 * palette colour that no entry shows) — and the layers it needs, so that a run lists only the marks
 * it can draw. Pure: no React, no DOM.
 */
import { activeLayers, type Scenario } from '../../scenario/schema'
import {
  ALERT_COLOR,
  CANARY_COLOR,
  COMPACT_COLOR,
  CORRUPT_COLOR,
  ELECTION_ARC_COLOR,
  ELECTION_ARC_URGENT,
  HALO_COLOR,
  HARMONY_GLOW,
  JUMP_COLOR,
  LAW_COLOR,
  MOON_COLORS,
  MOON_STARTING,
  PACKET_COLORS,
  PACKET_FALLBACK_COLOR,
  PANDEMONIUM_COLOR,
  RIFT_COLOR,
  ROLE_COLORS,
  SELECTION_COLOR,
  STATUS_COLORS,
  STEP_COLOR,
} from '../cosmos/palette'

/** How a mark looks, drawn small in the legend (Legend.tsx has one SVG per shape). */
export type LegendShape =
  | 'sphere'
  | 'small-sphere'
  | 'dim-sphere'
  | 'halo'
  | 'ring'
  | 'dashed-ring'
  | 'dotted-ring'
  | 'widening-ring'
  | 'arc'
  | 'cut-link'
  | 'wall'
  | 'particle'
  | 'big-particle'
  | 'glyph'
  | 'glow'
  | 'zone'
  | 'moons'

export interface LegendEntry {
  readonly id: string
  readonly label: string
  /** What it means, in a sentence (the entry's tooltip). */
  readonly hint: string
  /** Its colour(s): one, or several for a mark coloured per item (moons per service). */
  readonly colors: readonly string[]
  readonly shape: LegendShape
  /** Layers that must all run for the mark to be drawn (the network counts as a layer). */
  readonly needs: readonly string[]
  /** A further condition on the scenario (learners exist only beyond the voters). */
  readonly when?: (s: Scenario) => boolean
}

export interface LegendSection {
  readonly id: 'worlds' | 'marks' | 'partitions' | 'messages'
  readonly title: string
  readonly entries: readonly LegendEntry[]
}

/** Which layer sends each kind of packet (PacketView.kind): its particles need that layer. */
export const PACKET_LAYERS: Readonly<Record<string, string>> = {
  prevote: 'mythOS',
  vote: 'mythOS',
  append: 'mythOS',
  heartbeat: 'mythOS',
  reply: 'mythOS',
  forward: 'mythOS',
  timeoutnow: 'mythOS',
  snapshot: 'oneirOS',
  'snapshot-ack': 'oneirOS',
}

const PACKET_LABELS: Readonly<Record<string, [string, string]>> = {
  prevote: ['pre-vote', 'PreVote request: would you vote for me? (the term is not raised yet)'],
  vote: ['vote request', 'RequestVote: a candidate asks for a vote in its new term'],
  append: ['append entries', 'AppendEntries carrying log entries from the leader'],
  heartbeat: ['heartbeat', 'an empty AppendEntries: the leader is alive'],
  reply: ['reply', 'an answer to any Raft request (vote granted or not, entries stored or not)'],
  forward: ['forwarded proposal', 'a follower forwards a client proposal to the leader'],
  timeoutnow: ['timeout now', 'TimeoutNow: the leader hands leadership to a chosen follower'],
  snapshot: ['snapshot chunk', 'oneirOS: a chunk of a snapshot streamed to a world that is far behind (drawn larger)'],
  'snapshot-ack': ['snapshot ack', 'oneirOS: a chunk acknowledged'],
}

const votersMax = (s: Scenario): number => s.layers.mythOS.votersMax

export const LEGEND: readonly LegendSection[] = [
  {
    id: 'worlds',
    title: 'Worlds',
    entries: [
      { id: 'leader', label: 'leader', hint: 'Raft leader: it replicates the log and sends heartbeats', colors: [ROLE_COLORS.leader], shape: 'sphere', needs: ['mythOS'] },
      { id: 'halo', label: 'leader’s halo', hint: 'the pulsing halo marks every world that believes it leads (two during a split brain)', colors: [HALO_COLOR], shape: 'halo', needs: ['mythOS'] },
      { id: 'follower', label: 'follower', hint: 'Raft follower: it obeys the leader of its term', colors: [ROLE_COLORS.follower], shape: 'sphere', needs: ['mythOS'] },
      { id: 'precandidate', label: 'pre-candidate', hint: 'its election timer fired: it asks whether it could win before raising the term (PreVote)', colors: [ROLE_COLORS.precandidate], shape: 'sphere', needs: ['mythOS'], when: (s) => s.layers.mythOS.preVote },
      { id: 'candidate', label: 'candidate', hint: 'it raised the term and asks every voter for its vote', colors: [ROLE_COLORS.candidate], shape: 'sphere', needs: ['mythOS'] },
      { id: 'learner', label: 'learner (smaller)', hint: 'a non-voting member: it receives the log but neither votes nor campaigns', colors: [ROLE_COLORS.follower], shape: 'small-sphere', needs: ['mythOS'], when: (s) => s.nodes.count > votersMax(s) },
      { id: 'up', label: 'up', hint: 'a world that is up (no Raft role to show)', colors: [STATUS_COLORS.up], shape: 'sphere', needs: ['atmOS'], when: (s) => !s.run.includes('mythOS') },
      { id: 'crashed', label: 'crashed', hint: 'down (drawn smaller and dark): it neither sends nor receives', colors: [STATUS_COLORS.crashed], shape: 'dim-sphere', needs: ['atmOS'] },
      { id: 'restarting', label: 'restarting', hint: 'coming back up after a crash', colors: [STATUS_COLORS.restarting], shape: 'dim-sphere', needs: ['atmOS'] },
      { id: 'draining', label: 'draining', hint: 'takes no new work while it hands off what it has', colors: [STATUS_COLORS.draining], shape: 'sphere', needs: ['atmOS'] },
      { id: 'quarantined', label: 'quarantined', hint: 'fenced off: pulled into the pandemonium zone, it may neither lead nor vote', colors: [STATUS_COLORS.quarantined], shape: 'sphere', needs: ['atmOS'] },
      { id: 'decommissioned', label: 'decommissioned', hint: 'removed from the cluster for good', colors: [STATUS_COLORS.decommissioned], shape: 'sphere', needs: ['atmOS'] },
      { id: 'selected', label: 'selected', hint: 'the world whose inspector is open (click a world, or [ and ])', colors: [SELECTION_COLOR], shape: 'ring', needs: ['atmOS'] },
    ],
  },
  {
    id: 'marks',
    title: 'Around a world',
    entries: [
      { id: 'election-arc', label: 'election timer', hint: 'the part of its election timeout still ahead: it empties, turns amber in the last quarter and refills when the leader is heard', colors: [ELECTION_ARC_COLOR, ELECTION_ARC_URGENT], shape: 'arc', needs: ['mythOS'] },
      { id: 'clock-step', label: 'clock stepped', hint: 'chronOS: the NTP discipline stepped this world’s clock (a widening ring)', colors: [STEP_COLOR], shape: 'widening-ring', needs: ['chronOS'] },
      { id: 'clock-jump', label: 'clock jumped', hint: 'chaOS jumped this world’s hardware clock (a widening ring)', colors: [JUMP_COLOR], shape: 'widening-ring', needs: ['chronOS', 'chaOS'] },
      { id: 'corrupt', label: 'corrupted ledger', hint: 'karmOS: entries corrupted on its disk, not yet repaired by anti-entropy', colors: [CORRUPT_COLOR], shape: 'dashed-ring', needs: ['karmOS'] },
      { id: 'compacting', label: 'compacting', hint: 'hypnOS: writing a snapshot of its log (a widening ring when done)', colors: [COMPACT_COLOR], shape: 'dotted-ring', needs: ['hypnOS'] },
      { id: 'denied', label: 'action denied', hint: 'nomOS: an action on this world was just denied by a rule (a shield)', colors: [LAW_COLOR], shape: 'dashed-ring', needs: ['nomOS'] },
      { id: 'alert', label: 'alert firing', hint: 'anomOS: an alert fires on this world (small ones over every world: a cluster alert)', colors: [ALERT_COLOR], shape: 'glyph', needs: ['anomOS'] },
      { id: 'harmony', label: 'harmony', hint: 'harmoniOS: a calm glow around all the worlds while the universe is in harmony', colors: [HARMONY_GLOW], shape: 'glow', needs: ['harmoniOS'] },
      { id: 'canary', label: 'canary', hint: 'harmoniOS: runs the new version of a rollout in progress', colors: [CANARY_COLOR], shape: 'ring', needs: ['harmoniOS'] },
      { id: 'suspect', label: 'suspected', hint: 'pandemoniOS: at least half its observers suspect it (phi), or it is convicted', colors: [PANDEMONIUM_COLOR], shape: 'ring', needs: ['pandemoniOS'] },
      { id: 'zone', label: 'quarantine zone', hint: 'the pandemonium zone: where quarantined (fenced) worlds are pulled, beside the cluster', colors: [PANDEMONIUM_COLOR], shape: 'zone', needs: ['atmOS'] },
      { id: 'moons', label: 'pods (moons)', hint: 'theOS: each replica of a service orbits the world it runs on, one colour per service; grey while starting', colors: [...MOON_COLORS, MOON_STARTING], shape: 'moons', needs: ['theOS'] },
    ],
  },
  {
    id: 'partitions',
    title: 'Partitions',
    entries: [
      { id: 'cut-link', label: 'cut link', hint: 'a link the partition cuts: nothing passes between these two worlds', colors: [RIFT_COLOR], shape: 'cut-link', needs: ['pneumOS', 'chaOS'] },
      { id: 'rift', label: 'rift', hint: 'a wall between the sides of a partition', colors: [RIFT_COLOR], shape: 'wall', needs: ['pneumOS', 'chaOS'] },
      { id: 'isolated', label: 'cut off', hint: 'a world cut off from the majority (a turning dashed ring)', colors: [RIFT_COLOR], shape: 'dashed-ring', needs: ['pneumOS', 'chaOS'] },
    ],
  },
  {
    id: 'messages',
    title: 'Messages in flight',
    entries: [
      ...Object.entries(PACKET_COLORS).map(([kind, color]): LegendEntry => {
        const [label, hint] = PACKET_LABELS[kind] ?? [kind, `a ${kind} message`]
        return { id: `packet-${kind}`, label, hint, colors: [color], shape: kind === 'snapshot' ? 'big-particle' : 'particle', needs: [PACKET_LAYERS[kind] ?? 'mythOS'] }
      }),
      { id: 'packet-anti-entropy', label: 'anti-entropy', hint: 'karmOS: worlds comparing and repairing their ledgers', colors: [PACKET_FALLBACK_COLOR], shape: 'particle', needs: ['karmOS'] },
    ],
  },
]

/** The legend of a scenario: only the marks whose layers run in it (empty sections left out). */
export function legendFor(s: Scenario): LegendSection[] {
  const running = new Set(activeLayers(s))
  return LEGEND.map((sec) => ({ ...sec, entries: sec.entries.filter((e) => e.needs.every((l) => running.has(l)) && (e.when?.(s) ?? true)) })).filter((sec) => sec.entries.length > 0)
}
