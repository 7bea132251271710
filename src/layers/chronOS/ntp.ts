/**
 * The pure parts of NTP (RFC 5905), in integer µs and ppb (exact + − × ÷ only, DESIGN §3):
 * the on-wire exchange (offset θ and delay δ from the four timestamps), the clock filter (8 samples
 * per server, the one of least delay), the root distance of a peer, Marzullo's intersection
 * (RFC 5905's selection algorithm), the clock combine (weighted by 1/λ), and the discipline (step
 * above STEPT, else a type-II phase-locked loop whose correction is clamped to ±MAXFREQ).
 *
 * Sign convention (RFC 5905): θ is how far the server is ahead of the client, so the client's clock
 * should advance by θ; the client's clock reads (cosmic − θ) when its server reads cosmic time.
 */

/** RFC 5905 PHI: the frequency tolerance the error budget assumes, 15 ppm, in ppb. */
export const PHI_PPB = 15_000
/** Clock reading precision of every world, µs (a clock reads whole µs). */
export const PRECISION_US = 1
/** Samples kept per server (RFC 5905 NSTAGE). */
export const FILTER_SIZE = 8
/** Stratum of an unsynchronised server (RFC 5905 MAXSTRAT). */
export const UNSYNCED_STRATUM = 16

const PPB = 1_000_000_000

/** ⌈a × ppb / 10⁹⌉ for a ≥ 0: an error budget rounds up. */
export const ppbOfUp = (us: number, ppb: number): number => Math.ceil((us * ppb) / PPB)

/** The four timestamps of one exchange: T1 client send, T2 server receive, T3 server send, T4 client receive. */
export interface Exchange {
  t1: number
  t2: number
  t3: number
  t4: number
}

/** θ = ((T2 − T1) + (T3 − T4)) / 2 and δ = (T4 − T1) − (T3 − T2) (RFC 5905 §8), µs; θ rounded toward −∞. */
export function offsetDelay(x: Exchange): { offsetUs: number; delayUs: number } {
  return { offsetUs: Math.floor((x.t2 - x.t1 + (x.t3 - x.t4)) / 2), delayUs: x.t4 - x.t1 - (x.t3 - x.t2) }
}

/** One accepted sample of a server, as the clock filter keeps it. */
export interface Sample {
  offsetUs: number
  delayUs: number
  /** ε₀: precisions of both clocks + PHI × (T4 − T1), µs. */
  dispUs: number
  /** Client's clock at T4, µs (the sample's age is measured on it). */
  atUs: number
  /** The discipline's cumulative correction at T4 (clock.ts correctionAt), to carry the offset forward. */
  corrUs: number
  /** The server's root delay and root dispersion when it answered, µs. */
  rootDelayUs: number
  rootDispUs: number
  stratum: number
}

/** ε₀ of a sample (RFC 5905 §8: ρ_server + ρ_client + PHI × (T4 − T1)). */
export const sampleDispersionUs = (x: Exchange): number => 2 * PRECISION_US + ppbOfUp(Math.max(0, x.t4 - x.t1), PHI_PPB)

/** Push a sample into a server's filter (newest last, at most FILTER_SIZE). */
export function filterPush(filter: Sample[], s: Sample): void {
  filter.push(s)
  if (filter.length > FILTER_SIZE) filter.shift()
}

/**
 * The clock filter's pick: the sample of least delay (RFC 5905 §10); at equal delay the newest.
 * Only samples taken after `afterUs` (the last clock update) count: as in RFC 5905, a sample
 * updates the clock once — reusing an old one would hide the drift since behind stale data.
 */
export function filterPick(filter: readonly Sample[], afterUs: number | null = null): Sample | null {
  let best: Sample | null = null
  for (const s of filter) if ((afterUs === null || s.atUs > afterUs) && (best === null || s.delayUs <= best.delayUs)) best = s
  return best
}

