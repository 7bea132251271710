/**
 * Packets in flight: glowing particles gliding along arcs between worlds, each with a short
 * fading trail, coloured by kind (mythOS's Raft RPCs, karmOS's anti-entropy exchanges and
 * oneirOS's snapshot chunks — drawn larger, a heavier stream from the leader). The
 * packet pointed at in karmOS's space-time diagram (selection.ts highlightedPacket) is drawn
 * white, the others dimmed. One THREE.Points over a preallocated buffer, rewritten every
 * frame from the model's inFlight list at the smooth display time.
 */
import { useFrame } from '@react-three/fiber'
import { useMemo, type JSX } from 'react'
import * as THREE from 'three'
import { arcPoint, packetColor, packetFraction } from './cosmos.math'
import { createPacketMaterial } from './materials'
import type { CosmosModel } from './model'
import { useDisposable } from './useDisposable'
import { useSelectedWorld } from './selection'
import { frameBuffer } from '../../store/frameBuffer'
import type { PacketView } from '../../layers/views'
import { PACKET_SCALES } from './palette'

/** Packets drawn at most (mythOS keeps about 200 in its view). */
export const PACKETS_CAPACITY = 512
/** Points per packet: the head and its trail. */
const TRAIL = [
  { lag: 0, alpha: 1 },
  { lag: 0.018, alpha: 0.6 },
  { lag: 0.036, alpha: 0.4 },
  { lag: 0.054, alpha: 0.26 },
  { lag: 0.072, alpha: 0.15 },
  { lag: 0.09, alpha: 0.08 },
] as const

export function Packets({ model }: { model: CosmosModel }): JSX.Element {
  const geometry = useDisposable(() => {
    const g = new THREE.BufferGeometry()
    const n = PACKETS_CAPACITY * TRAIL.length
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(n * 3), 3).setUsage(THREE.DynamicDrawUsage))
    g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(n * 3), 3).setUsage(THREE.DynamicDrawUsage))
    g.setAttribute('alpha', new THREE.BufferAttribute(new Float32Array(n), 1).setUsage(THREE.DynamicDrawUsage))
    g.setAttribute('scale', new THREE.BufferAttribute(new Float32Array(n).fill(1), 1).setUsage(THREE.DynamicDrawUsage))
    g.setDrawRange(0, 0)
    return g
  })
  const material = useDisposable(createPacketMaterial)
  const colors = useMemo(() => new Map<string, THREE.Color>(), [])
  const white = useMemo(() => new THREE.Color('#ffffff'), [])
  const both = useMemo<PacketView[]>(() => [], [])

  useFrame((state) => {
    const position = geometry.getAttribute('position') as THREE.BufferAttribute
    const color = geometry.getAttribute('color') as THREE.BufferAttribute
    const alpha = geometry.getAttribute('alpha') as THREE.BufferAttribute
    const P = position.array as Float32Array
    const C = color.array as Float32Array
    const A = alpha.array as Float32Array
    const scale = geometry.getAttribute('scale') as THREE.BufferAttribute
    const Z = scale.array as Float32Array
    const karmos = frameBuffer.views.karmOS?.inFlight
    const oneiros = frameBuffer.views.oneirOS?.inFlight
    let inFlight = model.mythos?.inFlight ?? []
    if ((karmos && karmos.length > 0) || (oneiros && oneiros.length > 0)) {
      both.length = 0
      both.push(...inFlight, ...(karmos ?? []), ...(oneiros ?? []))
      inFlight = both
    }
    const hl = useSelectedWorld.getState().highlightedPacket
    const now = model.displayUs
    let k = 0
    for (let p = 0; p < inFlight.length && k < PACKETS_CAPACITY * TRAIL.length; p++) {
      const packet = inFlight[p]!
      const a = model.indexById.get(packet.from)
      const b = model.indexById.get(packet.to)
      if (a === undefined || b === undefined || a === b) continue
      const f = packetFraction(now, packet.sentUs, packet.deliverUs)
      if (f >= 1) continue // delivered: it has reached its world
      let c = colors.get(packet.kind)
      if (c === undefined) colors.set(packet.kind, (c = new THREE.Color(packetColor(packet.kind))))
      const lit = hl !== null && hl.from === packet.from && hl.to === packet.to && hl.sentUs === packet.sentUs
      if (lit) c = white
      const dim = hl !== null && !lit ? 0.25 : 1
      const size = PACKET_SCALES[packet.kind] ?? 1
      for (const { lag, alpha: fade } of TRAIL) {
        const t = f - lag
        if (t < 0) break
        arcPoint(model.pos, a, b, t, P, k * 3)
        C[k * 3] = c.r
        C[k * 3 + 1] = c.g
        C[k * 3 + 2] = c.b
        A[k] = fade * dim
        Z[k] = size
        k++
      }
    }
    geometry.setDrawRange(0, k)
    position.needsUpdate = true
    color.needsUpdate = true
    alpha.needsUpdate = true
    scale.needsUpdate = true
    const cam = state.camera as THREE.PerspectiveCamera
    const fov = cam.isPerspectiveCamera ? cam.fov : 50
    material.uniforms.uPxPerUnit!.value = (state.size.height * state.viewport.dpr) / (2 * Math.tan((fov * Math.PI) / 360))
    material.uniforms.uSize!.value = Math.max(0.12, model.radius * 0.95)
  })

  return <points args={[geometry, material]} frustumCulled={false} renderOrder={4} />
}
