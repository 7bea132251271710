import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate'
import { ScenarioSchema, defaultScenario, type Scenario } from './schema'
import { migrate } from './migrations'
import { formatIssues, quote } from './errors'

/**
 * The share-URL codec. A link's fragment is `#s1.<data>`, where
 *   - `s1` is the codec version: it names the envelope, the compression and the text encoding;
 *   - `<data>` is base64url (no padding) of raw DEFLATE of the JSON envelope
 *     `[format, engine, settings]`, and `settings` holds only the fields that differ from the
 *     defaults, which keeps ordinary links short (the default scenario is `#s1.` + about 50 characters). `run` (which
 *     layers run) is always written, never left to a default.
 * The format and engine sit outside `settings` because they must be read before the settings can
 * be interpreted (see migrations.ts). `#scenario=s1.<data>` and a whole pasted URL are accepted too.
 *
 * Decoding never throws and never evaluates anything: it returns data, or a message naming what is
 * wrong together with the default scenario to fall back to.
 */

export const CODEC = 's1'
/** Longest link (whole input string) read at all; checked before any decoding work. */
export const MAX_LINK_CHARS = 262_144
/** Largest decompressed scenario, enforced while decompressing (a DEFLATE bomb stops there). */
export const MAX_SCENARIO_BYTES = 1 << 20
/** Compressed bytes fed to the inflater per step: DEFLATE expands at most ~1032×, so one step
 *  produces at most ~1 MiB before the size check runs again. */
const INFLATE_STEP_BYTES = 1_024
/** Keys that could reach an object's prototype if a later merge copied them. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

export type DecodeResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; error: string; scenario: Scenario }

/** The fragment payload (without '#') for a scenario: `s1.<data>`. */
export function encodeScenario(s: Scenario): string {
  const { format, engine, ...settings } = s
  const { format: _f, engine: _e, ...defaults } = defaultScenario()
  // `run` is always written: which layers a link runs must never depend on a later default.
  const diff = { ...((jsonDiff(settings, defaults) as Record<string, unknown> | undefined) ?? {}), run: settings.run }
  const json = JSON.stringify([format, engine, diff])
  return `${CODEC}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`
}

/** A link to `s`: `base` (any fragment it has is dropped) followed by `#s1.<data>`. */
export function shareUrl(base: string, s: Scenario): string {
  const hash = base.indexOf('#')
  return `${hash < 0 ? base : base.slice(0, hash)}#${encodeScenario(s)}`
}

/**
 * Reads a fragment (`#s1.x`, `s1.x`, `#scenario=s1.x`, or a whole URL ending in one). An empty
 * fragment is the default scenario, without complaint: it is a link that carries no scenario.
 */
export function decodeScenario(fragment: string): DecodeResult {
  try {
    return decode(fragment)
  } catch (e) {
    // Every step below reports its own failures; this is the promise that nothing escapes.
    return fail(`Could not read the link (${e instanceof Error ? e.message : 'unexpected error'})`)
  }
}

function decode(input: unknown): DecodeResult {
  if (typeof input !== 'string') return fail('The link is not text')
  if (input.length > MAX_LINK_CHARS) return fail(`The link is too long (${input.length} characters; at most ${MAX_LINK_CHARS})`)

  let payload = input.trim()
  const hash = payload.indexOf('#')
  if (hash >= 0) payload = payload.slice(hash + 1)
  if (payload.startsWith('scenario=')) payload = payload.slice('scenario='.length)
  if (payload === '') return { ok: true, scenario: defaultScenario(), warnings: [] }

  const dot = payload.indexOf('.')
  const prefix = dot < 0 ? payload : payload.slice(0, dot)
  if (prefix !== CODEC) return fail(unknownPrefix(prefix))
  const data = dot < 0 ? '' : payload.slice(dot + 1)
  if (data === '') return fail(`The link is truncated (nothing after '${CODEC}.')`)

  const bytes = fromBase64Url(data)
  if (typeof bytes === 'string') return fail(bytes)
  const inflated = inflateBounded(bytes, MAX_SCENARIO_BYTES)
  if (inflated === 'too-big') return fail(`The scenario decompresses to more than ${MAX_SCENARIO_BYTES / (1 << 20)} MiB`)
  if (inflated === 'corrupt') return fail('The link is truncated or corrupted (could not decompress)')

  let json: unknown
  try {
    json = JSON.parse(strFromU8(inflated))
  } catch {
    return fail('The scenario is not valid JSON')
  }
  const forbidden = findForbiddenKey(json)
  if (forbidden !== undefined) return fail(`The scenario contains the forbidden key ${quote(forbidden)}`)
  if (!Array.isArray(json) || json.length !== 3 || !isRecord(json[2]))
    return fail('The link does not hold a scenario (expected [format, engine, settings])')

  const migrated = migrate({ ...json[2], format: json[0], engine: json[1] })
  if (!migrated.ok) return fail(migrated.error)
  const parsed = ScenarioSchema.safeParse(migrated.value)
  if (!parsed.success) return fail(`The scenario is invalid (${formatIssues(parsed.error.issues)})`)
  return { ok: true, scenario: parsed.data, warnings: migrated.warnings }
}

