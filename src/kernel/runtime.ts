/**
 * The runtime of one layer: its event queue, timers, RNG streams and per-window outputs.
 * It is where the kernel contract (DESIGN §3) is kept for a single layer: inside a window the layer
 * processes its own events alone, in (time, seq) order. The same runtime runs in-process, in a
 * browser Worker and in a Node worker_thread.
 */
import { DELIVERY, EventQueue, METRICS, TIMER, type QueueEntry } from './eventQueue'
import type { AnyLayerModule, LayerModule } from './layer'
import { Rng, deriveRngState, type RngState } from './rng'
import { simUs, US_PER_MS, type SimTime } from './time'
import type { Delivery, Envelope, Json, JsonObject, KernelScenario, LayerContext, LayerName, MetricSample, NodeId, Observation, SimEvent } from './types'
import { WORLD_STATUS_TYPE, type WorldStatus, type WorldStatusMsg } from './worlds'
import { CLOCK_SET_TYPE, idealClock, readClock, type ClockSegment, type ClockSetMsg } from './clocks'
import { SCHEMA_REJECTED_TYPE, boundaryIssue, type SchemaRejection } from './boundary'

/** The empty outputs of a window: shared, frozen (no reader may push into a result's arrays). */
const NONE: never[] = Object.freeze([]) as unknown as never[]

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
  readonly worlds: WorldStatus[]
  /** The clock mirror (absent in snapshots of layers that do not consume clock_set). */
  readonly clocks?: ClockSegment[]
}

/** What one window (or init) of one layer produced. */
export interface WindowResult {
  readonly outbox: Envelope[]
  readonly events: SimEvent[]
  readonly observations: Observation[]
  readonly metrics: MetricSample[]
  /** Events (deliveries, timers, metric samples) handled since the last result: the kernel's work. */
  readonly handled: number
  /** Time of the layer's next queued event, or null when it has none. */
  readonly nextUs: number | null
}

/**
 * What a span of windows (runSpan) produced: a WindowResult plus, per window run, its start and
 * where its events and observations end (triples: startUs, eventsEnd, observationsEnd). Messages
 * and metrics samples come only from the last window.
 */
export interface SpanResult extends WindowResult {
  windows: number[]
}

/** Options a host passes to every runtime it creates. */
export interface RuntimeOptions {
  /** Feed checker observations (ctx.observe) out of the layer. */
  observing?: boolean
  /** Validate every sent message against its schema (tests, dev builds): a malformed one is an error. */
  validate?: boolean
  /**
   * Boundary validation (etymOS runs): every delivery is checked against the schema of the type
   * the receiving layer consumes; one that fails is not handed to the layer but reported as a
   * `schema_rejected` message (boundary.ts). Layers read it as ctx.validating for their wire traffic.
   */
  boundary?: boolean
}

/** A message that breaks its schema: names the sender, the type and the field. */
export class MalformedMessageError extends Error {}