/** A server as the selection sees it now: its offset carried forward to now and its root distance λ. */
export interface Candidate {
  server: number
  offsetUs: number
  /** λ: root distance, µs (> 0). */
  distUs: number
  delayUs: number
  stratum: number
  rootDelayUs: number
}

/**
 * A server's candidate from its filter's pick at client time nowUs: the offset carried forward to
 * now — less the correction the client's discipline applied since the sample (its own doing,
 * exactly known), plus the oscillator's drift since as the loop believes it (−freq) — and λ = (rootDelay + δ)/2 + rootDisp + ε₀ + (PHI + wander) × age (RFC 5905 root_dist;
 * wander is the discipline's estimate of its remaining frequency error, beyond PHI).
 */
export function candidateOf(server: number, s: Sample, nowUs: number, corrNowUs: number, freqPpb: number, wanderPpb: number): Candidate {
  const age = Math.max(0, nowUs - s.atUs)
  const offsetUs = s.offsetUs - (corrNowUs - s.corrUs) + Math.round((freqPpb * age) / PPB)
  const distUs = Math.ceil((s.rootDelayUs + s.delayUs) / 2) + s.rootDispUs + s.dispUs + ppbOfUp(age, PHI_PPB + wanderPpb)
  return { server, offsetUs, distUs: Math.max(PRECISION_US, distUs), delayUs: s.delayUs, stratum: s.stratum, rootDelayUs: s.rootDelayUs }
}

/**
 * Marzullo's intersection as RFC 5905 §11.2.1 runs it: for f = 0, 1 … falsetickers while a majority
 * remains (2f < m), find the lowest point covered by m − f correctness intervals [θ − λ, θ + λ] and
 * the highest; the first f for which low ≤ high and no more than f midpoints fall outside wins.
 * Returns the truechimers (the candidates whose interval meets [low, high]), or [] when no
 * majority agrees.
 */
export function marzullo(cands: readonly Candidate[]): Candidate[] {
  const m = cands.length
  if (m === 0) return []
  // Edges: type −1 lower end, 0 midpoint, +1 upper end; sorted by value, lower ends first at a tie.
  const edges: [number, number][] = []
  for (const c of cands) edges.push([c.offsetUs - c.distUs, -1], [c.offsetUs, 0], [c.offsetUs + c.distUs, 1])
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  for (let f = 0; 2 * f < m; f++) {
    let chime = 0, found = 0, low = 0, high = 0, haveLow = false, haveHigh = false
    for (const [v, type] of edges) {
      chime -= type
      if (chime >= m - f) { low = v; haveLow = true; break }
      if (type === 0) found++
    }
    chime = 0
    for (let i = edges.length - 1; i >= 0; i--) {
      const [v, type] = edges[i]!
      chime += type
      if (chime >= m - f) { high = v; haveHigh = true; break }
      if (type === 0) found++
    }
    if (found > f || !haveLow || !haveHigh) continue
    if (low <= high) return cands.filter((c) => c.offsetUs + c.distUs >= low && c.offsetUs - c.distUs <= high)
  }
  return []
}

/**
 * The clock combine (RFC 5905 §11.2.3): the survivors' offsets averaged with weights 1/λ, and a
 * bound on the combined offset's error: every survivor is within λᵢ of the truth, so the weighted
 * mean is within Σwᵢλᵢ / Σwᵢ = m / Σ(1/λᵢ) (rounded up). Plain IEEE + − × ÷, rounded to µs.
 */
export function combine(survivors: readonly Candidate[]): { offsetUs: number; errorUs: number } {
  let sw = 0, swx = 0
  for (const c of survivors) {
    sw += 1 / c.distUs
    swx += c.offsetUs / c.distUs
  }
  return { offsetUs: Math.round(swx / sw), errorUs: Math.ceil(survivors.length / sw) }
}

