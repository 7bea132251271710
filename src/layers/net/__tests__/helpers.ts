/**
 * Test helpers for the network, world and chaos layers: a minimal LayerContext (for driving
 * transport.ts directly) and a Delivery builder (for driving a layer's runtime by hand).
 * Test-only (under __tests__).
 */
import { deriveRng, type Rng } from '../../../kernel/rng'
import { simUs } from '../../../kernel/time'
import type { Delivery, JsonObject, LayerContext, LayerName, NodeId, Observation, SimEvent, SimTime } from '../../../kernel/types'
import type { WorldStatus } from '../../../kernel/worlds'
import type { SchemaRejection } from '../../../kernel/boundary'
import type { Scenario } from '../../../scenario/schema'

export interface FakeContext extends LayerContext<Scenario, Record<string, unknown>, unknown> {
  now: SimTime
  /** The lifecycle mirror, writable by the test. */
  worlds: WorldStatus[]
  readonly events: SimEvent[]
  readonly observations: Observation[]
  readonly sent: { type: string; data: unknown; at: number }[]
  /** Boundary validation on (etymOS runs); writable by the test. */
  validating: boolean
  readonly rejected: SchemaRejection[]
}

/** A LayerContext with real seeded streams (same derivation as the runtime) and recorded outputs. */
export function fakeContext(scenario: Scenario, layer: LayerName = 'mythOS', observing = true): FakeContext {
  const rngs = new Map<string, Rng>()
  const ctx: FakeContext = {
    layer,
    scenario,
    settings: (scenario.layers as Record<string, unknown>)[layer],
    worlds: new Array<WorldStatus>(scenario.nodes.count).fill('up'),
    now: simUs(0),
    quantumUs: scenario.quantumUs,
    observing,
    validating: false,
    rejected: [],
    localUs: () => ctx.now,
    reject(r) {
      ctx.rejected.push(r)
    },
    events: [],
    observations: [],
    sent: [],
    rng(stream = '') {
      let r = rngs.get(stream)
      if (!r) rngs.set(stream, (r = deriveRng(scenario.seed, layer, stream)))
      return r
    },
    schedule(): number {
      throw new Error('fakeContext has no timers')
    },
    cancel() {},
    send(type, data, at) {
      ctx.sent.push({ type, data, at: at ?? ctx.now })
    },
    emit(type: string, node: NodeId | null, data: JsonObject) {
      ctx.events.push({ t: ctx.now, layer, node, type, data })
    },
    observe(type: string, data: JsonObject) {
      if (observing) ctx.observations.push({ t: ctx.now, layer, type, data })
    },
  }
  return ctx
}

let deliverySeq = 0

/** A delivery as the kernel hands it to `recipient`, at its exact time. */
export function delivery(recipient: LayerName, type: string, data: unknown, atUs: number, from: LayerName = 'chaOS'): Delivery {
  const at = simUs(atUs)
  return { from, at, seq: deliverySeq++, type, data, deliverAt: at, recipient }
}
