/**
 * etymOS validates every delivery and wire packet through zod's AOT-compiled twin of each schema
 * (boundary.ts). That twin must accept exactly what the schema accepts. Checked differentially on
 * every boundary schema of the pantheon (each layer's consumes, interventions and wire protocol):
 * the messages a default run really carries, those messages mutated (a field replaced by anything,
 * dropped, an unknown key added, a number made fractional, negative or huge, a string lengthened),
 * and arbitrary values. fast-check prints the seed and the shrunk counterexample of any mismatch.
 */
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import type { Json } from './types'

/** (schema, data) pairs as the run validated them. */
const seen: { schema: z.ZodType; data: unknown }[] = []
/** The module's own boundaryIssue (its cache of compiled twins and its fallback), judged too. */
let boundaryIssue: typeof import('./boundary').boundaryIssue
vi.mock('./boundary', async (importOriginal) => {
  const m = await importOriginal<typeof import('./boundary')>()
  boundaryIssue = m.boundaryIssue
  return {
    ...m,
    boundaryIssue: (schema: z.ZodType, data: unknown) => {
      seen.push({ schema, data: structuredClone(data) })
      return m.boundaryIssue(schema, data)
    },
  }
})

const { LAYERS, registry } = await import('../layers/index')
const { runInProcessWith } = await import('../cosmos/run')
const { activeLayers, defaultScenario } = await import('../scenario/schema')

const schemas: { name: string; schema: z.ZodType }[] = []
for (const m of LAYERS) {
  for (const [group, types] of [['consumes', m.consumes], ['interventions', m.interventions], ['wire', m.wire ?? {}]] as const) {
    for (const [type, schema] of Object.entries(types as Record<string, z.ZodType>)) schemas.push({ name: `${m.name}.${group}.${type}`, schema })
  }
}

/** One value changed at a random depth, the way a hostile or buggy sender would change it. */
type Edit = { path: number[]; how: number; value: Json }
function mutate(data: unknown, e: Edit): unknown {
  const copy = structuredClone(data) as unknown
  let parent: unknown = null, key: string | number | null = null, cur = copy
  for (const step of e.path) {
    if (cur === null || typeof cur !== 'object') break
    const keys = Object.keys(cur)
    if (keys.length === 0) break
    parent = cur
    key = Array.isArray(cur) ? step % cur.length : keys[step % keys.length]!
    cur = (cur as Record<string | number, unknown>)[key]
  }
  const set = (v: unknown) => {
    if (parent === null) return v
    ;(parent as Record<string | number, unknown>)[key!] = v
    return copy
  }
  switch (e.how % 8) {
    case 0: return set(e.value)
    case 1:
      if (parent !== null && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string]
      return copy
    case 2:
      if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) (cur as Record<string, unknown>).extra = e.value
      return copy
    case 3: return typeof cur === 'number' ? set(cur + 0.5) : set(e.value)
    case 4: return typeof cur === 'number' ? set(-1 - cur) : set(null)
    case 5: return typeof cur === 'number' ? set(cur * 2 ** 60) : set(undefined)
    case 6: return typeof cur === 'string' ? set(cur.repeat(2_000)) : set([])
    default: return typeof cur === 'number' ? set(Number.NaN) : set(String(cur))
  }
}

const agree = (schema: z.ZodType, fast: z.ZodType, data: unknown) => {
  const ok = schema.safeParse(data).success
  return fast.validate(data) === ok && (boundaryIssue(schema, data) === null) === ok
}

describe('boundary validation through compiled schemas', () => {
  it('accepts and refuses exactly what each schema does: real traffic, mutated traffic, anything', async () => {
    const s = defaultScenario()
    await runInProcessWith(s, { untilUs: 40_000_000, registry, layers: activeLayers(s), validate: true })
    expect(seen.length).toBeGreaterThan(1_000)
    const bySchema = new Map<z.ZodType, unknown[]>()
    for (const { schema, data } of seen) {
      const list = bySchema.get(schema) ?? []
      if (list.length < 40) list.push(data)
      bySchema.set(schema, list)
    }
    // Most of the pantheon's boundary schemas carry traffic in a default run (the rest: fc.anything).
    const covered = schemas.filter((x) => bySchema.has(x.schema)).length
    expect(covered).toBeGreaterThan(schemas.length / 3)

    const compiled = new Map(schemas.map((x) => [x.schema, z.compile(x.schema)]))
    for (const [schema, samples] of bySchema) {
      const fast = compiled.get(schema) ?? z.compile(schema)
      // chaOS corrupts some packets on purpose: those the schema refuses, the twin must refuse too.
      for (const d of samples) expect(fast.validate(d), JSON.stringify(d)).toBe(schema.safeParse(d).success)
    }
    const all = [...new Set([...schemas.map((x) => x.schema), ...bySchema.keys()])]
    const edit = fc.record({ path: fc.array(fc.nat(50), { maxLength: 4 }), how: fc.nat(7), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> })
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.nat(), edit, fc.anything({ maxDepth: 2 }), (si, pick, e, anything) => {
        const schema = all[si]!
        const fast = compiled.get(schema) ?? z.compile(schema)
        const samples = bySchema.get(schema) ?? []
        const base = samples.length > 0 ? samples[pick % samples.length] : anything
        return agree(schema, fast, mutate(base, e)) && agree(schema, fast, anything)
      }),
      { numRuns: 20_000, seed: 20261202 },
    )
  }, 120_000)
})
