/**
 * Consensus math: from logOS events to what the mythOS timeline draws — role bands per world,
 * term boundaries, partition spans, commit marks. Pure, unit-tested (consensus.math.test.ts).
 *
 * Sources: mythOS `role_changed` {term, role}, `term_changed` {term}, `leader_elected` {term};
 * atmOS `node_crashed` / `node_restarting` / `node_restarted` (the actual lifecycle, applied at
 * the instant chaOS announced) and mythOS `node_stopped` (its Raft node going down with it); pneumOS `partition_started` / `partition_healed`
 * {id, kind: 'groups', groups} or {id, kind: 'ring', order, reach} (a majorities-ring; no `kind`: groups).
 * Events must come sorted by t (ties in log order).
 */
import type { PartitionView, RaftRole } from '../../layers/views'
import { formatSimTimeRange } from '../panels/format'

/** What a world is doing during a band: its Raft role while up, else its lifecycle status. */
export type BandState = RaftRole | 'crashed' | 'restarting' | 'unknown'

export interface Band {
  readonly node: number
  readonly startUs: number
  /** null: still open (drawn up to the clock). */
  readonly endUs: number | null
  readonly state: BandState
  /** The node's term when the band began, if known. */
  readonly term: number | null
}

export interface TermBoundary {
  readonly term: number
  /** The first instant any world was in this term. */
  readonly t: number
}

/** A partition (either kind, as the network logged it) from its start to its heal (null: still active). */
export type PartitionSpan = PartitionView & {
  readonly startUs: number
  readonly endUs: number | null
}

/** The part of a logged event these functions read. */
export interface EventLike {
  readonly t: number
  readonly layer: string
  readonly node: number | null
  readonly type: string
  readonly data: { readonly [key: string]: unknown }
}

/** Event types the consensus timeline needs besides commits. */
export const CONSENSUS_STATE_TYPES: ReadonlySet<string> = new Set([
  'role_changed', 'term_changed', 'leader_elected',
  'node_crashed', 'node_restarting', 'node_restarted', 'node_stopped',
  'partition_started', 'partition_healed',
  // the snapshot band: hypnOS's compactions, oneirOS's transfers, mythOS's installs
  'compaction_started', 'compaction_done', 'compaction_aborted',
  'snapshot_started', 'snapshot_sent', 'snapshot_aborted', 'snapshot_installed',
  // the law, the watcher and harmony: nomOS's denials, anomOS's alerts, harmoniOS's harmony
  'admission_denied', 'alert_firing', 'alert_resolved', 'harmony_reached', 'harmony_lost',
])

const ROLES: ReadonlySet<string> = new Set<RaftRole>(['follower', 'precandidate', 'candidate', 'leader'])

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null)

export interface BandOptions {
  /** Lanes: world ids 0 … nodeCount − 1 (events for other ids are ignored). */
  nodeCount: number
  /** Where the bands begin (0 for a complete log; the first retained event's t otherwise). */
  fromUs: number
  /**
   * The state at fromUs: 'follower' when the log is complete (every Raft node starts as a
   * follower), 'unknown' when retention dropped the beginning — or, per world, what logOS's
   * compacted part says it was (initialStates).
   */
  initial: BandState | readonly BandState[]
}

/**
 * Each world's state where the retained log begins, from logOS's compacted part (the last event
 * of each (layer, type, world) among those retention moved out, in offset order): the latest of
 * its role change, crash, restart and Raft stop decides; 'unknown' when none was kept.
 */
export function initialStates(compacted: Iterable<EventLike & { readonly offset: number }>, nodeCount: number): BandState[] {
  const out: BandState[] = new Array<BandState>(nodeCount).fill('unknown')
  const at: number[] = new Array<number>(nodeCount).fill(-1)
  for (const e of compacted) {
    const n = e.node
    if (n === null || n < 0 || n >= nodeCount || e.offset < at[n]!) continue
    let state: BandState | null = null
    if (e.type === 'role_changed' && typeof e.data['role'] === 'string' && ROLES.has(e.data['role'])) state = e.data['role'] as RaftRole
    else if (e.type === 'node_crashed' || e.type === 'node_stopped') state = 'crashed'
    else if (e.type === 'node_restarting') state = 'restarting'
    else if (e.type === 'node_restarted') state = 'follower'
    if (state === null) continue
    out[n] = state
    at[n] = e.offset
  }
  return out
}

