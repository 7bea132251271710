/**
 * Property: under any schedule of crashes, restarts, partitions and leadership transfers, on a
 * lossy, duplicating, reordering network with short election timeouts (high churn), the Raft
 * checkers find nothing, and once everything heals the cluster elects and makes progress.
 * fast-check prints the seed and the shrunk schedule of any failure; MYTHOS_RUNS=n runs more.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MythosHarness } from './__tests__/harness'
import { livenessBoundUs } from '../../checkers/liveness'
import { ScenarioSchema } from '../../scenario/schema'

const MS = 1_000
const FAULTS_END_MS = 12_000
const HEAL_MS = 13_000
const MAX_NODES = 7

type Op =
  | { kind: 'crash'; atMs: number; node: number; downMs: number }
  | { kind: 'partition'; atMs: number; labels: number[]; durMs: number }
  | { kind: 'transfer'; atMs: number; to: number | null }
  | { kind: 'crashLeader'; atMs: number; downMs: number }
  | { kind: 'isolateLeader'; atMs: number; durMs: number; withOne: boolean }

const atMs = fc.integer({ min: 200, max: FAULTS_END_MS })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), atMs, node: fc.nat(MAX_NODES - 1), downMs: fc.integer({ min: 20, max: 4_000 }) }),
  fc.record({
    kind: fc.constant('partition' as const),
    atMs,
    labels: fc.array(fc.nat(2), { minLength: MAX_NODES, maxLength: MAX_NODES }),
    durMs: fc.integer({ min: 20, max: 5_000 }),
  }),
  fc.record({ kind: fc.constant('transfer' as const), atMs, to: fc.option(fc.nat(MAX_NODES - 1), { nil: null }) }),
  fc.record({ kind: fc.constant('crashLeader' as const), atMs, downMs: fc.integer({ min: 20, max: 4_000 }) }),
  fc.record({ kind: fc.constant('isolateLeader' as const), atMs, durMs: fc.integer({ min: 20, max: 5_000 }), withOne: fc.boolean() }),
)

const runArb = fc.record({
  seed: fc.nat(0xffff_ffff),
  nodes: fc.constantFrom(3, 4, 5, 7),
  preVote: fc.boolean(),
  checkQuorum: fc.boolean(),
  maxEntriesPerAppend: fc.constantFrom(1, 3, 64),
  /** 2000: every world a voter; fewer: the other worlds learners. */
  votersMax: fc.constantFrom(1, 3, 5, 2_000),
  entropy: fc.constantFrom(0.3, 1),
  ops: fc.array(opArb, { minLength: 4, maxLength: 30 }),
})

type Run = typeof runArb extends fc.Arbitrary<infer T> ? T : never

function scenarioOf(r: Run) {
  return ScenarioSchema.parse({
    seed: r.seed,
    nodes: { count: r.nodes, layout: 'ring', spreadKm: 1_500 },
    layers: { mythOS: { electionTimeoutMsMin: 150, electionTimeoutMsMax: 300, heartbeatMs: 30, preVote: r.preVote, checkQuorum: r.checkQuorum, maxEntriesPerAppend: r.maxEntriesPerAppend, votersMax: r.votersMax }, chaOS: { entropy: r.entropy } },
  })
}

/**
 * Play the run by hand, in time order: faults as chaOS would announce them (those aimed at "the
 * leader" look it up when they happen), a steady workload, and a final heal of everything.
 */
function play(r: Run): MythosHarness {
  const sc = scenarioOf(r)
  const h = new MythosHarness(sc)
  const n = r.nodes
  for (let t = 300; t < HEAL_MS + 4_000; t += 100) h.propose(t * MS, (t / 100) % n, `h${t}`)
  const downUntilMs = new Array<number>(n).fill(-1)
  const crash = (atMs: number, node: number, downMs: number) => {
    if (downUntilMs[node]! >= atMs) return // already down then
    const back = Math.min(atMs + downMs, HEAL_MS)
    downUntilMs[node] = back
    h.crash(atMs * MS, node)
    h.restart(back * MS, node)
  }
  const partition = (atMs: number, groups: number[][], durMs: number) => {
    const id = h.partition(atMs * MS, groups)
    h.heal(Math.min(atMs + durMs, HEAL_MS) * MS, id)
  }
  for (const op of [...r.ops].sort((a, b) => a.atMs - b.atMs)) {
    h.runUntil(op.atMs * MS)
    const leader = h.leader()
    switch (op.kind) {
      case 'crash':
        crash(op.atMs, op.node % n, op.downMs)
        break
      case 'crashLeader':
        if (leader !== null) crash(op.atMs, leader, op.downMs)
        break
      case 'partition':
        partition(op.atMs, [0, 1].map((g) => op.labels.slice(0, n).flatMap((l, i) => (l === g ? [i] : []))), op.durMs)
        break
      case 'isolateLeader':
        if (leader !== null) partition(op.atMs, [op.withOne ? [leader, (leader + 1) % n] : [leader]], op.durMs)
        break
      case 'transfer':
        h.transfer(op.atMs * MS, op.to === null ? null : op.to % n)
        break
    }
  }
  h.runUntil(HEAL_MS * MS + livenessBoundUs(sc) + 500 * MS)
  return h
}

describe('mythOS under random faults (property)', () => {
  const numRuns = Number(process.env['MYTHOS_RUNS'] ?? 100)
  it('never violates Raft safety, and recovers after the final heal', { timeout: Math.max(60_000, numRuns * 300) }, () => {
    let elections = 0
    fc.assert(
      fc.property(runArb, (r) => {
        const h = play(r)
        const violations = h.finish()
        elections += h.leaders().length
        expect(violations, `scenario seed ${r.seed}: ${JSON.stringify(violations.slice(0, 3))}`).toEqual([])
      }),
      { numRuns },
    )
    console.log(`${numRuns} random runs, ${elections} leaders elected in all`)
  })

  it('is deterministic: the same run twice gives the same events', () => {
    fc.assert(
      fc.property(runArb, (r) => {
        const a = play(r)
        const b = play(r)
        expect(b.events.length).toBe(a.events.length)
        expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events))
      }),
      { numRuns: 10 },
    )
  })
})
