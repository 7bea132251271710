/**
 * The worlds: one instanced sphere mesh coloured by Raft role and lifecycle status — Raft learners
 * drawn smaller than the voters (worldScale) — a pulsing halo on each leader, a ring on the
 * selected world. Matrices and colours are rewritten only when the views change (or the hovered
 * world does).
 */
import { useFrame, type ThreeEvent } from '@react-three/fiber'
import { useMemo, useRef, type JSX } from 'react'
import * as THREE from 'three'
import { worldColor, worldScale } from './cosmos.math'
import { createHaloMaterial, createWorldMaterial } from './materials'
import { WORLDS_CAPACITY, type CosmosModel } from './model'
import { HALO_COLOR, SELECTION_COLOR } from './palette'
import { useSelectedWorld } from './selection'
import { useDisposable } from './useDisposable'

const HALOS_CAPACITY = 16

/** A leader's halo quad, scene units: 5.2 world radii, never under 1.1 (many small worlds). */
export const haloDiameter = (radius: number): number => Math.max(radius * 5.2, 1.1)
/** How far a halo's glow is seen from its centre, scene units: the glow fades out over the quad's last 15 % (materials.ts). */
export const haloVisibleRadius = (radius: number): number => (haloDiameter(radius) / 2) * 0.9
/** How far below a leader's centre its name label starts (along the camera's up): clear of the halo's glow. */
export const labelBelowLeader = (radius: number): number => haloVisibleRadius(radius) + radius * 0.15
const LOW_DETAIL_ABOVE = 200
const TINY_DETAIL_ABOVE = 2000

const scratchMatrix = new THREE.Matrix4()
const scratchPos = new THREE.Vector3()
const scratchScale = new THREE.Vector3()

export function Worlds({ model }: { model: CosmosModel }): JSX.Element {
  const geometry = useDisposable(() => new THREE.SphereGeometry(1, 32, 20))
  // Many worlds are small on screen: fewer triangles each (2000 × 1.2k would be 2.5M).
  const lowGeometry = useDisposable(() => new THREE.SphereGeometry(1, 14, 10))
  // Beyond 2000 worlds (each a few px): 8 × 6 segments, 80 triangles (10,000 × 80 = 0.8M).
  const tinyGeometry = useDisposable(() => new THREE.SphereGeometry(1, 8, 6))
  const material = useDisposable(createWorldMaterial)
  const meshRef = useRef<THREE.InstancedMesh>(null)
  const seen = useRef({ version: -1, hovered: null as number | null })
  const colors = useMemo(() => new Map<string, THREE.Color>(), [])
  const colorOf = (hex: string): THREE.Color => {
    let c = colors.get(hex)
    if (c === undefined) colors.set(hex, (c = new THREE.Color(hex)))
    return c
  }

  useFrame(() => {
    const mesh = meshRef.current
    if (mesh === null) return
    const hovered = useSelectedWorld.getState().hovered
    const s = seen.current
    if (s.version === model.version && s.hovered === hovered) return
    s.version = model.version
    s.hovered = hovered
    const n = Math.min(model.worlds.length, WORLDS_CAPACITY)
    const hoveredIndex = hovered === null ? -1 : (model.indexById.get(hovered) ?? -1)
    for (let i = 0; i < n; i++) {
      const w = model.worlds[i]!
      const node = model.nodes[i]
      const r = model.radius * worldScale(w.status, node?.voter, i === hoveredIndex)
      scratchPos.set(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!)
      // Each world turned its own way (golden angle), so their surfaces differ.
      scratchMatrix.makeRotationY(i * 2.39996).scale(scratchScale.set(r, r, r)).setPosition(scratchPos)
      mesh.setMatrixAt(i, scratchMatrix)
      mesh.setColorAt(i, colorOf(worldColor(node?.role, w.status, node?.up ?? true)))
    }
    mesh.count = n
    mesh.geometry = n > TINY_DETAIL_ABOVE ? tinyGeometry : n > LOW_DETAIL_ABOVE ? lowGeometry : geometry
    // Upload only the instances in use, not the whole capacity.
    mesh.instanceMatrix.clearUpdateRanges()
    mesh.instanceMatrix.addUpdateRange(0, n * 16)
    mesh.instanceMatrix.needsUpdate = true
    if (mesh.instanceColor !== null) {
      mesh.instanceColor.clearUpdateRanges()
      mesh.instanceColor.addUpdateRange(0, n * 3)
      mesh.instanceColor.needsUpdate = true
    }
    mesh.computeBoundingSphere()
  })

  const worldAt = (e: ThreeEvent<PointerEvent | MouseEvent>): number | null => {
    const i = e.instanceId
    return i === undefined ? null : (model.worlds[i]?.id ?? null)
  }
  const setCursor = (e: ThreeEvent<PointerEvent>, cursor: string) => {
    const el = e.nativeEvent.target
    if (el instanceof HTMLElement) el.style.cursor = cursor
  }

  return (
    <>
      <instancedMesh
        ref={meshRef}
        args={[geometry, material, WORLDS_CAPACITY]}
        count={0}
        frustumCulled={false}
        onPointerMove={(e) => {
          e.stopPropagation()
          useSelectedWorld.getState().setHovered(worldAt(e))
          setCursor(e, 'pointer')
        }}
        onPointerOut={(e) => {
          useSelectedWorld.getState().setHovered(null)
          setCursor(e, '')
        }}
        onClick={(e) => {
          e.stopPropagation()
          if (e.delta > 4) return // the end of an orbit drag, not a click
          const id = worldAt(e)
          const sel = useSelectedWorld.getState()
          sel.setContextMenuFor(null)
          if (id !== null) sel.setSelected(id)
        }}
        onContextMenu={(e) => {
          e.stopPropagation()
          e.nativeEvent.preventDefault()
          const id = worldAt(e)
          if (id !== null) useSelectedWorld.getState().setContextMenuFor({ world: id, x: e.nativeEvent.clientX, y: e.nativeEvent.clientY })
        }}
      />
      <Halos model={model} />
    </>
  )
}

