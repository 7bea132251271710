/**
 * Every logOS event is a catalogued subject: each layer declares its events' schemas, and a
 * validating run stops on an undeclared type or malformed data. A chaotic run with every layer and
 * every intervention kind must therefore finish, having emitted most declared types.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { LAYERS, registry } from '../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers } from '../../scenario/schema'

const S = 1_000_000

describe('logOS events are declared and valid', () => {
  it('a chaotic run with every layer and intervention kind emits only declared, well-formed events', async () => {
    const scenario = ScenarioSchema.parse({
      seed: 11,
      nodes: { count: 7 },
      run: [...DEFAULT_RUN],
      layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.05 } },
      interventions: [
        { kind: 'fault', atUs: 3 * S, fault: 'clock_jump', target: 1, jumpMs: -600 },
        { kind: 'fault', atUs: 20 * S, fault: 'corrupt_ledger', target: 2 },
        { kind: 'slider', atUs: 5 * S, name: 'lossRate', value: 7 }, // clamped to 1: every packet lost …
        { kind: 'slider', atUs: 5.5 * S, name: 'lossRate', value: 0.05 }, // … for half a second
        { kind: 'lifecycle', atUs: 6 * S, node: 3, action: 'drain' },
        { kind: 'lifecycle', atUs: 8 * S, node: 3, action: 'release' },
        { kind: 'lifecycle', atUs: 9 * S, node: 4, action: 'quarantine' },
        { kind: 'lifecycle', atUs: 10 * S, node: 5, action: 'decommission' },
        { kind: 'lifecycle', atUs: 10 * S, node: 5, action: 'drain' },
        { kind: 'transfer_leadership', atUs: 12 * S, to: 0 },
        { kind: 'fault', atUs: 14 * S, fault: 'partition', target: 'majorities-ring' },
        { kind: 'fault', atUs: 18 * S, fault: 'heal', target: 'one' },
      ],
    })
    // runInProcessWith validates by default: a bad event would throw here.
    const r = await runInProcessWith(scenario, { untilUs: 40 * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
    expect(r.violations).toEqual([])
    const declared = new Set(LAYERS.flatMap((m) => Object.keys(m.events ?? {}).map((t) => `${m.name}.${t}`)))
    const seen = new Set(r.events.map((e) => `${e.layer}.${e.type}`))
    for (const t of seen) expect(declared.has(t), `${t} is emitted but not declared`).toBe(true)
    const core = ['atmOS.node_crashed', 'atmOS.node_restarted', 'atmOS.node_draining', 'atmOS.node_released', 'atmOS.node_quarantined', 'atmOS.node_decommissioned', 'atmOS.lifecycle_refused',
      'pneumOS.partition_started', 'pneumOS.partition_healed', 'chaOS.fault_injected', 'chaOS.fault_healed', 'chaOS.slider_changed', 'chaOS.slider_clamped', 'chaOS.clock_jumped',
      'chronOS.clock_sample', 'chronOS.clock_stepped', 'mythOS.role_changed', 'mythOS.term_changed', 'mythOS.leader_elected', 'mythOS.entry_applied',
      'etymOS.schema_rejected', 'karmOS.ledger_corrupted', 'karmOS.divergence_found', 'karmOS.ledger_repaired']
    expect(core.filter((t) => !seen.has(t))).toEqual([])
    console.log(`events declared ${declared.size}, seen in this run ${[...declared].filter((t) => seen.has(t)).length}; not seen: ${[...declared].filter((t) => !seen.has(t)).join(', ')}`)
  })
})
