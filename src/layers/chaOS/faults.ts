/**
 * chaOS's pure fault logic: rates per tick, slider ranges, Jepsen's target vocabulary and
 * partition shapes. No context, no state: easy to test on its own.
 *
 * Jepsen (jepsen.nemesis.combined, jepsen.util): targets :one (a random node), :minority
 * (⌊(n−1)/2⌋ random nodes), :majority (⌊n/2⌋+1 random nodes); partition shapes :one (isolate one
 * node), :majority (bisect a shuffle: ⌊n/2⌋ | the rest), :minority-third (⌊(n−1)/3⌋ | the rest),
 * :majorities-ring (every node sees a majority, no two the same one). The ring is a non-transitive
 * "grudge" that disjoint groups cannot express: it is a Partition of kind 'ring' (net/partition.ts),
 * the worlds in a shuffled ring order, each reaching ±majoritiesRingReach(n) positions. It cuts
 * something only from MAJORITIES_RING_MIN_WORLDS (4) worlds on: with 3 or fewer every world's
 * window is the whole cluster, so the shape is not drawn, and a manual one is skipped.
 */
import type { Rng } from '../../kernel/rng'
import type { ChaosSliders, FaultTarget } from './settings'
import { majoritiesRingReach, MAJORITIES_RING_MIN_WORLDS } from '../net/partition'

/** chaOS draws its random faults on a fixed 100 ms tick. */
export const CHAOS_TICK_US = 100_000
const US_PER_MIN = 60_000_000

/** Sliders that change the network model: moving one broadcasts new net_params. */
export const NET_SLIDERS: readonly (keyof ChaosSliders)[] = ['entropy', 'lossRate', 'latencyMultiplier', 'jitterMs', 'duplicateRate', 'reorderRate', 'messageCorruptionRate']

/** Probability of one event in one tick for a rate per minute, scaled by the master entropy. */
export const perTickProbability = (ratePerMin: number, entropy: number): number => (ratePerMin * entropy * CHAOS_TICK_US) / US_PER_MIN
export type PartitionShape = 'one' | 'majority' | 'minority-third' | 'majorities-ring'

/** The shapes that cut something in a cluster of n worlds (minority-third and majorities-ring need n ≥ 4). */
export function partitionShapes(n: number): PartitionShape[] {
  if (n < 2) return []
  const shapes: PartitionShape[] = ['one', 'majority']
  if (Math.floor((n - 1) / 3) >= 1) shapes.push('minority-third')
  if (n >= MAJORITIES_RING_MIN_WORLDS) shapes.push('majorities-ring')
  return shapes
}

/**
 * A partition chaOS is about to announce: an isolated group and the rest (the two groups of a
 * 'groups' partition), or a majorities-ring (order and reach of a 'ring' partition).
 */
export type PartitionDraw =
  | { readonly kind: 'groups'; readonly isolated: number[]; readonly rest: number[] }
  | { readonly kind: 'ring'; readonly order: number[]; readonly reach: number }

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
const ascending = (a: number, b: number) => a - b

/** Split the worlds into the isolated side and the rest (both sorted). */
export function splitWorlds(n: number, isolated: readonly number[]): { isolated: number[]; rest: number[] } {
  const cut = new Set(isolated)
  return { isolated: [...cut].sort(ascending), rest: range(n).filter((i) => !cut.has(i)) }
}

/**
 * The partition of n worlds that `worlds` name: with `ring`, a majorities-ring in that order (reach
 * majoritiesRingReach(n)); otherwise those worlds isolated together from the rest. The one
 * construction for every partition chaOS starts: drawn at random (drawPartition, a manual target)
 * or written down (a fault's `worlds`), so a random one written down replays exactly.
 */
export function partitionOfWorlds(n: number, ring: boolean, worlds: readonly number[]): PartitionDraw {
  return ring ? { kind: 'ring', order: worlds.slice(), reach: majoritiesRingReach(n) } : { kind: 'groups', ...splitWorlds(n, worlds) }
}

/** Draw one partition of the given shape: its worlds (a ring: one shuffle; a group: one pick or a shuffle's head), then partitionOfWorlds. */
export function drawPartition(rng: Rng, n: number, shape: PartitionShape): PartitionDraw {
  return partitionOfWorlds(n, shape === 'majorities-ring', drawWorlds(rng, n, shape))
}

