import { z } from 'zod'
import { int, MAX_WORLDS } from '../../scenario/base'
import { SUPERVISED_DAEMONS } from './messages'

/**
 * daemOS settings. References (../shared/REFERENCES.md): Kubernetes CrashLoopBackOff waits 10 s
 * before the second restart, doubling to 5 min, and forgets after 10 min of running fine; OTP's
 * supervisor default is intensity 1 in a period of 5 s; systemd's StartLimitBurst is 5.
 *
 * How backoff and intensity combine (supervisor.ts): a supervisor counts a restart at the instant
 * the child exits (as OTP does: there the restart follows at once); the restart itself waits the
 * child's backoff (the first after a fresh start is immediate). Because the backoff spaces a crash
 * loop's exits ever wider, a period of 5 s would never see a second one: the period of the
 * daemons' supervisors is therefore Kubernetes' 10-minute reset window and their intensity
 * systemd's burst of 5, so a crash loop climbs the backoff ladder (0, 10, 20, 40, 80 s) and its
 * sixth exit within 10 minutes makes its supervisor give up. The root restarts a failed
 * sub-supervisor once; a second failure within its period fails the root: the world is rebooted.
 */
export const DaemosSettings = z.strictObject({
  /** CrashLoopBackOff: the wait before the second restart, ms (the first is immediate); doubles after each. */
  backoffInitialMs: int(1, 3_600_000).default(10_000),
  /** CrashLoopBackOff's cap, ms. */
  backoffMaxMs: int(1, 3_600_000).default(300_000),
  /** A child that ran this long since its last start starts its backoff ladder over, ms. */
  backoffResetAfterMs: int(1, 86_400_000).default(600_000),
  /** The daemons' supervisors (net, storage): restarts allowed within the period before they give up. */
  supervisorIntensity: int(0, 1_000).default(5),
  supervisorPeriodMs: int(1, 86_400_000).default(600_000),
  /** The root supervisor (world): restarts of a failed sub-supervisor allowed within its period before the world is rebooted. */
  rootIntensity: int(0, 1_000).default(1),
  rootPeriodMs: int(1, 86_400_000).default(600_000),
  /** A daemon under a `crashloop` fault crashes this long after each start, ms. */
  crashLoopAfterMs: int(1, 3_600_000).default(2_000),
})
export type DaemosSettings = z.infer<typeof DaemosSettings>

export const DAEMON_FAULT_MODES = ['crash', 'crashloop', 'heal', 'exit'] as const

/**
 * The user strikes a daemon at an exact sim time: `crash` kills it now (an abnormal exit);
 * `crashloop` makes it crash crashLoopAfterMs after every start until `heal`; `exit` ends it
 * normally (a transient daemon is then not restarted, a permanent one is).
 */
export const DaemonFaultIntervention = z.strictObject({
  kind: z.literal('daemon_fault'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  node: int(0, MAX_WORLDS - 1),
  daemon: z.enum(SUPERVISED_DAEMONS),
  mode: z.enum(DAEMON_FAULT_MODES),
})
export type DaemonFaultIntervention = z.infer<typeof DaemonFaultIntervention>