const fail = (error: string): DecodeResult => ({ ok: false, error, scenario: defaultScenario() })

function unknownPrefix(prefix: string): string {
  const codec = /^s(\d{1,6})$/.exec(prefix)
  if (codec && Number(codec[1]) > Number(CODEC.slice(1)))
    return `This link was made by a newer version of simulation (codec ${prefix}); this version reads ${CODEC}`
  return `The link is not a simulation scenario (unknown prefix ${quote(prefix)})`
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The part of `value` that differs from `base`, or undefined if nothing does. Objects are compared
 * key by key; anything else (numbers, strings, the interventions list) is kept whole if it differs.
 */
function jsonDiff(value: unknown, base: unknown): unknown {
  if (isRecord(value) && isRecord(base)) {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) {
      const d = jsonDiff(v, base[key])
      if (d !== undefined) out[key] = d
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  return JSON.stringify(value) === JSON.stringify(base) ? undefined : value
}

/** First forbidden key anywhere in a parsed JSON value. Iterative: a hostile link may nest deeply. */
function findForbiddenKey(root: unknown): string | undefined {
  const pending: unknown[] = [root]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item)
      continue
    }
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return key
      pending.push(item)
    }
  }
  return undefined
}

/** Inflates raw DEFLATE a step at a time, giving up as soon as the output passes `maxBytes`. */
function inflateBounded(data: Uint8Array, maxBytes: number): Uint8Array | 'too-big' | 'corrupt' {
  const chunks: Uint8Array[] = []
  let total = 0
  const inflater = new Inflate((chunk) => {
    total += chunk.length
    if (total <= maxBytes) chunks.push(chunk)
  })
  try {
    for (let at = 0; at < data.length; at += INFLATE_STEP_BYTES) {
      inflater.push(data.subarray(at, at + INFLATE_STEP_BYTES), at + INFLATE_STEP_BYTES >= data.length)
      if (total > maxBytes) return 'too-big'
    }
  } catch {
    return 'corrupt' // fflate throws on a malformed or unfinished stream
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const SEXTET = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i

/** RFC 4648 §5 base64url without padding. Hand-written: no Buffer, atob or DOM in the pure core. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const triple = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, bytes.length - i + 1) // 1 byte → 2 chars, 2 → 3, 3 → 4
    for (let k = 0; k < chars; k++) out += ALPHABET[(triple >> (18 - 6 * k)) & 63]
  }
  return out
}

/** The bytes, or a message saying why `text` is not base64url. */
export function fromBase64Url(text: string): Uint8Array | string {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let at = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const sextet = code < 128 ? SEXTET[code]! : -1
    if (sextet < 0) return `The link is corrupted (unexpected character ${quote(String.fromCodePoint(text.codePointAt(i)!))} in its data)`
    buffer = ((buffer << 6) | sextet) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[at++] = (buffer >> bits) & 0xff
    }
  }
  // Checked after the characters: a stray character is the more telling diagnosis.
  if (text.length % 4 === 1) return 'The link is truncated or corrupted (its data has an impossible length)'
  return out
}
