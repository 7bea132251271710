/**
 * The lowest term in which any node applied each index (mythOS's telemetry for the
 * leader-completeness check), run-length encoded: runs of consecutive indices with one term.
 * Terms change only around elections, so the runs stay few however long the log grows (a plain
 * array grew by one number per entry for ever). Plain data (it is part of the layer's snapshot).
 */
export interface AppliedTerms {
  /** Indices 1..length are known. */
  length: number
  /** Flat runs [firstIndex, term, firstIndex, term, …], firstIndex ascending, the first at 1. */
  runs: number[]
}

export const newAppliedTerms = (): AppliedTerms => ({ length: 0, runs: [] })

/** The run holding index i (1 <= i <= length): its position in `runs` (even). */
function runOf(a: AppliedTerms, i: number): number {
  let lo = 0
  let hi = a.runs.length / 2 - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (a.runs[2 * mid]! <= i) lo = mid
    else hi = mid - 1
  }
  return 2 * lo
}

/** The term recorded for index i (1 <= i <= length). */
export const termOf = (a: AppliedTerms, i: number): number => a.runs[runOf(a, i) + 1]!

/**
 * Index i was applied in term t: record it when i is new, lower it when t is lower. An index past
 * the next one (never so in a run: a node jumps only to a snapshot of applied entries) records the
 * gap's indices with t too, rather than stopping the run over telemetry.
 */
export function noteApplied(a: AppliedTerms, i: number, t: number): void {
  if (i > a.length) {
    if (a.runs.length === 0 || a.runs[a.runs.length - 1] !== t) a.runs.push(a.length + 1, t)
    a.length = i
    return
  }
  const r = runOf(a, i)
  const old = a.runs[r + 1]!
  if (t >= old) return
  const start = a.runs[r]!
  const end = r + 2 < a.runs.length ? a.runs[r + 2]! - 1 : a.length
  // Split [start, end] into [start, i − 1] old, [i] t, [i + 1, end] old, then merge equal neighbours.
  const parts: number[] = []
  if (start < i) parts.push(start, old)
  parts.push(i, t)
  if (i < end) parts.push(i + 1, old)
  a.runs.splice(r, 2, ...parts)
  for (let k = a.runs.length - 2; k >= 2; k -= 2) if (a.runs[k + 1] === a.runs[k - 1]) a.runs.splice(k, 2)
}

/** The highest index whose recorded term is below t (0: none). */
export function lastBelow(a: AppliedTerms, t: number): number {
  for (let r = a.runs.length - 2; r >= 0; r -= 2) {
    if (a.runs[r + 1]! < t) return r + 2 < a.runs.length ? a.runs[r + 2]! - 1 : a.length
  }
  return 0
}
