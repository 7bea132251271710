/** anomOS's state and the view the page reads (the alerts panel, the marks on the timelines and in 3D). */
import type { Detector } from './detectors'
import type { AlertSpec } from './settings'

export type InstanceState = 'inactive' | 'pending' | 'firing'

export interface Instance {
  world: number | null
  detector: Detector
  /** The last raw reading(s), for rates and ratios. */
  prev: { t: number; v: number; den: number } | null
  state: InstanceState
  sinceUs: number
  value: number | null
  score: number | null
}

export interface AlertState {
  spec: AlertSpec
  /** Why it is not evaluated (its layer does not run or is not built, no such metric), or null. */
  unavailable: string | null
  instances: Record<string, Instance>
  fired: number
}

export interface AlertMark {
  alert: string
  world: number | null
  state: 'firing' | 'resolved'
  atUs: number
  value: number
  score: number
}

export interface AnomosState {
  alerts: AlertState[]
  firing: number
  fired: number
  /** The last firing and resolved transitions (for the timelines' marks). */
  marks: AlertMark[]
}

export interface AnomosView {
  alerts: { name: string; layer: string; metric: string; source: string; detector: string; threshold: number; forMs: number; unavailable: string | null; fired: number; instances: { world: number | null; state: InstanceState; sinceUs: number; value: number | null; score: number | null }[] }[]
  firing: number
  fired: number
  /** Worlds with an alert firing on them now (the 3D warning glyph). */
  firingWorlds: number[]
  /** A cluster alert fires now. */
  clusterFiring: boolean
  marks: AlertMark[]
}

export function anomosView(s: AnomosState): AnomosView {
  const firingWorlds = new Set<number>()
  let clusterFiring = false
  for (const a of s.alerts)
    for (const i of Object.values(a.instances)) {
      if (i.state !== 'firing') continue
      if (i.world === null) clusterFiring = true
      else firingWorlds.add(i.world)
    }
  return {
    alerts: s.alerts.map((a) => ({
      name: a.spec.name,
      layer: a.spec.layer,
      metric: a.spec.source === 'ratio' ? `${a.spec.metric}/${a.spec.over ?? '?'}` : a.spec.metric,
      source: a.spec.source,
      detector: a.spec.detector,
      threshold: a.spec.threshold,
      forMs: a.spec.forMs,
      unavailable: a.unavailable,
      fired: a.fired,
      // The page needs the instances that are not quiet (and the cluster's, for its last reading): a
      // per-world alert over 2,000 worlds would otherwise ship 2,000 quiet instances in every frame.
      instances: Object.values(a.instances)
        .filter((i) => i.state !== 'inactive' || i.world === null)
        .map((i) => ({ world: i.world, state: i.state, sinceUs: i.sinceUs, value: i.value, score: i.score })),
    })),
    firing: s.firing,
    fired: s.fired,
    firingWorlds: [...firingWorlds].sort((a, b) => a - b),
    clusterFiring,
    marks: s.marks.slice(-50),
  }
}