/** A module whose state is S and whose view is V (what create/restore infer their types from). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ModuleOf<S, V> = LayerModule<any, string, S, any, any, any, V, any>

export class LayerRuntime<S = unknown, V = unknown> implements LayerContext<KernelScenario, Record<string, unknown>, unknown> {
  readonly layer: LayerName
  readonly quantumUs: number
  now: SimTime = simUs(0)
  observing: boolean
  worlds: WorldStatus[]
  readonly settings: unknown
  private readonly validate: boolean
  private readonly mirrorsWorlds: boolean
  private readonly mirrorsClocks: boolean
  readonly validating: boolean
  /** The clock mirror: every world's clock segment as chronOS last announced it. */
  clocks: ClockSegment[]
  private readonly metricsUs: number
  private state!: S
  private queue = new EventQueue()
  private nextSeq = 0
  private sendSeq = 0
  private nextTimerId = 1
  private cancelled = new Set<number>()
  private rngs = new Map<string, Rng>()
  private outbox: Envelope[] = NONE as Envelope[]
  private events: SimEvent[] = NONE as SimEvent[]
  private observations: Observation[] = []
  private metrics: MetricSample[] = []
  private handled = 0
  private readonly spanMarks: number[] = []

  private constructor(readonly def: AnyLayerModule, readonly scenario: KernelScenario, o: RuntimeOptions) {
    this.layer = def.name
    this.quantumUs = scenario.quantumUs
    this.observing = o.observing ?? false
    this.settings = scenario.layers[def.name]
    this.validate = o.validate ?? false
    this.mirrorsWorlds = WORLD_STATUS_TYPE in def.consumes
    this.mirrorsClocks = CLOCK_SET_TYPE in def.consumes
    this.validating = o.boundary ?? false
    this.clocks = this.mirrorsClocks ? Array.from({ length: scenario.nodes.count }, idealClock) : []
    this.metricsUs = def.metrics && def.sample ? scenario.metricsIntervalMs * US_PER_MS : 0
    this.worlds = new Array<WorldStatus>(scenario.nodes.count).fill('up')
  }

  /** A fresh runtime at the big bang. Its init output is collected by the first takeResult(). */
  static create<S, V>(def: ModuleOf<S, V>, scenario: KernelScenario, o: RuntimeOptions = {}): LayerRuntime<S, V> {
    const rt = new LayerRuntime<S, V>(def as AnyLayerModule, scenario, o)
    rt.state = def.init(rt) as S
    if (rt.metricsUs > 0) rt.queue.push(rt.metricsUs, rt.nextSeq++, METRICS, 0, undefined)
    return rt
  }

  static restore<S, V>(def: ModuleOf<S, V>, scenario: KernelScenario, snap: LayerSnapshot, o: RuntimeOptions = {}): LayerRuntime<S, V> {
    if (snap.layer !== def.name) throw new Error(`snapshot of ${snap.layer} cannot restore ${def.name}`)
    const rt = new LayerRuntime<S, V>(def as AnyLayerModule, scenario, o)
    const s = structuredClone(snap)
    rt.state = s.state as S
    rt.worlds = s.worlds
    if (s.clocks && rt.mirrorsClocks) rt.clocks = s.clocks
    for (const e of s.queue) rt.queue.pushEntry(e)
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
      queue: this.queue.entries(),
      nextSeq: this.nextSeq,
      sendSeq: this.sendSeq,
      nextTimerId: this.nextTimerId,
      cancelled: [...this.cancelled],
      rngs,
      worlds: this.worlds,
      ...(this.mirrorsClocks ? { clocks: this.clocks } : {}),
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
    this.queue.push(simUs(at), this.nextSeq++, TIMER, id, payload)
    return id
  }

  cancel(timerId: number): void {
    this.cancelled.add(timerId)
  }

  send(type: string, data: unknown, at?: SimTime): void {
    const schema = this.def.sends[type]
    if (!schema) throw new MalformedMessageError(`${this.layer} sent '${type}', which it does not declare in sends`)
    if (this.validate) {
      const r = schema.safeParse(data)
      if (!r.success) {
        const i = r.error.issues[0]!
        throw new MalformedMessageError(`${this.layer} sent a malformed '${type}': field ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      }
    }
    const when = at === undefined ? this.now : simUs(Math.max(at, this.now))
    this.post({ from: this.layer, at: when, seq: this.sendSeq++, type, data })
  }

  emit(type: string, node: NodeId | null, data: JsonObject): void {
    const events = this.def.events
    if (this.validate && events !== undefined) {
      const schema = events[type]
      if (!schema) throw new MalformedMessageError(`${this.layer} emitted the event '${type}', which it does not declare in events`)
      const r = schema.safeParse(data)
      if (!r.success) {
        const i = r.error.issues[0]!
        throw new MalformedMessageError(`${this.layer} emitted a malformed '${type}' event: field ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      }
    }
    const e: SimEvent = { t: this.now, layer: this.layer, node, type, data }
    if (this.events.length === 0) this.events = [e]
    else this.events.push(e)
  }

  localUs(node: NodeId): number {
    const seg = this.clocks[node]
    return seg ? readClock(seg, this.now) : this.now
  }

  reject(r: SchemaRejection): void {
    this.post({ from: this.layer, at: this.now, seq: this.sendSeq++, type: SCHEMA_REJECTED_TYPE, data: r })
  }

  /**
   * Into the outbox. A list handed out with a result is replaced by a one-element literal on the
   * next output, not by [] then push (a pushed-to empty array grows its store to 17 at once).
   */
  private post(env: Envelope): void {
    if (this.outbox.length === 0) this.outbox = [env]
    else this.outbox.push(env)
  }

  observe(type: string, data: JsonObject): void {
    if (this.observing) this.observations.push({ t: this.now, layer: this.layer, type, data })
  }

  // ── driving ────────────────────────────────────────────────────────────────────────────────
  /** Time of the next live queued event, or null. Drops cancelled timers from the top. */
  nextEventUs(): number | null {
    const q = this.queue
    for (;;) {
      if (q.size === 0) return null
      if (q.topKind === TIMER && this.cancelled.size > 0 && this.cancelled.delete(q.topTimer)) {
        q.pop()
        continue
      }
      return q.topT
    }
  }

  /**
   * Process every event with start <= t < end. `inbox` holds the messages delivered in this
   * window, already in delivery order; each is queued at its deliverAt (start <= deliverAt < end).
   */
  runWindow(startUs: number, endUs: number, inbox: readonly Delivery[]): WindowResult {
    this.enqueue(startUs, endUs, inbox)
    this.drain(startUs, endUs)
    return this.takeResult()
  }

  /**
   * Lookahead (DESIGN §3): the coordinator knows nothing can reach this layer before `maxEndUs`
   * (no delivery is pending for it and no other layer has anything to do), so the layer runs its
   * windows from `startUs` on by itself, with no barrier between them — exactly the windows the
   * coordinator would have run one by one (each starts at the window of the layer's next event;
   * idle quanta are skipped as the coordinator skips them). It stops after a window that sent a
   * message or took a metrics sample (someone else may consume them from the next window on),
   * before a window that would end past `maxEndUs`, or when the layer has nothing left to do.
   * `windows` says where each window's events and observations end, so the coordinator logs,
   * fingerprints and feeds the checkers window by window, as if there had been a barrier.
   */
  runSpan(startUs: number, maxEndUs: number, inbox: readonly Delivery[]): SpanResult {
    const q = this.quantumUs
    // Reused span after span: the coordinator reads it before its next call (a worker's is copied).
    // (Written by index and cut to length at the end: `length = 0` would free its storage.)
    const windows = this.spanMarks
    let marks = 0
    let ws = startUs
    this.enqueue(ws, ws + q, inbox)
    for (;;) {
      this.drain(ws, ws + q)
      windows[marks++] = ws
      windows[marks++] = this.events.length
      windows[marks++] = this.observations.length
      if (this.outbox.length > 0 || this.metrics.length > 0) break
      const next = this.nextEventUs()
      if (next === null) break
      const nws = next - (next % q)
      if (nws + q > maxEndUs) break
      ws = nws
    }
    if (windows.length > marks) windows.length = marks
    return this.result(windows)
  }

  private enqueue(startUs: number, endUs: number, inbox: readonly Delivery[]): void {
    for (let i = 0; i < inbox.length; i++) {
      const msg = inbox[i]!
      if (msg.deliverAt < startUs || msg.deliverAt >= endUs)
        throw new RangeError(`${this.layer}: delivery at ${msg.deliverAt} µs outside window [${startUs}, ${endUs})`)
      this.queue.push(msg.deliverAt, this.nextSeq++, DELIVERY, 0, msg)
    }
  }

  private drain(startUs: number, endUs: number): void {
    for (;;) {
      const t = this.nextEventUs()
      if (t === null || t >= endUs) break
      if (t < startUs) throw new RangeError(`${this.layer}: event at ${t} µs before window start ${startUs} µs`)
      const q = this.queue
      const kind = q.topKind, ref = q.topRef
      q.pop()
      this.now = t as SimTime
      this.handled++
      if (kind === DELIVERY) this.deliver(ref as Delivery)
      else if (kind === METRICS) this.sampleMetrics()
      else this.def.onTimer(this.state, ref as Json, this)
    }
    if (this.now < endUs) this.now = endUs as SimTime
  }

  private deliver(msg: Delivery): void {
    if (this.validating && msg.from !== 'cosmOS') {
      const schema = this.def.consumes[msg.type] ?? this.def.interventions[msg.type]
      const issue = schema === undefined ? null : boundaryIssue(schema, msg.data)
      if (issue !== null) {
        const node = (msg.data as { node?: unknown } | null)?.node
        this.reject({ layer: this.layer, type: msg.type, from: msg.from, path: issue.path, reason: issue.message, node: typeof node === 'number' && Number.isSafeInteger(node) ? node : null, boundary: 'layer' })
        return
      }
    }
    if (this.mirrorsClocks && msg.type === CLOCK_SET_TYPE) {
      const d = msg.data as ClockSetMsg
      if (d.node >= 0 && d.node < this.clocks.length) this.clocks[d.node] = { baseUs: d.baseUs, localUs: d.localUs, ratePpb: d.ratePpb }
    }
    if (this.mirrorsWorlds && msg.type === WORLD_STATUS_TYPE && msg.from !== 'cosmOS') {
      const d = msg.data as WorldStatusMsg
      if (d.node >= 0 && d.node < this.worlds.length) this.worlds[d.node] = d.status
    }
    this.def.onMessage(this.state, msg, this)
  }

  private sampleMetrics(): void {
    this.metrics.push({ t: this.now, layer: this.layer, values: this.def.sample!(this.state, this.now) })
    this.queue.push(this.now + this.metricsUs, this.nextSeq++, METRICS, 0, undefined)
  }

  /** Collect (and clear) what the layer produced since the last call. */
  takeResult(): WindowResult {
    return this.result(NONE)
  }

  /** The result of a window (windows: none) or of a span: one object shape for both. */
  private result(windows: number[]): SpanResult {
    // Most windows produce nothing of some kinds: those are answered with one shared empty array
    // (read-only by contract) and the runtime keeps its own, so nothing is allocated for them.
    const r: SpanResult = {
      outbox: this.outbox.length === 0 ? NONE : this.outbox,
      events: this.events.length === 0 ? NONE : this.events,
      observations: this.observations.length === 0 ? NONE : this.observations,
      metrics: this.metrics.length === 0 ? NONE : this.metrics,
      handled: this.handled,
      nextUs: this.nextEventUs(),
      windows,
    }
    this.handled = 0
    // Handed out: the next output starts a new list (emit, post). NONE is never pushed to.
    if (this.outbox.length > 0) this.outbox = NONE as Envelope[]
    if (this.events.length > 0) this.events = NONE as SimEvent[]
    if (this.observations.length > 0) this.observations = []
    if (this.metrics.length > 0) this.metrics = []
    return r
  }

  view(): V {
    return this.def.view(this.state) as V
  }

  summary(): JsonObject {
    return this.def.summary ? (this.def.summary(this.state) as JsonObject) : {}
  }

  /** For tests: the layer's state (read-only by convention). */
  peekState(): S {
    return this.state
  }
}
