/**
 * Delta debugging: Zeller & Hildebrandt's ddmin ("Simplifying and Isolating Failure-Inducing
 * Input", TSE 2002). Given a list that makes a test fail, find a sublist that still fails and is
 * 1-minimal: removing any single element of it makes the failure go away.
 *
 * Order is kept (a sublist, never a reordering) and every subset is tested at most once (the test
 * is a whole simulation run, so the cache matters). The test may be async.
 */

export interface DdminProgress {
  /** Tests run so far (cache hits not counted). */
  tests: number
  /** Size of the smallest failing list found so far. */
  size: number
  /** Current granularity (number of chunks). */
  granularity: number
}

export interface DdminOptions {
  onProgress?: (p: DdminProgress) => void
  /** Give up (returning the smallest failing list so far) after this many tests. */
  maxTests?: number
}

export interface DdminResult<T> {
  items: T[]
  tests: number
  /** False when maxTests stopped it before 1-minimality was reached. */
  minimal: boolean
}

/** Split 0..len−1 into n contiguous chunks as equal as possible. */
function chunks(len: number, n: number): [number, number][] {
  const out: [number, number][] = []
  let start = 0
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((len - start) / (n - i))
    if (end > start) out.push([start, end])
    start = end
  }
  return out
}

/**
 * ddmin over `items`. `fails(list)` must be true for `items` itself (it is not retested) and is
 * taken to be deterministic.
 */
export async function ddmin<T>(items: readonly T[], fails: (list: readonly T[]) => boolean | Promise<boolean>, o: DdminOptions = {}): Promise<DdminResult<T>> {
  // Indices into `items` stand for the elements, so the cache key is exact whatever T is.
  let current = items.map((_, i) => i)
  let n = 2
  let tests = 0
  const maxTests = o.maxTests ?? Infinity
  const cache = new Map<string, boolean>()
  const test = async (idx: number[]): Promise<boolean> => {
    const key = idx.join(',')
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    tests++
    const r = await fails(idx.map((i) => items[i]!))
    cache.set(key, r)
    o.onProgress?.({ tests, size: current.length, granularity: n })
    return r
  }
  cache.set(current.join(','), true)
  if (current.length === 1) {
    // The one remaining question: does the failure need the element at all?
    if (await test([])) current = []
    return { items: current.map((i) => items[i]!), tests, minimal: true }
  }
  while (current.length >= 2) {
    if (tests >= maxTests) return { items: current.map((i) => items[i]!), tests, minimal: false }
    const parts = chunks(current.length, Math.min(n, current.length))
    let reduced = false
    // Reduce to a subset.
    for (const [a, b] of parts) {
      if (tests >= maxTests) break
      const subset = current.slice(a, b)
      if (await test(subset)) {
        current = subset
        n = 2
        reduced = true
        break
      }
    }
    // Reduce to a complement (with n = 2 the complements are the subsets: skip them).
    if (!reduced && parts.length > 2) {
      for (const [a, b] of parts) {
        if (tests >= maxTests) break
        const complement = [...current.slice(0, a), ...current.slice(b)]
        if (await test(complement)) {
          current = complement
          n = Math.max(n - 1, 2)
          reduced = true
          break
        }
      }
    }
    if (reduced) continue
    if (tests >= maxTests) return { items: current.map((i) => items[i]!), tests, minimal: false }
    if (n >= current.length) break
    n = Math.min(n * 2, current.length)
  }
  // A single element left: the empty list may fail as well (a failure that needs no fault at all).
  if (current.length === 1 && tests < maxTests && (await test([]))) current = []
  return { items: current.map((i) => items[i]!), tests, minimal: true }
}