function drawWorlds(rng: Rng, n: number, shape: PartitionShape): number[] {
  if (shape === 'majorities-ring') return rng.shuffled(range(n))
  if (shape === 'one') return [rng.int(0, n - 1)]
  const size = shape === 'majority' ? Math.floor(n / 2) : Math.floor((n - 1) / 3)
  return rng.shuffled(range(n)).slice(0, size)
}

export const minoritySize = (n: number): number => Math.floor((n - 1) / 2)
export const majoritySize = (n: number): number => Math.floor(n / 2) + 1

export type ManualFault = 'crash' | 'restart' | 'partition' | 'heal' | 'clock_jump' | 'corrupt_ledger'

export type Resolved = { targets: number[] } | { skip: string }

/**
 * Resolve a manual fault's target with Jepsen's vocabulary. `up[i]` is chaOS's view of world i.
 * 'one' picks among the worlds the fault can act on (an up world to crash, a down one to
 * restart); 'minority'/'majority' are random subsets of all worlds, as in Jepsen (a crash then
 * skips the ones already down); 'leader' is the latest leader mythOS announced. 'majorities-ring'
 * is a partition shape, not a set of worlds (chaOS draws it itself for a partition): any other fault
 * aimed at it is skipped.
 */
export function resolveTargets(target: FaultTarget, fault: ManualFault, rng: Rng, up: readonly boolean[], leader: number | null): Resolved {
  const n = up.length
  if (typeof target === 'number') return Number.isInteger(target) && target >= 0 && target < n ? { targets: [target] } : { skip: `there is no world ${target} (there are ${n})` }
  switch (target) {
    case 'leader':
      return leader === null ? { skip: 'no leader is known yet' } : { targets: [leader] }
    case 'one': {
      const eligible = range(n).filter((i) => (fault === 'crash' ? up[i] : fault === 'restart' ? !up[i] : true))
      if (eligible.length === 0) return { skip: fault === 'restart' ? 'no world is down' : 'no world is up' }
      return { targets: [rng.pick(eligible)] }
    }
    case 'minority':
    case 'majority': {
      const size = target === 'minority' ? minoritySize(n) : majoritySize(n)
      if (size === 0) return { skip: `a cluster of ${n} world${n === 1 ? '' : 's'} has no ${target}` }
      return { targets: rng.shuffled(range(n)).slice(0, size).sort(ascending) }
    }
    case 'majorities-ring':
      return { skip: `a majorities-ring is a partition shape: it names no worlds to ${fault}` }
  }
}

/**
 * A manual partition (the network can be partitioned). Its worlds are the ones written down
 * (`worlds`: checked against the n worlds, no draw; the target only says ring or group), or else
 * drawn by the target from `rng()` (called only then: a majorities-ring is one shuffle, Jepsen's
 * shuffle-then-ring; any other target resolves as resolveTargets does). Then one construction,
 * partitionOfWorlds, for both; a group that isolates every world is skipped (it cuts nothing).
 */
export function resolvePartition(target: FaultTarget, worlds: readonly number[] | undefined, rng: () => Rng, up: readonly boolean[], leader: number | null): { draw: PartitionDraw } | { skip: string } {
  const n = up.length
  const ring = target === 'majorities-ring'
  let chosen: readonly number[]
  let prefix = ''
  if (worlds !== undefined) {
    if (worlds.some((w) => w >= n)) return { skip: `there is no world ${Math.max(...worlds)}` }
    if (ring && (worlds.length !== n || n < MAJORITIES_RING_MIN_WORLDS)) return { skip: `majorities-ring: its order must name each of the ${n} worlds once (at least ${MAJORITIES_RING_MIN_WORLDS})` }
    chosen = worlds
  } else if (ring) {
    if (n < MAJORITIES_RING_MIN_WORLDS) return { skip: `majorities-ring: a ring of ${n} world${n === 1 ? '' : 's'} cuts nothing (every world's majority is the whole cluster; it needs ${MAJORITIES_RING_MIN_WORLDS})` }
    chosen = drawWorlds(rng(), n, 'majorities-ring')
  } else {
    prefix = `${String(target)}: `
    const r = resolveTargets(target, 'partition', rng(), up, leader)
    if ('skip' in r) return { skip: prefix + r.skip }
    chosen = r.targets
  }
  const draw = partitionOfWorlds(n, ring, chosen)
  if (draw.kind === 'groups' && draw.rest.length === 0) return { skip: `${prefix}isolating every world cuts nothing` }
  return { draw }
}
