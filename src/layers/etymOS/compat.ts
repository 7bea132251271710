/**
 * Schema compatibility, as Confluent Schema Registry judges JSON Schemas (its compatibility modes
 * and the kinds of difference its JSON Schema diff classifies), over the subset zod 4 emits:
 * types (integer ⊂ number, type arrays, null = nullable), const / enum, numeric and length bounds,
 * pattern and format, arrays (items, prefixItems, min/maxItems), objects (properties, required,
 * closed content models — additionalProperties: false, zod's strictObject — open ones, records'
 * additionalProperties / propertyNames) and anyOf / oneOf branches.
 *
 * The check is one question asked in one or both directions: can a READER schema read every
 * document a WRITER schema allows? BACKWARD: the new schema reads data written with the previous
 * one (reader = new). FORWARD: the previous schema reads data written with the new one (reader =
 * previous). FULL: both. *_TRANSITIVE: against every previous version, not just the latest. NONE:
 * no check. Each failure is a Violation naming its rule and the JSON path where it occurs; the
 * message describes the change from the previous schema to the new one ("field 'term' became
 * required"), whichever direction found it.
 */

export const COMPATIBILITY_MODES = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number]

/** A JSON Schema document (true / {} accept anything, false nothing). */
export type JsonSchema = boolean | { readonly [k: string]: unknown }

/** Kinds of incompatible difference (named after Confluent's JSON Schema Difference.Type). */
export type CompatRule =
  | 'TYPE_CHANGED'
  | 'TYPE_NARROWED'
  | 'TYPE_EXTENDED'
  | 'REQUIRED_PROPERTY_ADDED'
  | 'REQUIRED_PROPERTY_REMOVED'
  | 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'
  | 'PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL'
  | 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'
  | 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL'
  | 'ADDITIONAL_PROPERTIES_REMOVED'
  | 'ADDITIONAL_PROPERTIES_ADDED'
  | 'ENUM_ARRAY_NARROWED'
  | 'ENUM_ARRAY_EXTENDED'
  | 'ENUM_ARRAY_ADDED'
  | 'ENUM_ARRAY_REMOVED'
  | 'MINIMUM_CHANGED'
  | 'MAXIMUM_CHANGED'
  | 'MULTIPLE_OF_CHANGED'
  | 'MIN_LENGTH_CHANGED'
  | 'MAX_LENGTH_CHANGED'
  | 'PATTERN_CHANGED'
  | 'FORMAT_CHANGED'
  | 'MIN_ITEMS_CHANGED'
  | 'MAX_ITEMS_CHANGED'
  | 'SUM_TYPE_NARROWED'
  | 'SUM_TYPE_EXTENDED'
  | 'NOT_ANALYSED_CHANGED'

export interface Violation {
  rule: CompatRule
  /** JSON pointer into the schema ('' for the root). */
  path: string
  message: string
}

/** Which direction found a violation: BACKWARD (new reads previous) or FORWARD (previous reads new). */
export type Direction = 'BACKWARD' | 'FORWARD'

// ── normal form ──────────────────────────────────────────────────────────────────────────────
type Obj = { readonly [k: string]: unknown }

/** A schema in normal form: any, nothing, a union of alternatives, or one alternative (one type or none). */
type Norm = { k: 'any' } | { k: 'never' } | { k: 'union'; branches: JsonSchema[]; one: boolean } | { k: 'one'; s: Obj; type: string | undefined }

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$defs', 'definitions', 'id'])
const TYPE_KEYS: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format', 'contentEncoding', 'contentMediaType'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties', 'patternProperties'],
  boolean: [],
  null: [],
}
const GENERIC = ['const', 'enum']

const isObj = (s: unknown): s is Obj => typeof s === 'object' && s !== null && !Array.isArray(s)

/** The type of a JSON value, as JSON Schema names it. */
function typeOfValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