/**
 * Role bands per world: contiguous [start, end) intervals from fromUs on, the last one open.
 * A crash overrides the role (crashed, then restarting) until the world is up again, when it is
 * a follower (Raft's volatile state is lost) until mythOS says otherwise. Zero-length bands (two
 * changes at one instant) collapse into the later state; equal neighbours merge.
 */
export function buildRoleBands(events: Iterable<EventLike>, o: BandOptions): Band[][] {
  const out: Band[][] = []
  const role: BandState[] = []
  const life: ('up' | 'crashed' | 'restarting')[] = []
  const term: (number | null)[] = []
  for (let n = 0; n < o.nodeCount; n++) {
    const initial = typeof o.initial === 'string' ? o.initial : (o.initial[n] ?? 'unknown')
    out.push([{ node: n, startUs: o.fromUs, endUs: null, state: initial, term: null }])
    role.push(initial === 'crashed' || initial === 'restarting' ? 'unknown' : initial)
    life.push(initial === 'crashed' ? 'crashed' : initial === 'restarting' ? 'restarting' : 'up')
    term.push(null)
  }

  const shown = (n: number): BandState => (life[n] === 'up' ? role[n]! : life[n]!)

  const transition = (n: number, t: number) => {
    const bands = out[n]!
    const state = shown(n)
    const open = bands[bands.length - 1]!
    if (open.state === state) return
    if (t <= open.startUs) {
      // Zero-length: the open band is replaced by the new state (and merges with its predecessor).
      bands.pop()
      const prev = bands[bands.length - 1]
      if (prev && prev.state === state) bands[bands.length - 1] = { ...prev, endUs: null }
      else bands.push({ node: n, startUs: open.startUs, endUs: null, state, term: term[n] ?? null })
      return
    }
    bands[bands.length - 1] = { ...open, endUs: t }
    bands.push({ node: n, startUs: t, endUs: null, state, term: term[n] ?? null })
  }

  for (const e of events) {
    const n = e.node
    if (n === null || n < 0 || n >= o.nodeCount || e.t < o.fromUs) continue
    switch (e.type) {
      case 'role_changed': {
        const r = e.data['role']
        if (typeof r !== 'string' || !ROLES.has(r)) continue
        term[n] = num(e.data['term']) ?? term[n] ?? null
        role[n] = r as RaftRole
        break
      }
      case 'term_changed':
        term[n] = num(e.data['term']) ?? term[n] ?? null
        continue
      case 'node_crashed': // atmOS: the host died
      case 'node_stopped': // mythOS: its Raft node stopped with it (same instant)
        life[n] = 'crashed'
        break
      case 'node_restarting':
        life[n] = 'restarting'
        break
      case 'node_restarted':
        life[n] = 'up'
        role[n] = 'follower'
        break
      default:
        continue
    }
    transition(n, e.t)
  }
  return out
}

/**
 * Term boundaries: the first instant each new, higher term appears in any world's
 * term_changed / role_changed / leader_elected. Terms only grow, so a stale mention of an older
 * term (a world catching up) draws nothing. `initialTerm` is the term at the start of the events
 * (0 for a complete log: a pre-vote campaign mentions term 0 without starting it); null when
 * retention dropped the beginning, so the first term seen is where we came in, not a boundary.
 */
export function buildTermBoundaries(events: Iterable<EventLike>, initialTerm: number | null = 0): TermBoundary[] {
  const out: TermBoundary[] = []
  let highest = initialTerm
  for (const e of events) {
    if (e.type !== 'term_changed' && e.type !== 'role_changed' && e.type !== 'leader_elected') continue
    const term = num(e.data['term'])
    if (term === null) continue
    if (highest === null) {
      highest = term
      continue
    }
    if (term <= highest) continue
    highest = term
    out.push({ term, t: e.t })
  }
  return out
}

function groupsOf(x: unknown): number[][] {
  if (!Array.isArray(x)) return []
  return x.filter(Array.isArray).map((g: unknown[]) => g.filter((n): n is number => typeof n === 'number'))
}

const idsOf = (x: unknown): number[] => (Array.isArray(x) ? x.filter((n): n is number => typeof n === 'number') : [])

