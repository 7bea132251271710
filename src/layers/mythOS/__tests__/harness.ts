/**
 * Drives mythOS alone through its LayerRuntime, window by window, with hand-built deliveries
 * (what chaOS and atmOS would send) and feeds its events to checkers. Faults also produce the
 * chaOS/atmOS events the liveness checker reads, as those layers would emit them.
 */
import { LayerRuntime } from '../../../kernel/runtime'
import type { WorldStatus } from '../../../kernel/worlds'
import { simUs } from '../../../kernel/time'
import type { Delivery, Envelope, JsonObject, LayerName, LoggedEvent, SimEvent } from '../../../kernel/types'
import type { Checker, Violation } from '../../../checkers/types'
import { raftChecker } from '../../../checkers/raft'
import { livenessChecker } from '../../../checkers/liveness'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../../scenario/schema'
import { mythOS, type MythosState } from '../index'

export class MythosHarness {
  readonly scenario: Scenario
  rt: LayerRuntime<MythosState>
  readonly events: LoggedEvent[] = []
  readonly outbox: Envelope[] = []
  readonly checkers: Checker[]
  nowUs = 0
  private pending: Delivery[] = []
  private synthetic: SimEvent[] = []
  private seqs = new Map<LayerName, number>()
  private nextPartitionId = 1

  constructor(input: ScenarioInput | Scenario, checkers?: Checker[]) {
    this.scenario = ScenarioSchema.parse(input)
    this.checkers = checkers ?? [raftChecker(this.scenario), livenessChecker(this.scenario)]
    this.rt = LayerRuntime.create(mythOS, this.scenario, { observing: true, validate: true })
    this.collect(this.rt.takeResult().events, [])
  }

  get state(): MythosState {
    return this.rt.peekState()
  }

  /** Queue a cross-layer message to mythOS at an exact time (>= now). */
  deliver(atUs: number, type: string, data: unknown, from: LayerName = 'chaOS'): void {
    if (atUs < this.nowUs) throw new RangeError(`delivery at ${atUs} µs is before now (${this.nowUs} µs)`)
    const seq = this.seqs.get(from) ?? 0
    this.seqs.set(from, seq + 1)
    this.pending.push({ from, at: simUs(atUs), seq, type, data, deliverAt: simUs(atUs), recipient: 'mythOS' })
    this.pending.sort((a, b) => a.deliverAt - b.deliverAt || a.seq - b.seq)
  }

  private note(t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): void {
    this.synthetic.push({ t: simUs(t), layer, node, type, data })
  }

  /** atmOS announces a world's new status (what the kernel's mirror and mythOS see), and logs it. */
  private status(atUs: number, node: number, from: WorldStatus, status: WorldStatus, event: string): void {
    const data = { node, from, status, reason: 'test', requester: 'chaOS' }
    this.deliver(atUs, 'world_status', data, 'atmOS')
    this.note(atUs, 'atmOS', node, event, { from, to: status, reason: 'test', requester: 'chaOS' })
  }

  crash(atUs: number, node: number): void {
    this.note(atUs, 'chaOS', node, 'fault_injected', { kind: 'crash', targets: [node], untilUs: null })
    this.status(atUs, node, 'up', 'crashed', 'node_crashed')
  }

  /** A restart: the world boots (restarting) and is up again at the same instant. */
  restart(atUs: number, node: number): void {
    this.status(atUs, node, 'crashed', 'restarting', 'node_restarting')
    this.status(atUs, node, 'restarting', 'up', 'node_restarted')
    this.note(atUs, 'chaOS', node, 'fault_healed', { kind: 'crash', targets: [node] })
  }

  /** Cut `groups` apart (everyone unlisted is one more group); returns the partition id. */
  partition(atUs: number, groups: number[][]): number {
    const id = this.nextPartitionId++
    this.deliver(atUs, 'partition_start', { id, kind: 'groups', groups })
    this.note(atUs, 'chaOS', null, 'fault_injected', { kind: 'partition', targets: groups.flat(), untilUs: null })
    return id
  }

