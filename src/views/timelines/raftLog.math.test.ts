import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { RaftLogView, RaftNodeView } from '../../layers/views'
import { TERM_COLORS } from '../cosmos/palette'
import {
  LOG_BOX_MAX_PX, LOG_BOX_MIN_PX, LOG_HEADER_PX, LOG_ROW_MAX_PX, LOG_ROW_MIN_PX,
  boxX, buildLogGrid, describeCell, hitCell, lastOf, layoutLog, luminance, newestIndex, rowBadges, rowY, rulerIndices, termColor, termInk,
} from './raftLog.math'

const node = (id: number, o: Partial<RaftNodeView> = {}): RaftNodeView => ({
  id, voter: true, up: true, role: 'follower', term: 1, votedFor: null, leader: null, lastIndex: 0, commitIndex: 0, appliedIndex: 0,
  snapshotIndex: 0, firstIndex: 1, compacting: false, installing: false, snapshotTo: [], software: null,
  durableIndex: 0, pendingWrite: false, diskWaitUs: 0, heldMessages: 0, fsyncs: 0, diskWaitUsTotal: 0, electionDeadlineUs: null, electionTimeoutUs: 0, ...o,
})
const log = (id: number, fromIndex: number, terms: number[], o: Partial<RaftLogView> = {}): RaftLogView => ({
  id, baseIndex: 0, baseTerm: 0, fromIndex, terms, kinds: terms.map(() => 'h').join(''), ...o,
})

describe('term colours', () => {
  it('gives consecutive terms different colours from the one palette, cycling', () => {
    for (let t = 1; t < 50; t++) {
      expect(TERM_COLORS).toContain(termColor(t))
      expect(termColor(t)).not.toBe(termColor(t + 1))
      expect(termColor(t)).toBe(termColor(t + TERM_COLORS.length))
    }
    expect(termColor(0)).not.toBe(termColor(1))
    expect(termColor(Number.NaN)).toBe(termColor(0))
  })

  it('writes labels in the ink that contrasts with the box', () => {
    expect(luminance('#000000')).toBe(0)
    expect(luminance('#ffffff')).toBeCloseTo(1)
    for (let t = 0; t < TERM_COLORS.length + 1; t++) {
      const bg = luminance(termColor(t))
      const ink = luminance(termInk(t))
      const ratio = (Math.max(bg, ink) + 0.05) / (Math.min(bg, ink) + 0.05)
      expect(ratio, `term ${t}`).toBeGreaterThanOrEqual(3)
    }
  })
})

