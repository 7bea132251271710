/**
 * The schema registry, as Confluent Schema Registry keeps one: subjects, each an ordered list of
 * versions (1, 2, 3 …) of a JSON Schema; global ids, content-addressed and immutable (the same
 * canonical schema text gets the same id under any subject, an id never changes and is never
 * reused); a compatibility mode per subject (the registry's default unless overridden), checked
 * when a version is added: an incompatible one is refused with IncompatibleSchemaError, which
 * names the subject, the mode, the version it conflicts with and every violated rule with its path.
 * Pure data and functions: no clock, no randomness; ids follow registration order.
 */
import { compareSchemas, formatViolation, versionsToCheck, type CompatibilityMode, type DirectedViolation, type JsonSchema } from './compat'

export interface SchemaVersion {
  readonly version: number
  /** Global id: the same canonical schema text has the same id under every subject. */
  readonly id: number
  readonly schema: JsonSchema
}

export interface Conflict {
  /** The registered version the candidate breaks. */
  readonly version: number
  readonly violations: readonly DirectedViolation[]
}

/** A version refused because it breaks its subject's compatibility mode. */
export class IncompatibleSchemaError extends Error {
  constructor(
    readonly subject: string,
    readonly mode: CompatibilityMode,
    readonly conflicts: readonly Conflict[],
  ) {
    super(
      `schema for subject '${subject}' is incompatible under ${mode}: ` +
        conflicts.map((c) => `with version ${c.version}: ${c.violations.map(formatViolation).join('; ')}`).join(' | '),
    )
    this.name = 'IncompatibleSchemaError'
  }
}

/** A subject that does not exist, or a version / id that was never registered. */
export class SchemaNotFoundError extends Error {
  override name = 'SchemaNotFoundError'
}

/** JSON text with keys sorted at every level: two equal schemas have one text, hence one id. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}

/** The schema as stored: without the $schema dialect line (it does not change what the schema accepts). */
function stored(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return schema
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>
  return JSON.parse(JSON.stringify(rest)) as JsonSchema
}

export interface RegistryOptions {
  /** The mode of every subject without an override (Confluent's default: BACKWARD). */
  defaultCompatibility?: CompatibilityMode
  /** Per-subject overrides. */
  compatibility?: Readonly<Record<string, CompatibilityMode>>
}

export interface RegisterResult {
  readonly version: number
  readonly id: number
  /** False: this schema was already the subject's version `version` (registering is idempotent). */
  readonly added: boolean
}

export class SchemaRegistry {
  private readonly idsByText = new Map<string, number>()
  private readonly byId: JsonSchema[] = []
  private readonly subjects = new Map<string, SchemaVersion[]>()
  private readonly overrides = new Map<string, CompatibilityMode>()
  private defaultMode: CompatibilityMode

  constructor(o: RegistryOptions = {}) {
    this.defaultMode = o.defaultCompatibility ?? 'BACKWARD'
    for (const [s, m] of Object.entries(o.compatibility ?? {})) this.overrides.set(s, m)
  }

  get defaultCompatibility(): CompatibilityMode {
    return this.defaultMode
  }

  setDefaultCompatibility(mode: CompatibilityMode): void {
    this.defaultMode = mode
  }

  /** The subject's mode: its override, else the default. */
  compatibility(subject: string): CompatibilityMode {
    return this.overrides.get(subject) ?? this.defaultMode
  }

  setCompatibility(subject: string, mode: CompatibilityMode | null): void {
    if (mode === null) this.overrides.delete(subject)
    else this.overrides.set(subject, mode)
  }

  /** Subject names, in registration order. */
  subjectNames(): string[] {
    return [...this.subjects.keys()]
  }

  has(subject: string): boolean {
    return this.subjects.has(subject)
  }

  versions(subject: string): readonly SchemaVersion[] {
    const v = this.subjects.get(subject)
    if (!v) throw new SchemaNotFoundError(`no subject '${subject}'`)
    return v
  }

  latest(subject: string): SchemaVersion {
    const v = this.versions(subject)
    return v[v.length - 1]!
  }

  version(subject: string, version: number): SchemaVersion {
    const v = this.versions(subject).find((x) => x.version === version)
    if (!v) throw new SchemaNotFoundError(`subject '${subject}' has no version ${version}`)
    return v
  }

  schemaById(id: number): JsonSchema {
    const s = this.byId[id - 1]
    if (s === undefined) throw new SchemaNotFoundError(`no schema with id ${id}`)
    return s
  }

  /** The id this exact schema has (or would get): content-addressed. */
  idOf(schema: JsonSchema): number | null {
    return this.idsByText.get(canonicalJson(stored(schema))) ?? null
  }

  /**
   * Would `schema` be accepted as the subject's next version? The conflicts with the versions its
   * mode checks (the latest; every one for *_TRANSITIVE; none for NONE or a new subject).
   */
  conflicts(subject: string, schema: JsonSchema, mode = this.compatibility(subject)): Conflict[] {
    const next = stored(schema)
    const out: Conflict[] = []
    for (const v of versionsToCheck(mode, this.subjects.get(subject) ?? [])) {
      const violations = compareSchemas(mode, v.schema, next)
      if (violations.length > 0) out.push({ version: v.version, violations })
    }
    return out
  }

  /**
   * Add `schema` as the subject's next version (creating the subject at version 1). A schema the
   * subject already holds returns that version (Confluent: registering is idempotent). A schema
   * that breaks the subject's mode throws IncompatibleSchemaError; nothing is changed.
   */
  register(subject: string, schema: JsonSchema): RegisterResult {
    const next = stored(schema)
    const text = canonicalJson(next)
    const versions = this.subjects.get(subject) ?? []
    const same = versions.find((v) => canonicalJson(v.schema) === text)
    if (same) return { version: same.version, id: same.id, added: false }
    const mode = this.compatibility(subject)
    const conflicts = this.conflicts(subject, next, mode)
    if (conflicts.length > 0) throw new IncompatibleSchemaError(subject, mode, conflicts)
    let id = this.idsByText.get(text)
    if (id === undefined) {
      this.byId.push(next)
      id = this.byId.length
      this.idsByText.set(text, id)
    }
    const version = (versions[versions.length - 1]?.version ?? 0) + 1
    versions.push({ version, id, schema: next })
    this.subjects.set(subject, versions)
    return { version, id, added: true }
  }
}
