import * as THREE from 'three'
import { describe, expect, it } from 'vitest'
import { createBillboardMaterial, createHaloMaterial } from './materials'

const BILLBOARD = 'mv.xy += position.xy * length(instanceMatrix[0].xyz);'

describe('billboard materials', () => {
  it('turn every instanced quad to the camera, additive and transparent, with no depth writes', () => {
    const halo = createHaloMaterial('#ffcc00', { inner: 0.5, outer: 0.55, glow: 0.5, pulse: 0.1 })
    const plain = createBillboardMaterial({}, 'void main() {}')
    for (const m of [halo, plain]) {
      expect(m.vertexShader).toContain(BILLBOARD)
      expect(m.transparent).toBe(true)
      expect(m.depthWrite).toBe(false)
      expect(m.blending).toBe(THREE.AdditiveBlending)
    }
    expect(halo.vertexShader).toBe(plain.vertexShader)
    expect(halo.uniforms['uInner']!.value).toBe(0.5)
  })

  it('pass per-instance attributes to the fragment shader as varyings, set before the quad is placed', () => {
    const m = createBillboardMaterial({}, 'void main() {}', 'attribute float aFrac; varying float vFrac;', 'vFrac = aFrac;')
    const v = m.vertexShader
    expect(v.indexOf('attribute float aFrac; varying float vFrac;')).toBeLessThan(v.indexOf('void main()'))
    expect(v.indexOf('vFrac = aFrac;')).toBeGreaterThan(v.indexOf('void main()'))
    expect(v.indexOf('vFrac = aFrac;')).toBeLessThan(v.indexOf(BILLBOARD))
  })
})