describe('buildLogGrid', () => {
  it('aligns worlds by index, with committed, applied, compacted, unseen and absent cells', () => {
    const logs = [
      log(0, 5, [1, 1, 2, 2, 2, 3]), // 5..10, leader
      log(1, 7, [2, 2, 2], { baseIndex: 6, baseTerm: 1 }), // compacted to 6, holds 7..9
      log(2, 4, [1], { baseIndex: 0 }), // 4 only: 1..3 unseen
    ]
    const nodes = [node(0, { role: 'leader', commitIndex: 9, appliedIndex: 8 }), node(1, { commitIndex: 8, appliedIndex: 8 }), node(2, { commitIndex: 2, appliedIndex: 2, voter: false })]
    const g = buildLogGrid(logs, nodes, 3, newestIndex(logs))
    expect(g.lo).toBe(3)
    expect(g.hi).toBe(10)
    expect(g.commitIndex).toBe(9)
    expect(g.terms).toEqual([1, 2, 3])
    const r0 = g.rows[0]!
    expect(r0.leader).toBe(true)
    expect(r0.cells.map((c) => c.state)).toEqual(['unseen', 'unseen', 'entry', 'entry', 'entry', 'entry', 'entry', 'entry'])
    expect(r0.cells.find((c) => c.index === 9)).toMatchObject({ term: 2, committed: true, applied: false })
    expect(r0.cells.find((c) => c.index === 10)).toMatchObject({ term: 3, committed: false, applied: false })
    const r1 = g.rows[1]!
    expect(r1.cells.map((c) => c.state)).toEqual(['compacted', 'compacted', 'compacted', 'compacted', 'entry', 'entry', 'entry', 'absent'])
    expect(r1.cells.find((c) => c.index === 6)).toMatchObject({ term: 1, committed: true, applied: true })
    expect(r1.lastIndex).toBe(9)
    expect(r1.lastTerm).toBe(2)
    const r2 = g.rows[2]!
    expect(r2.cells[0]).toMatchObject({ index: 3, state: 'unseen', committed: false })
    expect(r2.cells[1]).toMatchObject({ index: 4, state: 'entry', term: 1 })
    expect(rowBadges(r2)).toEqual(['learner'])
    expect(g.divergent).toBe(0)
    expect(g.entries).toBe(6 + 3 + 1)
  })

  it('marks the entries whose term differs from the leader’s at the same index, not the leader’s', () => {
    // World 0 led term 2 and appended 4..5 alone; world 1 now leads term 3 with 4..6.
    const logs = [log(0, 1, [1, 1, 1, 2, 2]), log(1, 1, [1, 1, 1, 3, 3, 3]), log(2, 1, [1, 1, 1, 3])]
    const nodes = [node(0, { up: false, commitIndex: 3 }), node(1, { role: 'leader', commitIndex: 4 }), node(2, { commitIndex: 4 })]
    const g = buildLogGrid(logs, nodes, 1, 6)
    const div = g.rows.flatMap((r) => r.cells.filter((c) => c.divergent).map((c) => `${r.id}@${c.index}`))
    expect(div).toEqual(['0@4', '0@5'])
    expect(g.divergent).toBe(2)
    expect(rowBadges(g.rows[0]!)).toEqual(['down'])
    expect(describeCell(g.rows[0]!, g.rows[0]!.cells[3]!)).toContain('diverges')
    expect(describeCell(g.rows[0]!, g.rows[0]!.cells[3]!)).toContain('down')
  })

  it('with two leaders (one cut off, still leading its old term), the newer term’s leader is the reference', () => {
    const logs = [log(0, 1, [1, 1, 1, 1]), log(1, 1, [1, 1, 2, 2]), log(2, 1, [1, 1, 2])]
    const nodes = [node(0, { role: 'leader', term: 1, commitIndex: 2 }), node(1, { role: 'leader', term: 2, commitIndex: 3 }), node(2, { term: 2, commitIndex: 3 })]
    const g = buildLogGrid(logs, nodes, 1, 4)
    expect(g.rows.flatMap((r) => r.cells.filter((c) => c.divergent).map((c) => `${r.id}@${c.index}`))).toEqual(['0@3', '0@4'])
    expect(g.rows.filter((r) => r.leader).map((r) => r.id)).toEqual([0, 1])
  })

  it('a deposed leader that still thinks it leads (an older term, cut off) is no reference: the committed entries are', () => {
    // World 0 leads term 1 alone; the others moved to term 2, committed 3..4, and their leader is down.
    const logs = [log(0, 1, [1, 1, 1, 1, 1]), log(1, 1, [1, 1, 2, 2, 2]), log(2, 1, [1, 1, 2, 2, 2]), log(3, 1, [1, 1, 2, 2])]
    const nodes = [
      node(0, { role: 'leader', term: 1, commitIndex: 2 }),
      node(1, { up: false, term: 2, commitIndex: 4 }),
      node(2, { term: 2, commitIndex: 4 }),
      node(3, { term: 2, commitIndex: 4 }),
    ]
    const g = buildLogGrid(logs, nodes, 1, 5)
    // Index 5: world 0's 1 against 2 on worlds 1 and 2, none committed, no current leader: all of them conflict.
    expect(g.rows.flatMap((r) => r.cells.filter((c) => c.divergent).map((c) => `${r.id}@${c.index}`))).toEqual(['0@3', '0@4', '0@5', '1@5', '2@5'])
  })

  it('without a leader, a committed entry is the reference; with none, every conflicting entry diverges', () => {
    const a = buildLogGrid([log(0, 1, [1, 2]), log(1, 1, [1, 3])], [node(0, { commitIndex: 2 }), node(1, { commitIndex: 1 })], 1, 2)
    expect(a.rows.map((r) => r.cells[1]!.divergent)).toEqual([false, true])
    const b = buildLogGrid([log(0, 1, [1, 2]), log(1, 1, [1, 3])], [node(0, { commitIndex: 1 }), node(1, { commitIndex: 1 })], 1, 2)
    expect(b.rows.map((r) => r.cells[1]!.divergent)).toEqual([true, true])
  })

  it('property: every carried entry lands in its column with its own term; nothing is invented', () => {
    const arb = fc.array(fc.record({ from: fc.integer({ min: 1, max: 40 }), terms: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 30 }) }), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 80 }), (spec, lo) => {
        const logs = spec.map((s, id) => log(id, s.from, s.terms, { baseIndex: s.from - 1, baseTerm: 1 }))
        const hi = newestIndex(logs)
        const g = buildLogGrid(logs, logs.map((l) => node(l.id)), lo, hi)
        for (const [r, l] of g.rows.entries()) {
          expect(l.cells).toHaveLength(Math.max(0, hi - Math.max(1, lo) + 1))
          for (const c of l.cells) {
            const off = c.index - logs[r]!.fromIndex
            if (c.state === 'entry') expect(c.term).toBe(logs[r]!.terms[off])
            else expect(off >= 0 && off < logs[r]!.terms.length).toBe(false)
            if (c.index > lastOf(logs[r]!)) expect(c.state).toBe('absent')
          }
        }
      }),
      { seed: 13, verbose: true },
    )
  })
})

