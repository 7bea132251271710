/**
 * A hand-driven LayerContext for unit tests of single Raft steps: time is set by the test, timers
 * and sends are recorded, RPCs (scheduled as 'rpc' timers by the transport) can be read back.
 */
import { Rng, deriveRngState } from '../../../kernel/rng'
import { simUs, type SimTime } from '../../../kernel/time'
import type { Json, JsonObject, LayerContext, LayerName, NodeId } from '../../../kernel/types'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../../scenario/schema'
import { mythOS, type MythosState } from '../index'
import type { PacketTimer, RaftMsg } from '../rpc'

export class FakeCtx implements LayerContext {
  readonly layer: LayerName = 'mythOS'
  readonly scenario: Scenario
  readonly quantumUs: number
  now: SimTime = simUs(0)
  readonly observing = false
  timers: { id: number; at: number; payload: Json }[] = []
  events: { type: string; node: NodeId | null; data: JsonObject }[] = []
  sent: { to: string; type: string; data: JsonObject }[] = []
  private nextId = 1
  private rngs = new Map<string, Rng>()

  constructor(input: ScenarioInput = {}) {
    // The ideal network: every RPC arrives once, after latencyUs.
    this.scenario = ScenarioSchema.parse({ network: 'aetherOS', ...input })
    this.quantumUs = this.scenario.quantumUs
  }

  rng(stream = ''): Rng {
    let r = this.rngs.get(stream)
    if (!r) this.rngs.set(stream, (r = new Rng(deriveRngState(this.scenario.seed, 'mythOS', stream))))
    return r
  }
  schedule(at: SimTime, payload: Json): number {
    const id = this.nextId++
    this.timers.push({ id, at, payload })
    return id
  }
  cancel(timerId: number): void {
    this.timers = this.timers.filter((t) => t.id !== timerId)
  }
  send(to: LayerName | '*', type: string, data: JsonObject): void {
    this.sent.push({ to, type, data })
  }
  emit(type: string, node: NodeId | null, data: JsonObject): void {
    this.events.push({ type, node, data })
  }
  observe(): void {}

  /** The RPCs sent since the last call (and forget them). */
  takeRpcs(): RaftMsg[] {
    const rpcs = this.timers.filter((t) => (t.payload as unknown as PacketTimer).k === 'rpc').map((t) => (t.payload as unknown as PacketTimer).m)
    this.timers = this.timers.filter((t) => (t.payload as unknown as PacketTimer).k !== 'rpc')
    return rpcs
  }

  at(us: number): this {
    this.now = simUs(us)
    return this
  }
}

export function freshLayer(input: ScenarioInput = {}): { s: MythosState; ctx: FakeCtx } {
  const ctx = new FakeCtx(input)
  const s = mythOS.init(ctx)
  ctx.timers = []
  return { s, ctx }
}
