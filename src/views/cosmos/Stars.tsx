/** A static, deterministic star field far behind the worlds (fixed LCG, no Math.random). */
import type { JSX } from 'react'
import * as THREE from 'three'
import { starField } from './cosmos.math'
import { useDisposable } from './useDisposable'

const STAR_COUNT = 700

function makeStarGeometry(): THREE.BufferGeometry {
  const { positions, brightness } = starField(STAR_COUNT, 20250611)
  const colors = new Float32Array(STAR_COUNT * 3)
  for (let i = 0; i < STAR_COUNT; i++) {
    const b = brightness[i]!
    // A faint blue/warm tint alternating by index, so the field is not flat grey.
    const warm = i % 5 === 0
    colors[i * 3] = b * (warm ? 1 : 0.82)
    colors[i * 3 + 1] = b * (warm ? 0.9 : 0.88)
    colors[i * 3 + 2] = b * (warm ? 0.75 : 1)
  }
  const g = new THREE.BufferGeometry()
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3))
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3))
  return g
}

export function Stars(): JSX.Element {
  const geometry = useDisposable(makeStarGeometry)
  const material = useDisposable(
    () => new THREE.PointsMaterial({ size: 1.8, sizeAttenuation: false, vertexColors: true, depthWrite: false, transparent: true, opacity: 0.9 }),
  )
  return <points args={[geometry, material]} renderOrder={-1} />
}
