/**
 * theOS's placement policy: where the layers of a run compute. Pure (no DOM, no clock): the same
 * scenario on the same machine gets the same placement, and no placement changes the run (the
 * fingerprint is the same for all; only the speed differs).
 *
 * The choice is by cost. In-process (every layer in the coordinator's own worker, called directly)
 * a window costs the layers' work plus the coordinator's (merge, fingerprint, logOS, checkers).
 * Spread over layer workers, the layers of a window compute in parallel, so the window loses the
 * work of every worker but the busiest, and gains a barrier (a postMessage round trip per worker)
 * and the copying of the window's deliveries, events and observations across the boundary and
 * back. Spreading pays only when the overlapped work outweighs the barrier and the copying, and
 * only on spare cores: the main thread renders and the coordinator merges on cores of their own.
 *
 * Measured in Chromium on this project's 2-core machine (prod build, max speed, the default
 * scenario, ?workers=0 against ?workers=4; bench figures behind COST below): every layer in the
 * coordinator's worker runs 5 worlds at ~690× real time against ~41× on 4 layer workers, 50 worlds
 * at ~15× against ~5.5×, 200 worlds at ~0.82× against ~0.78×. mythOS alone does ~40–56 % of a
 * window's work and the coordinator most of the rest, so spreading overlaps ~5 % of a window while
 * copying the window's traffic and the barrier cost more than that at every size the scenario
 * allows (the window's work grows as worlds^1.5, its traffic as worlds, so the gap narrows with
 * size but does not close by 2,000 worlds). With the built layers the policy keeps them in the
 * coordinator; `?workers=N` (`--workers N` in the CLI) still spreads them, and the run is the same.
 */
import type { LayerName } from '../kernel/types'
import { placeLayers } from '../cosmos/cosmos'
import type { LayerRegistry } from '../kernel/registry'
import { registry as pantheon } from '../layers/index'

/** What a window costs, in-process and spread (µs of wall time; shares in % of an in-process window). */
export interface CostModel {
  /**
   * Share of an in-process window spent in each layer, % (timed per layer's runWindow on the
   * default scenario at 5, 50 and 200 worlds, checkers on: they barely move with size). The rest
   * is the coordinator's, which never overlaps the layers (it merges a window before the next).
   */
  sharePercent: Readonly<Record<LayerName, number>>
  /** A layer the table does not know yet. */
  unknownSharePercent: number
  /** An in-process window at 50 worlds, µs (measured: ~15× real time, ~100 windows per sim-second). */
  windowUsAt50Worlds: number
  /** How a window's work grows with the worlds: ∝ worlds^k (bench scale figures: k ≈ 1.5). */
  growthExponent: number
  /**
   * What spreading adds per world and window, µs: the window's deliveries, events and
   * observations copied across and back (measured: ~5–14 µs at 50–200 worlds).
   */
  copyUsPerWorld: number
  /** What spreading adds per window whatever its size: the barrier (measured at 5 worlds: ~330–500 µs). */
  barrierUs: number
}

export const COST: CostModel = {
  sharePercent: { mythOS: 56, pneumOS: 3, aetherOS: 1, atmOS: 1, chaOS: 1 },
  unknownSharePercent: 10,
  windowUsAt50Worlds: 660,
  growthExponent: 1.5,
  copyUsPerWorld: 5,
  barrierUs: 400,
}

export interface Placement {
  /** Layers per host: one host in-process, or one per layer worker. */
  hosts: LayerName[][]
  /** 'coordinator': every host in-process where the coordinator runs; 'worker': one layer worker per host. */
  kind: 'coordinator' | 'worker'
  /** Why: what the pantheon panel says about it. */
  note: string
}

export interface PlacementOptions {
  /** Logical cores (navigator.hardwareConcurrency); the main thread and the coordinator take one each. Default 2. */
  cores?: number
  /** Costs other than the measured ones (tests; a machine measured otherwise). */
  cost?: Partial<CostModel>
  /** The registry that orders the layers (default: the pantheon). */
  registry?: LayerRegistry
}

/**
 * Estimated µs one window saves (> 0) or loses (< 0) by spreading `layers` over `workers` layer
 * workers at `worlds` worlds.
 */
export function spreadGainUs(layers: readonly LayerName[], worlds: number, workers: number, o: Pick<PlacementOptions, 'cost' | 'registry'> = {}): number {
  const m: CostModel = { ...COST, ...o.cost }
  const share = (l: LayerName) => m.sharePercent[l] ?? m.unknownSharePercent
  const n = Math.max(1, worlds)
  const groups = placeLayers(o.registry ?? pantheon, layers, workers)
  const total = layers.reduce((s, l) => s + share(l), 0)
  const busiest = Math.max(...groups.map((g) => g.reduce((s, l) => s + share(l), 0)))
  const windowUs = m.windowUsAt50Worlds * (n / 50) ** m.growthExponent
  const overlappedUs = (windowUs * (total - busiest)) / 100
  return overlappedUs - m.barrierUs - m.copyUsPerWorld * n
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

/**
 * Where the layers of this run compute. `requestedWorkers` is `?workers=N` / `--workers N`
 * (0 = all in the coordinator) and always wins; null lets the cost decide.
 */
export function placementFor(
  scenario: { readonly nodes: { readonly count: number } },
  layers: readonly LayerName[],
  requestedWorkers: number | null,
  o: PlacementOptions = {},
): Placement {
  const registry = o.registry ?? pantheon
  const inCoordinator = (note: string): Placement => ({ hosts: placeLayers(registry, layers, 0), kind: 'coordinator', note })
  if (requestedWorkers === 0) return inCoordinator('all layers in the coordinator (?workers=0)')
  if (requestedWorkers !== null) {
    const hosts = placeLayers(registry, layers, requestedWorkers)
    return { hosts, kind: 'worker', note: `${plural(hosts.length, 'layer worker')} (?workers=${requestedWorkers})` }
  }
  const worlds = scenario.nodes.count
  const cores = o.cores ?? 2
  // The main thread renders and the coordinator merges: layers overlap only on the cores left.
  const spare = Math.min(layers.length, cores - 2)
  if (spare < 2) return inCoordinator(`all layers in the coordinator: ${plural(cores, 'core')} leave none spare for layer workers`)
  const gain = spreadGainUs(layers, worlds, spare, o)
  if (gain <= 0) return inCoordinator(`all layers in the coordinator: at ${plural(worlds, 'world')} spreading ${plural(layers.length, 'layer')} would cost more per window (barrier, copies) than it overlaps`)
  const hosts = placeLayers(registry, layers, spare)
  return { hosts, kind: 'worker', note: `${plural(hosts.length, 'layer worker')}: at ${plural(worlds, 'world')} computing the layers in parallel saves ~${Math.round(gain)} µs a window` }
}
