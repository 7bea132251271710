import type { z } from 'zod'

/**
 * Human-readable messages for problems with a scenario. Everything here returns plain text: the
 * UI shows it as text (never as HTML), and any piece of user input in it is clipped and escaped so
 * a hostile link cannot flood or garble a message.
 */

/** How many schema issues a message lists before it only counts the rest. */
export const MAX_ISSUES_SHOWN = 5

/** `layers.mythOS.heartbeatMs`, `interventions[3].target`; the empty path is the scenario itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? String(segment) : `.${String(segment)}`
  }
  return out === '' ? '(scenario)' : out
}

/** A message lists issues up to about this many characters (an option list can be long). */
export const MAX_ISSUES_CHARS = 480

/** Schema issues as `path: message`, joined by '; ', the first few only (at most `max`, and MAX_ISSUES_CHARS). */
export function formatIssues(issues: readonly z.core.$ZodIssue[], max = MAX_ISSUES_SHOWN): string {
  const shown: string[] = []
  let chars = 0
  for (const issue of issues.slice(0, max)) {
    const line = `${formatPath(issue.path)}: ${issue.message}`
    if (shown.length > 0 && chars + line.length > MAX_ISSUES_CHARS) break
    shown.push(line)
    chars += line.length + 2
  }
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`)
  // A path segment or a message can carry a key from the link itself.
  return escapeControls(shown.join('; '))
}

/**
 * Characters that must never reach a message raw: C0/C1 controls (Cc), invisible format
 * characters (Cf: the bidi marks, embeddings, overrides and isolates U+061C, U+200E/F,
 * U+202A–U+202E, U+2066–U+2069, the zero-width characters, U+FEFF …), the line and paragraph
 * separators U+2028/U+2029 and lone surrogates. A right-to-left override from a hostile link
 * would otherwise make a message read backwards.
 */
const CONTROLS = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu

/**
 * Replaces every control or invisible format character (see CONTROLS) with a visible `\u{XXXX}`
 * escape. The result holds none of them, so applying it again changes nothing.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`)
}

/**
 * Quotes a piece of user input for a message: at most `max` characters, with quotes, backslashes
 * and lone surrogates escaped (JSON's escaping) and every other control or invisible format
 * character made visible (escapeControls), so it reads unambiguously as one token.
 */
export function quote(text: string, max = 24): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text
  return `'${escapeControls(JSON.stringify(clipped).slice(1, -1))}'`
}

/** A short description of any JSON value, for "got …" in a message; user text is quoted (escaped). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value)
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : typeof value
}
