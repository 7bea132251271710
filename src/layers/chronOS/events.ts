/** chronOS's logOS events. */
import { z } from 'zod'

export const CHRONOS_EVENTS = {
  /** A sample the clock filter accepted: the server, offset θ and delay δ, µs. */
  clock_sample: z.strictObject({ server: z.number().int().min(0), offsetUs: z.number().int(), delayUs: z.number().int() }),
  /** The discipline stepped the clock (|θ| above the step threshold). */
  clock_stepped: z.strictObject({ stepUs: z.number().int() }),
  /** daemOS: the world's ntp-client daemon stopped (its client polls no more; its clock runs undisciplined) or started again. */
  ntp_client_stopped: z.strictObject({}),
  ntp_client_started: z.strictObject({}),
}
