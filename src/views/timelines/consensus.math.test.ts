import { describe, expect, it } from 'vitest'
import { buildLawMarks, buildPartitionSpans, buildRoleBands, buildSnapshotBand, initialStates, buildTermBoundaries, describeBand, isolatedSide, leaderMarks, partitionLabel, type EventLike } from './consensus.math'

const myth = (t: number, node: number, type: string, data: Record<string, unknown> = {}): EventLike => ({ t, layer: 'mythOS', node, type, data })
const atm = (t: number, node: number, type: string): EventLike => ({ t, layer: 'atmOS', node, type, data: {} })
const net = (t: number, type: string, data: Record<string, unknown>): EventLike => ({ t, layer: 'pneumOS', node: null, type, data })

const strip = (bands: ReturnType<typeof buildRoleBands>) => bands.map((lane) => lane.map((b) => [b.startUs, b.endUs, b.state]))

describe('buildRoleBands', () => {
  it('draws an election and a crash exactly', () => {
    const events = [
      myth(100, 0, 'term_changed', { term: 1 }),
      myth(100, 0, 'role_changed', { term: 1, role: 'precandidate' }),
      myth(150, 0, 'role_changed', { term: 1, role: 'candidate' }),
      myth(170, 1, 'term_changed', { term: 1 }),
      myth(200, 0, 'role_changed', { term: 1, role: 'leader' }),
      atm(500, 0, 'node_crashed'),
      atm(800, 0, 'node_restarting'),
      atm(820, 0, 'node_restarted'),
      myth(900, 1, 'role_changed', { term: 2, role: 'candidate' }),
    ]
    const bands = buildRoleBands(events, { nodeCount: 3, fromUs: 0, initial: 'follower' })
    expect(strip(bands)).toEqual([
      [[0, 100, 'follower'], [100, 150, 'precandidate'], [150, 200, 'candidate'], [200, 500, 'leader'],
        [500, 800, 'crashed'], [800, 820, 'restarting'], [820, null, 'follower']],
      [[0, 900, 'follower'], [900, null, 'candidate']],
      [[0, null, 'follower']],
    ])
    expect(bands[0]![3]!.term).toBe(1)
    expect(bands[1]![1]!.term).toBe(2)
  })

  it('keeps a crashed world dark whatever mythOS says until it restarts, then a follower', () => {
    const events = [
      myth(10, 0, 'role_changed', { term: 1, role: 'leader' }),
      atm(20, 0, 'node_crashed'),
      myth(25, 0, 'role_changed', { term: 1, role: 'candidate' }),
      atm(40, 0, 'node_restarted'),
    ]
    expect(strip(buildRoleBands(events, { nodeCount: 1, fromUs: 0, initial: 'follower' }))).toEqual([
      [[0, 10, 'follower'], [10, 20, 'leader'], [20, 40, 'crashed'], [40, null, 'follower']],
    ])
  })

  it('treats mythOS node_stopped as down too, whichever of it and node_crashed comes first', () => {
    const events = [
      myth(10, 0, 'role_changed', { term: 1, role: 'leader' }),
      myth(20, 0, 'node_stopped', { term: 1, role: 'leader' }),
      atm(20, 0, 'node_crashed'),
      myth(60, 0, 'role_changed', { term: 1, role: 'follower', reason: 'restart' }),
      atm(60, 0, 'node_restarted'),
    ]
    expect(strip(buildRoleBands(events, { nodeCount: 1, fromUs: 0, initial: 'follower' }))).toEqual([
      [[0, 10, 'follower'], [10, 20, 'leader'], [20, 60, 'crashed'], [60, null, 'follower']],
    ])
  })

  it('collapses changes at one instant into the later state, without zero-length bands', () => {
    const events = [
      myth(10, 0, 'role_changed', { term: 1, role: 'precandidate' }),
      myth(10, 0, 'role_changed', { term: 1, role: 'candidate' }),
      myth(30, 0, 'role_changed', { term: 1, role: 'follower' }),
      myth(30, 0, 'role_changed', { term: 2, role: 'candidate' }),
      myth(30, 0, 'role_changed', { term: 2, role: 'follower' }),
    ]
    expect(strip(buildRoleBands(events, { nodeCount: 1, fromUs: 0, initial: 'follower' }))).toEqual([
      [[0, 10, 'follower'], [10, 30, 'candidate'], [30, null, 'follower']],
    ])
  })

  it('starts from "unknown" when retention dropped the beginning, and ignores bad input', () => {
    const events = [
      myth(5_000, 1, 'role_changed', { term: 7, role: 'leader' }),
      myth(6_000, 1, 'role_changed', { term: 7, role: 'emperor' }),
      myth(6_500, 9, 'role_changed', { term: 7, role: 'leader' }),
      { t: 7_000, layer: 'chaOS', node: null, type: 'fault_injected', data: { kind: 'crash', targets: [0] } },
    ]
    expect(strip(buildRoleBands(events, { nodeCount: 2, fromUs: 4_000, initial: 'unknown' }))).toEqual([
      [[4_000, null, 'unknown']],
      [[4_000, 5_000, 'unknown'], [5_000, null, 'leader']],
    ])
  })

  it('makes bands that tile each lane without gaps or overlaps', () => {
    const events: EventLike[] = []
    const roles = ['precandidate', 'candidate', 'leader', 'follower'] as const
    for (let i = 0; i < 200; i++) {
      const node = i % 4
      const t = 1000 + i * 37
      if (i % 23 === 0) events.push(atm(t, node, 'node_crashed'), atm(t + 5, node, 'node_restarting'), atm(t + 9, node, 'node_restarted'))
      else events.push(myth(t, node, 'role_changed', { term: 1 + (i >> 3), role: roles[i % 4] }))
    }
    events.sort((a, b) => a.t - b.t)
    for (const lane of buildRoleBands(events, { nodeCount: 4, fromUs: 0, initial: 'follower' })) {
      expect(lane[0]!.startUs).toBe(0)
      expect(lane[lane.length - 1]!.endUs).toBeNull()
      for (let i = 1; i < lane.length; i++) {
        expect(lane[i]!.startUs).toBe(lane[i - 1]!.endUs)
        expect(lane[i]!.startUs).toBeGreaterThan(lane[i - 1]!.startUs)
        expect(lane[i]!.state).not.toBe(lane[i - 1]!.state)
      }
    }
  })
})

