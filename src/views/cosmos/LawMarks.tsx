/**
 * Marks of the law, the watcher and harmony on the cosmos:
 * - nomOS: a world on which an action was just denied wears a pale-blue shield ring for
 *   DENY_SHOW_US of sim time (the denial is in the log, its rule in the nomOS panel).
 * - anomOS: a world with an alert firing on it carries an amber warning glyph above it; a cluster
 *   alert puts a smaller one above every world.
 * - harmoniOS: while the universe is in harmony a calm teal glow surrounds all the worlds; a world
 *   running a canary version of a rollout in progress wears a thin gold ring.
 * All read the frame buffer's views inside useFrame, as the other marks do.
 */
import { useFrame } from '@react-three/fiber'
import { useMemo, useRef, type JSX } from 'react'
import * as THREE from 'three'
import { frameBuffer } from '../../store/frameBuffer'
import { createHaloMaterial } from './materials'
import type { CosmosModel } from './model'
import { ALERT_COLOR, CANARY_COLOR, HARMONY_GLOW, LAW_COLOR } from './palette'
import { useDisposable } from './useDisposable'

/** How long a denial's shield shows, µs of sim time. */
export const DENY_SHOW_US = 3_000_000
const SHIELD_CAPACITY = 16
const CANARY_CAPACITY = 256
const GLYPHS = 64

const scratch = new THREE.Matrix4()

/** An amber warning triangle with "!" drawn once on a canvas. */
function warningTexture(): THREE.CanvasTexture {
  const c = document.createElement('canvas')
  c.width = c.height = 64
  const g = c.getContext('2d')!
  g.fillStyle = ALERT_COLOR
  g.strokeStyle = '#2a1d00'
  g.lineWidth = 4
  g.beginPath()
  g.moveTo(32, 5)
  g.lineTo(60, 57)
  g.lineTo(4, 57)
  g.closePath()
  g.fill()
  g.stroke()
  g.fillStyle = '#2a1d00'
  g.fillRect(29, 20, 6, 22)
  g.fillRect(29, 46, 6, 6)
  const t = new THREE.CanvasTexture(c)
  t.colorSpace = THREE.SRGBColorSpace
  return t
}

