/** pandemoniOS's logOS events (node = the observed world). */
import { z } from 'zod'

const world = z.number().int().min(0)
const phi = z.number().finite().min(0)

export const PANDEMONIOS_EVENTS = {
  /** An observer's phi for the world reached the threshold. */
  phi_suspect: z.strictObject({ observer: world, phi }),
  /** An observer's phi for the world is back below the threshold (a heartbeat arrived). */
  phi_trusted: z.strictObject({ observer: world, phi }),
  /**
   * A quorum (majority) of the world's up observers suspect it: phi is the median over them, the
   * time since their last heartbeat from it the median too; upObservers the quorum's base.
   */
  node_convicted: z.strictObject({ phi, sinceLastHeartbeatUs: z.number().int().min(0), observers: z.array(world), upObservers: z.number().int().min(0) }),
  /** atmOS quarantined the convicted world at pandemoniOS's request: it is fenced. */
  node_fenced: z.strictObject({ convictedForUs: z.number().int().min(0) }),
  /** nomOS denied (or atmOS refused) a quarantine or release pandemoniOS asked for: not asked again. */
  fencing_denied: z.strictObject({ action: z.enum(['quarantine', 'release']), rule: z.string().nullable(), message: z.string() }),
  /** A quorum of the convicted world's up observers trust it again: its probation starts. */
  probation_started: z.strictObject({ observers: z.array(world) }),
  /** A quorum trusts it no more before the probation ended. */
  probation_failed: z.strictObject({ probationUs: z.number().int().min(0) }),
  /** The probation ended: the world is no longer convicted (released from quarantine if pandemoniOS fenced it). */
  node_rehabilitated: z.strictObject({ probationUs: z.number().int().min(0), released: z.boolean() }),
}
