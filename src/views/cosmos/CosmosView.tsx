/**
 * The Cosmos view (DESIGN §6): the atmOS worlds in 3D (React Three Fiber), coloured by Raft role
 * and status, leader halos, packets in flight on arcs, partitions as rifts, orbit controls,
 * clock jolts (chronOS) and corrupted ledgers (karmOS) as rings, hover tooltip, click to select and right-click for the App's context menu (selection.ts).
 *
 * It reads only the frame buffer (inside useFrame, never through React state), theOS's achieved
 * speed and run status (getState, per frame, without subscribing) and the selection store. It
 * fills its parent: give the parent a size.
 */
import { useFrame } from '@react-three/fiber'
import { lazy, Suspense, useEffect, useMemo, useRef, type CSSProperties, type JSX, type PointerEvent, type RefObject } from 'react'
import * as THREE from 'three'
import { atmosView, frameBuffer, mythosView, networkView } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { Canvas3D } from './Canvas3D'
import { advanceSimClock, describeWorld, fitCameraDistance } from './cosmos.math'
import { ElectionArcs } from './ElectionArcs'
import { Marks } from './Marks'
import { LawMarks } from './LawMarks'
import { OrchestraMarks } from './OrchestraMarks'
import { ingestViews, newCosmosModel, type CosmosModel } from './model'
import { Packets } from './Packets'
import { SPACE_COLOR } from './palette'
import { Rifts } from './Rifts'
import { Room } from './Room'
import { stepSelection, useSelectedWorld } from './selection'
import { Stars } from './Stars'
import { haloVisibleRadius, Worlds } from './Worlds'
import { labelStyle, moveLabel, placeLabel, type LabelSpot } from './labels'
import { lazyModule } from '../lazyModule'

/**
 * The orbit controls are not needed to draw the first frame, only to move it: a chunk of their own,
 * fetched as the scene mounts. Until they arrive the camera looks at the origin, their target.
 */
const OrbitControls = lazy(() => import('./OrbitControls').then((m) => ({ default: m.OrbitControls })))

/** Worlds get name labels up to this many (DOM labels cost a little per frame each). */
const LABELS_MAX = 20

const wrapperStyle: CSSProperties = {
  position: 'relative',
  width: '100%',
  height: '100%',
  minHeight: 0,
  minWidth: 0,
  overflow: 'hidden',
  background: SPACE_COLOR,
}

/** [ and ] select the previous / next world (its inspector opens), anywhere but in a field that takes typing. */
function useWorldKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      const t = e.target
      const typing = t instanceof HTMLElement && (t.isContentEditable || (t.closest('input, textarea, select') !== null && !(t instanceof HTMLInputElement && t.type === 'range')))
      if (typing) return
      const ids = (atmosView()?.worlds ?? []).filter((w) => w.status !== 'decommissioned').map((w) => w.id)
      const next = stepSelection(ids, useSelectedWorld.getState().selected, e.key)
      if (next === undefined) return
      e.preventDefault()
      useSelectedWorld.setState({ selected: next })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

