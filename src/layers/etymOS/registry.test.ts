import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { LAYERS } from '../index'
import { buildCatalogue, registerZod, subjectOf, toJsonSchema } from './catalogue'
import { ProposeMsg } from '../mythOS/messages'
import type { JsonSchema } from './compat'
import { IncompatibleSchemaError, SchemaRegistry, canonicalJson } from './registry'

const js = (s: z.ZodType): JsonSchema => toJsonSchema(s).schema
const idx = z.number().int().min(0)
const V1 = js(z.strictObject({ index: idx, term: idx.optional() }))
const V2_ADDS_OPTIONAL = js(z.strictObject({ index: idx, term: idx.optional(), digest: z.string().optional() }))
const V3_TERM_REQUIRED = js(z.strictObject({ index: idx, term: idx, digest: z.string().optional() }))

describe('the schema registry (Confluent semantics)', () => {
  it('numbers versions from 1 and gives content-addressed global ids: the same schema text, the same id, under any subject', () => {
    const r = new SchemaRegistry()
    expect(r.register('applied', V1)).toEqual({ version: 1, id: 1, added: true })
    expect(r.register('applied', V2_ADDS_OPTIONAL)).toEqual({ version: 2, id: 2, added: true })
    // The same schema under another subject keeps its id; key order does not matter.
    const reverse = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v)
    const reordered = reverse(V1) as JsonSchema
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(V1))
    expect(r.register('other', reordered)).toEqual({ version: 1, id: 1, added: true })
    // Registering a version the subject already holds is idempotent.
    expect(r.register('applied', V1)).toEqual({ version: 1, id: 1, added: false })
    expect(r.versions('applied').map((v) => [v.version, v.id])).toEqual([[1, 1], [2, 2]])
    expect(canonicalJson(r.schemaById(2))).toBe(canonicalJson(r.latest('applied').schema))
    expect(() => r.schemaById(9)).toThrow(/no schema with id 9/)
    expect(() => r.version('applied', 7)).toThrow(/has no version 7/)
  })

  it('refuses a version that breaks BACKWARD (the default) with an error naming subject, mode, version and every rule with its path', () => {
    const r = new SchemaRegistry()
    r.register('applied', V1)
    r.register('applied', V2_ADDS_OPTIONAL)
    let err: unknown
    try {
      r.register('applied', V3_TERM_REQUIRED)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(IncompatibleSchemaError)
    const e = err as IncompatibleSchemaError
    expect(e.subject).toBe('applied')
    expect(e.mode).toBe('BACKWARD')
    expect(e.conflicts.map((c) => c.version)).toEqual([2])
    expect(e.message).toBe("schema for subject 'applied' is incompatible under BACKWARD: with version 2: BACKWARD: field 'term' became required at /properties/term")
    // Nothing changed: the refused schema got neither a version nor an id.
    expect(r.versions('applied')).toHaveLength(2)
    expect(r.idOf(V3_TERM_REQUIRED)).toBeNull()
  })

  it('checks only the latest version unless the mode is transitive', () => {
    // Inclusion is transitive, so a chain built under one mode never differs; the histories that do
    // are those written under another mode: v2 drops a required field while the subject is NONE.
    const v1 = js(z.strictObject({ a: idx, b: z.string() }))
    const v2 = js(z.strictObject({ a: idx }))
    const v3 = js(z.strictObject({ a: idx, b: z.number().optional() }))
    for (const [mode, ok] of [['BACKWARD', true], ['BACKWARD_TRANSITIVE', false]] as const) {
      const r = new SchemaRegistry({ compatibility: { s: 'NONE' } })
      r.register('s', v1)
      r.register('s', v2)
      r.setCompatibility('s', mode)
      if (ok) expect(r.register('s', v3).version).toBe(3)
      else
        expect(() => r.register('s', v3)).toThrow(
          "schema for subject 's' is incompatible under BACKWARD_TRANSITIVE: with version 1: BACKWARD: type changed from string to number at /properties/b",
        )
    }
  })

  it('applies per-subject overrides: FORWARD, FULL and NONE', () => {
    const r = new SchemaRegistry({ compatibility: { fwd: 'FORWARD', full: 'FULL', none: 'NONE' } })
    for (const s of ['fwd', 'full', 'none', 'default']) r.register(s, V1)
    expect(r.compatibility('default')).toBe('BACKWARD')
    // Making `term` required: BACKWARD breaks, FORWARD holds.
    const termRequired = js(z.strictObject({ index: idx, term: idx }))
    expect(r.register('fwd', termRequired).added).toBe(true)
    expect(() => r.register('default', termRequired)).toThrow(/under BACKWARD/)
    // FULL: both directions; adding an optional field to a closed object breaks FORWARD.
    expect(() => r.register('full', V2_ADDS_OPTIONAL)).toThrow("schema for subject 'full' is incompatible under FULL: with version 1: FORWARD: field 'digest' was added to a closed object (additionalProperties: false) at /properties/digest")
    expect(r.register('none', js(z.string())).version).toBe(2)
    r.setCompatibility('full', null)
    expect(r.register('full', V2_ADDS_OPTIONAL).version).toBe(2)
  })
})

