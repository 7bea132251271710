import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * harmoniOS's settings: when the universe is in harmony, and how a release rolls out.
 *
 * Harmony (quiescence detection over the whole run): every world is up (none crashed, restarting,
 * draining or quarantined; decommissioned ones are gone), a leader is known, every world applied
 * within lagEntries of the furthest one and worlds at the same index applied the same story
 * (mythOS's hash chain), every clock within epsilonUs of cosmic time (chronOS), no alert firing
 * (anomOS), no ledger entry awaiting repair (karmOS), no snapshot in flight (oneirOS), no
 * partition in effect — and it held for settleMs. Each part is judged only while its layer runs.
 */
export const HarmoniosSettings = z.strictObject({
  /** Entries a world may trail the furthest one by and still agree (replication takes a heartbeat). */
  lagEntries: int(0, 1_000_000).default(3),
  /** How far a clock may be from cosmic time, µs (chronOS). */
  epsilonUs: int(0, 3_600_000_000).default(5_000),
  /** How long every part must hold before harmony is declared, ms. */
  settleMs: int(0, 3_600_000).default(2_000),
})
export type HarmoniosSettings = z.infer<typeof HarmoniosSettings>

/** One step of a canary rollout (Argo Rollouts: setWeight, pause, analysis). */
export const RolloutStep = z.union([
  z.strictObject({ setWeight: int(0, 100) }),
  z.strictObject({ pauseMs: int(0, 3_600_000) }),
  /** Watch for analysisMs: any alert firing aborts; harmony must hold at its end. */
  z.strictObject({ analysisMs: int(0, 3_600_000) }),
])
export type RolloutStep = z.infer<typeof RolloutStep>

export const DEFAULT_STEPS: readonly RolloutStep[] = [{ setWeight: 20 }, { pauseMs: 5_000 }, { analysisMs: 5_000 }, { setWeight: 60 }, { pauseMs: 5_000 }, { analysisMs: 5_000 }, { setWeight: 100 }, { analysisMs: 5_000 }]

/** A version of the worlds' Raft software: here, its heartbeat interval (mythOS). */
export const SoftwareVersion = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,39}$/, 'a version is 1–40 letters, digits, dots, dashes and underscores'),
  heartbeatMs: int(1, 60_000),
})

/** The user releases a new version at an exact sim time, rolled out by canary steps. */
export const ReleaseIntervention = z.strictObject({
  kind: z.literal('release'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  version: SoftwareVersion,
  steps: z.array(RolloutStep).min(1).max(32).default(DEFAULT_STEPS.map((s) => ({ ...s }))),
})
export type ReleaseIntervention = z.infer<typeof ReleaseIntervention>
