/**
 * Runs a scenario with chronOS in-process and measures its clocks from outside (a checker-like
 * observer of its clock_sync observations, and its metrics): used by the run tests and by
 * bench/chronos.ts for the reported figures.
 */
import { allCheckers } from '../../../checkers'
import type { Checker, Violation } from '../../../checkers/types'
import { runInProcessWith } from '../../../cosmos/run'
import type { LoggedEvent, Observation } from '../../../kernel/types'
import { registry } from '../../index'
import { activeLayers, ScenarioSchema, type Scenario } from '../../../scenario/schema'

export interface MeasureOptions {
  seed: number
  network: 'pneumOS' | 'aetherOS'
  /** chaOS clockDriftPpm 1000 at entropy 1 (±1000 ppm extra), no other chaos. */
  maxDrift?: boolean
  /** High entropy on every slider (the property tests). */
  entropy?: number
  untilS: number
  /** A manual clock_jump of jumpMs on one client world at jumpAtS. */
  jumpAtS?: number
  jumpMs?: number
  nodes?: number
  chronos?: Record<string, unknown>
  /** Count the run's settling time before measuring the max offset, s. */
  settleS?: number
}

export interface ClockSync { t: number; node: number; offsetUs: number; rootDistanceUs: number; synced: boolean }

export interface Measured {
  scenario: Scenario
  violations: readonly Violation[]
  syncs: ClockSync[]
  events: LoggedEvent[]
  maxSyncedOffsetUs: number
  medianSyncedOffsetUs: number
  /** Share of clock updates (after settling) that claim synchronised. */
  syncedShare: number
  steps: number
  jumpWorld: number | null
  /** Seconds from the jump until the world is synchronised again / within 1 ms of cosmic time for good. */
  resyncSyncedS: number | null
  resyncOffsetS: number | null
  fingerprint: string
  /** Largest |l − t| over mythOS's packet_sent HLC stamps: the HLC's physical time is the world's clock. */
  mythosHlcSkewUs: number
  /** HLC-stamped packets seen (sends of every layer). */
  stampedSends: number
}

export function chronosScenario(o: MeasureOptions): Scenario {
  // Default settings: chaOS as the scenario defaults it (entropy 0.3, random crashes, jumps …).
  const chaOS: Record<string, unknown> = o.entropy !== undefined ? { entropy: o.entropy, ...(o.maxDrift ? { clockDriftPpm: 1000 } : {}) } : o.maxDrift ? { entropy: 1 } : {}
  if (o.maxDrift && o.entropy === undefined) Object.assign(chaOS, { clockDriftPpm: 1000, crashRatePerMin: 0, partitionRatePerMin: 0, lossRate: 0, duplicateRate: 0, reorderRate: 0, jitterMs: 0, latencyMultiplier: 1, clockJumpRatePerMin: 0, messageCorruptionRate: 0 })
  const jumpWorld = o.jumpAtS === undefined ? null : 3
  return ScenarioSchema.parse({
    seed: o.seed,
    network: o.network,
    nodes: { count: o.nodes ?? 5 },
    run: ['atmOS', 'chaOS', 'chronOS', 'mythOS'],
    layers: { chaOS, ...(o.chronos ? { chronOS: o.chronos } : {}) },
    interventions: jumpWorld === null ? [] : [{ kind: 'fault', atUs: o.jumpAtS! * 1_000_000, fault: 'clock_jump', target: jumpWorld, jumpMs: o.jumpMs ?? 50 }],
  })
}

export async function measureChronos(o: MeasureOptions): Promise<Measured> {
  const scenario = chronosScenario(o)
  const syncs: ClockSync[] = []
  let mythosHlcSkewUs = 0, stampedSends = 0
  const tap: Checker = {
    name: 'chronos-tap',
    layer: 'chronOS',
    onEvent() {},
    onObservation(ob: Observation) {
      if (ob.type === 'packet_sent' && typeof ob.data['l'] === 'number') {
        stampedSends++
        if (ob.layer === 'mythOS') mythosHlcSkewUs = Math.max(mythosHlcSkewUs, Math.abs((ob.data['l'] as number) - ob.t))
      }
      if (ob.type !== 'clock_sync') return
      const d = ob.data as unknown as Omit<ClockSync, 't'>
      syncs.push({ t: ob.t, ...d })
    },
    violations: () => [],
  }
  const r = await runInProcessWith(scenario, { untilUs: o.untilS * 1_000_000, registry, layers: activeLayers(scenario), checkers: [...allCheckers(scenario), tap], validate: true })
  if (r.cosmos.error) throw new Error(r.cosmos.error)
  const settleUs = (o.settleS ?? 30) * 1_000_000
  const jumpUs = o.jumpAtS === undefined ? null : o.jumpAtS * 1_000_000
  const jumpWorld = jumpUs === null ? null : 3
  const judged = syncs.filter((x) => x.t >= settleUs && (jumpWorld === null || x.node !== jumpWorld || x.t < jumpUs!))
  const offs = judged.filter((x) => x.synced).map((x) => Math.abs(x.offsetUs)).sort((a, b) => a - b)
  let resyncSyncedS: number | null = null, resyncOffsetS: number | null = null
  if (jumpWorld !== null) {
    const after = syncs.filter((x) => x.node === jumpWorld && x.t > jumpUs!)
    const firstSynced = after.find((x) => x.synced)
    if (firstSynced) resyncSyncedS = (firstSynced.t - jumpUs!) / 1e6
    // Within 1 ms for good: the first update after which every later one is within 1 ms and synced.
    let k = after.length
    while (k > 0 && after[k - 1]!.synced && Math.abs(after[k - 1]!.offsetUs) < 1_000) k--
    if (k < after.length) resyncOffsetS = (after[k]!.t - jumpUs!) / 1e6
  }
  return {
    scenario,
    violations: r.violations,
    syncs,
    events: r.events,
    maxSyncedOffsetUs: offs.length ? offs[offs.length - 1]! : 0,
    medianSyncedOffsetUs: offs.length ? offs[Math.floor(offs.length / 2)]! : 0,
    syncedShare: judged.length ? judged.filter((x) => x.synced).length / judged.length : 0,
    steps: r.events.filter((e) => e.type === 'clock_stepped').length,
    jumpWorld,
    resyncSyncedS,
    resyncOffsetS,
    fingerprint: r.fingerprint,
    mythosHlcSkewUs,
    stampedSends,
  }
}
