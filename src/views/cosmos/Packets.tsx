/**
 * Packets in flight: glowing particles gliding along arcs between worlds, each with a short
 * fading trail, coloured by kind (mythOS's Raft RPCs, karmOS's anti-entropy exchanges and
 * oneirOS's snapshot chunks — drawn larger, a heavier stream from the leader). The
 * packet pointed at in karmOS's space-time diagram (selection.ts highlightedPacket) is drawn
 * white, the others dimmed. One THREE.Points over a preallocated buffer, rewritten every
 * frame from the model's inFlight list at the smooth display time.
 *
 * A particle can be read: the one nearest the pointer (within PICK_RADIUS_PX of its head, in
 * screen space) is lit and labelled on hover, and a click opens its message card
 * (panels/MessageCard.tsx; the click is then not a click on the world behind it). A message
 * the person dropped is drawn red, one delayed amber, until it reaches its world.
 * `window.__cosmosPackets()` lists the particles on screen with their viewport position (the
 * end-to-end tests point at one with it).
 */
import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo, useRef, type JSX } from 'react'
import * as THREE from 'three'
import { arcPoint, packetColor, packetFraction } from './cosmos.math'
import { createPacketMaterial } from './materials'
import type { CosmosModel } from './model'
import { useDisposable } from './useDisposable'
import { useSelectedWorld } from './selection'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import type { Intervention } from '../../scenario/schema'
import type { PacketView } from '../../layers/views'
import { PACKET_SCALES } from './palette'
import { hoverText, useMessageCard } from '../panels/messageCardState'
import { copyIndex, faultOn, faultsBySend, wireType, type MessageFault } from '../panels/messageRef'

/**
 * Packets drawn at most: the layers' views list at most VIEW_PACKETS_MAX (200) each, the most
 * recent, so all they list fits; crowd.ts tells how many are in flight of those drawn.
 */
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

/** How near the pointer must be to a particle's head to pick it, CSS px. */
export const PICK_RADIUS_PX = 12
/** A pointer that moved more than this between press and release dragged the orbit: not a click. */
const CLICK_SLOP_PX = 5
/** Colours of a message the person dropped or delayed (MessageCard), until it arrives. */
const DROPPED_COLOR = '#ff4d5e'
const DELAYED_COLOR = '#ffb020'