class Resolver {
  constructor(readonly root: JsonSchema) {}
  /** Follow a local $ref ('#', '#/$defs/x', '#/definitions/x'). */
  deref(s: JsonSchema, seen = 0): JsonSchema {
    if (!isObj(s) || typeof s['$ref'] !== 'string') return s
    if (seen > 32) return true
    const ref = s['$ref']
    if (!ref.startsWith('#')) return true // remote refs are not followed: treated as anything
    let cur: unknown = this.root
    for (const part of ref.slice(1).split('/').filter((p) => p !== '')) cur = isObj(cur) ? cur[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
    return this.deref(cur === undefined ? true : (cur as JsonSchema), seen + 1)
  }
}

function normalise(s0: JsonSchema, r: Resolver): Norm {
  const s = r.deref(s0)
  if (s === true) return { k: 'any' }
  if (s === false) return { k: 'never' }
  if (!isObj(s)) return { k: 'any' }
  const union = (s['anyOf'] ?? s['oneOf']) as JsonSchema[] | undefined
  if (Array.isArray(union)) {
    // Constraints beside anyOf apply to every branch (zod does not emit that, but keep it sound).
    const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'anyOf' && k !== 'oneOf'))
    const branches = Object.keys(rest).some((k) => !ANNOTATIONS.has(k)) ? union.map((b) => (isObj(b) ? { ...rest, ...b } : b)) : union
    return { k: 'union', branches, one: s['oneOf'] !== undefined }
  }
  const t = s['type']
  if (Array.isArray(t)) {
    if (t.length === 1) return normalise({ ...s, type: t[0] }, r)
    // A type array is a union of single-type schemas, each with its own type's keywords.
    return {
      k: 'union',
      one: false,
      branches: (t as string[]).map((ty) => {
        const keep = new Set([...(TYPE_KEYS[ty] ?? []), ...GENERIC])
        const b: Record<string, unknown> = { type: ty }
        for (const [k, v] of Object.entries(s)) if (keep.has(k)) b[k] = v
        if (Array.isArray(b['enum'])) b['enum'] = (b['enum'] as unknown[]).filter((v) => fitsType(typeOfValue(v), ty))
        return b
      }),
    }
  }
  const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k))
  if (keys.length === 0) return { k: 'any' }
  if (Array.isArray(s['enum']) && (s['enum'] as unknown[]).length === 0) return { k: 'never' }
  let type = typeof t === 'string' ? t : undefined
  if (type === undefined && 'const' in s) type = typeOfValue(s['const'])
  if (type === undefined && Array.isArray(s['enum'])) {
    const types = new Set((s['enum'] as unknown[]).map(typeOfValue).map((x) => (x === 'integer' ? 'number' : x)))
    if (types.size === 1) type = [...types][0]
  }
  return { k: 'one', s, type }
}

/** A value of JSON type `value` is valid for schema type `schema` (integer ⊂ number). */
const fitsType = (value: string, schema: string): boolean => value === schema || (value === 'integer' && schema === 'number')

// ── the check ────────────────────────────────────────────────────────────────────────────────
interface Walk {
  readonly reader: Resolver
  readonly writer: Resolver
  /** The reader is the new schema (BACKWARD); else the previous one (FORWARD). */
  readonly readerIsNew: boolean
  /** Pairs of $ref targets under comparison (recursive schemas). */
  readonly active: Set<string>
}

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v))
const fieldName = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

function describeType(n: Norm): string {
  if (n.k === 'any') return 'any value'
  if (n.k === 'never') return 'nothing'
  if (n.k === 'union') return n.branches.map((b) => describeType(normalise(b, new Resolver(b)))).join('|')
  if ('const' in n.s) return `${n.type ?? 'value'} ${show(n.s['const'])}`
  return n.type ?? 'value'
}

/**
 * Every way the reader schema `R` fails to accept a document the writer schema `W` allows.
 * Messages are phrased previous → new: `old` and `nu` below are W/R or R/W by direction.
 */
