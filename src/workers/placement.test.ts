import { describe, expect, it } from 'vitest'
import { placeLayers } from '../cosmos/cosmos'
import { registry } from '../layers/index'
import { ScenarioSchema, activeLayers } from '../scenario/schema'
import { placementFor, spreadGainUs } from './placement'

const scenario = (worlds: number) => ({ nodes: { count: worlds } })
/** The default run's layers (atmOS, pneumOS, chaOS, mythOS). */
const layersOf = (_worlds: number) => activeLayers(ScenarioSchema.parse({}))

describe('theOS placement policy', () => {
  it('keeps every layer in the coordinator on a 2-core machine, at any size', () => {
    for (const worlds of [1, 5, 200, 5_000]) {
      const p = placementFor(scenario(worlds), layersOf(worlds), null, { cores: 2 })
      expect(p.kind).toBe('coordinator')
      expect(p.hosts).toEqual([registry.ordered(layersOf(worlds))])
      expect(p.note).toMatch(/all layers in the coordinator/)
    }
  })

  it('keeps the built pantheon in the coordinator even with many cores: mythOS dominates, so spreading cannot pay', () => {
    for (const worlds of [1, 5, 50, 200, 2_000]) {
      const p = placementFor(scenario(worlds), layersOf(worlds), null, { cores: 16 })
      expect(p.kind, `${worlds} worlds`).toBe('coordinator')
      expect(p.note).toMatch(/would cost more per window/)
      expect(spreadGainUs(layersOf(worlds), worlds, 4)).toBeLessThan(0)
    }
  })

  it('spreads over layer workers when the layers share compute-heavy work evenly and a window pays for the barrier', () => {
    const layers = layersOf(5)
    // A hypothetical pantheon: four layers of equal, compute-heavy work with little traffic.
    const cost = { sharePercent: Object.fromEntries(layers.map((l) => [l, 25])), windowUsAt50Worlds: 10_000, copyUsPerWorld: 10 }
    expect(placementFor(scenario(1), layers, null, { cores: 8, cost }).kind).toBe('coordinator') // one world: the barrier costs more
    const big = placementFor(scenario(500), layers, null, { cores: 8, cost })
    expect(big.kind).toBe('worker')
    expect(big.hosts).toEqual(placeLayers(registry, layers, layers.length))
    expect(big.note).toMatch(/^4 layer workers: at 500 worlds/)
    // Fewer spare cores than layers: as many workers as there are spare cores.
    expect(placementFor(scenario(500), layers, null, { cores: 4, cost }).hosts).toHaveLength(2)
  })

  it('obeys ?workers=N / --workers N whatever the cost', () => {
    const layers = layersOf(5)
    const zero = placementFor(scenario(5), layers, 0, { cores: 16 })
    expect(zero).toMatchObject({ kind: 'coordinator', hosts: [registry.ordered(layers)] })
    expect(zero.note).toContain('?workers=0')
    const two = placementFor(scenario(5), layers, 2, { cores: 2 })
    expect(two.kind).toBe('worker')
    expect(two.hosts).toEqual(placeLayers(registry, layers, 2))
    expect(placementFor(scenario(5), layers, 32, { cores: 2 }).hosts).toHaveLength(layers.length)
  })

  it('places every layer of the run exactly once', () => {
    for (const requested of [null, 0, 1, 3, 9]) {
      const p = placementFor(scenario(50), layersOf(50), requested, { cores: 64, cost: { sharePercent: { mythOS: 30, pneumOS: 30, atmOS: 20, chaOS: 20 }, copyUsPerWorld: 0 } })
      expect(p.hosts.flat().sort()).toEqual([...layersOf(50)].sort())
    }
  })
})
