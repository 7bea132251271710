/**
 * A hand-driven LayerContext for unit tests of single Raft steps: time is set by the test, timers
 * and sends are recorded, RPCs (scheduled as 'rpc' timers by the transport) can be read back.
 */
import { Rng, deriveRngState } from '../../../kernel/rng'
import { simUs, type SimTime } from '../../../kernel/time'
import type { Json, JsonObject, LayerName, NodeId } from '../../../kernel/types'
import type { WorldStatus } from '../../../kernel/worlds'
import type { MythosCtx } from '../contract'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../../scenario/schema'
import { mythOS, type MythosState } from '../index'
import { onDiskTimer, type DiskTimer } from '../persist'
import type { PacketTimer, RaftMsg } from '../rpc'
import type { RaftNode } from '../state'

export class FakeCtx implements MythosCtx {
  readonly layer: LayerName = 'mythOS'
  readonly scenario: Scenario
  readonly settings: Scenario['layers']['mythOS']
  worlds: WorldStatus[]
  readonly quantumUs: number
  now: SimTime = simUs(0)
  readonly observing = false
  readonly validating = false
  rejected: unknown[] = []
  timers: { id: number; at: number; payload: Json }[] = []
  events: { type: string; node: NodeId | null; data: JsonObject }[] = []
  sent: { type: string; data: unknown }[] = []
  private nextId = 1
  private rngs = new Map<string, Rng>()

  constructor(input: ScenarioInput = {}) {
    // The ideal network: every RPC arrives once, after latencyUs.
    this.scenario = ScenarioSchema.parse({ network: 'aetherOS', ...input })
    this.quantumUs = this.scenario.quantumUs
    this.settings = this.scenario.layers.mythOS
    this.worlds = new Array<WorldStatus>(this.scenario.nodes.count).fill('up')
  }

  localUs(): number {
    return this.now
  }

  reject(r: unknown): void {
    this.rejected.push(r)
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
  send(type: string, data: unknown): void {
    this.sent.push({ type, data })
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

/** Complete every disk write in flight (and those they start), in time order; time moves to each. */
export function flushDisks(s: MythosState, ctx: FakeCtx): void {
  for (let round = 0; round < 1_000; round++) {
    const disk = ctx.timers.filter((t) => (t.payload as unknown as DiskTimer).k === 'disk').sort((a, b) => a.at - b.at || a.id - b.id)[0]
    if (!disk) return
    ctx.cancel(disk.id)
    if (disk.at > ctx.now) ctx.at(disk.at)
    onDiskTimer(s, ctx, disk.payload as unknown as DiskTimer)
  }
  throw new Error('disk writes never settle')
}

/** Declare a hand-built node state durable, as if read back from its disk at start. */
export function markDurable(nd: RaftNode): RaftNode {
  nd.durableLog = nd.log.slice()
  nd.durableTerm = nd.term
  nd.durableVote = nd.votedFor
  nd.unsavedFrom = 0
  nd.durableSeq = nd.stateSeq
  return nd
}
