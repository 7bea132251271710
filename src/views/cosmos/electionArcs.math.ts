/**
 * The election-timeout arcs' pure part (ElectionArcs.tsx draws them): RaftScope draws each
 * follower's election timer as an arc that empties as its timeout nears; here the arc's fraction
 * from the deadline and the randomised timeout mythOS reports (RaftNodeView) and the sim time drawn.
 */
import type { RaftNodeView } from '../../layers/views'

/**
 * The part of the timeout still ahead, in [0, 1] (1: just reset, 0: it fires now), or null when the
 * world has no election timer (a leader, a learner, a down world) or the numbers make no sense.
 */
export function arcFraction(deadlineUs: number | null, timeoutUs: number, nowUs: number): number | null {
  if (deadlineUs === null || !Number.isFinite(deadlineUs) || !(timeoutUs > 0) || !Number.isFinite(nowUs)) return null
  return Math.min(1, Math.max(0, (deadlineUs - nowUs) / timeoutUs))
}

/** Below this fraction the arc turns to the urgent colour (its election is about to start). */
export const ARC_URGENT_BELOW = 0.25

/**
 * How urgent an arc looks: 0 at or above ARC_URGENT_BELOW, rising to 1 as it empties (the shader
 * mixes the calm and the urgent colour by it).
 */
export const arcUrgency = (fraction: number): number => (fraction >= ARC_URGENT_BELOW ? 0 : Math.min(1, (ARC_URGENT_BELOW - fraction) / ARC_URGENT_BELOW))

/**
 * The scene indices of the worlds that carry an arc (the ones with an election timer), at most
 * `capacity`, in index order; `into` is reused and returned.
 */
export function arcWorlds(nodes: readonly (RaftNodeView | undefined)[], capacity: number, into: number[] = []): number[] {
  into.length = 0
  for (let i = 0; i < nodes.length && into.length < capacity; i++) {
    const n = nodes[i]
    if (n !== undefined && n.electionDeadlineUs !== null && n.electionTimeoutUs > 0) into.push(i)
  }
  return into
}
