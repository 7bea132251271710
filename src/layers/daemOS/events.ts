/**
 * daemOS's logOS events (node = the world). `daemon` names a child of a supervisor: a daemon, or a
 * supervisor itself (net, storage) when its own supervisor handles it; `supervisor` is its parent.
 */
import { z } from 'zod'

const name = z.string().max(40)
const us = z.number().int().min(0)
const restart = z.enum(['permanent', 'transient', 'temporary'])

export const DAEMOS_EVENTS = {
  /** A child exited abnormally (a crash; for a supervisor: it gave up). */
  daemon_crashed: z.strictObject({ daemon: name, supervisor: name, reason: z.string().max(200), restart }),
  /** A child exited normally (a transient one is then not restarted). */
  daemon_exited: z.strictObject({ daemon: name, supervisor: name, reason: z.string().max(200), restart }),
  /**
   * Its supervisor will restart it at untilUs (CrashLoopBackOff while it waits): attempt is its place
   * on the backoff ladder, backoffUs its own wait; `group` the children restarted with it (its strategy).
   */
  daemon_backoff: z.strictObject({ daemon: name, supervisor: name, attempt: z.number().int().min(1), backoffUs: us, untilUs: us, group: z.array(name).max(16) }),
  /** It restarted after its own exit, waitedUs after it (≥ backoffUs: a group waits for its longest backoff). */
  daemon_restarted: z.strictObject({ daemon: name, supervisor: name, attempt: z.number().int().min(1), backoffUs: us, waitedUs: us }),
  /** It started again without having exited itself: restarted with a sibling's group. */
  daemon_started: z.strictObject({ daemon: name, supervisor: name, reason: z.string().max(200) }),
  /** Its supervisor stopped it: a sibling's group restart, or the supervisor giving up. */
  daemon_terminated: z.strictObject({ daemon: name, supervisor: name, reason: z.string().max(200) }),
  /** A supervisor gave up: more than `intensity` restarts within periodUs; it terminates its children and fails to its parent (the root: the world reboots). */
  supervisor_escalated: z.strictObject({ supervisor: name, restarts: z.number().int().min(0), intensity: z.number().int().min(0), periodUs: us }),
  /** The root gave up: daemOS asked atmOS to reboot the world (crash, then restart). */
  world_reboot_requested: z.strictObject({ reason: z.string().max(200) }),
  /** nomOS denied the reboot: the tree is started again in place. */
  world_reboot_denied: z.strictObject({ action: z.string().max(20), reason: z.string().max(2_200) }),
  /** A daemon_fault intervention took effect (crash and exit are logged as daemon_crashed / daemon_exited). */
  daemon_fault_applied: z.strictObject({ daemon: name, mode: z.string().max(20) }),
  /** A daemon_fault intervention that could not apply (no such world, or its daemon is not in the tree). */
  daemon_fault_skipped: z.strictObject({ daemon: name, mode: z.string().max(20), reason: z.string().max(200) }),
}
