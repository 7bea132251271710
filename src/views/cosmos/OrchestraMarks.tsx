/**
 * Marks of failure detection and orchestration on the cosmos:
 * - pandemoniOS: the pandemonium zone — a red ring beside the cluster into which quarantined
 *   (fenced) worlds are pulled (their positions move there: model.ts pullIntoZone) — and a thin red
 *   ring on each world at least half its observers suspect, or convicted while it is not fenced.
 * - theOS: each workload replica (pod) as a small moon orbiting the world it runs on, coloured by
 *   its service (grey while starting), so a crash visibly sends the moons to other worlds.
 * All read the frame buffer's views inside useFrame, as the other marks do.
 */
import { useFrame } from '@react-three/fiber'
import { type JSX, useRef } from 'react'
import * as THREE from 'three'
import { frameBuffer } from '../../store/frameBuffer'
import { createHaloMaterial } from './materials'
import type { CosmosModel } from './model'
import { MOON_COLORS, MOON_STARTING, PANDEMONIUM_COLOR } from './palette'
import { useDisposable } from './useDisposable'

const MOON_CAPACITY = 4_096
const SUSPECT_CAPACITY = 256
const scratch = new THREE.Matrix4()
const color = new THREE.Color()

export function OrchestraMarks({ model }: { model: CosmosModel }): JSX.Element {
  const plane = useDisposable(() => new THREE.PlaneGeometry(1, 1))
  const sphere = useDisposable(() => new THREE.SphereGeometry(1, 10, 8))
  const zoneMaterial = useDisposable(() => createHaloMaterial(PANDEMONIUM_COLOR, { inner: 0.9, outer: 0.97, glow: 0.45, pulse: 0.5, dashes: 12 }))
  const suspectMaterial = useDisposable(() => createHaloMaterial(PANDEMONIUM_COLOR, { inner: 0.86, outer: 0.9, glow: 0.15, pulse: 0.8 }))
  const moonMaterial = useDisposable(() => new THREE.MeshBasicMaterial({ color: '#ffffff' }))
  const zoneRef = useRef<THREE.InstancedMesh>(null)
  const suspectRef = useRef<THREE.InstancedMesh>(null)
  const moonRef = useRef<THREE.InstancedMesh>(null)
  const moonPlan = useRef({ version: -1, layout: -1, count: 0, world: new Int32Array(MOON_CAPACITY), phase: new Float32Array(MOON_CAPACITY) })

  useFrame((state) => {
    const t = state.clock.elapsedTime
    zoneMaterial.uniforms.uTime!.value = t
    suspectMaterial.uniforms.uTime!.value = t

    const zone = zoneRef.current
    if (zone !== null) {
      const z = model.zone
      zone.count = z === null ? 0 : 1
      if (z !== null) {
        scratch.makeScale(z.r * 2, z.r * 2, z.r * 2).setPosition(z.x, z.y, z.z)
        zone.setMatrixAt(0, scratch)
        zone.instanceMatrix.needsUpdate = true
      }
    }

    const suspect = suspectRef.current
    if (suspect !== null) {
      let k = 0
      const p = frameBuffer.views.pandemoniOS
      const verdicts = p?.verdict ?? []
      for (let id = 0; id < verdicts.length; id++) {
        if (k >= SUSPECT_CAPACITY) break
        // Convicted (not fenced: a crashed world), or suspected by at least half its observers — one
        // cut-off observer suspecting everyone else is its own problem, not theirs.
        const half = (p?.suspecting[id] ?? 0) * 2 >= (p?.observersPerWorld ?? 1)
        if (verdicts[id] !== 'convicted' && !(verdicts[id] === 'suspected' && half)) continue
        const i = model.indexById.get(id)
        if (i === undefined) continue
        const r = model.radius * 2.6
        scratch.makeScale(r, r, r).setPosition(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!)
        suspect.setMatrixAt(k++, scratch)
      }
      suspect.count = k
      suspect.instanceMatrix.needsUpdate = true
    }

    const moons = moonRef.current
    if (moons !== null) {
      // Which moon orbits which world, in which slot and colour: only when a new view arrived;
      // each frame then only turns the orbits.
      const plan = moonPlan.current
      if (plan.version !== frameBuffer.version || plan.layout !== model.layoutVersion) {
        plan.version = frameBuffer.version
        plan.layout = model.layoutVersion
        plan.count = 0
        const theos = frameBuffer.views.theOS
        if (theos !== undefined) {
          const serviceIndex = new Map(theos.services.map((sv, j) => [sv.name, j]))
          const perWorld = new Map<number, number>()
          for (const p of theos.pods) if (p.node !== null && p.state !== 'pending') perWorld.set(p.node, (perWorld.get(p.node) ?? 0) + 1)
          const slot = new Map<number, number>()
          for (const p of theos.pods) {
            if (p.node === null || p.state === 'pending' || plan.count >= MOON_CAPACITY) continue
            const i = model.indexById.get(p.node)
            if (i === undefined) continue
            const j = slot.get(p.node) ?? 0
            slot.set(p.node, j + 1)
            const k = plan.count++
            plan.world[k] = i
            plan.phase[k] = (2 * Math.PI * j) / (perWorld.get(p.node) ?? 1)
            color.set(p.state === 'running' ? MOON_COLORS[(serviceIndex.get(p.service) ?? 0) % MOON_COLORS.length]! : MOON_STARTING)
            moons.setColorAt(k, color)
          }
          if (moons.instanceColor) moons.instanceColor.needsUpdate = true
        }
      }
      const orbit = model.radius * 1.9
      const size = model.radius * 0.22
      for (let k = 0; k < plan.count; k++) {
        const i = plan.world[k]!
        const a = plan.phase[k]! + t * 0.6
        scratch.makeScale(size, size, size).setPosition(
          model.pos[i * 3]! + orbit * Math.cos(a),
          model.pos[i * 3 + 1]! + orbit * Math.sin(a) * 0.35,
          model.pos[i * 3 + 2]! + orbit * Math.sin(a),
        )
        moons.setMatrixAt(k, scratch)
      }
      moons.count = plan.count
      moons.instanceMatrix.needsUpdate = true
    }
  })

  return (
    <>
      <instancedMesh ref={zoneRef} args={[plane, zoneMaterial, 1]} count={0} frustumCulled={false} renderOrder={1} />
      <instancedMesh ref={suspectRef} args={[plane, suspectMaterial, SUSPECT_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={moonRef} args={[sphere, moonMaterial, MOON_CAPACITY]} count={0} frustumCulled={false} />
    </>
  )
}