  heal(atUs: number, id: number): void {
    this.deliver(atUs, 'partition_heal', { id })
    this.note(atUs, 'chaOS', null, 'fault_healed', { kind: 'partition', targets: [] })
  }

  propose(atUs: number, node: number, id: string, text = `happening ${id}`): void {
    this.deliver(atUs, 'propose', { node, id, text }, 'atmOS')
  }

  transfer(atUs: number, to: number | null): void {
    this.deliver(atUs, 'transfer_leadership', { kind: 'transfer_leadership', atUs, to }, 'cosmOS')
  }

  private collect(events: readonly SimEvent[], extra: SimEvent[]): void {
    const all = [...extra, ...events].sort((a, b) => a.t - b.t) // stable: synthetic first at a tie
    for (const e of all) {
      const logged: LoggedEvent = { ...e, offset: this.events.length }
      this.events.push(logged)
      for (const c of this.checkers) c.onEvent(logged)
    }
  }

  /** Run every window up to untilUs (exclusive), skipping idle stretches. */
  runUntil(untilUs: number): this {
    const q = this.scenario.quantumUs
    for (;;) {
      const nextEvent = this.rt.nextEventUs()
      const nextMsg = this.pending[0]?.deliverAt
      const next = Math.min(nextEvent ?? Infinity, nextMsg ?? Infinity, untilUs)
      if (next >= untilUs) break
      const start = Math.max(this.nowUs, next - (next % q))
      const end = Math.min(start + q - (start % q), untilUs)
      const inbox: Delivery[] = []
      while (this.pending.length > 0 && this.pending[0]!.deliverAt < end) inbox.push(this.pending.shift()!)
      const r = this.rt.runWindow(start, end, inbox)
      const extra = this.synthetic.filter((e) => e.t < end)
      this.synthetic = this.synthetic.filter((e) => e.t >= end)
      this.collect(r.events, extra)
      for (const o of r.observations) for (const c of this.checkers) c.onObservation?.(o)
      this.outbox.push(...r.outbox)
      for (const c of this.checkers) c.onTime?.(simUs(end))
      this.nowUs = end
    }
    this.nowUs = Math.max(this.nowUs, untilUs)
    return this
  }

  /** Snapshot the runtime and continue from a structured clone of it (as a restored worker would). */
  reload(): this {
    this.rt = LayerRuntime.restore(mythOS, this.scenario, this.rt.snapshot(), { observing: true, validate: true })
    return this
  }

  finish(): Violation[] {
    for (const c of this.checkers) c.finish?.(simUs(this.nowUs))
    return this.checkers.flatMap((c) => [...c.violations()])
  }

  // ── queries over the event list ──
  ofType(type: string): LoggedEvent[] {
    return this.events.filter((e) => e.layer === 'mythOS' && e.type === type)
  }

  leaders(): { t: number; node: number; term: number }[] {
    return this.ofType('leader_elected').map((e) => ({ t: e.t, node: e.node!, term: e.data['term'] as number }))
  }

  /** The current up leader of the highest term, from the layer state. */
  leader(): number | null {
    let best: { id: number; term: number } | null = null
    for (const nd of this.state.nodes) if (nd.up && nd.role === 'leader' && (!best || nd.term > best.term)) best = { id: nd.id, term: nd.term }
    return best?.id ?? null
  }

  /** Happening ids applied by a node, in order, duplicates skipped (the story it tells). */
  story(node: number): string[] {
    const out: string[] = []
    const seen = new Set<string>()
    for (const e of this.ofType('entry_applied')) {
      if (e.node !== node || e.data['kind'] !== 'happening') continue
      const id = e.data['id'] as string
      if (!seen.has(id)) out.push(id)
      seen.add(id)
    }
    return out
  }
}
