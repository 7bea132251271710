/**
 * hypnOS in the whole run: jobs wait while a world is busy and run when it is quiet; a crash in
 * the middle of a compaction's snapshot write loses nothing (the old log is intact, the job is
 * given up and done again later); compaction bounds every world's log.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000

async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ run: [...DEFAULT_RUN], seed: 2, ...input })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}

const count = (r: Awaited<ReturnType<typeof run>>, type: string) => r.events.filter((e) => e.type === type).length

describe('hypnOS in the run', () => {
  it('a due job waits while its world is busier than the threshold, runs when the threshold allows, and is forced by a large backlog', async () => {
    const layers = (loadThreshold: number) => ({ chaOS: { entropy: 0 }, atmOS: { happeningsPerSec: 2 }, hypnOS: { snapshotCount: 20, catchUpEntries: 5, loadThreshold } })
    const busy = await run({ layers: layers(1) }, 30)
    expect(busy.violations).toEqual([])
    expect(count(busy, 'job_deferred')).toBeGreaterThan(0)
    // Too busy for ever: the jobs that ran were forced, once 9 × 20 entries had piled up (RocksDB's stop trigger).
    const started = busy.events.filter((e) => e.type === 'compaction_started')
    expect(started.length).toBeGreaterThan(0)
    for (const e of started) {
      expect(e.data['forced']).toBe(true)
      expect((e.data['appliedIndex'] as number) - (e.data['snapshotIndex'] as number)).toBeGreaterThanOrEqual(180)
    }
    const quiet = await run({ layers: layers(1_000_000) }, 30)
    expect(quiet.violations).toEqual([])
    expect(count(quiet, 'job_deferred')).toBe(0)
    expect(count(quiet, 'compaction_done')).toBeGreaterThan(5)
    // Every world's log is bounded: after its compactions it holds about catchUpEntries + snapshotCount.
    const m = quiet.summaries.mythOS as { logEntries: number[]; lastIndex: number[] }
    for (let w = 0; w < 5; w++) expect(m.logEntries[w]!).toBeLessThan(m.lastIndex[w]! / 2)
  }, 60_000)

  it('a crash during the snapshot write loses nothing: the job is given up, the log intact, and it compacts again later', async () => {
    // A slow disk (50 ms per write) so a crash can land while the snapshot is being written.
    const layers = { chaOS: { entropy: 0 }, atmOS: { happeningsPerSec: 2, disk: { fsyncUs: 50_000, fsyncJitterUs: 0 } }, hypnOS: { snapshotCount: 20, catchUpEntries: 5 } }
    const probe = await run({ layers }, 20)
    const first = probe.events.find((e) => e.type === 'compaction_started' && e.node === 3)!
    expect(first).toBeDefined()
    const r = await run({ layers, interventions: [
      { kind: 'lifecycle', atUs: first.t + 20_000, node: 3, action: 'crash' },
      { kind: 'lifecycle', atUs: first.t + 2 * S, node: 3, action: 'restart' },
    ] }, 40)
    expect(r.violations).toEqual([])
    const aborted = r.events.find((e) => e.type === 'compaction_aborted' && e.node === 3)
    expect(aborted, 'the job in flight was given up').toBeDefined()
    expect(String(aborted!.data['reason'])).toMatch(/crashed.*the log is intact/)
    expect(r.events.some((e) => e.type === 'compaction_done' && e.node === 3 && e.t > aborted!.t)).toBe(true)
    // Back up, world 3 applies on from where it was (the raft checker would say if it skipped or repeated).
    const before = r.events.filter((e) => e.type === 'entry_applied' && e.node === 3 && e.t < aborted!.t).at(-1)!.data['index'] as number
    const after = r.events.find((e) => e.type === 'entry_applied' && e.node === 3 && e.t > aborted!.t)!.data['index'] as number
    expect(after).toBe(before + 1)
  }, 60_000)
})
