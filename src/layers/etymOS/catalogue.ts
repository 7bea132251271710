/**
 * The catalogue: every message and event type of every layer as a subject of the schema registry,
 * built from the layers' own zod schemas (exported as JSON Schema by zod 4's z.toJSONSchema) —
 * what each module consumes, sends and takes as interventions, its node-to-node wire protocol
 * (subjects `<layer>.<kind>`), the logOS events it emits (subjects `<layer>.<type>`, consumed by
 * logOS), and the kernel's own types. Each subject has its producers and consumers
 * (the producer → consumer graph), its kind, and version 1 taken from the code.
 *
 * The modules are passed in (src/layers/index.ts LAYERS): etymOS is itself one of them, so this
 * file never imports that list (no import cycle).
 */
import { z } from 'zod'
import type { AnyLayerModule } from '../../kernel/layer'
import { SCHEMA_REJECTED_TYPE, SchemaRejectedMsg } from '../../kernel/boundary'
import { CLOCK_SET_TYPE, ClockSetMsg } from '../../kernel/clocks'
import { WORLD_STATUS_TYPE, WorldStatusMsg } from '../../kernel/worlds'
import type { JsonSchema } from './compat'
import { SchemaRegistry, type RegisterResult, type RegistryOptions } from './registry'

export type SubjectKind = 'cross-layer' | 'wire' | 'intervention' | 'kernel' | 'event'

/** Who produces a subject besides layers: a user (interventions) or the kernel itself. */
export const USER = 'user'
export const KERNEL = 'kernel'
/** The consumer of every event: the kernel's event log (and, through it, the checkers and timelines). */
export const LOGOS = 'logOS'

export interface CatalogueSubject {
  /** The subject: the message type, or `<layer>.<kind>` for a wire message or an event. */
  readonly name: string
  readonly kind: SubjectKind
  /** The message type as routed (wire: the kind inside the layer's protocol). */
  readonly type: string
  /** Layers (or 'user', 'kernel') that send it, in layer order. */
  readonly producers: readonly string[]
  /** Layers that receive it, in layer order. */
  readonly consumers: readonly string[]
  /** Set when zod could not represent part of the schema in JSON Schema. */
  readonly note?: string
}

export interface Catalogue {
  readonly registry: SchemaRegistry
  readonly subjects: readonly CatalogueSubject[]
  /** What is not catalogued, and why. */
  readonly notes: readonly string[]
}

/** Kernel message types (not declared by a module, or declared by the kernel for every layer). */
export const KERNEL_TYPES: Readonly<Record<string, z.ZodType>> = {
  [WORLD_STATUS_TYPE]: WorldStatusMsg,
  [CLOCK_SET_TYPE]: ClockSetMsg,
  [SCHEMA_REJECTED_TYPE]: SchemaRejectedMsg,
}

export { subjectOf } from './subject'

/**
 * A zod schema as JSON Schema (what a reader accepts: io 'input'). A schema zod cannot fully
 * represent (transforms, custom checks, bigint, dates) is exported with those parts as "any
 * value", and the note says so.
 */
export function toJsonSchema(schema: z.ZodType): { schema: JsonSchema; note?: string } {
  try {
    return { schema: z.toJSONSchema(schema, { io: 'input' }) as JsonSchema }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    try {
      return { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, note: `partly unrepresentable in JSON Schema (${why}): those parts are catalogued as any value` }
    } catch (e2) {
      return { schema: true, note: `not representable in JSON Schema (${e2 instanceof Error ? e2.message : String(e2)}): catalogued as any value` }
    }
  }
}

/**
 * Register a new version of a subject from a zod schema (what a node software rollout does,
 * harmoniOS): refused with IncompatibleSchemaError when it breaks the subject's mode.
 */
export function registerZod(registry: SchemaRegistry, subject: string, schema: z.ZodType): RegisterResult {
  return registry.register(subject, toJsonSchema(schema).schema)
}

export function buildCatalogue(modules: readonly AnyLayerModule[], o: RegistryOptions = {}): Catalogue {
  const registry = new SchemaRegistry(o)
  const subjects: CatalogueSubject[] = []
  const notes: string[] = ['metrics samples have no schema (a TypeScript interface of the kernel): not catalogued']
  const add = (name: string, kind: SubjectKind, type: string, schema: z.ZodType, producers: string[], consumers: string[]) => {
    const j = toJsonSchema(schema)
    registry.register(name, j.schema)
    subjects.push({ name, kind, type, producers, consumers, ...(j.note ? { note: j.note } : {}) })
  }
  const producersOf = (type: string) => modules.filter((m) => type in m.sends).map((m) => m.name)
  const consumersOf = (type: string) => modules.filter((m) => type in m.consumes || type in m.interventions).map((m) => m.name)
  const seen = new Set<string>()
  for (const [type, schema] of Object.entries(KERNEL_TYPES)) {
    seen.add(type)
    add(type, 'kernel', type, schema, [...producersOf(type), ...(type === SCHEMA_REJECTED_TYPE ? [KERNEL] : [])], consumersOf(type))
  }
  for (const m of modules) {
    for (const [kind, schema] of Object.entries(m.interventions)) {
      if (seen.has(kind)) continue
      seen.add(kind)
      add(kind, 'intervention', kind, schema, [USER], consumersOf(kind))
    }
    for (const [type, schema] of [...Object.entries(m.sends), ...Object.entries(m.consumes)]) {
      if (seen.has(type)) continue
      seen.add(type)
      add(type, 'cross-layer', type, schema, producersOf(type), consumersOf(type))
    }
  }
  for (const m of modules)
    for (const [kind, schema] of Object.entries(m.wire ?? {})) add(`${m.name}.${kind}`, 'wire', kind, schema, [m.name], [m.name])
  for (const m of modules)
    for (const [type, schema] of Object.entries(m.events ?? {})) add(`${m.name}.${type}`, 'event', type, schema, [m.name], [LOGOS])
  return { registry, subjects, notes }
}