/** The discipline's loop state (one per client world). */
export interface Loop {
  /** Frequency correction, ppb (what the loop believes cancels the oscillator's error). */
  freqPpb: number
  /** Phase slew rate currently applied, ppb (θ/τ, within what MAXFREQ leaves). */
  phasePpb: number
  /** Client clock at the last update, µs (null: no update since the daemon started). */
  lastUs: number | null
  /** The offset left to slew at the last update, µs. */
  lastOffsetUs: number
  /** Error bound of the offset at the last update, µs. */
  lastErrorUs: number
  /** Remaining frequency error estimate, ppb (smoothed |measured − predicted| / Δt). */
  wanderPpb: number
}

export const newLoop = (freqPpb = 0): Loop => ({ freqPpb, phasePpb: 0, lastUs: null, lastOffsetUs: 0, lastErrorUs: 0, wanderPpb: 0 })

export type Discipline = { kind: 'step'; stepUs: number } | { kind: 'slew'; ratePpb: number; saturated: boolean; growing: boolean }

/**
 * One clock update with the combined offset θ at client time nowUs (RFC 5905 §12, a type-II PLL):
 * |θ| > STEPT steps the clock by θ (the loop keeps its frequency); otherwise the frequency
 * integrates θ·Δt/(4τ²) (critically damped) and the phase is slewed at θ/τ, the total correction
 * clamped to ±MAXFREQ (the frequency does not integrate while clamped: anti-windup). Saturated:
 * clamped; growing: and the offset still grew since the last update (an oscillator beyond MAXFREQ). `slewedUs` is the phase correction applied since the last update (exactly
 * known: it is the loop's own doing), so the offset the last update predicted is
 * lastOffset − slewed; what is left over, per µs elapsed, is the loop's frequency error (wander).
 */
export function discipline(loop: Loop, offsetUs: number, errorUs: number, nowUs: number, slewedUs: number, stepUs: number, tauUs: number, maxFreqPpb: number): Discipline {
  if (Math.abs(offsetUs) > stepUs) {
    loop.lastUs = null
    loop.phasePpb = 0
    loop.lastOffsetUs = 0
    return { kind: 'step', stepUs: offsetUs }
  }
  const wantPhase = Math.round((offsetUs * 1_000_000_000) / tauUs)
  const clamped = Math.abs(loop.freqPpb + wantPhase) > maxFreqPpb
  let growing = false
  if (loop.lastUs !== null && nowUs > loop.lastUs) {
    const dt = nowUs - loop.lastUs
    // All of it counts as frequency error (conservative: measurement noise inflates the bound, never hides drift).
    const residual = Math.abs(offsetUs - (loop.lastOffsetUs - slewedUs))
    const measured = Math.round((residual * 1_000) / (dt / 1_000_000))
    // Rises at once, decays slowly: an error budget must not lag the error it covers.
    loop.wanderPpb = Math.max(measured, Math.round((3 * loop.wanderPpb + measured) / 4))
    growing = Math.abs(offsetUs) > Math.abs(loop.lastOffsetUs)
    // Frequency integrates θ·Δt/(4τ²), in ppb: θ[µs]·Δt[µs]·10⁹ / (4τ²[µs²]); not while the
    // correction is clamped (anti-windup: a long slew must not wind the frequency up).
    if (!clamped) loop.freqPpb += Math.round(((offsetUs * dt) / (4 * tauUs)) * (1_000_000_000 / tauUs))
  }
  loop.freqPpb = Math.max(-maxFreqPpb, Math.min(maxFreqPpb, loop.freqPpb))
  const total = Math.max(-maxFreqPpb, Math.min(maxFreqPpb, loop.freqPpb + wantPhase))
  loop.phasePpb = total - loop.freqPpb
  loop.lastUs = nowUs
  loop.lastOffsetUs = offsetUs
  loop.lastErrorUs = errorUs
  // Saturated: the loop wants more correction than MAXFREQ allows. Its model of the clock no longer
  // holds (an oscillator beyond MAXFREQ, or a large offset slewed out at the maximum rate): the
  // daemon does not claim synchronisation until the correction is back within range.
  return { kind: 'slew', ratePpb: total, saturated: clamped, growing }
}
