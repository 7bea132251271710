import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent, MetricSample } from '../kernel/types'
import { DEFAULT_RUN, ScenarioSchema } from '../scenario/schema'
import { GENESIS_CHAIN, chainNext } from '../layers/mythOS/digest'
import { quietHoursChecker, replayEquivalenceChecker, snapshotInstallChecker } from './snapshots'
import { RaftChecker } from './raft'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ seed: 9, run: [...DEFAULT_RUN], layers: { hypnOS: { loadThreshold: 100 } } })
let offset = 0
const ev = (t: number, layer: LayerName, node: number, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const sample = (t: number, received: number[], backlog = 0): MetricSample => ({ t: simUs(t), layer: 'mythOS', values: { received, appliedIndex: received.map(() => backlog), snapshotIndex: received.map(() => 0) } })

type Item = LoggedEvent | MetricSample
function run(c: Checker, items: Item[]) {
  for (const x of items) if ('values' in x) c.onMetrics!(x); else c.onEvent(x)
  c.finish?.(simUs(1e9))
  return c.violations()
}

/** The chain of n entries of term 1 whose digests are d1, d2, … */
const chains = (n: number): string[] => {
  const out = [GENESIS_CHAIN]
  for (let i = 1; i <= n; i++) out.push(chainNext(out[i - 1]!, 1, `d${i}`))
  return out
}
const C = chains(10)
const applied = (t: number, node: number, i: number) => ev(t, 'mythOS', node, 'entry_applied', { index: i, term: 1, digest: `d${i}`, chain: C[i]!, appliedInTerm: 1, kind: 'happening', id: `x.${i}` })

describe('quiet-hours checker (hypnOS)', () => {
  const started = (t: number, node: number, load: number, forced = false) => ev(t, 'hypnOS', node, 'compaction_started', { job: 1, appliedIndex: 10, snapshotIndex: 0, entries: 10, load, threshold: 100, forced })

  it('accepts a job started when the load over the last interval was below the threshold', () => {
    // World 0: 50 messages in the last second.
    expect(run(quietHoursChecker(scenario), [sample(1e6, [0]), sample(2e6, [50]), started(2e6, 0, 50)])).toEqual([])
  })

  it('finds a job started while the world was busy', () => {
    const v = run(quietHoursChecker(scenario), [sample(1e6, [0]), sample(2e6, [150]), started(2e6, 0, 10)])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/load 150\.0 msg\/s, at or above the threshold 100/)
    expect(v[0]!.seed).toBe(9)
  })

  it('accepts a busy world\'s job forced by its backlog (RocksDB\'s stop trigger), not one forced too early', () => {
    const stop = scenario.layers.hypnOS.stopFactor * scenario.layers.hypnOS.snapshotCount
    expect(run(quietHoursChecker(scenario), [sample(1e6, [0], stop), sample(2e6, [150], stop), started(2e6, 0, 150, true)])).toEqual([])
    expect(run(quietHoursChecker(scenario), [sample(1e6, [0], stop - 1), sample(2e6, [150], stop - 1), started(2e6, 0, 150, true)])[0]!.message).toMatch(/forced only from/)
    expect(run(quietHoursChecker(scenario), [sample(1e6, [0]), sample(2e6, [50]), started(2e6, 0, 50, true)])[0]!.message).toMatch(/says forced: true, but its load 50\.0 was below/)
  })

  it('finds a job that misreports its load, and one started before any load was measured', () => {
    expect(run(quietHoursChecker(scenario), [sample(1e6, [0]), sample(2e6, [50]), started(2e6, 0, 20)])[0]!.message).toMatch(/reports load 20, but its load over the last interval was 50/)
    expect(run(quietHoursChecker(scenario), [sample(1e6, [0]), started(1e6, 0, 0)])[0]!.message).toMatch(/before its load was measured/)
  })
})