/** The partition an event describes, read leniently (the view draws what it can). */
function partitionOf(id: number, d: EventLike['data']): PartitionView {
  const reach = num(d['reach'])
  if (d['kind'] === 'ring' && reach !== null) return { id, kind: 'ring', order: idsOf(d['order']), reach }
  return { id, kind: 'groups', groups: groupsOf(d['groups']) }
}

/** Partitions as spans: started → healed by id; one not yet healed stays open. */
export function buildPartitionSpans(events: Iterable<EventLike>): PartitionSpan[] {
  const out: PartitionSpan[] = []
  const open = new Map<number, number>()
  for (const e of events) {
    if (e.type !== 'partition_started' && e.type !== 'partition_healed') continue
    const id = num(e.data['id'])
    if (id === null) continue
    if (e.type === 'partition_started') {
      open.set(id, out.length)
      out.push({ ...partitionOf(id, e.data), startUs: e.t, endUs: null })
    } else {
      const i = open.get(id)
      if (i === undefined) continue
      out[i] = { ...out[i]!, endUs: e.t }
      open.delete(id)
    }
  }
  return out
}

/**
 * The worlds a partition cuts off: its smallest group (chaOS puts the isolated side first). None
 * for a majorities-ring: every world still sees a majority, only some links are cut.
 */
export function isolatedSide(p: PartitionSpan): readonly number[] {
  let best: readonly number[] = []
  if (p.kind === 'ring') return best
  for (const g of p.groups) if (best.length === 0 || g.length < best.length) best = g
  return best
}

/** The label of a partition span: "partition 3", or "ring 3" for a majorities-ring. */
export const partitionLabel = (p: PartitionSpan): string => `${p.kind === 'ring' ? 'ring' : 'partition'} ${p.id}`

/** Leader elections as {t, node, term}. */
export function leaderMarks(events: Iterable<EventLike>): { t: number; node: number; term: number | null }[] {
  const out: { t: number; node: number; term: number | null }[] = []
  for (const e of events) if (e.type === 'leader_elected' && e.node !== null) out.push({ t: e.t, node: e.node, term: num(e.data['term']) })
  return out
}

/** Label of a band for a tooltip: "leader · term 3 · 1.200–4.550 s". */
export function describeBand(b: Band, nowUs: number): string {
  const end = b.endUs ?? nowUs
  const span = `${formatSimTimeRange(b.startUs, end)}${b.endUs === null ? ' (now)' : ''}`
  return [b.state, b.term !== null ? `term ${b.term}` : null, span].filter(Boolean).join(' · ')
}

/**
 * The snapshot band of a world's lane: while it compacts its log (hypnOS: compaction_started →
 * done or aborted) and while a snapshot is on its way to it (oneirOS: snapshot_started by the
 * leader → its snapshot_installed, or the leader's snapshot_aborted). `text` says what came of it.
 */
export interface SnapshotSpan {
  readonly node: number
  readonly kind: 'compacting' | 'receiving'
  readonly startUs: number
  /** null: still going on. */
  readonly endUs: number | null
  readonly text: string
}

/** A snapshot taken (compaction done) or installed, at an instant on a world's lane. */
export interface SnapshotMark {
  readonly t: number
  readonly node: number
  readonly kind: 'taken' | 'installed'
  readonly index: number
}

