/**
 * Each world's system clock as chronOS drives it: a piecewise-linear segment (kernel/clocks.ts)
 * whose rate is the hardware oscillator's error (atmOS's drift + chaOS's share) plus the
 * discipline's correction. Every change (a step, a new slew rate, a hardware jump, a new drift)
 * is announced as a `clock_set` exactly one quantum ahead, so every layer's mirror (ctx.localUs)
 * and chronOS itself switch to it at the same instant; until then the pending segment waits here.
 */
import { CLOCK_SET_TYPE, readClock, type ClockSegment } from '../../kernel/clocks'
import { simUs } from '../../kernel/time'
import type { ChronosCtx } from './messages'
import type { Sample, Loop } from './ntp'

/** A clock segment with the discipline's phase bookkeeping and why it began. */
export interface Segment extends ClockSegment {
  /** The discipline's correction in this segment (frequency + phase), ppb. */
  corrPpb: number
  /** Cumulative correction the discipline applied (steps + ∫ correction), at baseUs, µs. */
  corrUs: number
  /** The hardware clock jumped at baseUs (the daemon notices, as chrony notices a clock step). */
  jump?: 1
}

export interface WorldClock {
  id: number
  /** Stratum 1: reads cosmic time from its reference clock (GPS); never disciplined, never drifts. */
  reference: boolean
  /** atmOS's oscillator error, ppb. */
  atmPpb: number
  /** This world's share of chaOS's extra drift, permille in [−1000, 1000] (drawn once at init). */
  sharePermille: number
  /** Oscillator error now: atmPpb + extra × share, ppb. */
  hwPpb: number
  /** The discipline's total correction (frequency + phase), ppb. */
  corrPpb: number
  seg: Segment
  /** Announced segments not yet in effect (ascending baseUs). */
  pend: Segment[]
  up: boolean
  /** Bumped at every crash and restart: stale poll timers are ignored. */
  inc: number
  /** daemOS reports the world's ntp-client daemon down: the client polls no more (absent without daemOS). */
  clientDown?: boolean
  // ── the NTP daemon (clients only) ──
  servers: number[]
  filters: Sample[][]
  /** Per server: T1 of the outstanding request (the origin a reply must echo), or null. */
  outstanding: (number | null)[]
  loop: Loop
  /** Cumulative correction at the last update, µs. */
  corrAtUpdateUs: number
  // ── the system variables (RFC 5905 §11) ──
  synced: boolean
  stratum: number
  rootDelayUs: number
  rootDispUs: number
  /** Local clock at the last update, µs. */
  updatedUs: number
  /** Last combined offset θ (server − local), µs. */
  offsetUs: number
  /** Error bound of θ (the combine's), µs. */
  errorUs: number
  systemPeer: number | null
  survivors: number
  /** Delay to the system peer, µs. */
  delayUs: number
  /** Cosmic time of the last step, µs. */
  lastStepUs: number | null
  steps: number
  samples: number
}

const PPB = 1_000_000_000

/** The segment in effect at cosmic time nowUs (the last announced one whose base has come). */
export function segmentAt(w: WorldClock, nowUs: number): Segment {
  let seg = w.seg
  for (const p of w.pend) if (p.baseUs <= nowUs) seg = p
  return seg
}

/** What world w's system clock reads at cosmic time nowUs. */
export const localAt = (w: WorldClock, nowUs: number): number => readClock(segmentAt(w, nowUs), nowUs)

/**
 * The discipline's cumulative correction at cosmic time nowUs, µs (steps + ∫ correction, measured
 * on the local clock): its own doing, so it knows it exactly (ntp.ts carries samples forward by it).
 */
export function correctionAt(w: WorldClock, nowUs: number): number {
  const seg = segmentAt(w, nowUs)
  return seg.corrUs + Math.floor(((readClock(seg, nowUs) - seg.localUs) * seg.corrPpb) / PPB)
}

/** The segment announced last (in effect or pending). */
const latest = (w: WorldClock): Segment => w.pend[w.pend.length - 1] ?? w.seg

/**
 * Change world w's clock one quantum from now: shifted by shiftUs (a step or a jump), running at
 * the oscillator's error + the discipline's correction. Announces it (clock_set) to every layer
 * and schedules its own switch at the same instant.
 */
export function announce(w: WorldClock, ctx: ChronosCtx, shiftUs: number, how: { step?: boolean; jump?: boolean } = {}): void {
  const at = ctx.now + ctx.quantumUs
  const last = latest(w)
  const localUs = readClock(last, at) + shiftUs
  const corrUs = last.corrUs + Math.floor(((readClock(last, at) - last.localUs) * last.corrPpb) / PPB) + (how.step ? shiftUs : 0)
  const seg: Segment = { baseUs: at, localUs, ratePpb: Math.max(-10_000_000, Math.min(10_000_000, w.hwPpb + w.corrPpb)), corrPpb: w.corrPpb, corrUs, ...(how.jump ? { jump: 1 as const } : {}) }
  w.pend.push(seg)
  ctx.send(CLOCK_SET_TYPE, { node: w.id, baseUs: seg.baseUs, localUs: seg.localUs, ratePpb: seg.ratePpb }, simUs(at))
  ctx.schedule(simUs(at), { k: 'seg', w: w.id })
}

/** At a segment's instant: it takes effect. Returns whether the hardware clock jumped. */
export function applyDue(w: WorldClock, nowUs: number): boolean {
  let jumped = false
  while (w.pend.length > 0 && w.pend[0]!.baseUs <= nowUs) {
    w.seg = w.pend.shift()!
    if (w.seg.jump) jumped = true
  }
  return jumped
}