describe('replay-equivalence checker (hypnOS)', () => {
  const done = (t: number, node: number, x: number, chain: string) => ev(t, 'hypnOS', node, 'compaction_done', { job: 1, snapshotIndex: x, chain, entriesBefore: x, entriesAfter: 1, bytesBefore: 100, bytesAfter: 10, tookUs: 300 })

  it('accepts a snapshot holding the chain its world applied at its index', () => {
    expect(run(replayEquivalenceChecker(scenario), [applied(1, 2, 1), applied(2, 2, 2), applied(3, 2, 3), done(4, 2, 3, C[3]!)])).toEqual([])
  })

  it('finds a snapshot whose state differs from the full log\'s, and one of an index never applied', () => {
    const v = run(replayEquivalenceChecker(scenario), [applied(1, 2, 1), applied(2, 2, 2), done(4, 2, 2, C[1]!), done(5, 2, 3, C[3]!)])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/world 2's snapshot at index 2 holds chain .* but the full log it applied gives/),
      expect.stringMatching(/took a snapshot at index 3, which it had not applied/),
    ])
  })
})

describe('snapshot-install checker (oneirOS)', () => {
  const done = (t: number, node: number, x: number, chain: string) => ev(t, 'hypnOS', node, 'compaction_done', { job: 1, snapshotIndex: x, chain, entriesBefore: x, entriesAfter: 1, bytesBefore: 100, bytesAfter: 10, tookUs: 300 })
  const installed = (t: number, node: number, x: number, chain: string) => ev(t, 'mythOS', node, 'snapshot_installed', { index: x, term: 1, chain, bytes: 100, from: 0 })

  it('accepts an install of a snapshot a world took', () => {
    expect(run(snapshotInstallChecker(scenario), [done(1, 0, 5, C[5]!), installed(2, 3, 5, C[5]!)])).toEqual([])
  })

  it('finds an install of a state nobody had, and of a snapshot that was never taken', () => {
    const v = run(snapshotInstallChecker(scenario), [done(1, 0, 5, C[5]!), installed(2, 3, 5, C[4]!), installed(3, 4, 7, C[7]!)])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/world 3 installed state .* at index 5, but the snapshot taken there holds/),
      expect.stringMatching(/world 4 installed a snapshot at index 7 that no world took/),
    ])
  })
})

describe('raft checker with snapshots', () => {
  const installed = (t: number, node: number, x: number, chain: string) => ev(t, 'mythOS', node, 'snapshot_installed', { index: x, term: 1, chain, bytes: 100, from: 0 })
  const raft = () => new RaftChecker(9, null, 5)

  it('lets a world jump to a snapshot of what was applied, then apply on from it', () => {
    const h = [applied(1, 0, 1), applied(2, 0, 2), applied(3, 0, 3), applied(4, 0, 4), applied(5, 1, 1), installed(6, 1, 3, C[3]!), applied(7, 1, 4)]
    expect(run(raft(), h)).toEqual([])
  })

  it('finds a snapshot with another state, one that goes back, and one past what anyone applied', () => {
    const v = run(raft(), [applied(1, 0, 1), applied(2, 0, 2), applied(3, 0, 3), installed(4, 1, 2, C[1]!), installed(5, 2, 3, C[3]!), installed(6, 2, 2, C[2]!), installed(7, 3, 9, C[9]!)])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/node 1 installed a snapshot at index 2 with chain .* but the applied chain there is/),
      expect.stringMatching(/node 2 installed a snapshot at index 2, not past its applied index 3/),
      expect.stringMatching(/node 3 installed a snapshot at index 9, which no node applied/),
    ])
  })

  it('checks a leader whose log starts after a compaction at its base\'s chain', () => {
    const leader = (t: number, chainIndex: number, chain: string) => ev(t, 'mythOS', 0, 'leader_elected', { term: 2, lastIndex: 5, lastTerm: 1, lastChain: C[5]!, committedIndex: 4, chainIndex, committedChain: chain, votes: 3, voters: 5, grantedBy: [0, 1, 2], transfer: false })
    const h = [applied(1, 0, 1), applied(2, 0, 2), applied(3, 0, 3), applied(4, 0, 4)]
    expect(run(raft(), [...h, leader(5, 4, C[4]!)])).toEqual([])
    expect(run(raft(), [...h, leader(5, 4, C[2]!)])[0]!.message).toMatch(/lacks committed entries: its chain at index 4/)
    expect(run(raft(), [...h, leader(5, 2, C[2]!)])[0]!.message).toMatch(/chain at index 2, which does not cover the committed index 4/)
  })
})
