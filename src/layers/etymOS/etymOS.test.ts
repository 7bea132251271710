/**
 * etymOS in the run: boundary validation rejects what fails its schema — Raft RPCs corrupted in
 * flight by chaOS at the receiving world, a malformed cross-layer delivery at the consuming
 * layer — each reported as schema_rejected {layer, type, path, reason}, counted, and logged; the
 * Raft checkers stay clean (a rejected RPC is a lost one, which Raft tolerates).
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { SCHEMA_REJECTED_TYPE, type SchemaRejection } from '../../kernel/boundary'
import { LayerRuntime } from '../../kernel/runtime'
import { simUs } from '../../kernel/time'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'
import { registry } from '../index'
import { mythOS } from '../mythOS'
import { RAFT_WIRE } from '../mythOS/messages'

const S = 1_000_000

async function run(input: ScenarioInput, untilUs: number) {
  const scenario = ScenarioSchema.parse(input)
  return runInProcessWith(scenario, { untilUs, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), validate: true })
}

describe('etymOS: boundary validation in the run', () => {
  it('rejects Raft RPCs corrupted in flight with schema_rejected naming the wire type and the field; Raft stays safe', async () => {
    const r = await run({ seed: 11, run: ['atmOS', 'chaOS', 'mythOS', 'etymOS'], layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.2 } } }, 20 * S)
    expect(r.cosmos.error).toBeFalsy()
    const rejected = r.events.filter((e) => e.layer === 'etymOS' && e.type === 'schema_rejected')
    expect(rejected.length).toBeGreaterThan(20)
    const kinds = new Set(Object.keys(RAFT_WIRE))
    for (const e of rejected) {
      expect(e.data['layer']).toBe('mythOS')
      expect(e.data['boundary']).toBe('wire')
      expect(typeof e.data['reason']).toBe('string')
      expect(e.node).not.toBeNull()
    }
    // Most corrupt a field other than the discriminator: the type is then the Raft kind itself.
    const named = rejected.filter((e) => kinds.has(e.data['type'] as string))
    expect(named.length).toBeGreaterThan(rejected.length / 2)
    expect(named.every((e) => (e.data['path'] as string).length > 0 && e.data['subject'] === `mythOS.${e.data['type'] as string}`)).toBe(true)
    // Counted per subject and per layer, and published as metrics.
    const v = r.summaries.etymOS as unknown as { rejected: number; bySubject: Record<string, number>; byLayer: Record<string, number> }
    expect(v.rejected).toBe(rejected.length)
    expect(v.byLayer).toEqual({ mythOS: rejected.length })
    expect(Object.values(v.bySubject).reduce((a, b) => a + b, 0)).toBe(rejected.length)
    const samples = r.metrics.filter((m) => m.layer === 'etymOS')
    expect(samples.length).toBeGreaterThan(0)
    const last = samples.at(-1)!
    expect(last.values['rejectionsTotal']).toBeLessThanOrEqual(rejected.length)
    expect(samples.reduce((a, m) => a + (m.values['rejections'] as number), 0)).toBe(last.values['rejectionsTotal'])
    // Raft still elects and commits, and no checker objects.
    expect(r.events.some((e) => e.layer === 'mythOS' && e.type === 'leader_elected')).toBe(true)
    expect(r.violations.filter((x) => x.checker === 'raft')).toEqual([])
    expect(r.violations).toEqual([])
    console.log(`corruption 0.2 × entropy 1, 20 s: ${rejected.length} Raft RPCs rejected, by subject ${JSON.stringify(v.bySubject)}`)
  })

  it('is deterministic and placement-independent with validation and corruption on', async () => {
    const scenario = ScenarioSchema.parse({ seed: 4, run: ['atmOS', 'chaOS', 'mythOS', 'etymOS'], layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.2 } } })
    const go = (hosts: number) => runInProcessWith(scenario, { untilUs: 8 * S, registry, layers: activeLayers(scenario), hosts, validate: true })
    const [a, b, c] = [await go(0), await go(0), await go(3)]
    expect(a.events.filter((e) => e.type === 'schema_rejected').length).toBeGreaterThan(0)
    expect(b.fingerprint).toBe(a.fingerprint)
    expect(c.fingerprint).toBe(a.fingerprint)
  })

  it('without etymOS nothing is corrupted, validated or rejected', async () => {
    const r = await run({ seed: 11, run: ['atmOS', 'chaOS', 'mythOS'], layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.2 } } }, 5 * S)
    expect(r.events.filter((e) => e.type === 'schema_rejected')).toEqual([])
    expect(r.violations).toEqual([])
  })

  it('a malformed cross-layer delivery is not handed to the layer: it is reported as schema_rejected', () => {
    const scenario = ScenarioSchema.parse({ run: ['atmOS', 'mythOS', 'etymOS'] })
    const rt = LayerRuntime.create(mythOS, scenario, { boundary: true })
    rt.takeResult()
    const propose = (data: unknown, seq: number) => ({ from: 'atmOS', at: simUs(1_000), seq, type: 'propose', data, deliverAt: simUs(1_000), recipient: 'mythOS' })
    const good = { node: 0, id: 'h1', text: 'a comet passes' }
    const out = rt.runWindow(1_000, 2_000, [propose({ ...good, node: 'zero' }, 0), propose(good, 1)])
    const rejections = out.outbox.filter((m) => m.type === SCHEMA_REJECTED_TYPE).map((m) => m.data as SchemaRejection)
    expect(rejections).toEqual([{ layer: 'mythOS', type: 'propose', from: 'atmOS', path: 'node', reason: expect.stringMatching(/expected number/i), node: null, boundary: 'layer' }])
    // Only the well-formed proposal reached Raft.
    expect(rt.peekState().stats.proposalsReceived).toBe(1)
    // Without boundary validation the runtime hands everything over (the layer's own business).
    const plain = LayerRuntime.create(mythOS, scenario, {})
    plain.takeResult()
    expect(plain.runWindow(1_000, 2_000, [propose(good, 0)]).outbox.some((m) => m.type === SCHEMA_REJECTED_TYPE)).toBe(false)
  })
})
