/**
 * Election-timeout arcs (RaftScope's timer): around every world with an election timer — a voter
 * that follows or campaigns, while up — a thin ring arc from 12 o'clock, clockwise, as long as the
 * part of its randomised timeout still ahead. It empties as the timeout nears (pale blue, then amber in
 * the last quarter) and jumps back to full when the world hears from a leader; the leader, the
 * learners and down worlds have none. A faint full ring behind shows the whole timeout.
 *
 * One instanced billboard quad per arc (materials.ts's billboard, as the halos), one draw call:
 * the instances (which worlds, where) are rebuilt when the views change; per frame only each
 * arc's fraction (one float) is recomputed from mythOS's deadline and the smooth sim clock
 * (model.displayUs) and uploaded. The number of arcs drawn is written on the canvas element as
 * data-election-arcs (e2e tests read it).
 */
import { useFrame } from '@react-three/fiber'
import { useMemo, useRef, type JSX } from 'react'
import * as THREE from 'three'
import { ARC_URGENT_BELOW, arcFraction, arcWorlds } from './electionArcs.math'
import { createBillboardMaterial } from './materials'
import { WORLDS_CAPACITY, type CosmosModel } from './model'
import { ELECTION_ARC_COLOR, ELECTION_ARC_URGENT } from './palette'
import { useDisposable } from './useDisposable'

/** The quad's side in world radii; the ring sits at 0.87–0.92 of its half: about 1.6 radii out, outside the selection ring and the leader's halo. */
const ARC_QUAD_RADII = 3.6

/** A ring arc from 12 o'clock, clockwise, over the instance's fraction (vFrac) of the turn, over a faint full ring. */
const createArcMaterial = (): THREE.ShaderMaterial =>
  createBillboardMaterial(
    {
      uCalm: { value: new THREE.Color(ELECTION_ARC_COLOR) },
      uUrgent: { value: new THREE.Color(ELECTION_ARC_URGENT) },
      uInner: { value: 0.87 },
      uOuter: { value: 0.92 },
      uUrgentBelow: { value: ARC_URGENT_BELOW },
    },
    /* glsl */ `
      uniform vec3 uCalm, uUrgent;
      uniform float uInner, uOuter, uUrgentBelow;
      varying vec2 vUv;
      varying float vFrac;
      void main() {
        vec2 p = vUv - 0.5;
        float d = length(p) * 2.0;
        float ring = smoothstep(uInner - 0.03, uInner, d) * (1.0 - smoothstep(uOuter, uOuter + 0.03, d));
        // 0 at 12 o'clock, growing clockwise.
        float turn = fract(atan(p.x, p.y) / 6.2831853 + 1.0);
        float filled = step(turn, vFrac) * step(0.0005, vFrac);
        float urgency = clamp((uUrgentBelow - vFrac) / uUrgentBelow, 0.0, 1.0);
        vec3 color = mix(uCalm, uUrgent, urgency);
        float a = ring * mix(0.14, 0.95, filled);
        if (a < 0.003) discard;
        gl_FragColor = vec4(color * a, a);
        #include <colorspace_fragment>
      }`,
    'attribute float aFrac; varying float vFrac;',
    'vFrac = aFrac;',
  )

const scratchMatrix = new THREE.Matrix4()

export function ElectionArcs({ model }: { model: CosmosModel }): JSX.Element {
  const geometry = useDisposable(() => {
    const g = new THREE.PlaneGeometry(1, 1)
    g.setAttribute('aFrac', new THREE.InstancedBufferAttribute(new Float32Array(WORLDS_CAPACITY), 1))
    return g
  })
  const material = useDisposable(createArcMaterial)
  const meshRef = useRef<THREE.InstancedMesh>(null)
  const slots = useMemo<number[]>(() => [], [])
  const seen = useRef({ version: -1, layout: -1, reported: -1 })

  useFrame((state) => {
    const mesh = meshRef.current
    if (mesh === null) return
    const s = seen.current
    if (s.version !== model.version || s.layout !== model.layoutVersion) {
      s.version = model.version
      s.layout = model.layoutVersion
      arcWorlds(model.nodes, Math.min(WORLDS_CAPACITY, model.worlds.length), slots)
      const size = model.radius * ARC_QUAD_RADII
      for (let k = 0; k < slots.length; k++) {
        const i = slots[k]!
        scratchMatrix.makeScale(size, size, size).setPosition(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!)
        mesh.setMatrixAt(k, scratchMatrix)
      }
      mesh.count = slots.length
      mesh.instanceMatrix.clearUpdateRanges()
      mesh.instanceMatrix.addUpdateRange(0, slots.length * 16)
      mesh.instanceMatrix.needsUpdate = true
    }
    const frac = geometry.getAttribute('aFrac') as THREE.InstancedBufferAttribute
    const now = model.displayUs
    for (let k = 0; k < slots.length; k++) {
      const n = model.nodes[slots[k]!]!
      frac.array[k] = arcFraction(n.electionDeadlineUs, n.electionTimeoutUs, now) ?? 0
    }
    if (slots.length > 0) {
      frac.clearUpdateRanges()
      frac.addUpdateRange(0, slots.length)
      frac.needsUpdate = true
    }
    if (s.reported !== slots.length) {
      s.reported = slots.length
      state.gl.domElement.dataset['electionArcs'] = String(slots.length)
    }
  })

  return <instancedMesh ref={meshRef} args={[geometry, material, WORLDS_CAPACITY]} count={0} frustumCulled={false} renderOrder={2} />
}
