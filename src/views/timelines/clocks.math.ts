/**
 * The clocks panel's history: chronOS's per-world offsets sampled from the frame buffer on the main
 * thread, bounded, reset when the run goes back in time (a new run or a seek). Pure and tested.
 */
export interface ClockPoint {
  t: number
  offsetUs: number[]
  rootDistanceUs: number[]
  synced: boolean[]
}

export const CLOCK_HISTORY_MAX = 1_500
/** At most this many per-world values kept in all (1,500 samples of 1,000 worlds; fewer samples beyond). */
export const CLOCK_HISTORY_CELLS = 1_500_000
/** The samples kept for `worlds` worlds: CLOCK_HISTORY_MAX, fewer when the worlds are many (at least 60). */
export const clockHistoryCap = (worlds: number): number => Math.max(60, Math.min(CLOCK_HISTORY_MAX, Math.floor(CLOCK_HISTORY_CELLS / Math.max(1, worlds))))

export class ClockHistory {
  points: ClockPoint[] = []

  /**
   * Add a sample; one at the last one's time replaces it (a later view of the same instant: chronOS's
   * view time moves only when it handles something, and a jump may land in between), one before it
   * starts over.
   */
  add(p: ClockPoint): void {
    const last = this.points[this.points.length - 1]
    if (last && p.t < last.t) this.points = []
    else if (last && p.t === last.t) {
      this.points[this.points.length - 1] = p
      return
    }
    this.points.push(p)
    const cap = clockHistoryCap(p.offsetUs.length)
    if (this.points.length > cap) this.points.splice(0, this.points.length - cap)
  }
}

/** The y extent (µs) of the picked worlds' offsets and their ±root distance bands, symmetric, at least ±100 µs. */
export function offsetExtent(points: readonly ClockPoint[], picked: readonly number[], withBands: boolean): number {
  let m = 100
  for (const p of points)
    for (const w of picked) {
      const o = Math.abs(p.offsetUs[w] ?? 0)
      const r = withBands && p.synced[w] ? p.rootDistanceUs[w] ?? 0 : 0
      m = Math.max(m, o + r)
    }
  return m
}

/**
 * One world's offset line as [t, offsetUs] points: its samples, with each jolt of that world (a
 * step or a jump) drawn as the discontinuity it is — the previous sample's value up to the jolt,
 * then straight to the next sample's — rather than as a ramp between two samples. Between two
 * samples only the last jolt is drawn (the value in between is not known).
 */
export function offsetLine(points: readonly ClockPoint[], w: number, jolts: readonly { node: number; atUs: number }[]): [number, number][] {
  const at = jolts.filter((j) => j.node === w).map((j) => j.atUs).sort((a, b) => a - b)
  const out: [number, number][] = []
  let k = 0
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!
    const prev = points[i - 1]
    let jolt: number | null = null
    while (k < at.length && at[k]! <= p.t) {
      if (prev !== undefined && at[k]! > prev.t) jolt = at[k]!
      k++
    }
    if (jolt !== null) {
      out.push([jolt, prev!.offsetUs[w] ?? 0])
      out.push([jolt, p.offsetUs[w] ?? 0])
    }
    out.push([p.t, p.offsetUs[w] ?? 0])
  }
  return out
}
