/**
 * theOS's scheduler, kube-scheduler's two phases as pure functions (no state, no draws).
 *
 * Filter: a world is feasible for a pod when it is up (not draining, quarantined, crashed,
 * restarting or decommissioned), not convicted by the failure detector, and its free CPU and
 * memory hold the pod's requests (NodeResourcesFit's filter: requests of every pod bound there,
 * terminating ones included, plus this one, within its capacity).
 *
 * Score, 0–100 each, on integers (every division floors, so every engine agrees):
 *   fit     NodeResourcesFit, LeastAllocated: per resource (capacity − requested after placing the
 *           pod) × 100 / capacity, the mean of CPU and memory — an emptier world scores higher.
 *   spread  SelectorSpread / PodTopologySpread over worlds: 100 × (max − here) / max, where here is
 *           the number of the service's pods on the world and max the most on any feasible world
 *           (100 everywhere when none has one) — replicas of one service go to different worlds.
 *   total   (fitWeight × fit + spreadWeight × spread) / (fitWeight + spreadWeight). The defaults,
 *           1 and 2, are kube-scheduler's default plugin weights (NodeResourcesFit 1,
 *           PodTopologySpread 2): spreading a service outweighs packing by resources.
 * The best total wins; a tie goes to the lowest world id (kube-scheduler picks among the tied at
 * random: here a fixed order keeps the run deterministic without a draw).
 */

export interface WorldRoom {
  id: number
  /** May the pod go there at all (up, not convicted, capacity known)? */
  eligible: boolean
  cpuMilli: number
  memMb: number
  /** Requests of the pods bound to it now (terminating ones included). */
  usedCpuMilli: number
  usedMemMb: number
  /** Pods of the service being placed on it now (terminating ones excluded). */
  sameService: number
}

export interface Request {
  cpuMilli: number
  memMb: number
}

export interface Weights {
  fit: number
  spread: number
}

export interface Scored {
  node: number
  score: number
  fit: number
  spread: number
}

export const fits = (w: WorldRoom, r: Request): boolean =>
  w.eligible && w.usedCpuMilli + r.cpuMilli <= w.cpuMilli && w.usedMemMb + r.memMb <= w.memMb

/** NodeResourcesFit LeastAllocated, 0–100, after placing the pod. */
export function leastAllocated(w: WorldRoom, r: Request): number {
  const cpu = w.cpuMilli === 0 ? 0 : Math.floor(((w.cpuMilli - w.usedCpuMilli - r.cpuMilli) * 100) / w.cpuMilli)
  const mem = w.memMb === 0 ? 0 : Math.floor(((w.memMb - w.usedMemMb - r.memMb) * 100) / w.memMb)
  return Math.floor((Math.max(0, cpu) + Math.max(0, mem)) / 2)
}

/** SelectorSpread over the feasible worlds, 0–100. */
export const spreadScore = (here: number, max: number): number => (max === 0 ? 100 : Math.floor((100 * (max - here)) / max))

/** Every feasible world with its scores, in world order. */
export function scoreWorlds(worlds: readonly WorldRoom[], r: Request, weights: Weights): Scored[] {
  const feasible = worlds.filter((w) => fits(w, r))
  let max = 0
  for (const w of feasible) max = Math.max(max, w.sameService)
  const total = weights.fit + weights.spread
  return feasible.map((w) => {
    const fit = leastAllocated(w, r)
    const spread = spreadScore(w.sameService, max)
    const score = total === 0 ? 0 : Math.floor((weights.fit * fit + weights.spread * spread) / total)
    return { node: w.id, score, fit, spread }
  })
}

/** The chosen world (the best score, ties to the lowest id), with the number of feasible ones; null when none fits. */
export function pickWorld(worlds: readonly WorldRoom[], r: Request, weights: Weights): (Scored & { feasible: number }) | null {
  const scored = scoreWorlds(worlds, r, weights)
  let best: Scored | null = null
  for (const s of scored) if (best === null || s.score > best.score || (s.score === best.score && s.node < best.node)) best = s
  return best === null ? null : { ...best, feasible: scored.length }
}

/** Why no world fits (kube-scheduler's FailedScheduling message, in short). */
export function unschedulableReason(worlds: readonly WorldRoom[], r: Request): string {
  let ineligible = 0
  let cpu = 0
  let mem = 0
  for (const w of worlds) {
    if (!w.eligible) ineligible++
    else if (w.usedCpuMilli + r.cpuMilli > w.cpuMilli) cpu++
    else if (w.usedMemMb + r.memMb > w.memMb) mem++
  }
  const parts: string[] = []
  if (ineligible > 0) parts.push(`${ineligible} not up or convicted`)
  if (cpu > 0) parts.push(`${cpu} insufficient cpu`)
  if (mem > 0) parts.push(`${mem} insufficient memory`)
  return `0/${worlds.length} worlds are available: ${parts.join(', ') || 'no worlds'}`
}