describe('buildTermBoundaries', () => {
  it('marks the first instant of each new term, never an older one', () => {
    const events = [
      myth(100, 0, 'term_changed', { term: 1 }),
      myth(120, 1, 'term_changed', { term: 1 }),
      myth(150, 0, 'leader_elected', { term: 1 }),
      myth(400, 2, 'role_changed', { term: 2, role: 'candidate' }),
      myth(410, 2, 'term_changed', { term: 2 }),
      myth(420, 3, 'term_changed', { term: 1 }),
      myth(900, 1, 'term_changed', { term: 4 }),
    ]
    expect(buildTermBoundaries(events)).toEqual([{ term: 1, t: 100 }, { term: 2, t: 400 }, { term: 4, t: 900 }])
  })

  it('does not draw the initial term 0 that a pre-vote campaign mentions', () => {
    const events = [
      myth(50, 0, 'role_changed', { term: 0, role: 'precandidate' }),
      myth(90, 0, 'role_changed', { term: 1, role: 'candidate' }),
    ]
    expect(buildTermBoundaries(events)).toEqual([{ term: 1, t: 90 }])
  })

  it('does not draw where a truncated log comes in, only the terms after it', () => {
    const events = [myth(5_000, 2, 'term_changed', { term: 7 }), myth(6_000, 1, 'term_changed', { term: 7 }), myth(7_000, 1, 'term_changed', { term: 8 })]
    expect(buildTermBoundaries(events, null)).toEqual([{ term: 8, t: 7_000 }])
  })
})

describe('partitions and leaders', () => {
  it('pairs partition starts and heals by id; an unhealed one stays open', () => {
    const events = [
      net(100, 'partition_started', { id: 0, groups: [[2], [0, 1, 3, 4]] }),
      net(150, 'partition_started', { id: 1, groups: [[0, 1], [2, 3, 4]] }),
      net(300, 'partition_healed', { id: 0, groups: [[2], [0, 1, 3, 4]] }),
      net(350, 'partition_healed', { id: 7, groups: [] }),
    ]
    const spans = buildPartitionSpans(events)
    expect(spans.map((p) => [p.id, p.startUs, p.endUs])).toEqual([[0, 100, 300], [1, 150, null]])
    expect(isolatedSide(spans[0]!)).toEqual([2])
    expect(isolatedSide(spans[1]!)).toEqual([0, 1])
    expect(spans.map(partitionLabel)).toEqual(['partition 0', 'partition 1'])
  })

  it('reads a majorities-ring span: its order and reach, no isolated side, labelled as a ring', () => {
    const ring = { id: 4, kind: 'ring', order: [3, 0, 4, 1, 2], reach: 1 }
    const spans = buildPartitionSpans([net(100, 'partition_started', ring), net(400, 'partition_healed', ring), net(500, 'partition_started', { id: 5, kind: 'groups', groups: [[1], [0, 2, 3, 4]] })])
    expect(spans).toEqual([
      { ...ring, startUs: 100, endUs: 400 },
      { id: 5, kind: 'groups', groups: [[1], [0, 2, 3, 4]], startUs: 500, endUs: null },
    ])
    expect(isolatedSide(spans[0]!)).toEqual([])
    expect(partitionLabel(spans[0]!)).toBe('ring 4')
  })

  it('lists leader elections with their node and term', () => {
    expect(leaderMarks([myth(5, 3, 'leader_elected', { term: 2 }), myth(6, 3, 'term_changed', { term: 3 })])).toEqual([{ t: 5, node: 3, term: 2 }])
  })

  it('describes a band for a tooltip', () => {
    expect(describeBand({ node: 0, startUs: 1_200_000, endUs: 4_550_000, state: 'leader', term: 3 }, 9e6)).toBe('leader · term 3 · 1.200–4.550 s')
    expect(describeBand({ node: 0, startUs: 0, endUs: null, state: 'follower', term: null }, 2e6)).toBe('follower · 0.000–2.000 s (now)')
  })
})

