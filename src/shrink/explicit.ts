/**
 * Random faults made explicit: read what chaOS injected in a run (its events) and write each fault
 * as a timed intervention, so that a scenario with chaOS's random fault rates at 0 replays the
 * same fault schedule — and delta debugging can then remove faults one by one.
 *
 * What is exact and what is close:
 *   - a random crash at t (fault_injected {kind: crash, untilUs: restart time}) becomes a manual
 *     crash at t that restarts by itself at untilUs (durationUs), as the random one did: a manual
 *     crash is requested at the instant the intervention is delivered, as the random one was at
 *     its tick;
 *   - a random partition starting at t (chaOS announces it one quantum ahead) becomes a partition
 *     intervention at t − quantum naming exactly its worlds (the isolated group, or a
 *     majorities-ring's order) and healing by itself at its end (durationUs);
 *   - the faults are the same; the run around them is close, not exact (chaOS's random stream is
 *     drawn differently once its fault rates are 0, and so are its daemon crashes): the shrinker
 *     checks that the explicit schedule still fails before it uses it;
 *   - a random clock jump becomes a manual one (to the millisecond); a random ledger corruption
 *     a manual one (karmOS draws which entry again).
 * Random daemon crashes have no intervention to become: their rate is left as it is.
 */
import type { JsonObject, LoggedEvent } from '../kernel/types'
import type { Intervention, Scenario } from '../scenario/schema'

/** The chaOS sliders whose random faults this module makes explicit (set to 0 in the explicit scenario). */
export const EXPLICIT_RATE_SLIDERS = ['crashRatePerMin', 'partitionRatePerMin', 'clockJumpRatePerMin', 'ledgerCorruptionRatePerMin'] as const

type FaultIntervention = Extract<Intervention, { kind: 'fault' }>

const nums = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [])

/** The chaOS events of a run that describe random faults, as interventions (in time order). */
export function explicitFaults(events: readonly Pick<LoggedEvent, 't' | 'layer' | 'type' | 'data'>[], quantumUs: number, worlds: number): FaultIntervention[] {
  const out: FaultIntervention[] = []
  const fault = (atUs: number, f: FaultIntervention['fault'], target: FaultIntervention['target'], more: Partial<Pick<FaultIntervention, 'jumpMs' | 'durationUs' | 'worlds'>> = {}): void => {
    out.push({ kind: 'fault', atUs: Math.max(0, atUs), fault: f, target, ...more })
  }
  for (const e of events) {
    if (e.layer !== 'chaOS') continue
    const d = e.data as JsonObject
    if (e.type === 'fault_injected') {
      const targets = nums(d['targets'])
      const untilUs = typeof d['untilUs'] === 'number' ? d['untilUs'] : null
      if (d['kind'] === 'crash' && untilUs !== null) {
        // A random crash (a manual one has no automatic restart: untilUs null).
        for (const node of targets) fault(e.t, 'crash', node, { durationUs: Math.max(1, untilUs - e.t) })
      } else if (d['kind'] === 'partition' && untilUs !== null) {
        // A random partition (a manual one lasts until a heal: untilUs null), logged as it starts.
        // Every world named: a majorities-ring's order (a group partition always leaves a rest).
        const ring = targets.length === worlds
        if (targets.length > 0) fault(e.t - quantumUs, 'partition', ring ? 'majorities-ring' : targets[0]!, { worlds: targets, durationUs: Math.max(1, untilUs - e.t) })
      } else if (d['kind'] === 'corrupt_ledger' && d['random'] === true) {
        for (const node of targets) fault(e.t, 'corrupt_ledger', node)
      }
    } else if (e.type === 'clock_jumped' && d['random'] === true && typeof d['node'] === 'number' && typeof d['jumpUs'] === 'number') {
      fault(e.t, 'clock_jump', d['node'], { jumpMs: Math.round(d['jumpUs'] / 1_000) })
    }
  }
  return out.sort((a, b) => a.atUs - b.atUs)
}

/**
 * The scenario with chaOS's random fault rates at 0 and `faults` as interventions beside the
 * user's own (slider moves of those rates dropped: their faults are in `faults` already).
 */
export function withExplicitFaults(s: Scenario, faults: readonly FaultIntervention[]): Scenario {
  const rates = new Set<string>(EXPLICIT_RATE_SLIDERS)
  const own = s.interventions.filter((iv) => !(iv.kind === 'slider' && rates.has(iv.name)))
  const chaOS = { ...s.layers.chaOS }
  for (const k of EXPLICIT_RATE_SLIDERS) chaOS[k] = 0
  // Stable: same-time interventions keep their order (the user's first).
  const interventions = [...own, ...faults].map((iv, i) => ({ iv, i })).sort((a, b) => a.iv.atUs - b.iv.atUs || a.i - b.i).map((x) => x.iv)
  return { ...s, layers: { ...s.layers, chaOS }, interventions }
}
