/**
 * atmOS state: the worlds (hosts of the cluster), their lifecycle and their hardware.
 * Plain data only (snapshotted); every draw comes from the world's own stream `world:<id>`.
 */
import type { Rng } from '../../kernel/rng'
import type { WorldStatus } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import type { WorldView } from '../views'
import { layoutWorlds } from './layout'
import { uniqueNames, worldName } from './names'
import type { AtmosSettings } from './settings'

/** A world as atmOS keeps it: its view (drift is exact: a whole number of ppb / 1000) plus capacity. */
export interface World extends WorldView {
  /** Relative compute capacity, 1..8 units (what theOS will schedule against). */
  capacity: number
  /**
   * The status after every change decided so far (announced, possibly not yet applied): what the
   * next request is judged against. `status` is the applied one, what every layer sees now.
   */
  decided: WorldStatus
  /** Bumped on every decided change: a boot timer of an earlier decision is recognised and ignored. */
  gen: number
  /** daemOS reports its workload daemon down (it proposes nothing meanwhile); absent until daemOS says so. */
  workloadDown?: boolean
}

/**
 * The legal lifecycle of a world, as its one owner enforces it. A host may crash in any live or
 * half-live status (it can die while booting, draining or fenced) and comes back only through
 * restarting; draining (thanatOS) and quarantine (pandemoniOS) end in up again (cancelled,
 * rehabilitated) or in decommission; a decommissioned world is gone for good.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<WorldStatus, readonly WorldStatus[]>> = {
  up: ['crashed', 'draining', 'quarantined', 'decommissioned'],
  crashed: ['restarting', 'decommissioned'],
  restarting: ['up', 'crashed', 'decommissioned'],
  draining: ['up', 'crashed', 'quarantined', 'decommissioned'],
  quarantined: ['up', 'crashed', 'decommissioned'],
  decommissioned: [],
}

export const isLegalTransition = (from: WorldStatus, to: WorldStatus): boolean => LEGAL_TRANSITIONS[from].includes(to)

/** Drift uniform in ±maxPpm, drawn as an integer number of ppb so it is exact in every engine. */
export function drawDriftPpm(rng: Rng, maxPpm: number): number {
  const maxPpb = Math.round(maxPpm * 1000)
  return maxPpb === 0 ? 0 : rng.int(-maxPpb, maxPpb) / 1000
}

/** The worlds at the big bang, all up. `streamOf(id)` is the world's own stream. */
export function createWorlds(s: LayerScenario, settings: AtmosSettings, streamOf: (id: number) => Rng): World[] {
  const positions = layoutWorlds(s)
  const drafts = positions.map((p, id) => {
    const rng = streamOf(id)
    const name = worldName(rng)
    const driftPpm = drawDriftPpm(rng, settings.clockDriftPpmMax)
    const capacity = rng.int(1, 8)
    return { id, name, x: p.x, y: p.y, z: p.z, status: 'up' as WorldStatus, decided: 'up' as WorldStatus, gen: 0, driftPpm, capacity, proposed: 0 }
  })
  const names = uniqueNames(drafts.map((d) => d.name))
  return drafts.map((d, i) => ({ ...d, name: names[i]! }))
}
