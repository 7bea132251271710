/**
 * anomOS's figures, shared by its tests and bench/anomos.mts: inject one fault (a crash of the
 * leader, a minority partition, a loss burst, a clock jump) into a quiet run (entropy 0) after the
 * detectors have warmed up, and measure the delay from injection to the first alert that fires;
 * and count alerts firing in a quiet run (false alerts).
 */
import { allCheckers } from '../../../checkers'
import { runInProcessWith } from '../../../cosmos/run'
import { registry } from '../../index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers, type ScenarioInput } from '../../../scenario/schema'

const S = 1_000_000
export const FAULT_KINDS = ['crash', 'partition', 'loss', 'clock'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]
export const RUN = [...new Set([...DEFAULT_RUN, 'nomOS', 'anomOS'])]
/** A quiet background: entropy 0, and every random fault's slider at 0 (so entropy 1 can turn one kind on). */
export const QUIET = { entropy: 0, crashRatePerMin: 0, partitionRatePerMin: 0, clockJumpRatePerMin: 0, ledgerCorruptionRatePerMin: 0, lossRate: 0, duplicateRate: 0, reorderRate: 0, messageCorruptionRate: 0, clockDriftPpm: 0, jitterMs: 0, latencyMultiplier: 1 }

function faultAt(kind: FaultKind, atS: number): ScenarioInput['interventions'] {
  const at = atS * S
  switch (kind) {
    case 'crash': return [{ kind: 'fault', atUs: at, fault: 'crash', target: 'leader' }, { kind: 'fault', atUs: at + 15 * S, fault: 'restart', target: 'leader' }]
    case 'partition': return [{ kind: 'fault', atUs: at, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: at + 15 * S, fault: 'heal', target: 'one' }]
    // Every other slider is 0 (QUIET): entropy 1 turns on the 30 % loss alone, then entropy 0 turns it off.
    case 'loss': return [{ kind: 'slider', atUs: at, name: 'lossRate', value: 0.3 }, { kind: 'slider', atUs: at, name: 'entropy', value: 1 }, { kind: 'slider', atUs: at + 15 * S, name: 'entropy', value: 0 }]
    // World 3 is an NTP client (worlds 0 and 2 read the reference clock: their jumps are undone at their next read).
    case 'clock': return [{ kind: 'fault', atUs: at, fault: 'clock_jump', target: 3, jumpMs: 50 }]
  }
}

export interface Detection {
  seed: number
  kind: FaultKind
  /** Injection → first alert_firing, µs (null: none fired within the run). */
  delayUs: number | null
  alert: string | null
  violations: number
}

export async function detect(seed: number, kind: FaultKind, opts: { atS?: number; untilS?: number; layers?: ScenarioInput['layers'] } = {}): Promise<Detection> {
  const atS = opts.atS ?? 60
  const scenario = ScenarioSchema.parse({ seed, run: RUN, layers: { chaOS: QUIET, ...opts.layers }, interventions: faultAt(kind, atS) })
  const r = await runInProcessWith(scenario, { untilUs: (opts.untilS ?? atS + 30) * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
  const first = r.events.find((e) => e.type === 'alert_firing' && e.t >= atS * S)
  return { seed, kind, delayUs: first ? first.t - atS * S : null, alert: first ? String(first.data['alert']) : null, violations: r.violations.length }
}

/** Alerts that fired in a quiet run (entropy 0, no fault) of untilS seconds. */
export async function falseAlerts(seed: number, untilS: number): Promise<{ fired: number; alerts: string[] }> {
  const scenario = ScenarioSchema.parse({ seed, run: RUN, layers: { chaOS: { entropy: 0 } } })
  const r = await runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: [] })
  const fired = r.events.filter((e) => e.type === 'alert_firing')
  return { fired: fired.length, alerts: fired.map((e) => `${String(e.data['alert'])}@${(e.t / S).toFixed(1)}s`) }
}

export const quantile = (xs: readonly number[], q: number): number => {
  const v = xs.slice().sort((a, b) => a - b)
  return v[Math.min(v.length - 1, Math.floor(q * v.length))]!
}