function accepts(R: JsonSchema, W: JsonSchema, path: string, w: Walk): Violation[] {
  const rs = w.reader.deref(R)
  const ws = w.writer.deref(W)
  const key = isObj(R) && typeof R['$ref'] === 'string' && isObj(W) && typeof W['$ref'] === 'string' ? `${R['$ref']}|${W['$ref']}` : null
  if (key !== null) {
    if (w.active.has(key)) return [] // a recursive pair already under comparison: assume it holds (coinduction)
    w.active.add(key)
  }
  try {
    return acceptsNorm(normalise(rs, w.reader), normalise(ws, w.writer), path, w)
  } finally {
    if (key !== null) w.active.delete(key)
  }
}

/** Phrase a change: (previous, new) from (reader's, writer's) by direction. */
const pair = <T>(w: Walk, readerSide: T, writerSide: T): { old: T; nu: T } => (w.readerIsNew ? { old: writerSide, nu: readerSide } : { old: readerSide, nu: writerSide })

function acceptsNorm(r: Norm, wn: Norm, path: string, w: Walk): Violation[] {
  if (r.k === 'any' || wn.k === 'never') return []
  if (r.k === 'never') return [{ rule: 'TYPE_CHANGED', path, message: w.readerIsNew ? 'the schema now accepts nothing' : 'the previous schema accepted nothing' }]
  if (wn.k === 'union') {
    const out: Violation[] = []
    const rAlts = r.k === 'union' ? r.branches.map((rb) => normalise(w.reader.deref(rb), w.reader)) : [r]
    const wAlts = wn.branches.map((b) => normalise(w.writer.deref(b), w.writer))
    // When the two share some alternative, a writer alternative the reader has no counterpart for is a
    // lost (or gained) branch of the sum type; when they share none, the type changed outright.
    const shared = wAlts.some((bn) => rAlts.some((rn) => sameKind(rn, bn)))
    wAlts.forEach((bn, i) => {
      const v = acceptsNorm(r, bn, path, w)
      if (v.length === 0) return
      if (shared && !rAlts.some((rn) => sameKind(rn, bn))) out.push(lostAlternative(bn, i, path, w))
      else out.push(...v)
    })
    return out
  }
  if (r.k === 'union') {
    let best: Violation[] | null = null
    for (const b of r.branches) {
      const bn = normalise(w.reader.deref(b), w.reader)
      const v = acceptsNorm(bn, wn, path, w)
      if (v.length === 0) return []
      if (sameKind(bn, wn) && (best === null || v.length < best.length)) best = v
    }
    if (best) return best
    if (wn.k === 'one' && wn.type === 'null') return [lostAlternative(wn, -1, path, w)]
    const { old, nu } = pair(w, describeType(r), describeType(wn))
    return [{ rule: w.readerIsNew ? 'SUM_TYPE_NARROWED' : 'SUM_TYPE_EXTENDED', path, message: `type changed from ${old} to ${nu}` }]
  }
  if (wn.k === 'any') {
    const { old, nu } = pair(w, describeType(r), 'any value')
    return [{ rule: w.readerIsNew ? 'TYPE_NARROWED' : 'TYPE_EXTENDED', path, message: `type narrowed from ${old} to ${nu}`.replace('narrowed', w.readerIsNew ? 'narrowed' : 'widened') }]
  }
  return acceptsOne(r.s, r.type, wn.s, wn.type, path, w)
}

/** A writer alternative with no counterpart in the reader: removed from (BACKWARD) or added to (FORWARD) the sum type. */
function lostAlternative(bn: Norm, i: number, path: string, w: Walk): Violation {
  const isNull = bn.k === 'one' && bn.type === 'null'
  if (isNull) return w.readerIsNew ? { rule: 'TYPE_NARROWED', path, message: 'became non-nullable' } : { rule: 'TYPE_EXTENDED', path, message: 'became nullable' }
  const what = describeType(bn) + (i >= 0 ? ` (alternative ${i})` : '')
  return w.readerIsNew ? { rule: 'SUM_TYPE_NARROWED', path, message: `alternative ${what} was removed` } : { rule: 'SUM_TYPE_EXTENDED', path, message: `alternative ${what} was added` }
}