describe('the catalogue built from the layers', () => {
  const cat = buildCatalogue(LAYERS)
  const byName = new Map(cat.subjects.map((s) => [s.name, s]))

  it('has a subject for every consumed, sent, intervention and wire type of every layer, and the kernel types', () => {
    for (const m of LAYERS) {
      for (const t of [...Object.keys(m.consumes), ...Object.keys(m.sends), ...Object.keys(m.interventions)]) expect(byName.has(t), `${m.name}: ${t}`).toBe(true)
      for (const k of Object.keys(m.wire ?? {})) expect(byName.get(`${m.name}.${k}`)?.kind, `${m.name}.${k}`).toBe('wire')
    }
    for (const t of ['world_status', 'clock_set', 'schema_rejected']) expect(byName.get(t)?.kind).toBe('kernel')
    expect(cat.subjects.every((s) => cat.registry.latest(s.name).version === 1)).toBe(true)
    expect(new Set(cat.subjects.map((s) => s.name)).size).toBe(cat.subjects.length)
  })

  it('records producers and consumers: propose atmOS → mythOS, transfer_leadership user → mythOS, schema_rejected kernel → etymOS, Raft appends mythOS → mythOS', () => {
    expect(byName.get('propose')).toMatchObject({ kind: 'cross-layer', producers: ['atmOS'], consumers: ['mythOS'] })
    expect(byName.get('transfer_leadership')).toMatchObject({ kind: 'intervention', producers: ['user'], consumers: ['mythOS'] })
    expect(byName.get('schema_rejected')).toMatchObject({ producers: ['kernel'], consumers: ['etymOS'] })
    expect(byName.get('world_status')?.producers).toContain('atmOS')
    expect(byName.get('mythOS.app')).toMatchObject({ producers: ['mythOS'], consumers: ['mythOS'], type: 'app' })
    expect(subjectOf({ layer: 'mythOS', type: 'app', boundary: 'wire' })).toBe('mythOS.app')
    expect(subjectOf({ layer: 'mythOS', type: 'propose', boundary: 'layer' })).toBe('propose')
  })

  it('every schema of the code is represented in JSON Schema (zod 4), and what is not is noted', () => {
    expect(cat.subjects.filter((s) => s.note)).toEqual([])
    const odd = toJsonSchema(z.strictObject({ at: z.date(), n: z.number() }))
    expect(odd.note).toMatch(/unrepresentable/)
    expect(odd.schema).toMatchObject({ properties: { n: { type: 'number' } } })
  })

  it('takes a new compatible version of a real subject, and refuses a breaking one (what harmoniOS rollouts will do)', () => {
    const c = buildCatalogue(LAYERS, { compatibility: { propose: 'FULL' } })
    const v1 = c.registry.latest('mythOS.hb').schema as { properties: Record<string, unknown>; required: string[] }
    // A heartbeat that also carries an optional lease: BACKWARD accepts it (old heartbeats are still read).
    const v2 = { ...v1, properties: { ...v1.properties, leaseMs: { type: 'integer', minimum: 0 } } }
    expect(c.registry.register('mythOS.hb', v2)).toMatchObject({ version: 2, added: true })
    // One that makes the lease required cannot read v2's heartbeats without it.
    const v3 = { ...v2, required: [...v1.required, 'leaseMs'] }
    expect(() => c.registry.register('mythOS.hb', v3)).toThrow("schema for subject 'mythOS.hb' is incompatible under BACKWARD: with version 2: BACKWARD: field 'leaseMs' became required at /properties/leaseMs")
    expect(c.registry.compatibility('propose')).toBe('FULL')
  })

  it('registers versions written in zod: an optional field is refused under FULL but taken under BACKWARD; a renamed field is refused', () => {
    const c = buildCatalogue(LAYERS, { compatibility: { propose: 'FULL' } })
    expect(c.registry.latest('propose').id).toBe(c.registry.idOf(toJsonSchema(ProposeMsg).schema))
    // FULL on a closed object: even an optional field is refused (old readers are strict) …
    expect(() => registerZod(c.registry, 'propose', ProposeMsg.extend({ priority: z.number().int().optional() }))).toThrow(
      "schema for subject 'propose' is incompatible under FULL: with version 1: FORWARD: field 'priority' was added to a closed object (additionalProperties: false) at /properties/priority",
    )
    // … while BACKWARD (the default) takes it as version 2.
    c.registry.setCompatibility('propose', null)
    expect(registerZod(c.registry, 'propose', ProposeMsg.extend({ priority: z.number().int().optional() }))).toMatchObject({ version: 2, added: true })
    const renamed = z.strictObject({ node: z.number().int().min(0), id: z.string().max(64), story: z.string().max(500) })
    expect(() => registerZod(c.registry, 'propose', renamed)).toThrow(
      "schema for subject 'propose' is incompatible under BACKWARD: with version 2: BACKWARD: field 'story' became required at /properties/story; " +
        "BACKWARD: field 'priority' was removed from a closed object (additionalProperties: false) at /properties/priority; " +
        "BACKWARD: field 'text' was removed from a closed object (additionalProperties: false) at /properties/text",
    )
  })
})
