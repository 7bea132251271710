import { describe, expect, it } from 'vitest'
import { MAX_WORLDS, NodesSchema } from './base'
import { ScenarioSchema } from './schema'

describe('the number of worlds', () => {
  it('goes up to 10,000, and no further', () => {
    expect(MAX_WORLDS).toBe(10_000)
    expect(NodesSchema.parse({ count: 10_000 }).count).toBe(10_000)
    expect(NodesSchema.safeParse({ count: 10_001 }).success).toBe(false)
    expect(NodesSchema.safeParse({ count: 0 }).success).toBe(false)
    // A whole scenario at the limit: bounded voters by default (every layer's node ids reach the last world).
    const s = ScenarioSchema.parse({ nodes: { count: 10_000 }, interventions: [{ kind: 'fault', fault: 'crash', target: 9_999, atUs: 1_000_000 }] })
    expect(s.nodes.count).toBe(10_000)
    expect(s.layers.mythOS.votersMax).toBe(5)
    expect(ScenarioSchema.safeParse({ nodes: { count: 10_000 }, interventions: [{ kind: 'fault', fault: 'crash', target: 10_000, atUs: 1_000_000 }] }).success).toBe(false)
  })
})
