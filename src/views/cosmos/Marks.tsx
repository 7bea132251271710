/**
 * Marks on the worlds from the layers beside Raft:
 * - chronOS: a world whose clock was stepped by its NTP discipline (amber) or jumped by chaOS
 *   (magenta) gets a ring that widens away from it for JOLT_SHOW_US of sim time — a jolt you see
 *   where it happens, with the clocks timeline telling how far.
 * - karmOS: a world holding ledger entries corrupted on disk and not yet repaired wears a dashed
 *   red ring until anti-entropy repairs them.
 * - hypnOS: a world compacting its Raft log wears a violet dotted ring while its snapshot is
 *   written, and a violet ring widens from it when the compaction is done (as a jolt's does).
 * All read the frame buffer's views inside useFrame, as the worlds do.
 */
import { useFrame } from '@react-three/fiber'
import { useRef, type JSX } from 'react'
import * as THREE from 'three'
import { frameBuffer } from '../../store/frameBuffer'
import { joltRing } from './cosmos.math'
import { createHaloMaterial } from './materials'
import type { CosmosModel } from './model'
import { COMPACT_COLOR, CORRUPT_COLOR, JUMP_COLOR, STEP_COLOR } from './palette'
import { useDisposable } from './useDisposable'

/** chronOS keeps its last 32 jolts; so do the rings. */
const JOLTS_CAPACITY = 32
const CORRUPT_CAPACITY = 256
/** hypnOS keeps its last 64 compactions; worlds compacting at once: at most one ring each. */
const COMPACTED_CAPACITY = 64
const COMPACTING_CAPACITY = 256

const scratch = new THREE.Matrix4()

export function Marks({ model }: { model: CosmosModel }): JSX.Element {
  const geometry = useDisposable(() => new THREE.PlaneGeometry(1, 1))
  const stepMaterial = useDisposable(() => createHaloMaterial(STEP_COLOR, { inner: 0.82, outer: 0.9, glow: 0.25, pulse: 0 }))
  const jumpMaterial = useDisposable(() => createHaloMaterial(JUMP_COLOR, { inner: 0.82, outer: 0.9, glow: 0.25, pulse: 0 }))
  const corruptMaterial = useDisposable(() => createHaloMaterial(CORRUPT_COLOR, { inner: 0.7, outer: 0.78, glow: 0, pulse: 0.2, dashes: 10 }))
  const stepRef = useRef<THREE.InstancedMesh>(null)
  const jumpRef = useRef<THREE.InstancedMesh>(null)
  const corruptRef = useRef<THREE.InstancedMesh>(null)
  const compactedMaterial = useDisposable(() => createHaloMaterial(COMPACT_COLOR, { inner: 0.84, outer: 0.9, glow: 0.2, pulse: 0 }))
  const compactingMaterial = useDisposable(() => createHaloMaterial(COMPACT_COLOR, { inner: 0.62, outer: 0.68, glow: 0, pulse: 0.3, dashes: 16 }))
  const compactedRef = useRef<THREE.InstancedMesh>(null)
  const compactingRef = useRef<THREE.InstancedMesh>(null)

  useFrame((state) => {
    corruptMaterial.uniforms.uTime!.value = state.clock.elapsedTime
    compactingMaterial.uniforms.uTime!.value = state.clock.elapsedTime
    const place = (mesh: THREE.InstancedMesh, slot: number, index: number, size: number) => {
      scratch.makeScale(size, size, size).setPosition(model.pos[index * 3]!, model.pos[index * 3 + 1]!, model.pos[index * 3 + 2]!)
      mesh.setMatrixAt(slot, scratch)
    }
    const step = stepRef.current
    const jump = jumpRef.current
    if (step !== null && jump !== null) {
      let ns = 0
      let nj = 0
      for (const j of frameBuffer.views.chronOS?.jolts ?? []) {
        const i = model.indexById.get(j.node)
        const size = joltRing(model.displayUs - j.atUs, model.radius)
        if (i === undefined || size === null) continue
        if (j.kind === 'jump') place(jump, nj++, i, size)
        else place(step, ns++, i, size)
      }
      step.count = ns
      jump.count = nj
      step.instanceMatrix.needsUpdate = true
      jump.instanceMatrix.needsUpdate = true
    }
    const corrupt = corruptRef.current
    if (corrupt !== null) {
      let n = 0
      for (const w of frameBuffer.views.karmOS?.worlds ?? []) {
        if (w.corrupted.length === 0 || n >= CORRUPT_CAPACITY) continue
        const i = model.indexById.get(w.id)
        if (i !== undefined) place(corrupt, n++, i, model.radius * 2.7)
      }
      corrupt.count = n
      corrupt.instanceMatrix.needsUpdate = true
    }
    const hypnos = frameBuffer.views.hypnOS
    const compacted = compactedRef.current
    const compacting = compactingRef.current
    if (compacted !== null && compacting !== null) {
      let nd = 0
      let nc = 0
      for (const c of hypnos?.recent ?? []) {
        const i = model.indexById.get(c.node)
        const size = joltRing(model.displayUs - c.atUs, model.radius)
        if (i !== undefined && size !== null && nd < COMPACTED_CAPACITY) place(compacted, nd++, i, size)
      }
      for (const w of hypnos?.worlds ?? []) {
        if (w.state !== 'compacting' || nc >= COMPACTING_CAPACITY) continue
        const i = model.indexById.get(w.id)
        if (i !== undefined) place(compacting, nc++, i, model.radius * 2.3)
      }
      compacted.count = nd
      compacting.count = nc
      compacted.instanceMatrix.needsUpdate = true
      compacting.instanceMatrix.needsUpdate = true
    }
  })

  return (
    <>
      <instancedMesh ref={stepRef} args={[geometry, stepMaterial, JOLTS_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={jumpRef} args={[geometry, jumpMaterial, JOLTS_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={corruptRef} args={[geometry, corruptMaterial, CORRUPT_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={compactedRef} args={[geometry, compactedMaterial, COMPACTED_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={compactingRef} args={[geometry, compactingMaterial, COMPACTING_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
    </>
  )
}
