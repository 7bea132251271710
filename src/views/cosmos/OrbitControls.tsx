/**
 * Orbit controls for the Cosmos view: three's own OrbitControls (three/examples), wired into React
 * Three Fiber as @react-three/drei's `<OrbitControls makeDefault />` did — on the element R3F's
 * events are connected to (the Canvas wrapper), updated every frame before the scene (priority -1,
 * which damping needs), and registered as the state's default `controls` (CameraFit reads its
 * target). Without drei, which brought 21 packages for this one component.
 */
import { useFrame, useThree } from '@react-three/fiber'
import { useEffect, useMemo } from 'react'
import { OrbitControls as ThreeOrbitControls } from 'three/examples/jsm/controls/OrbitControls.js'

export interface OrbitControlsProps {
  /** Damping (inertia) factor; damping is always on. */
  dampingFactor?: number
  minDistance?: number
  maxDistance?: number
}

export function OrbitControls({ dampingFactor = 0.05, minDistance = 0, maxDistance = Infinity }: OrbitControlsProps): null {
  const camera = useThree((s) => s.camera)
  const gl = useThree((s) => s.gl)
  const connected = useThree((s) => s.events.connected) as HTMLElement | undefined
  const invalidate = useThree((s) => s.invalidate)
  const set = useThree((s) => s.set)
  const get = useThree((s) => s.get)
  const controls = useMemo(() => new ThreeOrbitControls(camera), [camera])

  useEffect(() => {
    controls.enableDamping = true
    controls.dampingFactor = dampingFactor
    controls.minDistance = minDistance
    controls.maxDistance = maxDistance
  }, [controls, dampingFactor, minDistance, maxDistance])

  useEffect(() => {
    controls.connect(connected ?? gl.domElement)
    const onChange = () => invalidate()
    controls.addEventListener('change', onChange)
    return () => {
      controls.removeEventListener('change', onChange)
      controls.dispose()
    }
  }, [controls, connected, gl, invalidate])

  // The default controls of the scene, as drei's makeDefault.
  useEffect(() => {
    const old = get().controls
    set({ controls })
    return () => set({ controls: old })
  }, [controls, get, set])

  useFrame(() => {
    if (controls.enabled) controls.update()
  }, -1)

  return null
}
