/**
 * oneirOS and hypnOS in the whole run: a world down for 10 sim-minutes comes back behind the
 * leader's compacted log and catches up through a snapshot (not by replaying the log); a transfer
 * interrupted by the receiver's crash restarts cleanly; a lossy link costs resends, not the transfer.
 * Prints the catch-up time (the figure reported for oneirOS).
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, DEFAULT_RUN, type ScenarioInput } from '../../scenario/schema'
import type { LoggedEvent } from '../../kernel/types'

const S = 1_000_000

async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ run: [...DEFAULT_RUN], ...input })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}

const of = (events: LoggedEvent[], type: string, node?: number) => events.filter((e) => e.type === type && (node === undefined || e.node === node))

/** When world w's applied index first reaches `index` after `fromUs`. */
const reachedAt = (events: LoggedEvent[], w: number, index: number, fromUs: number): number | undefined =>
  events.find((e) => e.t >= fromUs && e.node === w && (e.type === 'entry_applied' || e.type === 'snapshot_installed') && (e.data['index'] as number) >= index)?.t

describe('oneirOS: a world that fell behind catches up through a snapshot', () => {
  it('after 10 sim-minutes down, world 4 installs the leader\'s snapshot, then follows the log', async () => {
    const crashUs = 20 * S
    const restartUs = 620 * S
    const r = await run({ seed: 3, layers: { chaOS: { entropy: 0 } }, interventions: [
      { kind: 'lifecycle', atUs: crashUs, node: 4, action: 'crash' },
      { kind: 'lifecycle', atUs: restartUs, node: 4, action: 'restart' },
    ] }, 700)
    expect(r.violations).toEqual([])
    const before = of(r.events, 'entry_applied', 4).filter((e) => e.t < crashUs).at(-1)!.data['index'] as number
    const installed = of(r.events, 'snapshot_installed', 4)
    expect(installed).toHaveLength(1)
    const snap = installed[0]!.data['index'] as number
    expect(snap).toBeGreaterThan(before + 1_000)
    // Nothing between its old applied index and the snapshot was replayed entry by entry.
    const replayed = of(r.events, 'entry_applied', 4).filter((e) => (e.data['index'] as number) > before && (e.data['index'] as number) <= snap)
    expect(replayed).toEqual([])
    expect(of(r.events, 'snapshot_sent').some((e) => e.data['to'] === 4)).toBe(true)
    // Caught up: applied what the leader had committed when it came back.
    const leaderCommit = Math.max(...r.events.filter((e) => e.t <= restartUs && e.type === 'entry_applied').map((e) => e.data['index'] as number))
    const caughtUp = reachedAt(r.events, 4, leaderCommit, restartUs)!
    expect(caughtUp).toBeDefined()
    const sent = of(r.events, 'snapshot_sent').find((e) => e.data['to'] === 4)!
    console.log(`world 4, down 600 s, ${leaderCommit - before} entries behind: snapshot of ${snap} (${sent.data['bytes']} bytes, ${sent.data['chunks']} chunks) installed ${(installed[0]!.t - restartUs) / 1000} ms after its restart; caught up in ${(caughtUp - restartUs) / 1000} ms`)
    expect(caughtUp - restartUs).toBeLessThan(10 * S)
  }, 60_000)

  it('a transfer cut by the receiver\'s crash restarts from the first chunk and completes; loss costs resends', async () => {
    const r = await run({ seed: 3, layers: { chaOS: { entropy: 0 }, oneirOS: { chunkBytes: 1_024, windowChunks: 2 } }, interventions: [
      { kind: 'lifecycle', atUs: 20 * S, node: 4, action: 'crash' },
      { kind: 'slider', atUs: 300 * S, name: 'lossRate', value: 0.2 },
      { kind: 'lifecycle', atUs: 320 * S, node: 4, action: 'restart' },
      { kind: 'lifecycle', atUs: 320_600_000, node: 4, action: 'crash' },
      { kind: 'lifecycle', atUs: 323 * S, node: 4, action: 'restart' },
    ] }, 400)
    expect(r.violations).toEqual([])
    const started = of(r.events, 'snapshot_started').filter((e) => e.data['to'] === 4)
    expect(started.length).toBeGreaterThanOrEqual(1)
    expect(started[0]!.t).toBeLessThan(320_600_000) // the first transfer was under way when the receiver crashed
    const installed = of(r.events, 'snapshot_installed', 4)
    expect(installed.length).toBeGreaterThanOrEqual(1)
    expect(installed[0]!.t).toBeGreaterThan(323 * S)
    const sent = of(r.events, 'snapshot_sent').filter((e) => e.data['to'] === 4)
    expect(sent.length).toBeGreaterThanOrEqual(1)
    expect(sent.reduce((n, e) => n + (e.data['resends'] as number), 0)).toBeGreaterThan(0)
    // The receiver lost its partial copy in the crash: the transfer went back to its first chunk.
    expect(sent.reduce((n, e) => n + (e.data['restarts'] as number), 0)).toBeGreaterThan(0)
  }, 60_000)
})