export function buildSnapshotBand(events: Iterable<EventLike>, nodeCount: number): { spans: SnapshotSpan[]; marks: SnapshotMark[] } {
  const spans: SnapshotSpan[] = []
  const marks: SnapshotMark[] = []
  const compacting = new Map<number, { startUs: number }>()
  const receiving = new Map<number, { startUs: number; from: number; index: number | null }>()
  const close = (open: Map<number, { startUs: number }>, n: number, kind: SnapshotSpan['kind'], t: number, text: string) => {
    const o = open.get(n)
    if (!o) return
    open.delete(n)
    spans.push({ node: n, kind, startUs: o.startUs, endUs: t, text })
  }
  for (const e of events) {
    const n = e.node
    if (n === null || n < 0 || n >= nodeCount) continue
    const d = e.data
    switch (e.type) {
      case 'compaction_started':
        compacting.set(n, { startUs: e.t })
        break
      case 'compaction_done': {
        const x = num(d['snapshotIndex']) ?? 0
        close(compacting, n, 'compacting', e.t, `compacted: ${num(d['entriesBefore']) ?? '?'} → ${num(d['entriesAfter']) ?? '?'} entries held, snapshot at ${x}`)
        marks.push({ t: e.t, node: n, kind: 'taken', index: x })
        break
      }
      case 'compaction_aborted':
        close(compacting, n, 'compacting', e.t, `compaction given up: ${typeof d['reason'] === 'string' ? d['reason'] : ''}`)
        break
      case 'snapshot_started': {
        const to = num(d['to'])
        if (to !== null && to >= 0 && to < nodeCount) receiving.set(to, { startUs: e.t, from: n, index: num(d['index']) })
        break
      }
      case 'snapshot_aborted': {
        const to = num(d['to'])
        if (to !== null && receiving.get(to)?.from === n) close(receiving, to, 'receiving', e.t, `snapshot from world ${n} given up: ${typeof d['reason'] === 'string' ? d['reason'] : ''}`)
        break
      }
      case 'snapshot_installed': {
        const x = num(d['index']) ?? 0
        const r = receiving.get(n)
        if (r) close(receiving, n, 'receiving', e.t, `snapshot at ${x} from world ${r.from} installed`)
        marks.push({ t: e.t, node: n, kind: 'installed', index: x })
        break
      }
    }
  }
  for (const [n, o] of compacting) spans.push({ node: n, kind: 'compacting', startUs: o.startUs, endUs: null, text: 'compacting its log' })
  for (const [n, o] of receiving) spans.push({ node: n, kind: 'receiving', startUs: o.startUs, endUs: null, text: `receiving a snapshot${o.index !== null ? ` at ${o.index}` : ''} from world ${o.from}` })
  spans.sort((a, b) => a.startUs - b.startUs)
  return { spans, marks }
}

/** An alert firing (anomOS): on a world's lane, or (node null) across the cluster. */
export interface AlertSpan {
  readonly node: number | null
  readonly alert: string
  readonly startUs: number
  readonly endUs: number | null
}

/** A denial (nomOS): the world an action was refused on, and by which rule. */
export interface DenialMark {
  readonly t: number
  readonly node: number
  readonly text: string
}

/**
 * The marks of the law, the watcher and harmony on the consensus lanes: alert spans (firing →
 * resolved, per alert and world), stretches of harmony (reached → lost), denials (in time order).
 */
export function buildLawMarks(events: Iterable<EventLike>, nodeCount: number): { alerts: AlertSpan[]; harmony: { startUs: number; endUs: number | null }[]; denials: DenialMark[] } {
  const alerts: AlertSpan[] = []
  const open = new Map<string, number>()
  const harmony: { startUs: number; endUs: number | null }[] = []
  const denials: DenialMark[] = []
  for (const e of events) {
    const d = e.data
    switch (e.type) {
      case 'alert_firing':
      case 'alert_resolved': {
        const node = e.node !== null && e.node >= 0 && e.node < nodeCount ? e.node : null
        const alert = typeof d['alert'] === 'string' ? d['alert'] : '?'
        const key = `${alert}/${node ?? 'c'}`
        if (e.type === 'alert_firing') {
          if (!open.has(key)) open.set(key, alerts.length)
          if (open.get(key) === alerts.length) alerts.push({ node, alert, startUs: e.t, endUs: null })
        } else {
          const i = open.get(key)
          if (i !== undefined) alerts[i] = { ...alerts[i]!, endUs: e.t }
          open.delete(key)
        }
        break
      }
      case 'harmony_reached':
        if (harmony.length === 0 || harmony[harmony.length - 1]!.endUs !== null) harmony.push({ startUs: e.t, endUs: null })
        break
      case 'harmony_lost': {
        const last = harmony[harmony.length - 1]
        if (last && last.endUs === null) harmony[harmony.length - 1] = { ...last, endUs: e.t }
        break
      }
      case 'admission_denied':
        if (e.node !== null && e.node >= 0 && e.node < nodeCount) denials.push({ t: e.t, node: e.node, text: `nomOS denied ${typeof d['action'] === 'string' ? d['action'] : 'an action'} (rule ${typeof d['rule'] === 'string' ? d['rule'] : '?'})` })
        break
    }
  }
  return { alerts, harmony, denials }
}
