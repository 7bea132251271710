/** chronOS's logOS events. */
import { z } from 'zod'

export const CHRONOS_EVENTS = {
  /** A sample the clock filter accepted: the server, offset θ and delay δ, µs. */
  clock_sample: z.strictObject({ server: z.number().int().min(0), offsetUs: z.number().int(), delayUs: z.number().int() }),
  /** The discipline stepped the clock (|θ| above the step threshold). */
  clock_stepped: z.strictObject({ stepUs: z.number().int() }),
}