describe('layoutLog', () => {
  it('fits the newest indices, at most maxColumns, with boxes between the bounds', () => {
    const l = layoutLog(100, 5, 1000, 200, 40)
    expect(l.hi).toBe(100)
    expect(l.lo).toBe(61)
    expect(l.boxW).toBe(25)
    expect(l.rowH).toBe(Math.floor((200 - LOG_HEADER_PX) / 5) > LOG_ROW_MAX_PX ? LOG_ROW_MAX_PX : Math.floor((200 - LOG_HEADER_PX) / 5))
    expect(boxX(l, 61)).toBe(0)
    expect(boxX(l, 100) + l.boxW).toBeLessThanOrEqual(1000)
    expect(rowY(l, 2)).toBe(LOG_HEADER_PX + 2 * l.rowH)
    expect(l.heightPx).toBe(LOG_HEADER_PX + 5 * l.rowH)
  })

  it('a narrow plot shows fewer indices; a short log, wide boxes; an empty log, none', () => {
    const narrow = layoutLog(100, 5, 200, 200, 40)
    expect(narrow.hi - narrow.lo + 1).toBe(Math.floor(200 / LOG_BOX_MIN_PX))
    const short = layoutLog(3, 5, 1000, 200, 40)
    expect(short.lo).toBe(1)
    expect(short.boxW).toBe(LOG_BOX_MAX_PX)
    const none = layoutLog(0, 5, 1000, 200, 40)
    expect(none.hi).toBeLessThan(none.lo)
    expect(hitCell(none, 5, 10, 30)).toBeNull()
    expect(rulerIndices(none)).toEqual([])
  })

  it('many rows: at least the minimum row height (the container scrolls)', () => {
    const l = layoutLog(10, 16, 1000, 120, 40)
    expect(l.rowH).toBe(LOG_ROW_MIN_PX)
    expect(l.heightPx).toBe(LOG_HEADER_PX + 16 * LOG_ROW_MIN_PX)
  })

  it('property: a hit lands on the box drawn there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 40, max: 2000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (hi, rows, w, fx, fy) => {
        const l = layoutLog(hi, rows, w, 300, 40)
        expect(l.boxW).toBeGreaterThanOrEqual(LOG_BOX_MIN_PX)
        expect(l.boxW).toBeLessThanOrEqual(LOG_BOX_MAX_PX)
        expect(l.rowH).toBeGreaterThanOrEqual(LOG_ROW_MIN_PX)
        expect((l.hi - l.lo + 1) * l.boxW).toBeLessThanOrEqual(Math.max(w, LOG_BOX_MIN_PX))
        const px = (fx / 10_000) * (l.hi - l.lo + 1) * l.boxW
        const py = LOG_HEADER_PX + (fy / 10_000) * rows * l.rowH
        const hit = hitCell(l, rows, px, py)
        if (hit === null) return
        expect(boxX(l, hit.index)).toBeLessThanOrEqual(px)
        expect(boxX(l, hit.index) + l.boxW).toBeGreaterThan(px)
        expect(rowY(l, hit.row)).toBeLessThanOrEqual(py)
        expect(rowY(l, hit.row) + l.rowH).toBeGreaterThan(py)
      }),
      { seed: 13, verbose: true },
    )
  })

  it('ruler labels stay apart and on round indices', () => {
    const l = layoutLog(1234, 5, 800, 200, 40)
    const r = rulerIndices(l)
    expect(r.length).toBeGreaterThan(0)
    for (let k = 1; k < r.length; k++) expect((r[k]! - r[k - 1]!) * l.boxW).toBeGreaterThanOrEqual(28)
    for (const i of r) expect(i).toBeGreaterThanOrEqual(l.lo)
  })
})
