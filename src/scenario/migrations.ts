import { ENGINE_VERSION, FORMAT_VERSION } from './schema'
import { describeValue, escapeControls } from './errors'

/**
 * Scenario format migrations: a link made by an older version is upgraded, one format at a time,
 * before the schema sees it; a link from a newer version is refused.
 *
 * The URL codec only writes the fields that differ from the defaults, so the defaults are part of
 * the format. Changing a default, renaming a field or changing a unit therefore means bumping
 * FORMAT_VERSION and registering a migration from the old format that writes the old value
 * explicitly where the field is absent; otherwise old links would silently replay differently.
 */

export type JsonObject = Record<string, unknown>

/** Upgrades a scenario of format n to format n + 1. Must not mutate its argument. */
export type Migration = (scenario: JsonObject) => JsonObject

/** Keyed by the format a migration upgrades from. */
export type MigrationTable = ReadonlyMap<number, Migration>

/** Every world a voter, as format-1 scenarios ran (NodesSchema's most worlds). */
const FORMAT1_VOTERS_MAX = 2_000

/**
 * Format 1 → 2: which layers run became data (`run`), and chaOS's sliders moved from `chaos` to
 * its settings slice `layers.chaOS`. A format-1 scenario ran atmOS, chaOS, mythOS and its network:
 * it says so explicitly now, so later changes to format 2's defaults can never change it. Every
 * world of a format-1 scenario was a Raft voter (format 2 bounds the voters, the other worlds
 * learners): it says so too, with `layers.mythOS.votersMax` 2000.
 */
export const migrateFormat1: Migration = (s) => {
  const { chaos, ...rest } = s
  const layers = isRecord(rest.layers) ? { ...rest.layers } : {}
  if (chaos !== undefined) layers.chaOS = chaos
  // Layers or a mythOS slice that are not objects are left as they are, for the schema to name.
  if ((rest.layers === undefined || isRecord(rest.layers)) && (layers.mythOS === undefined || isRecord(layers.mythOS))) layers.mythOS = { ...layers.mythOS, votersMax: FORMAT1_VOTERS_MAX }
  return { ...rest, run: ['atmOS', 'chaOS', 'mythOS'], ...(Object.keys(layers).length > 0 ? { layers } : {}) }
}

export const MIGRATIONS: MigrationTable = new Map([[1, migrateFormat1]])

/**
 * A scenario that does not say its format is read as format 1: the encoder always writes the
 * format, so only hand-written files omit it, and pinning them to the first format (rather than
 * "the current one") keeps them meaning the same thing after later format bumps.
 */
const UNSTATED_FORMAT = 1

export type MigrateResult = { ok: true; value: JsonObject; warnings: string[] } | { ok: false; error: string }

const isRecord = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Brings a raw (parsed but unvalidated) scenario up to `current`. `table` and `current` are
 * parameters so tests can exercise the mechanism with synthetic formats.
 */
export function migrate(raw: unknown, table: MigrationTable = MIGRATIONS, current: number = FORMAT_VERSION): MigrateResult {
  if (!isRecord(raw)) return { ok: false, error: `The scenario is not a JSON object (got ${describeValue(raw)})` }
  const from = raw.format ?? UNSTATED_FORMAT
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 0)
    return { ok: false, error: `The scenario's format must be a whole number (got ${describeValue(from)})` }
  if (from > current)
    return { ok: false, error: `This link was made by a newer version of simulation (format ${from}); this version reads format ${current}` }

  const warnings: string[] = []
  let value = raw
  for (let format = from; format < current; format++) {
    const step = table.get(format)
    if (!step) return { ok: false, error: `This link uses format ${from}, which this version can no longer read (it reads format ${current})` }
    let next: unknown
    try {
      next = step(value)
    } catch (e) {
      return { ok: false, error: `Could not upgrade the scenario from format ${format} to ${format + 1} (${e instanceof Error ? e.message : 'unknown error'})` }
    }
    if (!isRecord(next)) return { ok: false, error: `Could not upgrade the scenario from format ${format} to ${format + 1} (the upgrade produced no scenario)` }
    value = { ...next, format: format + 1 }
  }
  if (from < current) warnings.push(`This link was made with format ${from}; it was upgraded to format ${current}`)

  // A longer or non-string engine is the schema's to reject, with its own message. JSON escaping
  // and escapeControls keep control and bidi characters (a right-to-left override …) in a hostile
  // engine string visible instead of reshaping the message.
  const engine = raw.engine
  if (typeof engine === 'string' && engine.length <= 32 && engine !== ENGINE_VERSION)
    warnings.push(`This link was made with engine ${escapeControls(JSON.stringify(engine).slice(1, -1))}; replaying with ${ENGINE_VERSION} may differ`)
  return { ok: true, value, warnings }
}
