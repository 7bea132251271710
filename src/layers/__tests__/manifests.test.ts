/**
 * The page reads the layers' manifests (src/layers/manifests.ts), the workers run the modules
 * (src/layers/index.ts): the two lists must agree, layer by layer, on everything the page reads.
 */
import { describe, expect, it } from 'vitest'
import { LAYERS } from '../index'
import { MANIFESTS } from '../manifests'

describe('manifests', () => {
  it('list the modules of LAYERS in the same order, with the same settings, interventions, metrics and pantheon line', () => {
    expect(MANIFESTS.map((m) => m.name)).toEqual(LAYERS.map((m) => m.name))
    MANIFESTS.forEach((m, i) => {
      const mod = LAYERS[i]!
      expect(mod.settings, m.name).toBe(m.settings)
      expect(mod.interventions, m.name).toStrictEqual(m.interventions)
      expect(mod.metrics, m.name).toBe(m.metrics)
      expect([mod.role, mod.reference], m.name).toEqual([m.role, m.reference])
      expect(mod.requires ?? [], m.name).toEqual('requires' in m ? m.requires : [])
    })
  })
})