/** The particles drawn in the last frame, for picking: each head's world position, packet and layer. */
interface Drawn {
  n: number
  heads: Float32Array
  packets: PacketView[]
  layers: string[]
  /** Each packet's own layer's list (to tell identical copies apart). */
  lists: (readonly PacketView[])[]
}

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
  const dropped = useMemo(() => new THREE.Color(DROPPED_COLOR), [])
  const delayed = useMemo(() => new THREE.Color(DELAYED_COLOR), [])
  const drawn = useRef<Drawn>({ n: 0, heads: new Float32Array(PACKETS_CAPACITY * 3), packets: [], layers: [], lists: [] })
  const faults = useRef<{ of: readonly Intervention[] | null; bySend: Map<number, MessageFault[]> }>({ of: null, bySend: new Map() })
  usePicking(drawn)

  useFrame((state) => {
    const position = geometry.getAttribute('position') as THREE.BufferAttribute
    const color = geometry.getAttribute('color') as THREE.BufferAttribute
    const alpha = geometry.getAttribute('alpha') as THREE.BufferAttribute
    const P = position.array as Float32Array
    const C = color.array as Float32Array
    const A = alpha.array as Float32Array
    const scale = geometry.getAttribute('scale') as THREE.BufferAttribute
    const Z = scale.array as Float32Array
    const lists: [string, readonly PacketView[]][] = [['mythOS', model.mythos?.inFlight ?? []]]
    const karmos = frameBuffer.views.karmOS?.inFlight
    const oneiros = frameBuffer.views.oneirOS?.inFlight
    if (karmos && karmos.length > 0) lists.push(['karmOS', karmos])
    if (oneiros && oneiros.length > 0) lists.push(['oneirOS', oneiros])
    const interventions = useTheos.getState().scenario.interventions
    if (faults.current.of !== interventions) faults.current = { of: interventions, bySend: faultsBySend(interventions) }
    const faulted = faults.current.bySend
    const hl = useSelectedWorld.getState().highlightedPacket
    const now = model.displayUs
    const pick = drawn.current
    pick.n = 0
    let k = 0
    for (const [layer, inFlight] of lists) {
      for (let p = 0; p < inFlight.length && k < PACKETS_CAPACITY * TRAIL.length; p++) {
        const packet = inFlight[p]!
        const a = model.indexById.get(packet.from)
        const b = model.indexById.get(packet.to)
        if (a === undefined || b === undefined || a === b) continue
        const f = packetFraction(now, packet.sentUs, packet.deliverUs)
        if (f >= 1) continue // delivered: it has reached its world
        let c = colors.get(packet.kind)
        if (c === undefined) colors.set(packet.kind, (c = new THREE.Color(packetColor(packet.kind))))
        const sentThen = faulted.size > 0 ? faulted.get(packet.sentUs) : undefined
        const fault = sentThen === undefined ? undefined : faultOn(sentThen, layer, packet)
        if (fault !== undefined) c = fault === 'message_drop' ? dropped : delayed
        const lit = hl !== null && hl.from === packet.from && hl.to === packet.to && hl.sentUs === packet.sentUs
        if (lit) c = white
        const dim = hl !== null && !lit ? 0.25 : 1
        const size = PACKET_SCALES[packet.kind] ?? 1
        const head = k
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
        if (k > head && pick.n < PACKETS_CAPACITY) {
          pick.heads[pick.n * 3] = P[head * 3]!
          pick.heads[pick.n * 3 + 1] = P[head * 3 + 1]!
          pick.heads[pick.n * 3 + 2] = P[head * 3 + 2]!
          pick.packets[pick.n] = packet
          pick.layers[pick.n] = layer
          pick.lists[pick.n] = inFlight
          pick.n++
        }
      }
    }
    model.packetsDrawn = pick.n
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

const scratch = new THREE.Vector3()

/** A particle on screen: its packet, layer, and its head's viewport position, px. */
interface OnScreen {
  i: number
  x: number
  y: number
}

/**
 * Picking the particles: the one whose head is nearest the pointer (within PICK_RADIUS_PX) is lit
 * and labelled while hovered; a click (not an orbit drag) opens its message card and goes no
 * further (the world behind it is not selected). Listens on the element R3F's events use.
 */
function usePicking(drawn: { current: Drawn }): void {
  const get = useThree((s) => s.get)
  const target = useThree((s) => s.events.connected) as HTMLElement | null | undefined

  useEffect(() => {
    // Every particle's head on screen (viewport px), from the last frame drawn.
    const project = (): OnScreen[] => {
      const { camera, gl } = get()
      const rect = gl.domElement.getBoundingClientRect()
      const d = drawn.current
      const out: OnScreen[] = []
      for (let i = 0; i < d.n; i++) {
        scratch.set(d.heads[i * 3]!, d.heads[i * 3 + 1]!, d.heads[i * 3 + 2]!).project(camera)
        if (scratch.z > 1 || scratch.z < -1) continue
        out.push({ i, x: rect.left + ((scratch.x + 1) / 2) * rect.width, y: rect.top + ((1 - scratch.y) / 2) * rect.height })
      }
      return out
    }
    const nearest = (x: number, y: number): OnScreen | null => {
      let best: OnScreen | null = null
      let bestD = PICK_RADIUS_PX * PICK_RADIUS_PX
      for (const s of project()) {
        const d = (s.x - x) ** 2 + (s.y - y) ** 2
        if (d <= bestD) {
          bestD = d
          best = s
        }
      }
      return best
    }
    const picked = (s: OnScreen) => {
      const d = drawn.current
      const packet = d.packets[s.i]!
      return { layer: d.layers[s.i]!, packet, nth: copyIndex(d.lists[s.i]!, packet) }
    }

    // The end-to-end tests' way to find a particle (as the Labels find worlds): read-only.
    const hook = window as unknown as { __cosmosPackets?: () => unknown[] }
    hook.__cosmosPackets = () =>
      project().map((s) => {
        const { layer, packet } = picked(s)
        return { layer, type: wireType(packet), from: packet.from, to: packet.to, sentUs: packet.sentUs, deliverUs: packet.deliverUs, x: s.x, y: s.y }
      })

    const el = target ?? get().gl.domElement
    let hovering = false
    let down: { x: number; y: number } | null = null
    const onMove = (e: PointerEvent) => {
      if (e.buttons !== 0) return // orbiting
      const hit = nearest(e.clientX, e.clientY)
      const sel = useSelectedWorld.getState()
      const card = useMessageCard.getState()
      if (hit === null) {
        if (!hovering) return
        hovering = false
        sel.setHighlightedPacket(null)
        card.setHover(null)
        get().gl.domElement.style.cursor = ''
        return
      }
      hovering = true
      const m = picked(hit)
      sel.setHighlightedPacket({ from: m.packet.from, to: m.packet.to, sentUs: m.packet.sentUs })
      card.setHover({ text: hoverText(m), x: Math.round(hit.x), y: Math.round(hit.y) })
      get().gl.domElement.style.cursor = 'pointer'
    }
    const onLeave = () => {
      if (!hovering) return
      hovering = false
      useSelectedWorld.getState().setHighlightedPacket(null)
      useMessageCard.getState().setHover(null)
    }
    const onDown = (e: PointerEvent) => {
      down = { x: e.clientX, y: e.clientY }
    }
    const onClick = (e: MouseEvent) => {
      if (down !== null && (e.clientX - down.x) ** 2 + (e.clientY - down.y) ** 2 > CLICK_SLOP_PX * CLICK_SLOP_PX) return
      const hit = nearest(e.clientX, e.clientY)
      if (hit === null) return
      // The message, not the world behind it: R3F's handlers (bubbling on this element) never see this click.
      e.stopImmediatePropagation()
      useMessageCard.getState().show({ ...picked(hit), anchor: { x: hit.x, y: hit.y } })
    }
    el.addEventListener('pointermove', onMove, { passive: true })
    el.addEventListener('pointerleave', onLeave)
    el.addEventListener('pointerdown', onDown, { capture: true, passive: true })
    el.addEventListener('click', onClick, { capture: true })
    return () => {
      el.removeEventListener('pointermove', onMove)
      el.removeEventListener('pointerleave', onLeave)
      el.removeEventListener('pointerdown', onDown, { capture: true })
      el.removeEventListener('click', onClick, { capture: true })
      if (hook.__cosmosPackets !== undefined) delete hook.__cosmosPackets
    }
  }, [get, target, drawn])
}
