/**
 * atmOS state: the worlds (hosts of the cluster), their lifecycle and their hardware.
 * Plain data only (snapshotted); every draw comes from the world's own stream `world:<id>`.
 */
import type { Rng } from '../../kernel/rng'
import type { Scenario } from '../../scenario/schema'
import type { WorldStatus, WorldView } from '../views'
import { layoutWorlds } from './layout'
import { uniqueNames, worldName } from './names'

/** A world as atmOS keeps it: its view (drift is exact: a whole number of ppb / 1000) plus capacity. */
export interface World extends WorldView {
  /** Relative compute capacity, 1..8 units (what theOS will schedule against). */
  capacity: number
}

/**
 * The legal lifecycle of a world. up → crashed → restarting → up is what chaOS drives; draining
 * (thanatOS) and quarantined (pandemoniOS) are for later layers. A world may crash in any live or
 * half-live status (a host can die while booting, draining or fenced); it comes back only through
 * restarting.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<WorldStatus, readonly WorldStatus[]>> = {
  up: ['crashed', 'draining', 'quarantined'],
  crashed: ['restarting'],
  restarting: ['up', 'crashed'],
  draining: ['up', 'crashed'],
  quarantined: ['up', 'crashed'],
}

export const isLegalTransition = (from: WorldStatus, to: WorldStatus): boolean => LEGAL_TRANSITIONS[from].includes(to)

/** Drift uniform in ±maxPpm, drawn as an integer number of ppb so it is exact in every engine. */
export function drawDriftPpm(rng: Rng, maxPpm: number): number {
  const maxPpb = Math.round(maxPpm * 1000)
  return maxPpb === 0 ? 0 : rng.int(-maxPpb, maxPpb) / 1000
}

/** The worlds at the big bang, all up. `streamOf(id)` is the world's own stream. */
export function createWorlds(s: Scenario, streamOf: (id: number) => Rng): World[] {
  const positions = layoutWorlds(s)
  const drafts = positions.map((p, id) => {
    const rng = streamOf(id)
    const name = worldName(rng)
    const driftPpm = drawDriftPpm(rng, s.layers.atmOS.clockDriftPpmMax)
    const capacity = rng.int(1, 8)
    return { id, name, x: p.x, y: p.y, z: p.z, status: 'up' as WorldStatus, driftPpm, capacity, proposed: 0 }
  })
  const names = uniqueNames(drafts.map((d) => d.name))
  return drafts.map((d, i) => ({ ...d, name: names[i]! }))
}