export function LawMarks({ model }: { model: CosmosModel }): JSX.Element {
  const plane = useDisposable(() => new THREE.PlaneGeometry(1, 1))
  const shieldMaterial = useDisposable(() => createHaloMaterial(LAW_COLOR, { inner: 0.74, outer: 0.84, glow: 0.35, pulse: 0.35, dashes: 6 }))
  const canaryMaterial = useDisposable(() => createHaloMaterial(CANARY_COLOR, { inner: 0.9, outer: 0.94, glow: 0, pulse: 0 }))
  // Dimmed: a calm glow, not a wall (the halo shader's ring is fully opaque at its colour).
  const glowMaterial = useDisposable(() => createHaloMaterial(HARMONY_GLOW, { inner: 0.975, outer: 0.985, glow: 0.3, pulse: 0.06 }))
  const texture = useDisposable(warningTexture)
  const glyphMaterial = useDisposable(() => new THREE.SpriteMaterial({ map: texture, depthTest: false, transparent: true }))
  const shieldRef = useRef<THREE.InstancedMesh>(null)
  const canaryRef = useRef<THREE.InstancedMesh>(null)
  const glowRef = useRef<THREE.InstancedMesh>(null)
  // Sprites through <primitive> (the scene's catalogue extends only what its JSX names: Canvas3D.tsx).
  const { group, glyphs } = useMemo(() => {
    const group = new THREE.Group()
    const glyphs = Array.from({ length: GLYPHS }, () => {
      const sprite = new THREE.Sprite(glyphMaterial)
      sprite.visible = false
      sprite.renderOrder = 4
      group.add(sprite)
      return sprite
    })
    return { group, glyphs }
  }, [glyphMaterial])
  const bounds = useRef({ layout: -1, x: 0, y: 0, z: 0, r: 1 })

  useFrame((state) => {
    const t = state.clock.elapsedTime
    shieldMaterial.uniforms.uTime!.value = t
    glowMaterial.uniforms.uTime!.value = t
    const n = model.indexById.size
    const place = (mesh: THREE.InstancedMesh, slot: number, index: number, size: number) => {
      scratch.makeScale(size, size, size).setPosition(model.pos[index * 3]!, model.pos[index * 3 + 1]!, model.pos[index * 3 + 2]!)
      mesh.setMatrixAt(slot, scratch)
    }

    const shield = shieldRef.current
    if (shield !== null) {
      let k = 0
      for (const d of frameBuffer.views.nomOS?.recent ?? []) {
        if (d.allowed || d.target === null || k >= SHIELD_CAPACITY) continue
        const age = model.displayUs - d.atUs
        const i = model.indexById.get(d.target)
        if (i === undefined || age < 0 || age > DENY_SHOW_US) continue
        place(shield, k++, i, model.radius * 3.4)
      }
      shield.count = k
      shield.instanceMatrix.needsUpdate = true
    }

    const canary = canaryRef.current
    if (canary !== null) {
      let k = 0
      // The canaries of the rollout in progress (after one completes every world runs its version: none is a canary).
      for (const id of frameBuffer.views.harmoniOS?.rollout?.canaries ?? []) {
        if (k >= CANARY_CAPACITY) break
        const i = model.indexById.get(id)
        if (i !== undefined) place(canary, k++, i, model.radius * 2.05)
      }
      canary.count = k
      canary.instanceMatrix.needsUpdate = true
    }

    const glow = glowRef.current
    if (glow !== null) {
      const b = bounds.current
      if (b.layout !== model.layoutVersion && n > 0) {
        let x = 0, y = 0, z = 0
        for (let i = 0; i < n; i++) {
          x += model.pos[i * 3]!
          y += model.pos[i * 3 + 1]!
          z += model.pos[i * 3 + 2]!
        }
        x /= n
        y /= n
        z /= n
        let r = 0
        for (let i = 0; i < n; i++) r = Math.max(r, Math.hypot(model.pos[i * 3]! - x, model.pos[i * 3 + 1]! - y, model.pos[i * 3 + 2]! - z))
        Object.assign(b, { layout: model.layoutVersion, x, y, z, r: r + model.radius * 4 })
      }
      const harmony = frameBuffer.views.harmoniOS?.harmony === true
      glow.count = harmony && n > 0 ? 1 : 0
      if (harmony) {
        scratch.makeScale(b.r * 2, b.r * 2, b.r * 2).setPosition(b.x, b.y, b.z)
        glow.setMatrixAt(0, scratch)
        glow.instanceMatrix.needsUpdate = true
      }
    }

    {
      const a = frameBuffer.views.anomOS
      const firing = a?.firingWorlds ?? []
      const everywhere = a?.clusterFiring === true
      let k = 0
      const show = (index: number, scale: number) => {
        const sprite = glyphs[k++]!
        sprite.visible = true
        sprite.position.set(model.pos[index * 3]!, model.pos[index * 3 + 1]! + model.radius * 2.6, model.pos[index * 3 + 2]!)
        sprite.scale.setScalar(model.radius * scale)
      }
      const marked = new Set<number>()
      for (const w of firing) {
        const i = model.indexById.get(w)
        if (i === undefined || k >= GLYPHS) continue
        marked.add(i)
        show(i, 1.8)
      }
      if (everywhere) for (let i = 0; i < n && k < GLYPHS; i++) if (!marked.has(i)) show(i, 1.1)
      for (let j = k; j < GLYPHS; j++) glyphs[j]!.visible = false
    }
  })

  return (
    <>
      <instancedMesh ref={glowRef} args={[plane, glowMaterial, 1]} count={0} frustumCulled={false} renderOrder={1} />
      <instancedMesh ref={canaryRef} args={[plane, canaryMaterial, CANARY_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={shieldRef} args={[plane, shieldMaterial, SHIELD_CAPACITY]} count={0} frustumCulled={false} renderOrder={3} />
      <primitive object={group} />
    </>
  )
}
