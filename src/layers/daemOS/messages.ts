import { z } from 'zod'
import { int, MAX_WORLDS } from '../../scenario/base'

/**
 * The per-world daemons daemOS supervises, and the layer whose work each one does. A layer stops
 * that work on a world while its daemon there is not running (daemon_state), and resumes it when
 * the daemon is restarted.
 *   ntp-client   chronOS: the world's NTP client polls its servers
 *   heartbeater  pandemoniOS: the world sends heartbeats to its observers
 *   repairer     karmOS: the world's anti-entropy rounds
 *   workload     atmOS: the world's happenings (the work it proposes to the story)
 */
export const DAEMONS = ['ntp-client', 'heartbeater', 'repairer', 'workload'] as const
export type DaemonName = (typeof DAEMONS)[number]

/** daemOS → the layer doing a daemon's work: whether it runs on a world now (sent on every change). */
export const DaemonStateMsg = z.strictObject({
  node: int(0, MAX_WORLDS - 1),
  daemon: z.enum(DAEMONS),
  running: z.boolean(),
})
export type DaemonStateMsg = z.infer<typeof DaemonStateMsg>
export const DAEMON_STATE_TYPE = 'daemon_state'

/**
 * Every daemon daemOS supervises: the DAEMONS above, and its own `scrubber` (a best-effort disk
 * scrub started at each boot: temporary, it does no other layer's work, so it has no daemon_state).
 */
export const SUPERVISED_DAEMONS = [...DAEMONS, 'scrubber'] as const
export type SupervisedDaemon = (typeof SUPERVISED_DAEMONS)[number]

/** The layer whose work a daemon does (null: daemOS's own). */
const DAEMON_LAYER: Readonly<Record<SupervisedDaemon, string | null>> = {
  'ntp-client': 'chronOS',
  heartbeater: 'pandemoniOS',
  repairer: 'karmOS',
  workload: 'atmOS',
  scrubber: null,
}

/** Whether a supervised daemon does another layer's work (one of DAEMONS: it has a daemon_state). */
export const doesLayerWork = (d: SupervisedDaemon): d is DaemonName => DAEMON_LAYER[d] !== null

/**
 * The daemons a run supervises: those whose layer runs (atmOS always does: it owns the worlds),
 * in SUPERVISED_DAEMONS' order. A daemon whose layer does not run has no work, so it is not in the
 * tree at all (a pod spec lists only the containers it runs).
 */
export function supervisedIn(run: readonly string[]): SupervisedDaemon[] {
  return SUPERVISED_DAEMONS.filter((d) => {
    const layer = DAEMON_LAYER[d]
    return layer === null || layer === 'atmOS' || run.includes(layer)
  })
}

/** chaOS → daemOS: a daemon on a world crashes now (a random fault; daemOS ignores one not running). */
export const DaemonCrashMsg = z.strictObject({
  node: int(0, MAX_WORLDS - 1),
  daemon: z.enum(SUPERVISED_DAEMONS),
})
export type DaemonCrashMsg = z.infer<typeof DaemonCrashMsg>
