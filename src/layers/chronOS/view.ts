/** chronOS's view model: per-world clock state for the clocks panel, the inspector and the cosmos. */
import { hlcOf } from '../net/stamps'
import { localAt, type WorldClock } from './clock'
import { rootDistanceUs, type ChronosState, type Jolt } from './daemon'

export interface ClockWorldView {
  id: number
  /** Stratum 1 (reads a reference clock). */
  reference: boolean
  up: boolean
  /** Its ntp-client daemon is down (daemOS): it polls no more. */
  clientDown: boolean
  stratum: number
  synced: boolean
  /** True offset of the world's clock from cosmic time, µs (local − cosmic). */
  offsetUs: number
  /** What the world's daemon believes its offset is (−θ at the last update), µs. */
  estimateUs: number
  /** Root distance λ the daemon computes, µs. */
  rootDistanceUs: number
  /** Delay to its system peer, µs. */
  delayUs: number
  servers: number[]
  systemPeer: number | null
  survivors: number
  /** Oscillator error and the discipline's correction, ppm. */
  hwPpm: number
  corrPpm: number
  /** Cosmic time of the last step, µs. */
  lastStepUs: number | null
  steps: number
  /** What the world's clock reads now, µs. */
  localUs: number
  /** HLC (l, c) of chronOS's process on this world, or null when off. */
  hlc: { l: number; c: number } | null
}

export interface ChronosView {
  nowUs: number
  worlds: ClockWorldView[]
  /** Recent steps and jumps (newest last). */
  jolts: Jolt[]
  extraDriftPpm: number
  requests: number
  refused: number
}

const worldView = (s: ChronosState, w: WorldClock): ClockWorldView => {
  const local = localAt(w, s.nowUs)
  return {
    id: w.id,
    reference: w.reference,
    up: w.up,
    clientDown: w.clientDown === true,
    stratum: w.stratum,
    synced: w.synced,
    offsetUs: local - s.nowUs,
    estimateUs: -w.offsetUs,
    rootDistanceUs: rootDistanceUs(w),
    delayUs: w.delayUs,
    servers: w.servers,
    systemPeer: w.systemPeer,
    survivors: w.survivors,
    hwPpm: w.hwPpb / 1000,
    corrPpm: w.corrPpb / 1000,
    lastStepUs: w.lastStepUs,
    steps: w.steps,
    localUs: local,
    hlc: hlcOf(s.net.stamps, w.id),
  }
}

export function chronosView(s: ChronosState): ChronosView {
  return {
    nowUs: s.nowUs,
    worlds: s.worlds.map((w) => worldView(s, w)),
    jolts: s.jolts.slice(),
    extraDriftPpm: s.extraPpb / 1000,
    requests: s.stats.requests,
    refused: s.stats.refused,
  }
}

export function chronosSummary(s: ChronosState): Record<string, number> {
  let maxSynced = 0, synced = 0
  for (const w of s.worlds) {
    if (!w.synced || w.reference) continue
    synced++
    maxSynced = Math.max(maxSynced, Math.abs(localAt(w, s.nowUs) - s.nowUs))
  }
  return { syncedClients: synced, maxSyncedOffsetUs: maxSynced, ...s.stats }
}
