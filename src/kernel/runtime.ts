/**
 * The runtime of one layer: its event queue, timers, RNG streams and per-window outputs.
 * It is where the kernel contract (DESIGN §3) is kept for a single layer: inside a window the layer
 * processes its own events alone, in (time, seq) order. The same runtime runs in-process, in a
 * browser Worker and in a Node worker_thread.
 */
import { Heap } from './heap'
import { Rng, deriveRngState, type RngState } from './rng'
import { simUs, type SimTime } from './time'
import type { Delivery, Envelope, Json, JsonObject, LayerContext, LayerDef, LayerName, NodeId, Observation, SimEvent } from './types'
import type { Scenario } from '../scenario/schema'

interface QueueEntry {
  t: number
  seq: number
  /** A delivered cross-layer message, or a timer. */
  msg?: Delivery
  timerId?: number
  payload?: Json
}

const before = (a: QueueEntry, b: QueueEntry): boolean => a.t < b.t || (a.t === b.t && a.seq < b.seq)

/** Everything needed to rebuild a runtime exactly: structured-cloneable. */
export interface LayerSnapshot {
  readonly layer: LayerName
  readonly state: unknown
  readonly queue: QueueEntry[]
  readonly nextSeq: number
  readonly sendSeq: number
  readonly nextTimerId: number
  readonly cancelled: number[]
  readonly rngs: Record<string, RngState>
}

/** What one window (or init) of one layer produced. */
export interface WindowResult {
  readonly outbox: Envelope[]
  readonly events: SimEvent[]
  readonly observations: Observation[]
  /** Time of the layer's next queued event, or null when it has none. */
  readonly nextUs: number | null
}

export class LayerRuntime<S = unknown> implements LayerContext {
  readonly layer: LayerName
  readonly quantumUs: number
  now: SimTime = simUs(0)
  observing: boolean
  private state!: S
  private queue: Heap<QueueEntry>
  private nextSeq = 0
  private sendSeq = 0
  private nextTimerId = 1
  private cancelled = new Set<number>()
  private rngs = new Map<string, Rng>()
  private outbox: Envelope[] = []
  private events: SimEvent[] = []
  private observations: Observation[] = []

  private constructor(readonly def: LayerDef<S>, readonly scenario: Scenario, observing: boolean) {
    this.layer = def.name
    this.quantumUs = scenario.quantumUs
    this.observing = observing
    this.queue = new Heap(before)
  }

  /** A fresh runtime at the big bang. Its init output is collected by the first takeResult(). */
  static create<S>(def: LayerDef<S>, scenario: Scenario, observing = false): LayerRuntime<S> {
    const rt = new LayerRuntime(def, scenario, observing)
    rt.state = def.init(rt)
    return rt
  }

  static restore<S>(def: LayerDef<S>, scenario: Scenario, snap: LayerSnapshot, observing = false): LayerRuntime<S> {
    if (snap.layer !== def.name) throw new Error(`snapshot of ${snap.layer} cannot restore ${def.name}`)
    const rt = new LayerRuntime(def, scenario, observing)
    const s = structuredClone(snap)
    rt.state = s.state as S
    rt.queue = new Heap(before, s.queue)
    rt.nextSeq = s.nextSeq
    rt.sendSeq = s.sendSeq
    rt.nextTimerId = s.nextTimerId
    rt.cancelled = new Set(s.cancelled)
    for (const [name, st] of Object.entries(s.rngs)) rt.rngs.set(name, new Rng(st))
    return rt
  }

  snapshot(): LayerSnapshot {
    const rngs: Record<string, RngState> = {}
    for (const [name, r] of this.rngs) rngs[name] = r.state()
    return structuredClone({
      layer: this.layer,
      state: this.state,
      queue: this.queue.items,
      nextSeq: this.nextSeq,
      sendSeq: this.sendSeq,
      nextTimerId: this.nextTimerId,
      cancelled: [...this.cancelled],
      rngs,
    })
  }

  // ── LayerContext ────────────────────────────────────────────────────────────────────────────
  rng(stream = ''): Rng {
    let r = this.rngs.get(stream)
    if (!r) {
      r = new Rng(deriveRngState(this.scenario.seed, this.layer, stream))
      this.rngs.set(stream, r)
    }
    return r
  }

  schedule(at: SimTime, payload: Json): number {
    if (!(at >= this.now)) throw new RangeError(`${this.layer}: timer at ${at} µs is in the past (now ${this.now} µs)`)
    const id = this.nextTimerId++
    this.queue.push({ t: simUs(at), seq: this.nextSeq++, timerId: id, payload })
    return id
  }

  cancel(timerId: number): void {
    this.cancelled.add(timerId)
  }

  send(to: LayerName | '*', type: string, data: JsonObject, at?: SimTime): void {
    const when = at === undefined ? this.now : simUs(Math.max(at, this.now))
    this.outbox.push({ from: this.layer, to, at: when, seq: this.sendSeq++, type, data })
  }

  emit(type: string, node: NodeId | null, data: JsonObject): void {
    this.events.push({ t: this.now, layer: this.layer, node, type, data })
  }

  observe(type: string, data: JsonObject): void {
    if (this.observing) this.observations.push({ t: this.now, layer: this.layer, type, data })
  }

  // ── driving ────────────────────────────────────────────────────────────────────────────────
  /** Time of the next live queued event, or null. Drops cancelled timers from the top. */
  nextEventUs(): number | null {
    for (;;) {
      const top = this.queue.peek()
      if (!top) return null
      if (top.timerId !== undefined && this.cancelled.has(top.timerId)) {
        this.queue.pop()
        this.cancelled.delete(top.timerId)
        continue
      }
      return top.t
    }
  }

  /**
   * Process every event with start <= t < end. `inbox` holds the messages delivered in this
   * window, already in delivery order; each is queued at its deliverAt (start <= deliverAt < end).
   */
  runWindow(startUs: number, endUs: number, inbox: readonly Delivery[]): WindowResult {
    for (const msg of inbox) {
      if (msg.deliverAt < startUs || msg.deliverAt >= endUs)
        throw new RangeError(`${this.layer}: delivery at ${msg.deliverAt} µs outside window [${startUs}, ${endUs})`)
      this.queue.push({ t: msg.deliverAt, seq: this.nextSeq++, msg })
    }
    for (;;) {
      const t = this.nextEventUs()
      if (t === null || t >= endUs) break
      if (t < startUs) throw new RangeError(`${this.layer}: event at ${t} µs before window start ${startUs} µs`)
      const e = this.queue.pop()!
      this.now = t as SimTime
      if (e.msg) this.def.onMessage(this.state, e.msg, this)
      else this.def.onTimer(this.state, e.payload as Json, this)
    }
    this.now = simUs(Math.max(this.now, endUs))
    return this.takeResult()
  }

  /** Collect (and clear) what the layer produced since the last call. */
  takeResult(): WindowResult {
    const r: WindowResult = { outbox: this.outbox, events: this.events, observations: this.observations, nextUs: this.nextEventUs() }
    this.outbox = []
    this.events = []
    this.observations = []
    return r
  }

  view(): JsonObject {
    return this.def.view(this.state)
  }

  summary(): JsonObject {
    return this.def.summary ? this.def.summary(this.state) : {}
  }

  /** For tests: the layer's state (read-only by convention). */
  peekState(): S {
    return this.state
  }
}
