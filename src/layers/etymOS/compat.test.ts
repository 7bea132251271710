/**
 * Compatibility rules, one table per rule: a previous and a new schema (written with zod, exported
 * as JSON Schema, as the catalogue does), and what each mode says. A mode's verdict is the set of
 * rules it finds; [] = compatible.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compareSchemas, formatViolation, readerViolations, type CompatibilityMode, type CompatRule, type JsonSchema } from './compat'
import { toJsonSchema } from './catalogue'

const js = (s: z.ZodType): JsonSchema => toJsonSchema(s).schema
const rules = (mode: CompatibilityMode, prev: z.ZodType, next: z.ZodType): CompatRule[] => [...new Set(compareSchemas(mode, js(prev), js(next)).map((v) => v.rule))].sort()

interface Case {
  name: string
  prev: z.ZodType
  next: z.ZodType
  /** Rules BACKWARD finds (new reads previous). */
  backward: CompatRule[]
  /** Rules FORWARD finds (previous reads new). */
  forward: CompatRule[]
}

const idx = z.number().int().min(0)
const CASES: Case[] = [
  // ── types ──
  { name: 'same schema', prev: z.strictObject({ a: idx }), next: z.strictObject({ a: idx }), backward: [], forward: [] },
  { name: 'type changed string → number', prev: z.string(), next: z.number(), backward: ['TYPE_CHANGED'], forward: ['TYPE_CHANGED'] },
  { name: 'type narrowed number → integer', prev: z.number(), next: z.number().int(), backward: ['TYPE_NARROWED'], forward: [] },
  { name: 'type widened integer → number', prev: z.number().int(), next: z.number(), backward: [], forward: ['TYPE_EXTENDED'] },
  { name: 'union widened string → string|number', prev: z.string(), next: z.union([z.string(), z.number()]), backward: [], forward: ['SUM_TYPE_EXTENDED'] },
  { name: 'union narrowed string|number → string', prev: z.union([z.string(), z.number()]), next: z.string(), backward: ['SUM_TYPE_NARROWED'], forward: [] },
  { name: 'any → string', prev: z.unknown(), next: z.string(), backward: ['TYPE_NARROWED'], forward: [] },
  // ── nullable ──
  { name: 'became nullable', prev: z.strictObject({ a: idx }), next: z.strictObject({ a: idx.nullable() }), backward: [], forward: ['TYPE_EXTENDED'] },
  { name: 'became non-nullable', prev: z.strictObject({ a: z.string().nullable() }), next: z.strictObject({ a: z.string() }), backward: ['TYPE_NARROWED'], forward: [] },
  { name: 'nullable object stays nullable', prev: z.strictObject({ a: idx }).nullable(), next: z.strictObject({ a: idx, b: idx.optional() }).nullable(), backward: [], forward: ['PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL'] },
  // ── required ──
  { name: 'optional field became required', prev: z.strictObject({ term: idx.optional() }), next: z.strictObject({ term: idx }), backward: ['REQUIRED_PROPERTY_ADDED'], forward: [] },
  { name: 'required field became optional', prev: z.strictObject({ term: idx }), next: z.strictObject({ term: idx.optional() }), backward: [], forward: ['REQUIRED_PROPERTY_REMOVED'] },
  // ── properties, closed content model (strictObject) ──
  { name: 'optional field added to a closed object', prev: z.strictObject({ a: idx }), next: z.strictObject({ a: idx, b: idx.optional() }), backward: [], forward: ['PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL'] },
  { name: 'required field added to a closed object', prev: z.strictObject({ a: idx }), next: z.strictObject({ a: idx, b: idx }), backward: ['REQUIRED_PROPERTY_ADDED'], forward: ['PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL'] },
  { name: 'optional field removed from a closed object', prev: z.strictObject({ a: idx, b: idx.optional() }), next: z.strictObject({ a: idx }), backward: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'], forward: [] },
  // ── properties, open content model (z.object) ──
  { name: 'optional field added to an open object', prev: z.object({ a: idx }), next: z.object({ a: idx, b: idx.optional() }), backward: ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'], forward: [] },
  { name: 'optional field removed from an open object', prev: z.object({ a: idx, b: idx.optional() }), next: z.object({ a: idx }), backward: [], forward: ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL'] },
  { name: 'open object became closed', prev: z.object({ a: idx }), next: z.strictObject({ a: idx }), backward: ['ADDITIONAL_PROPERTIES_REMOVED'], forward: [] },
  { name: 'closed object became open', prev: z.strictObject({ a: idx }), next: z.object({ a: idx }), backward: [], forward: ['ADDITIONAL_PROPERTIES_ADDED'] },
  // ── enums and literals ──
  { name: 'enum value added', prev: z.enum(['up', 'down']), next: z.enum(['up', 'down', 'draining']), backward: [], forward: ['ENUM_ARRAY_EXTENDED'] },
  { name: 'enum value removed', prev: z.enum(['up', 'down', 'draining']), next: z.enum(['up', 'down']), backward: ['ENUM_ARRAY_NARROWED'], forward: [] },
  { name: 'string restricted to an enum', prev: z.string(), next: z.enum(['a']), backward: ['ENUM_ARRAY_ADDED'], forward: [] },
  { name: 'literal changed', prev: z.literal('app'), next: z.literal('append'), backward: ['ENUM_ARRAY_NARROWED'], forward: ['ENUM_ARRAY_EXTENDED'] },
  { name: 'literal into a wider enum', prev: z.literal('a'), next: z.enum(['a', 'b']), backward: [], forward: ['ENUM_ARRAY_EXTENDED'] },
  // ── bounds ──
  { name: 'minimum raised', prev: z.number().min(0), next: z.number().min(5), backward: ['MINIMUM_CHANGED'], forward: [] },
  { name: 'minimum lowered', prev: z.number().min(5), next: z.number().min(0), backward: [], forward: ['MINIMUM_CHANGED'] },
  { name: 'maximum lowered', prev: z.number().max(10), next: z.number().max(5), backward: ['MAXIMUM_CHANGED'], forward: [] },
  { name: 'exclusive vs inclusive minimum', prev: z.number().min(0), next: z.number().positive(), backward: ['MINIMUM_CHANGED'], forward: [] },
  { name: 'integer exclusive minimum equals the next inclusive one', prev: z.number().int().min(1).max(9), next: z.number().int().gt(0).lt(10), backward: [], forward: [] },
  { name: 'maxLength lowered', prev: z.string().max(100), next: z.string().max(10), backward: ['MAX_LENGTH_CHANGED'], forward: [] },
  { name: 'minLength added', prev: z.string(), next: z.string().min(1), backward: ['MIN_LENGTH_CHANGED'], forward: [] },
  { name: 'pattern added', prev: z.string(), next: z.string().regex(/^[a-z]+$/), backward: ['PATTERN_CHANGED'], forward: [] },
  // ── arrays ──
  { name: 'array items narrowed', prev: z.array(z.number()), next: z.array(z.number().int()), backward: ['TYPE_NARROWED'], forward: [] },
  { name: 'array maxItems lowered', prev: z.array(z.string()).max(10), next: z.array(z.string()).max(3), backward: ['MAX_ITEMS_CHANGED'], forward: [] },
  { name: 'array of objects gains a required field', prev: z.array(z.strictObject({ i: idx })), next: z.array(z.strictObject({ i: idx, term: idx })), backward: ['REQUIRED_PROPERTY_ADDED'], forward: ['PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL'] },
  // ── records ──
  { name: 'record values narrowed', prev: z.record(z.string(), z.number()), next: z.record(z.string(), z.number().int()), backward: ['TYPE_NARROWED'], forward: [] },
  // ── discriminated unions (oneOf) ──
  {
    name: 'discriminated union gains a branch',
    prev: z.discriminatedUnion('t', [z.strictObject({ t: z.literal('a') }), z.strictObject({ t: z.literal('b') })]),
    next: z.discriminatedUnion('t', [z.strictObject({ t: z.literal('a') }), z.strictObject({ t: z.literal('b') }), z.strictObject({ t: z.literal('c') })]),
    backward: [],
    forward: ['SUM_TYPE_EXTENDED'],
  },
  {
    name: 'discriminated union loses a branch',
    prev: z.discriminatedUnion('t', [z.strictObject({ t: z.literal('a') }), z.strictObject({ t: z.literal('b') })]),
    next: z.discriminatedUnion('t', [z.strictObject({ t: z.literal('a') })]),
    backward: ['SUM_TYPE_NARROWED'],
    forward: [],
  },
  {
    name: 'a branch of a discriminated union gains a required field',
    prev: z.discriminatedUnion('t', [z.strictObject({ t: z.literal('a') }), z.strictObject({ t: z.literal('b'), n: idx })]),
    next: z.discriminatedUnion('t', [z.strictObject({ t: z.literal('a') }), z.strictObject({ t: z.literal('b'), n: idx, m: idx })]),
    backward: ['REQUIRED_PROPERTY_ADDED'],
    forward: ['PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL'],
  },
]

describe('compatibility rules (Confluent JSON Schema semantics, over what zod emits)', () => {
  for (const c of CASES) {
    it(`${c.name}: BACKWARD ${c.backward.join('+') || 'ok'}, FORWARD ${c.forward.join('+') || 'ok'}, FULL both, NONE ok`, () => {
      expect(rules('BACKWARD', c.prev, c.next)).toEqual([...c.backward].sort())
      expect(rules('BACKWARD_TRANSITIVE', c.prev, c.next)).toEqual([...c.backward].sort())
      expect(rules('FORWARD', c.prev, c.next)).toEqual([...c.forward].sort())
      expect(rules('FORWARD_TRANSITIVE', c.prev, c.next)).toEqual([...c.forward].sort())
      expect(rules('FULL', c.prev, c.next)).toEqual([...new Set([...c.backward, ...c.forward])].sort())
      expect(rules('NONE', c.prev, c.next)).toEqual([])
    })
  }

  it('names the field, the change and its path in each direction', () => {
    const prev = js(z.strictObject({ term: idx.optional(), gone: z.string().optional() }))
    const next = js(z.strictObject({ term: idx }))
    expect(compareSchemas('BACKWARD', prev, next).map(formatViolation)).toEqual([
      "BACKWARD: field 'term' became required at /properties/term",
      "BACKWARD: field 'gone' was removed from a closed object (additionalProperties: false) at /properties/gone",
    ])
    expect(compareSchemas('FORWARD', next, prev).map(formatViolation)).toEqual([
      "FORWARD: field 'term' became optional (the previous version requires it) at /properties/term",
      "FORWARD: field 'gone' was added to a closed object (additionalProperties: false) at /properties/gone",
    ])
  })

  it('describes bounds, enums and types as a change from the previous schema to the new one', () => {
    const msgs = (mode: CompatibilityMode, a: z.ZodType, b: z.ZodType) => compareSchemas(mode, js(a), js(b)).map(formatViolation)
    expect(msgs('BACKWARD', z.strictObject({ n: z.number().min(0) }), z.strictObject({ n: z.number().min(5) }))).toEqual(['BACKWARD: minimum changed from 0 to 5 at /properties/n'])
    expect(msgs('FORWARD', z.strictObject({ n: z.number().min(5) }), z.strictObject({ n: z.number().min(0) }))).toEqual(['FORWARD: minimum changed from 5 to 0 at /properties/n'])
    expect(msgs('BACKWARD', z.enum(['up', 'down']), z.enum(['up']))).toEqual(["BACKWARD: enum values removed: 'down' at /"])
    expect(msgs('FORWARD', z.enum(['up']), z.enum(['up', 'down']))).toEqual(["FORWARD: enum values added: 'down' at /"])
    expect(msgs('FULL', z.strictObject({ s: z.string() }), z.strictObject({ s: z.boolean() }))).toEqual([
      'BACKWARD: type changed from string to boolean at /properties/s',
      'FORWARD: type changed from string to boolean at /properties/s',
    ])
    expect(msgs('BACKWARD', z.strictObject({ a: z.string().nullable() }), z.strictObject({ a: z.string() }))).toEqual(['BACKWARD: became non-nullable at /properties/a'])
    expect(msgs('BACKWARD', z.array(z.strictObject({ i: idx })), z.array(z.strictObject({ i: idx, term: idx })))).toEqual(["BACKWARD: field 'term' became required at /items/properties/term"])
  })

  it('follows local $refs, recursive schemas included', () => {
    const node: JsonSchema = { $defs: { n: { type: 'object', properties: { v: { type: 'integer' }, kids: { type: 'array', items: { $ref: '#/$defs/n' } } }, required: ['v'] } }, $ref: '#/$defs/n' }
    const stricter: JsonSchema = { $defs: { n: { type: 'object', properties: { v: { type: 'integer' }, w: { type: 'string' }, kids: { type: 'array', items: { $ref: '#/$defs/n' } } }, required: ['v', 'w'] } }, $ref: '#/$defs/n' }
    expect(readerViolations(node, node, true)).toEqual([])
    expect(readerViolations(stricter, node, true).map((v) => v.rule)).toContain('REQUIRED_PROPERTY_ADDED')
  })

  it('treats keywords it does not analyse as incompatible when they change (never silently compatible)', () => {
    const a: JsonSchema = { type: 'object', allOf: [{ required: ['x'] }] }
    const b: JsonSchema = { type: 'object', allOf: [{ required: ['x', 'y'] }] }
    expect(compareSchemas('BACKWARD', a, b).map((v) => v.rule)).toEqual(['NOT_ANALYSED_CHANGED'])
    expect(compareSchemas('BACKWARD', a, a)).toEqual([])
  })
})
