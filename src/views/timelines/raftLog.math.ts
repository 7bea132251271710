/**
 * The Raft log view's pure part (RaftLog.tsx draws it): each shown world's log as a row of boxes,
 * one per index, aligned by index across worlds, coloured by term — Diego Ongaro's RaftScope — with
 * what each box is on that world (committed, applied, compacted into a snapshot, not held) and
 * which entries diverge (same index, another term than a committed entry's or the current leader's).
 */
import type { RaftLogView, RaftNodeView, RaftRole } from '../../layers/views'
import { TERM_COLORS } from '../cosmos/palette'

/** A term's colour (TERM_COLORS cycled from term 1; term 0 and below: slate). */
export function termColor(term: number): string {
  if (!Number.isFinite(term) || term < 1) return '#5b6470'
  return TERM_COLORS[(Math.floor(term) - 1) % TERM_COLORS.length]!
}

/** Relative luminance (sRGB, WCAG) of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16)
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255)
}

/** Ink for a label drawn on a term's box: dark on a light colour, light on a dark one. */
export const termInk = (term: number): string => (luminance(termColor(term)) > 0.3 ? '#0b0f17' : '#f5f7fa')

export type EntryKind = 'noop' | 'happening' | 'conf'
const KINDS: Readonly<Record<string, EntryKind>> = { n: 'noop', h: 'happening', c: 'conf' }

/**
 * What one index is on one world: an entry the view carries; compacted (folded into its snapshot);
 * unseen (it holds an entry there the view does not carry: older than the view's window); absent
 * (past the end of its log).
 */
export type CellState = 'entry' | 'compacted' | 'unseen' | 'absent'

export interface LogCell {
  index: number
  state: CellState
  /** The entry's term (entry), the snapshot's term at the base index (compacted there), else null. */
  term: number | null
  kind: EntryKind | null
  committed: boolean
  applied: boolean
  /** Another term than the column's reference (a committed entry's there, else the current leader's). */
  divergent: boolean
}

export interface LogRow {
  id: number
  voter: boolean
  up: boolean
  role: RaftRole | null
  /** Leads (up, role leader): two may during a partition without CheckQuorum, a deposed one in an older term. */
  leader: boolean
  /** Its current term (0 when unknown). */
  term: number
  lastIndex: number
  lastTerm: number
  commitIndex: number
  appliedIndex: number
  baseIndex: number
  /** Cells lo … hi, one per index. */
  cells: LogCell[]
}

export interface LogGrid {
  lo: number
  hi: number
  rows: LogRow[]
  /** The highest commit index over the shown worlds (the cluster's commit mark). */
  commitIndex: number
  /** Distinct terms of the entries drawn, ascending. */
  terms: number[]
  /** Entries drawn as divergent. */
  divergent: number
  /** Entries drawn. */
  entries: number
}

/** The last index a log view carries (its newest entry, or its base when it carries none). */
export const lastOf = (l: RaftLogView): number => (l.terms.length > 0 ? l.fromIndex + l.terms.length - 1 : Math.max(l.baseIndex, l.fromIndex - 1))

/** The newest index over the shown worlds (0: every log empty). */
export function newestIndex(logs: readonly RaftLogView[]): number {
  let hi = 0
  for (const l of logs) hi = Math.max(hi, lastOf(l))
  return hi
}

/**
 * Build the grid of indices lo … hi (lo >= 1; an empty grid when hi < lo). `nodes` gives each
 * world's commit and applied index, role and liveness (a world missing there is drawn with none).
 */
