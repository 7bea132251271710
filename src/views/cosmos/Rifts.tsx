/**
 * Partitions as rifts. A 'groups' partition: the cut links drawn as red dashed "marching" wires, a
 * turning red dashed ring on every world cut off from the majority (every group but the largest),
 * and a shimmering red wall between two groups wherever a plane separates them (an isolated
 * region, a half). A majorities-ring ('ring'): every cut pair as a red dashed wire, no wall and no
 * rings — the cut is not transitive (every world still sees a majority), so no plane separates it
 * and no world is isolated.
 * Rebuilt only when the active partitions (or the layout) change; per frame only the shimmer,
 * the dashes and the rings move (in shaders).
 */
import { useFrame } from '@react-three/fiber'
import { useMemo, useRef, type JSX } from 'react'
import * as THREE from 'three'
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js'
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js'
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js'
import { SCENE_RADIUS, partitionCutLinks, riftWall } from './cosmos.math'
import { createHaloMaterial, createRiftWallMaterial } from './materials'
import { WORLDS_CAPACITY, type CosmosModel } from './model'
import { RIFT_COLOR } from './palette'
import { useDisposable } from './useDisposable'

const WALLS_CAPACITY = 8
/** Cut links drawn at most, over all partitions. */
const LINKS_CAPACITY = 320
const WALL_SIZE = SCENE_RADIUS * 1.7

const zAxis = new THREE.Vector3(0, 0, 1)
const scratchNormal = new THREE.Vector3()
const scratchPos = new THREE.Vector3()
const scratchQuat = new THREE.Quaternion()
const scratchScale = new THREE.Vector3(WALL_SIZE, WALL_SIZE, 1)
const scratchMatrix = new THREE.Matrix4()

export function Rifts({ model }: { model: CosmosModel }): JSX.Element {
  const wallGeometry = useDisposable(() => new THREE.PlaneGeometry(1, 1))
  const wallMaterial = useDisposable(() => createRiftWallMaterial(RIFT_COLOR))
  const lineGeometry = useDisposable(() => new LineSegmentsGeometry())
  const lineMaterial = useDisposable(
    () =>
      new LineMaterial({
        color: RIFT_COLOR,
        linewidth: 2.2,
        worldUnits: false,
        dashed: true,
        dashSize: 0.32,
        gapSize: 0.22,
        transparent: true,
        opacity: 0.95,
        depthWrite: false,
      }),
  )
  const lines = useMemo(() => {
    const l = new LineSegments2(lineGeometry, lineMaterial)
    l.frustumCulled = false
    l.visible = false
    l.renderOrder = 1
    return l
  }, [lineGeometry, lineMaterial])
  const markGeometry = useDisposable(() => new THREE.PlaneGeometry(1, 1))
  const markMaterial = useDisposable(() => createHaloMaterial(RIFT_COLOR, { inner: 0.74, outer: 0.8, glow: 0.12, pulse: 0.12, dashes: 10 }))
  const wallsRef = useRef<THREE.InstancedMesh>(null)
  const marksRef = useRef<THREE.InstancedMesh>(null)
  const seen = useRef({ partitions: -1, layout: -1 })

  useFrame((_, delta) => {
    wallMaterial.uniforms.uTime!.value += delta
    markMaterial.uniforms.uTime!.value += delta
    lineMaterial.dashOffset -= delta * 0.6
    const walls = wallsRef.current
    const marks = marksRef.current
    const s = seen.current
    if (walls === null || marks === null || (s.partitions === model.partitionsVersion && s.layout === model.layoutVersion)) return
    s.partitions = model.partitionsVersion
    s.layout = model.layoutVersion
    const partitions = model.network?.partitions ?? []
    const indexOf = (id: number) => model.indexById.get(id) ?? -1
    const segments: number[] = []
    let w = 0
    let m = 0
    const markSize = model.radius * 3
    const perPartition = Math.max(8, Math.floor(LINKS_CAPACITY / Math.max(1, partitions.length)))
    for (const p of partitions) {
      const pairs = partitionCutLinks(p, model.pos, indexOf, perPartition)
      for (let k = 0; k < pairs.length; k += 2) {
        const a = pairs[k]!, b = pairs[k + 1]!
        segments.push(model.pos[a * 3]!, model.pos[a * 3 + 1]!, model.pos[a * 3 + 2]!, model.pos[b * 3]!, model.pos[b * 3 + 1]!, model.pos[b * 3 + 2]!)
      }
      if (p.kind === 'ring') continue // non-transitive: the wires are the whole picture
      const idx = p.groups.map((g) => g.map(indexOf).filter((i) => i >= 0))
      let largest = 0
      idx.forEach((g, gi) => {
        if (g.length > idx[largest]!.length) largest = gi
      })
      idx.forEach((g, gi) => {
        if (gi === largest) return
        for (const i of g) {
          if (m >= WORLDS_CAPACITY) break
          scratchMatrix.makeScale(markSize, markSize, markSize).setPosition(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!)
          marks.setMatrixAt(m++, scratchMatrix)
        }
      })
      for (let i = 0; i < idx.length; i++)
        for (let j = i + 1; j < idx.length; j++) {
          if (w >= WALLS_CAPACITY) continue
          const wall = riftWall(idx[i]!, idx[j]!, model.pos)
          if (wall === null || !wall.separates) continue // interleaved groups: the rings and wires tell
          scratchNormal.set(...wall.normal)
          scratchQuat.setFromUnitVectors(zAxis, scratchNormal)
          scratchPos.set(...wall.center)
          walls.setMatrixAt(w++, scratchMatrix.compose(scratchPos, scratchQuat, scratchScale))
        }
    }
    walls.count = w
    walls.instanceMatrix.needsUpdate = true
    marks.count = m
    marks.instanceMatrix.needsUpdate = true
    if (segments.length > 0) {
      lineGeometry.dispose() // frees the previous buffers on the GPU; setPositions makes new ones
      lineGeometry.setPositions(segments)
      lines.computeLineDistances()
      lines.visible = true
    } else lines.visible = false
  })

  return (
    <>
      <instancedMesh ref={wallsRef} args={[wallGeometry, wallMaterial, WALLS_CAPACITY]} count={0} frustumCulled={false} renderOrder={1} />
      <instancedMesh ref={marksRef} args={[markGeometry, markMaterial, WORLDS_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
      <primitive object={lines} dispose={null} />
    </>
  )
}