/** Two alternatives of the same JSON type (or both untyped): compared field by field rather than as a lost branch. */
function sameKind(a: Norm, b: Norm): boolean {
  if (a.k !== 'one' || b.k !== 'one') return a.k === b.k
  if (a.type === undefined || b.type === undefined) return a.type === b.type
  if (!(fitsType(a.type, b.type) || fitsType(b.type, a.type))) return false
  // Discriminated alternatives (zod's discriminatedUnion): the same only when their discriminators agree.
  const disc = (s: Obj): string | null => {
    const props = s['properties']
    if (!isObj(props)) return null
    for (const [k, v] of Object.entries(props)) if (isObj(v) && 'const' in v) return `${k}=${JSON.stringify(v['const'])}`
    return null
  }
  const da = disc(a.s)
  const db = disc(b.s)
  return da === null || db === null || da === db
}

function acceptsOne(r: Obj, rType: string | undefined, ws: Obj, wType: string | undefined, path: string, w: Walk): Violation[] {
  // Type: every writer type must be one the reader takes.
  if (rType !== undefined && (wType === undefined || !fitsType(wType, rType))) {
    const { old, nu } = pair(w, rType, wType ?? 'any value')
    const narrowed = (w.readerIsNew ? fitsType(nu, old) : fitsType(old, nu)) || wType === undefined
    const rule: CompatRule = narrowed ? (w.readerIsNew ? 'TYPE_NARROWED' : 'TYPE_EXTENDED') : 'TYPE_CHANGED'
    return [{ rule, path, message: rule === 'TYPE_CHANGED' ? `type changed from ${old} to ${nu}` : `type ${w.readerIsNew ? 'narrowed' : 'widened'} from ${old} to ${nu}` }]
  }
  const out: Violation[] = []
  // Values: const / enum.
  const rVals = 'const' in r ? [r['const']] : Array.isArray(r['enum']) ? (r['enum'] as unknown[]) : null
  const wVals = 'const' in ws ? [ws['const']] : Array.isArray(ws['enum']) ? (ws['enum'] as unknown[]) : null
  if (rVals !== null) {
    const constOnly = 'const' in r || 'const' in ws
    if (wVals === null) {
      out.push(
        w.readerIsNew
          ? { rule: 'ENUM_ARRAY_ADDED', path, message: `values restricted to ${rVals.map(show).join(', ')}` }
          : { rule: 'ENUM_ARRAY_REMOVED', path, message: `values no longer restricted to ${rVals.map(show).join(', ')}` },
      )
    } else {
      const missing = wVals.filter((v) => !rVals.some((x) => JSON.stringify(x) === JSON.stringify(v)))
      if (missing.length > 0) {
        if (constOnly) {
          const { old, nu } = pair(w, rVals, wVals)
          out.push({ rule: w.readerIsNew ? 'ENUM_ARRAY_NARROWED' : 'ENUM_ARRAY_EXTENDED', path, message: `value changed from ${old.map(show).join(', ')} to ${nu.map(show).join(', ')}` })
        } else
          out.push(
            w.readerIsNew
              ? { rule: 'ENUM_ARRAY_NARROWED', path, message: `enum values removed: ${missing.map(show).join(', ')}` }
              : { rule: 'ENUM_ARRAY_EXTENDED', path, message: `enum values added: ${missing.map(show).join(', ')}` },
          )
      }
    }
  }
  if (wVals !== null) {
    // The writer's documents are exactly these values: check them against the reader's other keywords.
    for (const v of wVals) if (!valueFits(v, r)) out.push({ rule: w.readerIsNew ? 'ENUM_ARRAY_NARROWED' : 'ENUM_ARRAY_EXTENDED', path, message: `value ${show(v)} ${w.readerIsNew ? 'is no longer accepted' : 'was added but the previous schema rejects it'}` })
    return out
  }
  const type = wType ?? rType
  if (type === 'number' || type === 'integer') out.push(...numberBounds(r, ws, type === 'integer' && rType === 'integer', path, w))
  if (type === 'string') {
    out.push(...bound(r, ws, 'minLength', 'min', 'MIN_LENGTH_CHANGED', path, w), ...bound(r, ws, 'maxLength', 'max', 'MAX_LENGTH_CHANGED', path, w))
    for (const [k, rule] of [['pattern', 'PATTERN_CHANGED'], ['format', 'FORMAT_CHANGED']] as const)
      if (r[k] !== undefined && r[k] !== ws[k]) {
        const { old, nu } = pair(w, r[k], ws[k])
        out.push({ rule, path, message: old === undefined ? `${k} ${show(nu)} added` : nu === undefined ? `${k} ${show(old)} removed` : `${k} changed from ${show(old)} to ${show(nu)}` })
      }
  }
  if (type === 'array') out.push(...arrays(r, ws, path, w))
  if (type === 'object') out.push(...objects(r, ws, path, w))
  for (const k of ['allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'patternProperties', 'contains', 'uniqueItems'])
    if (r[k] !== undefined && JSON.stringify(r[k]) !== JSON.stringify(ws[k])) out.push({ rule: 'NOT_ANALYSED_CHANGED', path: `${path}/${k}`, message: `'${k}' changed (not analysed: treated as incompatible)` })
  return out
}

/** A primitive value against the reader's type-specific keywords. */
function valueFits(v: unknown, r: Obj): boolean {
  if (typeof v === 'number') {
    const lo = lowerBound(r, Number.isInteger(v) && r['type'] === 'integer')
    const hi = upperBound(r, Number.isInteger(v) && r['type'] === 'integer')
    if (lo && (v < lo.v || (lo.excl && v === lo.v))) return false
    if (hi && (v > hi.v || (hi.excl && v === hi.v))) return false
    return true
  }
  if (typeof v === 'string') {
    if (typeof r['minLength'] === 'number' && v.length < r['minLength']) return false
    if (typeof r['maxLength'] === 'number' && v.length > r['maxLength']) return false
    if (typeof r['pattern'] === 'string') {
      try {
        if (!new RegExp(r['pattern'], 'u').test(v)) return false
      } catch {
        return false
      }
    }
  }
  return true
}

interface Bound { v: number; excl: boolean }
function lowerBound(s: Obj, integer: boolean): Bound | null {
  const min = typeof s['minimum'] === 'number' ? { v: s['minimum'], excl: false } : null
  const ex = typeof s['exclusiveMinimum'] === 'number' ? (integer ? { v: Math.floor(s['exclusiveMinimum']) + 1, excl: false } : { v: s['exclusiveMinimum'], excl: true }) : null
  if (!min) return ex
  if (!ex) return min
  return ex.v > min.v || (ex.v === min.v && ex.excl) ? ex : min
}
function upperBound(s: Obj, integer: boolean): Bound | null {
  const max = typeof s['maximum'] === 'number' ? { v: s['maximum'], excl: false } : null
  const ex = typeof s['exclusiveMaximum'] === 'number' ? (integer ? { v: Math.ceil(s['exclusiveMaximum']) - 1, excl: false } : { v: s['exclusiveMaximum'], excl: true }) : null
  if (!max) return ex
  if (!ex) return max
  return ex.v < max.v || (ex.v === max.v && ex.excl) ? ex : max
}
const showBound = (b: Bound | null, side: 'min' | 'max'): string => (b === null ? 'none' : `${b.excl ? (side === 'min' ? '>' : '<') : ''}${b.v}`)

function numberBounds(r: Obj, ws: Obj, integer: boolean, path: string, w: Walk): Violation[] {
  const out: Violation[] = []
  const rl = lowerBound(r, integer), wl = lowerBound(ws, integer)
  if (rl && (!wl || rl.v > wl.v || (rl.v === wl.v && rl.excl && !wl.excl))) out.push(boundViolation('minimum', 'MINIMUM_CHANGED', showBound(rl, 'min'), showBound(wl, 'min'), path, w))
  const rh = upperBound(r, integer), wh = upperBound(ws, integer)
  if (rh && (!wh || rh.v < wh.v || (rh.v === wh.v && rh.excl && !wh.excl))) out.push(boundViolation('maximum', 'MAXIMUM_CHANGED', showBound(rh, 'max'), showBound(wh, 'max'), path, w))
  const rm = r['multipleOf'], wm = ws['multipleOf']
  if (typeof rm === 'number' && !(typeof wm === 'number' && Number.isInteger(wm / rm))) {
    const { old, nu } = pair(w, rm, wm)
    out.push({ rule: 'MULTIPLE_OF_CHANGED', path, message: `multipleOf changed from ${old ?? 'none'} to ${nu ?? 'none'}` })
  }
  return out
}

function boundViolation(what: string, rule: CompatRule, readerSide: string, writerSide: string, path: string, w: Walk): Violation {
  const { old, nu } = pair(w, readerSide, writerSide)
  return { rule, path, message: old === 'none' ? `${what} ${nu} added` : nu === 'none' ? `${what} ${old} removed` : `${what} changed from ${old} to ${nu}` }
}

/** An inclusive integer bound (minLength, maxItems …): the reader's must not be tighter than the writer's. */
function bound(r: Obj, ws: Obj, k: string, side: 'min' | 'max', rule: CompatRule, path: string, w: Walk): Violation[] {
  const rv = r[k], wv = ws[k]
  if (typeof rv !== 'number') return []
  if (typeof wv === 'number' && (side === 'min' ? rv <= wv : rv >= wv)) return []
  if (side === 'min' && rv <= 0) return []
  return [boundViolation(k, rule, String(rv), typeof wv === 'number' ? String(wv) : 'none', path, w)]
}

function arrays(r: Obj, ws: Obj, path: string, w: Walk): Violation[] {
  const out = [...bound(r, ws, 'minItems', 'min', 'MIN_ITEMS_CHANGED', path, w), ...bound(r, ws, 'maxItems', 'max', 'MAX_ITEMS_CHANGED', path, w)]
  const rp = Array.isArray(r['prefixItems']) ? (r['prefixItems'] as JsonSchema[]) : []
  const wp = Array.isArray(ws['prefixItems']) ? (ws['prefixItems'] as JsonSchema[]) : []
  const rItems = (r['items'] ?? true) as JsonSchema
  const wItems = (ws['items'] ?? true) as JsonSchema
  for (let i = 0; i < Math.max(rp.length, wp.length); i++) out.push(...accepts(rp[i] ?? rItems, wp[i] ?? wItems, `${path}/prefixItems/${i}`, w))
  if (r['items'] !== undefined) out.push(...accepts(rItems, wItems, `${path}/items`, w))
  return out
}

function objects(r: Obj, ws: Obj, path: string, w: Walk): Violation[] {
  const out: Violation[] = []
  const rProps = (isObj(r['properties']) ? r['properties'] : {}) as Record<string, JsonSchema>
  const wProps = (isObj(ws['properties']) ? ws['properties'] : {}) as Record<string, JsonSchema>
  const rReq = new Set(Array.isArray(r['required']) ? (r['required'] as string[]) : [])
  const wReq = new Set(Array.isArray(ws['required']) ? (ws['required'] as string[]) : [])
  const rAdd = (r['additionalProperties'] ?? true) as JsonSchema
  const wAdd = (ws['additionalProperties'] ?? true) as JsonSchema
  const closed = (s: JsonSchema) => s === false
  for (const p of [...rReq].sort())
    if (!wReq.has(p))
      out.push(
        w.readerIsNew
          ? { rule: 'REQUIRED_PROPERTY_ADDED', path: `${path}/properties/${p}`, message: `field '${p}' became required` }
          : { rule: 'REQUIRED_PROPERTY_REMOVED', path: `${path}/properties/${p}`, message: `field '${p}' became optional (the previous version requires it)` },
      )
  for (const p of Object.keys(wProps).sort()) {
    const at = `${path}/properties/${p}`
    if (p in rProps) out.push(...accepts(rProps[p]!, wProps[p]!, at, w))
    else if (closed(rAdd))
      out.push(
        w.readerIsNew
          ? { rule: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', path: at, message: `field '${fieldName(at)}' was removed from a closed object (additionalProperties: false)` }
          : { rule: 'PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', path: at, message: `field '${fieldName(at)}' was added to a closed object (additionalProperties: false)` },
      )
    else out.push(...accepts(rAdd, wProps[p]!, at, w))
  }
  for (const p of Object.keys(rProps).sort()) {
    if (p in wProps || closed(wAdd)) continue
    const at = `${path}/properties/${p}`
    const v = accepts(rProps[p]!, wAdd, at, w)
    if (v.length === 0) continue
    if (wAdd === true || (isObj(wAdd) && Object.keys(wAdd).length === 0))
      out.push(
        w.readerIsNew
          ? { rule: 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', path: at, message: `field '${p}' was added to an open object (previous data may hold anything there)` }
          : { rule: 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', path: at, message: `field '${p}' was removed from an open object (new data may hold anything there)` },
      )
    else out.push(...v)
  }
  if (closed(rAdd) && !closed(wAdd))
    out.push(
      w.readerIsNew
        ? { rule: 'ADDITIONAL_PROPERTIES_REMOVED', path: `${path}/additionalProperties`, message: 'the object became closed (additionalProperties: false): extra fields are refused' }
        : { rule: 'ADDITIONAL_PROPERTIES_ADDED', path: `${path}/additionalProperties`, message: 'the object became open: the previous version refuses extra fields' },
    )
  else if (!closed(rAdd) && !closed(wAdd)) out.push(...accepts(rAdd, wAdd, `${path}/additionalProperties`, w))
  if (r['propertyNames'] !== undefined) out.push(...accepts(r['propertyNames'] as JsonSchema, (ws['propertyNames'] ?? true) as JsonSchema, `${path}/propertyNames`, w))
  out.push(...bound(r, ws, 'minProperties', 'min', 'MIN_ITEMS_CHANGED', path, w), ...bound(r, ws, 'maxProperties', 'max', 'MAX_ITEMS_CHANGED', path, w))
  return out
}

/** Violations found when `reader` must read every document `writer` allows. */
export function readerViolations(reader: JsonSchema, writer: JsonSchema, readerIsNew: boolean): Violation[] {
  const w: Walk = { reader: new Resolver(reader), writer: new Resolver(writer), readerIsNew, active: new Set() }
  return accepts(reader, writer, '', w)
}

export interface DirectedViolation extends Violation {
  direction: Direction
}

/** Violations of `next` against one `previous` schema, in the directions `mode` requires. */
export function compareSchemas(mode: CompatibilityMode, previous: JsonSchema, next: JsonSchema): DirectedViolation[] {
  const out: DirectedViolation[] = []
  if (mode === 'NONE') return out
  if (mode.startsWith('BACKWARD') || mode.startsWith('FULL')) for (const v of readerViolations(next, previous, true)) out.push({ ...v, direction: 'BACKWARD' })
  if (mode.startsWith('FORWARD') || mode.startsWith('FULL')) for (const v of readerViolations(previous, next, false)) out.push({ ...v, direction: 'FORWARD' })
  return out
}

/** The previous versions a mode checks against: the latest, or every one (*_TRANSITIVE), or none. */
export function versionsToCheck<T>(mode: CompatibilityMode, versions: readonly T[]): T[] {
  if (mode === 'NONE' || versions.length === 0) return []
  return mode.endsWith('_TRANSITIVE') ? [...versions] : [versions[versions.length - 1]!]
}

/** "BACKWARD: field 'term' became required at /properties/term" */
export const formatViolation = (v: DirectedViolation): string => `${v.direction}: ${v.message} at ${v.path === '' ? '/' : v.path}`
