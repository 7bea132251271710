/** pandemoniOS's view (the inspector: every world's verdict and median phi; phi over time per observer) and summary. */
import type { ConvictionMark, PandemoniosState, Verdict } from './state'
import { medianPhi, verdictOf } from './detect'
import { observerAt } from './topology'

export interface PhiSeries {
  observed: number
  observer: number
  /** phi at the observer's last evaluations, oldest first, one every evalIntervalMs (the layer's own history: read only). */
  phi: readonly number[]
  /** When the last one was taken, µs. */
  lastUs: number
}

export interface PandemoniosView {
  thresholdPhi: number
  evalIntervalMs: number
  heartbeatIntervalMs: number
  probationMs: number
  /** Observers per world. */
  observersPerWorld: number
  /** Per world (columns, index = world id): verdict, median phi over its live observers (null: none), observers suspecting it. */
  verdict: Verdict[]
  phi: (number | null)[]
  suspecting: number[]
  /** Why a world's quarantine or release was not done, by world. */
  notes: Record<number, string>
  /** phi over time of the charted worlds (id below phiHistoryWorlds), per observer. */
  series: PhiSeries[]
  /** The latest convictions, fencings, rehabilitations and denials, oldest first. */
  marks: ConvictionMark[]
  convictions: number
  rehabilitated: number
  fenced: number
}

const round = (x: number): number => (x < 100 ? Math.round(x * 100) / 100 : Math.round(x))

export function pandemoniosView(s: PandemoniosState): PandemoniosView {
  const verdict: Verdict[] = []
  const phi: (number | null)[] = []
  const suspecting: number[] = []
  const notes: Record<number, string> = {}
  const series: PhiSeries[] = []
  for (const w of s.worlds) {
    verdict.push(verdictOf(w))
    const m = medianPhi(s, w)
    phi.push(m === null ? null : round(m))
    suspecting.push(w.suspectedBy)
    if (w.note !== null) notes[w.id] = w.note
    // Only the charted worlds keep a history (hist, at most PHI_HISTORY long).
    w.pairs.forEach((p, j) => {
      if (p.hist !== null && p.hist.length > 0) series.push({ observed: w.id, observer: observerAt(s.topo, w.id, j), phi: p.hist, lastUs: p.histAtUs })
    })
  }
  return {
    thresholdPhi: s.p.thresholdPhi,
    evalIntervalMs: s.evalUs / 1_000,
    heartbeatIntervalMs: s.heartbeatUs / 1_000,
    probationMs: s.probationUs / 1_000,
    observersPerWorld: s.topo.k,
    verdict, phi, suspecting, notes, series,
    marks: s.marks.slice(-50),
    convictions: s.stats.convictions,
    rehabilitated: s.stats.rehabilitated,
    fenced: s.stats.fenced,
  }
}

export function pandemoniosSummary(s: PandemoniosState): Record<string, number> {
  const st = s.stats
  let convictedNow = 0
  for (const w of s.worlds) if (w.convicted) convictedNow++
  return {
    convictions: st.convictions,
    /** Convicted while atmOS said up (or draining/quarantined), reachable from its observers, its heartbeater running. */
    falseConvictions: st.byCause.false,
    /** Convicted while up but its heartbeater daemon stopped (daemOS): not a detector error. */
    silentConvictions: st.byCause.silent,
    downConvictions: st.byCause.down,
    partitionedConvictions: st.byCause.partitioned,
    fenced: st.fenced,
    fencingDenied: st.fencingDenied,
    rehabilitated: st.rehabilitated,
    probationsFailed: st.probationsFailed,
    convictedNow,
    suspicions: st.suspicions,
    heartbeatsSent: st.heartbeatsSent,
    heartbeatsReceived: st.heartbeatsReceived,
  }
}