/** Leader halos and the selection ring: billboard quads (the shader turns them to the camera). */
function Halos({ model }: { model: CosmosModel }): JSX.Element {
  const geometry = useDisposable(() => new THREE.PlaneGeometry(1, 1))
  const haloMaterial = useDisposable(() => createHaloMaterial(HALO_COLOR, { inner: 0.5, outer: 0.55, glow: 0.55, pulse: 0.15 }))
  const ringMaterial = useDisposable(() => createHaloMaterial(SELECTION_COLOR, { inner: 0.8, outer: 0.86, glow: 0, pulse: 0.08 }))
  const halosRef = useRef<THREE.InstancedMesh>(null)
  const ringRef = useRef<THREE.InstancedMesh>(null)

  useFrame((state) => {
    const t = state.clock.elapsedTime
    haloMaterial.uniforms.uTime!.value = t
    ringMaterial.uniforms.uTime!.value = t
    const place = (mesh: THREE.InstancedMesh, slot: number, index: number, size: number) => {
      scratchMatrix.makeScale(size, size, size).setPosition(model.pos[index * 3]!, model.pos[index * 3 + 1]!, model.pos[index * 3 + 2]!)
      mesh.setMatrixAt(slot, scratchMatrix)
    }
    const halos = halosRef.current
    if (halos !== null) {
      const n = Math.min(model.leaders.length, HALOS_CAPACITY)
      for (let k = 0; k < n; k++) place(halos, k, model.leaders[k]!, haloDiameter(model.radius))
      halos.count = n
      halos.instanceMatrix.needsUpdate = true
    }
    const ring = ringRef.current
    if (ring !== null) {
      const selected = useSelectedWorld.getState().selected
      const i = selected === null ? undefined : model.indexById.get(selected)
      if (i === undefined || i >= model.worlds.length) ring.count = 0
      else {
        place(ring, 0, i, model.radius * 3.2)
        ring.count = 1
        ring.instanceMatrix.needsUpdate = true
      }
    }
  })

  return (
    <>
      <instancedMesh ref={halosRef} args={[geometry, haloMaterial, HALOS_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <instancedMesh ref={ringRef} args={[geometry, ringMaterial, 1]} count={0} frustumCulled={false} renderOrder={3} />
    </>
  )
}
