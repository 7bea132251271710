/**
 * Boundary validation (etymOS, DESIGN §4): while a layer that validates boundaries runs, every
 * delivery to a layer (and every node-to-node message at its receiver, net/transport.ts) is
 * checked against its schema. One that fails is not processed: the receiving runtime reports it as
 * a `schema_rejected` message, a kernel type any layer may send, which the registry (etymOS)
 * consumes, counts and logs.
 */
import { z } from 'zod'

export const SCHEMA_REJECTED_TYPE = 'schema_rejected'

export const SchemaRejectedMsg = z.strictObject({
  /** The layer that refused the message. */
  layer: z.string().max(40),
  /** Its type (a cross-layer type, or a node-to-node type of `layer`'s wire protocol). */
  type: z.string().max(80),
  /** Who sent it: a layer (boundary 'layer') or a world (boundary 'wire'). */
  from: z.union([z.string().max(40), z.number().int().min(0)]),
  /** The first failing field, dot-separated ('' for the message itself). */
  path: z.string().max(200),
  reason: z.string().max(300),
  /** The world it concerns (the receiver on the wire), if any. */
  node: z.number().int().min(0).nullable(),
  boundary: z.enum(['layer', 'wire']),
})
export type SchemaRejection = z.infer<typeof SchemaRejectedMsg>

/**
 * Each boundary schema's AOT-compiled twin (zod's `z.compile`: generated code, no per-node dispatch
 * or output allocation), made on first use. A conforming message, nearly every one, is answered by
 * it; one that does not conform is parsed again by the schema itself, for the same first issue.
 */
const compiled = new WeakMap<z.ZodType, z.ZodType>()

/** Validate `data` against `schema` at a boundary: null when it conforms, else the first issue. */
export function boundaryIssue(schema: z.ZodType, data: unknown): { path: string; message: string } | null {
  let fast = compiled.get(schema)
  if (fast === undefined) compiled.set(schema, (fast = z.compile(schema)))
  if (fast.validate(data)) return null
  const r = schema.safeParse(data)
  if (r.success) return null
  const i = r.error.issues[0]!
  return { path: i.path.join('.'), message: i.message }
}
