import { describe, expect, it } from 'vitest'
import { deflateSync, strToU8 } from 'fflate'
import { ENGINE_VERSION, FORMAT_VERSION, ScenarioSchema } from './schema'
import { CODEC, decodeScenario, toBase64Url } from './url'
import { migrate } from './migrations'
import { describeValue, escapeControls, formatIssues, quote } from './errors'

const RLO = '\u202E'
/** Every character that must never reach a message raw (one of each kind the brief names). */
const HOSTILE = [
  '\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B', '\u061C', '\u200E', '\u200F',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u2028', '\u2029', '\uFEFF', '\u200B', '\u00AD',
]
/** No control, format (bidi …) or separator character, nor a lone surrogate. */
const RAW_CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u

const link = (format: unknown, engine: unknown, settings: unknown) =>
  `#${CODEC}.${toBase64Url(deflateSync(strToU8(JSON.stringify([format, engine, settings])), { level: 9 }))}`

describe('escapeControls', () => {
  it('makes every control and bidi character a visible \\u{XXXX} escape', () => {
    expect(escapeControls(`abc${RLO}def`)).toBe('abc\\u{202E}def')
    expect(escapeControls('\u0000\u0085\u061C\u2028\uFEFF')).toBe('\\u{0000}\\u{0085}\\u{061C}\\u{2028}\\u{FEFF}')
    for (const c of HOSTILE) {
      const out = escapeControls(`x${c}y`)
      expect(out).not.toMatch(RAW_CONTROL)
      expect(out).toBe(`x\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}y`)
    }
  })

  it('escapes lone surrogates but keeps ordinary text, accents, emoji and right-to-left letters', () => {
    expect(escapeControls('\uD800x')).toBe('\\u{D800}x')
    const plain = 'héllo wörld 😀 שלום مرحبا — 3 µs'
    expect(escapeControls(plain)).toBe(plain)
  })

  it('is idempotent', () => {
    const once = escapeControls(HOSTILE.join('') + 'tail')
    expect(escapeControls(once)).toBe(once)
  })
})

describe('quoted user input in messages', () => {
  it('quote() and describeValue() show a right-to-left override as an escape', () => {
    expect(quote(`ab${RLO}cd`)).toBe("'ab\\u{202E}cd'")
    expect(describeValue(`${RLO}evil`)).toBe("'\\u{202E}evil'")
    for (const c of HOSTILE) {
      expect(quote(`a${c}b`)).not.toMatch(RAW_CONTROL)
      expect(describeValue(`a${c}b`)).not.toMatch(RAW_CONTROL)
    }
    // JSON's own escapes are kept for the characters it knows.
    expect(quote('a\n"b')).toBe("'a\\n\\\"b'")
  })

  it('a link whose engine holds U+202E gets a warning with the visible escape and no raw override', () => {
    const r = decodeScenario(link(FORMAT_VERSION, `0.0.9${RLO}lave`, {}))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.warnings).toEqual([`This link was made with engine 0.0.9\\u{202E}lave; replaying with ${ENGINE_VERSION} may differ`])
    for (const w of r.warnings) expect(w).not.toMatch(RAW_CONTROL)
    // A format-1 link is upgraded as well: both warnings, neither with a raw override.
    const old = decodeScenario(link(1, `0.0.9${RLO}lave`, {}))
    expect(old.ok).toBe(true)
    if (!old.ok) return
    expect(old.warnings).toEqual([
      'This link was made with format 1; it was upgraded to format 2',
      `This link was made with engine 0.0.9\\u{202E}lave; replaying with ${ENGINE_VERSION} may differ`,
    ])
    for (const w of old.warnings) expect(w).not.toMatch(RAW_CONTROL)
  })

  it('migrate() escapes every hostile character in the engine warning', () => {
    for (const c of HOSTILE) {
      const m = migrate({ format: FORMAT_VERSION, engine: `v${c}` })
      expect(m.ok).toBe(true)
      if (!m.ok) continue
      expect(m.warnings).toHaveLength(1)
      expect(m.warnings[0]).not.toMatch(RAW_CONTROL)
      // C0 controls keep JSON's escapes (\n, \u0007); everything else gets \u{XXXX}.
      const code = c.codePointAt(0)!
      if (code >= 0x20) expect(m.warnings[0]).toContain(`v\\u{${code.toString(16).toUpperCase().padStart(4, '0')}}`)
      else expect(m.warnings[0]).toContain(JSON.stringify(`v${c}`).slice(1, -1))
    }
  })

  it('a link whose format is an unknown value holding U+202E is refused with the visible escape', () => {
    const r = decodeScenario(link(`1${RLO}0`, ENGINE_VERSION, {}))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toContain("'1\\u{202E}0'")
    expect(r.error).not.toMatch(RAW_CONTROL)
  })

  it('a link with an unknown prefix holding U+202E is refused with the visible escape', () => {
    const r = decodeScenario(`#x${RLO}y.abc`)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toContain('\\u{202E}')
    expect(r.error).not.toMatch(RAW_CONTROL)
  })

  it('schema issues never carry a raw control character, even from a key or path', () => {
    const parsed = ScenarioSchema.safeParse({ seed: -1 })
    expect(parsed.success).toBe(false)
    if (parsed.success) return
    const issue = { ...parsed.error.issues[0]!, path: ['layers', `x${RLO}`], message: `Unrecognized key: "${RLO}"` }
    const text = formatIssues([issue])
    expect(text).toBe('layers.x\\u{202E}: Unrecognized key: "\\u{202E}"')
    expect(text).not.toMatch(RAW_CONTROL)
  })

  it('an unknown key holding hostile characters (every object is strict) is named with visible escapes', () => {
    for (const c of HOSTILE) {
      const key = `evil${c}key`
      for (const [input, path] of [[{ [key]: 1 }, '(scenario)'], [{ layers: { mythOS: { [key]: 1 } } }, 'layers.mythOS'], [{ nodes: { [key]: 1 } }, 'nodes']] as const) {
        const parsed = ScenarioSchema.safeParse(input)
        expect(parsed.success).toBe(false)
        if (parsed.success) continue
        const text = formatIssues(parsed.error.issues)
        expect(text).not.toMatch(RAW_CONTROL)
        expect(text).toBe(`${path}: Unrecognized key: "evil\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}key"`)
        const r = decodeScenario(link(FORMAT_VERSION, ENGINE_VERSION, input))
        expect(r.ok).toBe(false)
        if (r.ok) continue
        expect(r.error).toBe(`The scenario is invalid (${text})`)
        expect(r.error).not.toMatch(RAW_CONTROL)
      }
    }
    const r = decodeScenario(link(FORMAT_VERSION, ENGINE_VERSION, { layers: { [`x${RLO}`]: {} } }))
    expect(r).toMatchObject({ ok: false, error: 'The scenario is invalid (layers: Unrecognized key: "x\\u{202E}")' })
  })
})