export function buildLogGrid(logs: readonly RaftLogView[], nodes: readonly RaftNodeView[], lo: number, hi: number): LogGrid {
  const byId = new Map<number, RaftNodeView>()
  for (const n of nodes) byId.set(n.id, n)
  const from = Math.max(1, lo)
  const width = Math.max(0, hi - from + 1)
  let clusterCommit = 0
  const rows: LogRow[] = logs.map((l) => {
    const n = byId.get(l.id)
    const last = lastOf(l)
    const commit = n?.commitIndex ?? 0
    const applied = n?.appliedIndex ?? 0
    clusterCommit = Math.max(clusterCommit, commit)
    const cells: LogCell[] = []
    for (let k = 0; k < width; k++) {
      const index = from + k
      const off = index - l.fromIndex
      let state: CellState
      let term: number | null = null
      let kind: EntryKind | null = null
      if (index > last) state = 'absent'
      else if (index <= l.baseIndex) {
        state = 'compacted'
        if (index === l.baseIndex) term = l.baseTerm
      } else if (off >= 0 && off < l.terms.length) {
        state = 'entry'
        term = l.terms[off]!
        kind = KINDS[l.kinds[off] ?? ''] ?? null
      } else state = 'unseen'
      const held = state === 'entry' || state === 'compacted' || state === 'unseen'
      cells.push({ index, state, term, kind, committed: held && index <= commit, applied: held && index <= applied, divergent: false })
    }
    return {
      id: l.id,
      voter: n?.voter ?? false,
      up: n?.up ?? true,
      role: n?.role ?? null,
      leader: n !== undefined && n.up && n.role === 'leader',
      term: n?.term ?? 0,
      lastIndex: last,
      lastTerm: l.terms.length > 0 ? l.terms[l.terms.length - 1]! : l.baseTerm,
      commitIndex: commit,
      appliedIndex: applied,
      baseIndex: l.baseIndex,
      cells,
    }
  })
  // A column's reference term: a committed entry's (never replaced: Raft's Leader Completeness),
  // else a current leader's — one whose term no up world has passed (a leader cut off from the rest
  // may still think it leads an older term: its entries are the ones that go).
  let maxTerm = 0
  for (const r of rows) if (r.up) maxTerm = Math.max(maxTerm, r.term)
  const leaderRow = rows.find((r) => r.leader && r.term >= maxTerm)
  const terms = new Set<number>()
  let divergent = 0
  let entries = 0
  for (let k = 0; k < width; k++) {
    const seen = new Set<number>()
    let reference: number | null = null
    for (const r of rows) {
      const c = r.cells[k]!
      if (c.state !== 'entry') continue
      seen.add(c.term!)
      if (c.committed && reference === null) reference = c.term
    }
    const lc = leaderRow?.cells[k]
    if (reference === null && lc?.state === 'entry') reference = lc.term
    for (const r of rows) {
      const c = r.cells[k]!
      if (c.state !== 'entry') continue
      entries++
      terms.add(c.term!)
      if (seen.size > 1 && c.term !== reference) {
        c.divergent = true
        divergent++
      }
    }
  }
  return { lo: from, hi, rows, commitIndex: clusterCommit, terms: [...terms].sort((a, b) => a - b), divergent, entries }
}

export interface LogLayout {
  /** First and last index drawn (lo > hi: nothing). */
  lo: number
  hi: number
  /** Box pitch and row pitch, CSS px; boxes are drawn 1 px smaller than the pitch. */
  boxW: number
  rowH: number
  /** Room above the rows for the index ruler and the commit mark. */
  headerH: number
  widthPx: number
  heightPx: number
}

export const LOG_BOX_MIN_PX = 16
export const LOG_BOX_MAX_PX = 34
export const LOG_ROW_MIN_PX = 14
export const LOG_ROW_MAX_PX = 26
export const LOG_HEADER_PX = 18

/**
 * Fit the newest indices (at most maxColumns, ending at hi) into a plot widthPx wide, boxes between
 * LOG_BOX_MIN_PX and LOG_BOX_MAX_PX; rows share heightBudgetPx between LOG_ROW_MIN_PX and
 * LOG_ROW_MAX_PX each (more rows than fit: the plot grows and its container scrolls).
 */