describe('buildSnapshotBand', () => {
  const e = (t: number, node: number, type: string, data: Record<string, unknown> = {}) => ({ t, layer: 'x', node, type, data })
  it('spans a compaction on its world and a transfer on the receiver, with marks where snapshots were taken and installed', () => {
    const { spans, marks } = buildSnapshotBand([
      e(10, 1, 'compaction_started'),
      e(12, 1, 'compaction_done', { snapshotIndex: 100, entriesBefore: 150, entriesAfter: 50 }),
      e(20, 1, 'snapshot_started', { to: 3, index: 100 }),
      e(25, 3, 'snapshot_installed', { index: 100 }),
      e(30, 2, 'compaction_started'),
      e(31, 2, 'compaction_aborted', { reason: 'world crashed' }),
      e(40, 1, 'snapshot_started', { to: 4, index: 100 }),
      e(41, 0, 'snapshot_aborted', { to: 4 }), // another sender: not this transfer
      e(50, 0, 'compaction_started'),
      e(60, 9, 'compaction_started'), // no such lane
    ], 5)
    expect(spans).toEqual([
      { node: 1, kind: 'compacting', startUs: 10, endUs: 12, text: 'compacted: 150 → 50 entries held, snapshot at 100' },
      { node: 3, kind: 'receiving', startUs: 20, endUs: 25, text: 'snapshot at 100 from world 1 installed' },
      { node: 2, kind: 'compacting', startUs: 30, endUs: 31, text: 'compaction given up: world crashed' },
      { node: 4, kind: 'receiving', startUs: 40, endUs: null, text: 'receiving a snapshot at 100 from world 1' },
      { node: 0, kind: 'compacting', startUs: 50, endUs: null, text: 'compacting its log' },
    ])
    expect(marks).toEqual([{ t: 12, node: 1, kind: 'taken', index: 100 }, { t: 25, node: 3, kind: 'installed', index: 100 }])
  })
})

describe('initialStates (from logOS\'s compacted part)', () => {
  it('takes each world\'s latest role, crash or restart before the retained window', () => {
    const c = [
      { offset: 1, ...myth(10, 0, 'role_changed', { term: 1, role: 'leader' }) },
      { offset: 2, ...atm(11, 1, 'node_crashed') },
      { offset: 3, ...myth(12, 2, 'role_changed', { term: 1, role: 'candidate' }) },
      { offset: 4, ...atm(13, 2, 'node_restarted') },
      { offset: 5, ...myth(14, 0, 'term_changed', { term: 2 }) },
    ]
    expect(initialStates(c, 4)).toEqual(['leader', 'crashed', 'follower', 'unknown'])
    const bands = buildRoleBands([], { nodeCount: 4, fromUs: 100, initial: initialStates(c, 4) })
    expect(bands.map((l) => l[0]!.state)).toEqual(['leader', 'crashed', 'follower', 'unknown'])
  })
})

describe('buildLawMarks', () => {
  const e = (t: number, type: string, node: number | null, data: Record<string, unknown>): EventLike => ({ t, layer: 'x', type, node, data })
  it('pairs alert firing and resolved per alert and world, stretches of harmony, denials on their world', () => {
    const law = buildLawMarks([
      e(1, 'harmony_reached', null, {}),
      e(2, 'alert_firing', 3, { alert: 'A' }),
      e(3, 'alert_firing', null, { alert: 'B' }),
      e(4, 'harmony_lost', null, { reason: 'x' }),
      e(5, 'alert_resolved', 3, { alert: 'A' }),
      e(6, 'admission_denied', 2, { action: 'crash', rule: 'r' }),
      e(7, 'admission_denied', null, { action: 'partition', rule: 'r' }),
      e(8, 'harmony_reached', null, {}),
    ], 5)
    expect(law.alerts).toEqual([{ node: 3, alert: 'A', startUs: 2, endUs: 5 }, { node: null, alert: 'B', startUs: 3, endUs: null }])
    expect(law.harmony).toEqual([{ startUs: 1, endUs: 4 }, { startUs: 8, endUs: null }])
    expect(law.denials).toEqual([{ t: 6, node: 2, text: 'nomOS denied crash (rule r)' }])
  })
})
