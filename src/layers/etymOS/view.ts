/** etymOS's view model: what the run adds to the static catalogue (rejections), for the inspector. */
import type { CompatibilityMode } from './compat'

export interface RejectionView {
  /** Sim time, µs. */
  t: number
  subject: string
  layer: string
  type: string
  path: string
  reason: string
  from: string | number
  node: number | null
  boundary: 'layer' | 'wire'
}

export interface EtymosView {
  total: number
  /** Rejections per subject (the type, or `<layer>.<kind>` on the wire). */
  bySubject: Record<string, number>
  /** Rejections per refusing layer. */
  byLayer: Record<string, number>
  byBoundary: { layer: number; wire: number }
  /** The latest rejections, newest last. */
  recent: RejectionView[]
  /** The scenario's compatibility settings (the inspector builds the catalogue with them). */
  defaultCompatibility: CompatibilityMode
  compatibility: Record<string, CompatibilityMode>
}