export function layoutLog(hi: number, rows: number, widthPx: number, heightBudgetPx: number, maxColumns: number): LogLayout {
  const w = Math.max(0, widthPx)
  const fit = Math.max(1, Math.floor(w / LOG_BOX_MIN_PX))
  const cols = hi < 1 ? 0 : Math.max(1, Math.min(hi, fit, Math.max(1, maxColumns)))
  const boxW = cols === 0 ? LOG_BOX_MAX_PX : Math.max(LOG_BOX_MIN_PX, Math.min(LOG_BOX_MAX_PX, Math.floor(w / cols)))
  const rowH = rows === 0 ? LOG_ROW_MAX_PX : Math.max(LOG_ROW_MIN_PX, Math.min(LOG_ROW_MAX_PX, Math.floor((heightBudgetPx - LOG_HEADER_PX) / rows)))
  return { lo: hi - cols + 1, hi, boxW, rowH, headerH: LOG_HEADER_PX, widthPx: w, heightPx: LOG_HEADER_PX + rows * rowH }
}

/** Left edge of index i's box, px. */
export const boxX = (l: LogLayout, index: number): number => (index - l.lo) * l.boxW
/** Top of row r, px. */
export const rowY = (l: LogLayout, r: number): number => l.headerH + r * l.rowH

/** The row and index under a point (plot px), or null. */
export function hitCell(l: LogLayout, rows: number, px: number, py: number): { row: number; index: number } | null {
  if (l.hi < l.lo || py < l.headerH || px < 0) return null
  const row = Math.floor((py - l.headerH) / l.rowH)
  const index = l.lo + Math.floor(px / l.boxW)
  if (row < 0 || row >= rows || index > l.hi) return null
  return { row, index }
}

/** Every index k·step in lo … hi to write on the ruler, step chosen so labels are ≥ minGapPx apart. */
export function rulerIndices(l: LogLayout, minGapPx = 28): number[] {
  if (l.hi < l.lo) return []
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]
  const step = steps.find((s) => s * l.boxW >= minGapPx) ?? 10_000
  const out: number[] = []
  for (let i = Math.ceil(l.lo / step) * step; i <= l.hi; i += step) out.push(i)
  return out
}

const KIND_TEXT: Readonly<Record<EntryKind, string>> = { noop: "a leader's no-op", happening: 'a happening', conf: 'a configuration change' }

/** The hover card's text for one box. */
export function describeCell(row: LogRow, cell: LogCell, name?: string): string {
  const who = `world ${row.id}${name ? ` (${name})` : ''}`
  const head = `${who} · index ${cell.index}`
  switch (cell.state) {
    case 'absent':
      return `${head}\nnot in its log (its log ends at ${row.lastIndex}, term ${row.lastTerm})`
    case 'unseen':
      return `${head}\nin its log, older than the entries shown`
    case 'compacted':
      return `${head}${cell.term !== null ? ` · term ${cell.term}` : ''}\ncompacted into its snapshot (log starts after ${row.baseIndex}) · committed and applied`
    case 'entry': {
      const lines = [`${head} · term ${cell.term}${cell.kind ? ` · ${KIND_TEXT[cell.kind]}` : ''}`]
      lines.push(cell.applied ? 'committed and applied on this world' : cell.committed ? 'committed on this world, not applied yet' : `not committed on this world (its commit index is ${row.commitIndex})`)
      if (cell.divergent) lines.push('diverges: another world holds another term at this index')
      if (!row.up) lines.push('this world is down')
      return lines.join('\n')
    }
  }
}

/** A row's label: id, name, and what the world is in Raft (leader, learner, down). */
export function rowBadges(row: LogRow): string[] {
  const out: string[] = []
  if (!row.up) out.push('down')
  else if (row.role === 'leader') out.push('leader')
  else if (row.role === 'candidate' || row.role === 'precandidate') out.push(row.role)
  if (!row.voter) out.push('learner')
  return out
}
