import { z } from 'zod'
import { int } from '../../scenario/base'

/** aetherOS: the ideal network, one constant latency. */
export const AetherosSettings = z.strictObject({
  /** The one constant latency of every link, µs. */
  latencyUs: int(1, 1_000_000).default(100),
})
export type AetherosSettings = z.infer<typeof AetherosSettings>
