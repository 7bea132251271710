import { describe, expect, it } from 'vitest'
import { allCheckers } from '..'
import { Cosmos, placeLayers } from '../../cosmos/cosmos'
import { inProcessEndpoint } from '../../kernel/host'
import type { LoggedEvent } from '../../kernel/types'
import { DEFAULT_RUN, ScenarioSchema, activeLayers, type Scenario } from '../../scenario/schema'
import { registry } from '../../layers/index'
import type { Checker } from '../types'

/**
 * A run restored from one of its own snapshots (what a seek back does) continues exactly as the
 * run itself: same fingerprint, same events, same logOS totals — and the checkers, which are
 * closures over their history and cannot be snapshotted, are brought to the snapshot's moment by
 * replaying the tape of what the source run fed its own, so they judge the rest as if never
 * interrupted.
 */
const start = (s: Scenario, checkers: Checker[], events: LoggedEvent[]) => Cosmos.start(s, {
  registry,
  layers: activeLayers(s),
  placement: placeLayers(registry, activeLayers(s), 0),
  spawn: () => inProcessEndpoint(registry),
  checkers,
  tape: true,
  logRetention: 0,
  onEvents: (es) => { for (const e of es) events.push(e) },
})

describe('a run restored from its snapshot with its checkers’ tape', () => {
  it.each([
    ['every layer, chaOS at entropy 1, a crash of the leader after the snapshot', { seed: 4, run: [...DEFAULT_RUN], layers: { chaOS: { entropy: 1 } }, interventions: [{ kind: 'fault', fault: 'crash', target: 'leader', atUs: 9_000_000 }] }],
    ['the base layers, a partition across the snapshot', { seed: 8, interventions: [{ kind: 'fault', fault: 'partition', target: 'minority', atUs: 4_000_000 }, { kind: 'fault', fault: 'heal', target: 'minority', atUs: 11_000_000 }] }],
  ])('%s: same fingerprint, events, totals and violations as the run itself', async (_name, input) => {
    const s = ScenarioSchema.parse(input)
    const whole: LoggedEvent[] = []
    const ref = await start(s, allCheckers(s), whole)
    await ref.runUntil(6_000_000)
    const snap = await ref.snapshot()
    expect(snap.tapeLength).toBeGreaterThan(0)
    await ref.runUntil(15_000_000)
    const refViolations = ref.finish()

    const rest: LoggedEvent[] = []
    const checkers = allCheckers(s)
    const restored = await Cosmos.restore(s, snap, {
      registry, layers: activeLayers(s), placement: placeLayers(registry, activeLayers(s), 0), spawn: () => inProcessEndpoint(registry),
      checkers, tape: true, tapeFrom: ref.checkerTape!, logRetention: 0, onEvents: (es) => { for (const e of es) rest.push(e) },
    })
    await restored.runUntil(15_000_000)
    expect(restored.fingerprint).toBe(ref.fingerprint)
    expect(rest).toEqual(whole.filter((e) => e.offset >= snap.nextOffset))
    expect([...restored.log.countsByType()].sort()).toEqual([...ref.log.countsByType()].sort())
    expect(restored.finish()).toEqual(refViolations)
    // The restored run's own tape continues the source's: its snapshots restore too.
    expect(restored.checkerTape!.length).toBe(ref.checkerTape!.length)
    ref.dispose()
    restored.dispose()
  }, 60_000)

  it('refuses checkers without the tape (they would judge the rest without its history)', async () => {
    const s = ScenarioSchema.parse({ seed: 2 })
    const ref = await start(s, [], [])
    await ref.runUntil(1_000_000)
    const snap = await ref.snapshot()
    await expect(Cosmos.restore(s, snap, { registry, layers: activeLayers(s), spawn: () => inProcessEndpoint(registry), checkers: allCheckers(s) }))
      .rejects.toThrow(/tape/)
    ref.dispose()
  })

  it('catches a violation that happens after the snapshot from history recorded before it', async () => {
    // The lifecycle checker knows from before the snapshot that the world crashed; the crafted
    // tape feeds a restart event for a world it never saw crash only in the broken case.
    const s = ScenarioSchema.parse({ seed: 6, interventions: [{ kind: 'fault', fault: 'crash', target: 2, atUs: 2_000_000 }, { kind: 'fault', fault: 'restart', target: 2, atUs: 8_000_000 }] })
    const ref = await start(s, allCheckers(s), [])
    await ref.runUntil(5_000_000)
    const snap = await ref.snapshot()
    const tape = ref.checkerTape!
    // Without the crash in the tape, the restored checkers see a restart of a world that never crashed.
    const crashAt = tape.findIndex((x) => x.k === 0 && x.e.type === 'node_crashed')
    expect(crashAt).toBeGreaterThanOrEqual(0)
    const broken = tape.filter((_, i) => i !== crashAt)
    const restored = await Cosmos.restore(s, { ...snap, tapeLength: snap.tapeLength! - 1 }, {
      registry, layers: activeLayers(s), spawn: () => inProcessEndpoint(registry), checkers: allCheckers(s), tapeFrom: broken,
    })
    await restored.runUntil(10_000_000)
    expect(restored.finish().map((v) => v.checker)).toContain('lifecycle')
    const good = await Cosmos.restore(s, snap, { registry, layers: activeLayers(s), spawn: () => inProcessEndpoint(registry), checkers: allCheckers(s), tapeFrom: tape })
    await good.runUntil(10_000_000)
    expect(good.finish()).toEqual([])
    ref.dispose()
    restored.dispose()
    good.dispose()
  })
})
