/**
 * A React Three Fiber canvas that knows only the three.js classes the Cosmos view uses.
 *
 * R3F's own `<Canvas>` registers the entire `three` namespace as its element catalogue
 * (`extend(THREE)`), which keeps every class of three in the bundle (≈ 45 kB gzipped more). This is
 * the tree-shakable route R3F documents instead: `createRoot` on our own canvas, `extend` with the
 * classes the scene's JSX names, R3F's pointer events connected to the wrapper, the size followed
 * with a ResizeObserver. A new lower-case element in the scene (`<mesh>`, `<group>`…) needs its
 * class added to CATALOGUE below, or R3F throws "… is not part of the THREE namespace" (in dev
 * and in the build alike). Objects passed through `<primitive object>` need nothing.
 */
import { createRoot, events, extend, type ReconcilerRoot, type RenderProps, type Size } from '@react-three/fiber'
import { useCallback, useInsertionEffect, useLayoutEffect, useRef, useState, type CSSProperties, type JSX, type ReactNode } from 'react'
import { AmbientLight, Color, DirectionalLight, HemisphereLight, InstancedMesh, Points } from 'three'

/** Every three.js class the scene names as a JSX element (`<instancedMesh>` → InstancedMesh). */
const CATALOGUE = { AmbientLight, Color, DirectionalLight, HemisphereLight, InstancedMesh, Points }
extend(CATALOGUE)

const wrapperStyle: CSSProperties = { position: 'relative', width: '100%', height: '100%', overflow: 'hidden' }
const canvasStyle: CSSProperties = { display: 'block' }

export type Canvas3DProps = Pick<RenderProps<HTMLCanvasElement>, 'gl' | 'camera' | 'dpr' | 'flat' | 'onPointerMissed'> & {
  children: ReactNode
}

export function Canvas3D({ children, onPointerMissed, ...config }: Canvas3DProps): JSX.Element {
  const wrapperRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const rootRef = useRef<ReconcilerRoot<HTMLCanvasElement> | null>(null)
  const [size, setSize] = useState<Size | null>(null)
  // A renderer that could not be made (no WebGL) is thrown outwards, as R3F's Canvas does.
  const [error, setError] = useState<{ reason: unknown } | null>(null)
  if (error !== null) throw error.reason

  // The latest onPointerMissed, forwarded, so that a new callback does not reconfigure the root.
  const missedRef = useRef(onPointerMissed)
  useLayoutEffect(() => {
    missedRef.current = onPointerMissed
  })
  const pointerMissed = useCallback((e: MouseEvent) => missedRef.current?.(e), [])

  // Follow the wrapper's size (the layout gives it one); measured before the first paint.
  useLayoutEffect(() => {
    const el = wrapperRef.current
    if (el === null) return
    const measure = () => {
      const r = el.getBoundingClientRect()
      setSize((prev) =>
        prev !== null && prev.width === r.width && prev.height === r.height && prev.top === r.top && prev.left === r.left
          ? prev
          : { width: r.width, height: r.height, top: r.top, left: r.left },
      )
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  // Released only on final removal: insertion effects are not replayed by StrictMode (as R3F's Canvas).
  useInsertionEffect(
    () => () => {
      const root = rootRef.current
      rootRef.current = null
      root?.unmount()
    },
    [],
  )

  // (Re)configure and render the scene after every render of ours, once there is a size.
  useLayoutEffect(() => {
    const canvas = canvasRef.current
    if (canvas === null || size === null || size.width <= 0 || size.height <= 0) return
    rootRef.current ??= createRoot(canvas)
    const root = rootRef.current
    root
      .configure({
        ...config,
        events,
        size,
        onPointerMissed: pointerMissed,
        // R3F's events go to the wrapper, as with its Canvas (the orbit controls listen there too).
        onCreated: (state) => {
          if (wrapperRef.current !== null) state.events.connect?.(wrapperRef.current)
        },
      })
      .catch((reason: unknown) => setError({ reason }))
    if (root.ready.status !== 'rejected') root.render(children)
  })

  return (
    <div ref={wrapperRef} style={wrapperStyle}>
      <canvas ref={canvasRef} style={canvasStyle} />
    </div>
  )
}