export function CosmosView(): JSX.Element {
  useWorldKeys()
  const model = useMemo(newCosmosModel, [])
  const tooltipRef = useRef<HTMLDivElement>(null)
  const labelsRef = useRef<HTMLDivElement>(null)

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const tip = tooltipRef.current
    if (tip === null) return
    const rect = e.currentTarget.getBoundingClientRect()
    let x = e.clientX - rect.left + 14
    let y = e.clientY - rect.top + 14
    if (x + tip.offsetWidth > rect.width - 4) x = e.clientX - rect.left - tip.offsetWidth - 10
    if (y + tip.offsetHeight > rect.height - 4) y = e.clientY - rect.top - tip.offsetHeight - 10
    tip.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`
  }

  return (
    <div
      data-testid="cosmos-canvas"
      style={wrapperStyle}
      onPointerMove={onPointerMove}
      onPointerLeave={() => useSelectedWorld.getState().setHovered(null)}
      onContextMenu={(e) => e.preventDefault()}
    >
      <Canvas3D
        flat
        dpr={[1, 2]}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        camera={{ position: [0, 9, 20], fov: 50, near: 0.1, far: 600 }}
        onPointerMissed={(e) => {
          const sel = useSelectedWorld.getState()
          sel.setContextMenuFor(null)
          if (e.type === 'click') sel.setSelected(null)
        }}
      >
        <color attach="background" args={[SPACE_COLOR]} />
        <ambientLight intensity={0.25} />
        <hemisphereLight args={['#a9d2ff', '#1b1233', 0.45]} />
        <directionalLight position={[-12, 16, 14]} intensity={3.2} />
        <ModelSync model={model} />
        <CameraFit model={model} />
        <Room model={model} />
        <Stars />
        <Rifts model={model} />
        <Worlds model={model} />
        <Marks model={model} />
        <ElectionArcs model={model} />
        <LawMarks model={model} />
        <OrchestraMarks model={model} />
        <Packets model={model} />
        <TooltipWriter model={model} tooltip={tooltipRef} />
        <Labels model={model} container={labelsRef} />
        <Suspense fallback={null}>
          <OrbitControls dampingFactor={0.08} minDistance={2} maxDistance={120} />
        </Suspense>
      </Canvas3D>
      <div ref={labelsRef} className="cosmos-labels" />
      <div ref={tooltipRef} className="cosmos-tooltip" data-testid="cosmos-tooltip" />
    </div>
  )
}

/**
 * Runs first every frame: ingests new views into the model (when frameBuffer.version changes)
 * and advances the smooth sim clock.
 */
function ModelSync({ model }: { model: CosmosModel }): null {
  useFrame(() => {
    const version = frameBuffer.version
    if (version !== model.version) {
      const layout = model.layoutVersion
      ingestViews(model, version, atmosView(), mythosView(), networkView())
      if (model.layoutVersion !== layout) {
        const sel = useSelectedWorld.getState()
        if (sel.selected !== null && !model.indexById.has(sel.selected)) sel.setSelected(null)
        if (sel.hovered !== null && !model.indexById.has(sel.hovered)) sel.setHovered(null)
      }
    }
    const { achievedSpeed, status } = useTheos.getState()
    model.displayUs = advanceSimClock(model.clock, frameBuffer.simTimeUs, version, performance.now(), achievedSpeed, status === 'running')
  }, -1)
  return null
}

/**
 * On a new layout (a new run, the first views), moves the camera along its current direction to
 * the distance at which every world is in view; the person's orbit angle is kept.
 */
function CameraFit({ model }: { model: CosmosModel }): null {
  const seen = useRef(0)
  useFrame((state) => {
    if (seen.current === model.layoutVersion || model.worlds.length === 0) return
    const { width, height } = state.size
    const camera = state.camera
    if (width < 16 || height < 16 || !(camera instanceof THREE.PerspectiveCamera)) return
    seen.current = model.layoutVersion
    const controls = state.controls as unknown as { target?: THREE.Vector3; update?: () => void } | null
    const target = controls?.target ?? new THREE.Vector3()
    const dir = camera.position.clone().sub(target).normalize()
    if (!Number.isFinite(dir.x)) dir.set(0, 0.41, 0.91)
    const d = fitCameraDistance(model.pos, model.worlds.length, [dir.x, dir.y, dir.z], camera.fov, width / height, model.radius * 1.3)
    camera.position.copy(target).addScaledVector(dir, Math.max(3, d))
    controls?.update?.()
  })
  return null
}

/** Writes the hovered world's details into the tooltip (DOM) when the world or the views change. */
function TooltipWriter({ model, tooltip }: { model: CosmosModel; tooltip: RefObject<HTMLDivElement | null> }): null {
  const seen = useRef({ hovered: null as number | null, version: -1 })
  useFrame(() => {
    const tip = tooltip.current
    if (tip === null) return
    const sel = useSelectedWorld.getState()
    // No tooltip while the world's context menu is open over it.
    const hovered = sel.contextMenuFor === null ? sel.hovered : null
    const s = seen.current
    if (s.hovered === hovered && (hovered === null || s.version === model.version)) return
    s.hovered = hovered
    s.version = model.version
    const i = hovered === null ? undefined : model.indexById.get(hovered)
    if (i === undefined) {
      tip.style.display = 'none'
      return
    }
    const clock = frameBuffer.views.chronOS?.worlds.find((w) => w.id === hovered)
    tip.textContent = describeWorld(model.worlds[i], model.nodes[i], clock).join('\n')
    tip.style.display = 'block'
  })
  return null
}

const edge = new THREE.Vector3()
const up = new THREE.Vector3()
const spot: LabelSpot = { x: 0, y: 0, cx: 0, cy: 0 }

/** crowd.ts, fetched when the worlds first outnumber LABELS_MAX (fetched again later if that fails). */
const crowd = lazyModule(() => import('./crowd'))

/**
 * Name labels under the worlds when there are few of them: plain DOM, projected every frame. With
 * more than LABELS_MAX, crowd.ts (a lazy chunk) names a few and counts the rest.
 */
function Labels({ model, container }: { model: CosmosModel; container: RefObject<HTMLDivElement | null> }): null {
  const seen = useRef(-1)
  useFrame((state) => {
    const root = container.current
    if (root === null) return
    const n = model.worlds.length
    if (n > LABELS_MAX) {
      seen.current = -1
      crowd(performance.now())?.drawCrowd(root, model, state)
      return
    }
    if (seen.current !== model.layoutVersion) {
      seen.current = model.layoutVersion
      root.replaceChildren()
      if (n > 0 && n <= LABELS_MAX)
        for (const w of model.worlds) {
          const el = document.createElement('div')
          el.style.cssText = labelStyle
          el.textContent = w.name
          el.dataset.testid = 'world-label'
          el.dataset.world = String(w.id)
          root.append(el)
        }
    }
    const labels = root.children
    if (labels.length !== n) return
    const { width, height } = state.size
    up.setFromMatrixColumn(state.camera.matrixWorld, 1).normalize()
    for (let i = 0; i < n; i++) {
      const el = labels[i] as HTMLElement
      const leader = model.leaders.includes(i)
      if (!placeLabel(spot, model, i, leader, state.camera, up, width, height)) {
        el.style.transform = 'translate(-9999px,0)'
        continue
      }
      moveLabel(el, spot)
      if (leader !== (el.dataset.leader === 'true')) el.dataset.leader = String(leader)
      if (leader) {
        // For the e2e tests: where the leader's centre and its halo's edge are on screen, px.
        edge.set(model.pos[i * 3]!, model.pos[i * 3 + 1]!, model.pos[i * 3 + 2]!).addScaledVector(up, -haloVisibleRadius(model.radius)).project(state.camera)
        el.dataset.cx = spot.cx.toFixed(1)
        el.dataset.cy = spot.cy.toFixed(1)
        el.dataset.haloPx = (((1 - edge.y) / 2) * height - spot.cy).toFixed(1)
      }
    }
  })
  return null
}
