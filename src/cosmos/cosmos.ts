/**
 * cosmOS, the coordinator: virtual time in windows, the barrier between hosts, deterministic
 * routing of cross-layer messages, the fingerprint, logOS, checkers, snapshots and recovery of a
 * dead host (DESIGN §3). It never blocks: every host call is awaited.
 *
 * The run is a pure function of the scenario: hosts only change where layers compute, never what.
 */
import { HostClient, HostDiedError } from './client'
import { Fingerprint, genesisFingerprint, type FingerprintState } from './fingerprint'
import { Heap } from '../kernel/heap'
import type { Endpoint } from '../kernel/protocol'
import { consumedTypes, type LayerRegistry } from '../kernel/registry'
import { METRICS_TYPE } from '../kernel/metrics'
import type { LayerSnapshot, SpanResult, WindowResult } from '../kernel/runtime'
import { alignUp, simUs, windowStart, type SimTime } from '../kernel/time'
import type { Delivery, JsonObject, KernelScenario, LayerName, LoggedEvent, MetricSample, Observation, SimEvent } from '../kernel/types'
import type { Checker, Violation } from '../checkers/types'
import { EventLog, SEGMENT_EVENTS, SMALL_SEGMENT_EVENTS } from '../layers/logOS/log'

/** What the coordinator needs of a scenario: the kernel's part plus the timed interventions. */
export interface CosmosScenario extends KernelScenario {
  readonly interventions: readonly { readonly kind: string; readonly atUs: number }[]
}

export interface CosmosOptions {
  /** The modules this coordinator knows: routing by consumes, layer order, intervention owners. */
  registry: LayerRegistry
  /** The layers of this run, in any order (they are ordered by the registry's index). */
  layers: readonly LayerName[]
  /** Which layers each host runs: one entry per host. Default: placeLayers(layers, 0) (one host). */
  placement?: LayerName[][]
  /** Make the endpoint of host `index` (called again to replace a dead host). */
  spawn: (hostIndex: number) => Endpoint
  checkers?: Checker[]
  /** Events logOS keeps in memory (the browser's bound); default: all. */
  logRetention?: number
  /** Every appended event, in offset order (the CLI streams them to JSONL). */
  onEvents?: (events: readonly LoggedEvent[]) => void
  /** Every metric sample of the metrics channel, in (time, layer) order. */
  onMetrics?: (samples: readonly MetricSample[]) => void
  /** Something a user should know (a host restarted, a layer failed). */
  onNotice?: (message: string) => void
  /** Validate every cross-layer message against its schema (tests, dev builds). */
  validate?: boolean
  /**
   * Windows between recovery snapshots (default 1000). A dead host is restored from the last one
   * and replays at most this many windows; snapshotting every layer costs far more than a window,
   * so the cadence is counted in windows (bounded replay), not in sim time.
   */
  snapshotEveryWindows?: number
  /**
   * Record what the checkers are fed (a tape), so a run restored from one of its snapshots can
   * bring fresh checkers to the same state by replaying the tape's prefix: checkers are closures
   * over their history, not data, so they cannot be snapshotted themselves.
   */
  tape?: boolean
  /**
   * Lookahead (default on): when one layer alone has anything to do and nothing can reach it
   * before some later time, it runs its windows up to then with no barrier (LayerRuntime.runSpan).
   * Off runs every window through the coordinator; the run is the same either way (tests, bench).
   */
  lookahead?: boolean
  /** Restoring with checkers: the source run's tape (its first snapshot.tapeLength items are replayed into them). */
  tapeFrom?: readonly TapeItem[]
}

/** One thing fed to the checkers, in order: an event, an observation, a metrics sample, or the time after a window. */
export type TapeItem = { k: 0; e: LoggedEvent } | { k: 1; o: Observation } | { k: 2; m: MetricSample } | { k: 3; t: SimTime }

/** Placement policy: layers dealt round-robin onto `workers` hosts (0 ⇒ one in-process host). */
export function placeLayers(registry: LayerRegistry, layers: readonly LayerName[], workers: number): LayerName[][] {
  const sorted = registry.ordered(layers)
  const n = Math.max(1, Math.min(workers, sorted.length))
  const hosts: LayerName[][] = Array.from({ length: n }, () => [])
  sorted.forEach((l, i) => hosts[i % n]!.push(l))
  return hosts
}

/** The sender of interventions: the user, through the coordinator. Ordered before every layer. */
export const COSMOS = 'cosmOS'

// Delivery order: (deliverAt, at, sender layer, sender seq, recipient layer) — never arrival order.
const deliveryOrder = (index: (l: LayerName) => number) => (a: Delivery, b: Delivery): boolean =>
  a.deliverAt !== b.deliverAt ? a.deliverAt < b.deliverAt
    : a.at !== b.at ? a.at < b.at
    : a.from !== b.from ? index(a.from) < index(b.from)
    : a.seq !== b.seq ? a.seq < b.seq
    : index(a.recipient) < index(b.recipient)

/** A window run, or a span (spanMaxEndUs > 0: its one layer ran ahead from startUs, up to that bound). */
interface JournalEntry { startUs: number; endUs: number; inbox: Partial<Record<LayerName, Delivery[]>>; layers: LayerName[]; spanMaxEndUs: number }

const NOTHING: never[] = Object.freeze([]) as unknown as never[]
const NO_INBOX: Partial<Record<LayerName, Delivery[]>> = Object.freeze({})
const NO_RESULTS: Partial<Record<LayerName, WindowResult>> = Object.freeze({})

/** Append b to a (a loop: no argument-count limit) and return a. */
function concatInto<T>(a: T[], b: readonly T[]): T[] {
  for (let i = 0; i < b.length; i++) a.push(b[i]!)
  return a
}

const byTime = (a: { t: number }, b: { t: number }): number => a.t - b.t

/**
 * Sort by time, stably, in place. A window's outputs are few and nearly in order: an insertion
 * sort then allocates nothing (Array.prototype.sort copies into a work array); long ones use sort.
 */
function sortByTime(xs: { t: number }[]): void {
  if (xs.length > 32) { xs.sort(byTime); return }
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!
    let j = i - 1
    while (j >= 0 && xs[j]!.t > x.t) { xs[j + 1] = xs[j]!; j-- }
    xs[j + 1] = x
  }
}

interface WindowPlan {
  start: number
  end: number
  inbox: Partial<Record<LayerName, Delivery[]>>
  delivered: Delivery[]
  running: LayerName[]
  byHost: Map<number, LayerName[]>
  /**
   * Lookahead: > 0 when the window's one running layer may run ahead to this bound with no
   * barrier (nothing can reach it before: no pending delivery, no other layer's activity).
   */
  spanMaxEnd: number
}

/** Everything needed to continue a run exactly from a window boundary. Structured-cloneable. */
export interface CosmosSnapshot {
  readonly nowUs: number
  readonly fingerprint: string
  readonly fingerprintState: FingerprintState
  readonly pending: Delivery[]
  readonly nextUs: [LayerName, number | null][]
  readonly interventionSeq: number
  readonly nextOffset: number
  readonly layers: Partial<Record<LayerName, LayerSnapshot>>
  /** logOS's totals per layer and per type at the snapshot (the page shows them). */
  readonly logCounts?: { byLayer: [LayerName, number][]; byType: [string, number][] }
  /** How much of the checkers' tape the snapshot covers (null: no tape was kept). */
  readonly tapeLength?: number | null
}

/**
 * What the coordinator counted: windows run, barriers (windows in which more than one host had to
 * answer), cross-layer deliveries, host recoveries, host calls, layer-windows (a layer ran in a
 * window) and kernel events handled by the layers' runtimes (deliveries, timers, metric samples).
 */
export interface CosmosStats { windows: number; barriers: number; messages: number; recoveries: number; hostCalls: number; layerWindows: number; handled: number }

export class Cosmos {
  readonly layers: LayerName[]
  readonly placement: LayerName[][]
  readonly log: EventLog
  private hosts: HostClient[] = []
  private hostOf = new Map<LayerName, number>()
  /** Each running layer's next event time (null: none), by its position in `layers`. */
  private nextUs: (number | null)[] = []
  private readonly position = new Map<LayerName, number>()
  /** A running list of one layer, by its position (shared, frozen: read-only by contract). */
  private readonly alone: LayerName[][]
  private readonly index: (l: LayerName) => number
  private readonly byTimeThenLayer: (a: { t: number; layer: LayerName }, b: { t: number; layer: LayerName }) => number
  private pending: Heap<Delivery>
  /** Message type → running layers that consume it (computed once per run). */
  private routes = new Map<string, LayerName[]>()
  /** Layer → the running layers that consume its metrics samples. */
  private metricsRoutes = new Map<LayerName, LayerName[]>()
  private now: SimTime = simUs(0)
  private fp: Fingerprint
  private interventionSeq = 0
  /** What the checkers were fed so far (opts.tape), or null. */
  private tape: TapeItem[] | null = null
  private lastSnapshot: { atUs: number; layers: Partial<Record<LayerName, LayerSnapshot>> } | null = null
  private journal: JournalEntry[] = []
  private readonly snapshotEveryWindows: number
  /**
   * Whether a dead host can be recovered: a journal and recovery snapshots are kept only then
   * (some host can die — a worker — or the caller asked for snapshots). In-process hosts cannot
   * die by themselves, so a run on them keeps neither (they cost far more than the run).
   */
  private recoverable = false
  private failed: string | null = null
  /** End of the window being computed right now (null between windows). */
  private inFlightEndUs: number | null = null
  private disposed = false
  /** The next window's plan, reused (plan() fills it; it is done with once the window completes). */
  private readonly planned: WindowPlan = { start: 0, end: 0, inbox: NO_INBOX, delivered: NOTHING, running: [], byHost: new Map(), spanMaxEnd: 0 }
  /** The checkers that take observations, metrics samples and the time (each hook called only where defined). */
  private readonly observers: Checker[]
  private readonly metricsWatchers: Checker[]
  private readonly timeWatchers: Checker[]
  readonly stats: CosmosStats = { windows: 0, barriers: 0, messages: 0, recoveries: 0, hostCalls: 0, layerWindows: 0, handled: 0 }

  private constructor(readonly scenario: CosmosScenario, private readonly opts: CosmosOptions) {
    const reg = opts.registry
    for (const l of opts.layers) if (!reg.has(l)) throw new Error(`no layer named ${l} is registered`)
    const idx = new Map<LayerName, number>([[COSMOS, -1]])
    for (const m of reg.modules) idx.set(m.name, reg.indexOf(m.name))
    this.index = (l) => idx.get(l) ?? Number.MAX_SAFE_INTEGER
    this.byTimeThenLayer = (a, b) => a.t - b.t || this.index(a.layer) - this.index(b.layer)
    this.pending = new Heap<Delivery>(deliveryOrder(this.index))
    this.layers = reg.ordered(opts.layers)
    this.layers.forEach((l, i) => this.position.set(l, i))
    this.nextUs = this.layers.map(() => null)
    this.alone = this.layers.map((l) => Object.freeze([l]) as LayerName[])
    this.fp = new Fingerprint(genesisFingerprint(scenario))
    this.placement = opts.placement ?? placeLayers(reg, this.layers, 0)
    // A log that keeps nothing rolls small segments (SMALL_SEGMENT_EVENTS): its events die young.
    this.log = new EventLog(opts.logRetention, opts.logRetention === 0 ? SMALL_SEGMENT_EVENTS : SEGMENT_EVENTS)
    this.snapshotEveryWindows = opts.snapshotEveryWindows ?? 1_000
    if (opts.tape === true && (opts.checkers?.length ?? 0) > 0) this.tape = []
    const checkers = opts.checkers ?? []
    this.observers = checkers.filter((c) => c.onObservation !== undefined)
    this.metricsWatchers = checkers.filter((c) => c.onMetrics !== undefined)
    this.timeWatchers = checkers.filter((c) => c.onTime !== undefined)
    const placed = this.placement.flat().sort()
    if (placed.join() !== [...this.layers].sort().join()) throw new Error(`placement ${JSON.stringify(this.placement)} does not cover the layers ${this.layers.join(', ')} exactly once`)
    this.placement.forEach((ls, h) => ls.forEach((l) => this.hostOf.set(l, h)))
    for (const l of this.layers) {
      for (const type of consumedTypes(reg.get(l)!)) {
        const list = this.routes.get(type) ?? []
        list.push(l)
        this.routes.set(type, list)
      }
    }
    // Metrics samples go only to the consumers that take that layer's (metricsFrom; all when absent).
    for (const from of this.layers) {
      const list = this.consumersOf(METRICS_TYPE).filter((l) => l !== from && (reg.get(l)!.metricsFrom?.includes(from) ?? true))
      this.metricsRoutes.set(from, list)
    }
  }

  /** Running layers that consume `type`, in layer order. */
  consumersOf(type: string): readonly LayerName[] {
    return this.routes.get(type) ?? []
  }

  /** The big bang: spawn hosts, init every layer, queue the scenario's interventions. */
  static async start(scenario: CosmosScenario, opts: CosmosOptions): Promise<Cosmos> {
    const c = new Cosmos(scenario, opts)
    c.hosts = c.placement.map((_, i) => new HostClient(opts.spawn(i), `host ${i}`))
    c.recoverable = opts.snapshotEveryWindows !== undefined || c.hosts.some((h) => h.endpoint.canDie)
    const replies = await Promise.all(c.hosts.map((h, i) => h.request<'results'>({ kind: 'init', scenario, layers: c.placement[i]!, observing: c.observing, validate: c.validate, boundary: c.boundary })))
    const results: Partial<Record<LayerName, WindowResult>> = Object.assign({}, ...replies.map((r) => r.results))
    for (const iv of scenario.interventions) c.queueIntervention(iv)
    c.merge(0, 0, [], results)
    return c
  }

  /**
   * Continue a run from a snapshot, on any placement. Events before the snapshot are not replayed
   * into logOS (offsets continue from the snapshot's).
   */
  static async restore(scenario: CosmosScenario, snap: CosmosSnapshot, opts: CosmosOptions): Promise<Cosmos> {
    // Checkers keep state from the big bang on (who is down, which partitions are open); one
    // attached mid-run would judge without that history: they are brought to the snapshot's
    // moment by replaying what the source run fed its own (its tape), or not attached at all.
    const checkers = opts.checkers ?? []
    if (checkers.length > 0 && (opts.tapeFrom === undefined || snap.tapeLength === undefined || snap.tapeLength === null || opts.tapeFrom.length < snap.tapeLength)) {
      throw new Error('checkers observe a run from the big bang; restore them with the source run’s tape, or restore without checkers')
    }
    const c = new Cosmos(scenario, opts)
    c.hosts = c.placement.map((_, i) => new HostClient(opts.spawn(i), `host ${i}`))
    c.recoverable = opts.snapshotEveryWindows !== undefined || c.hosts.some((h) => h.endpoint.canDie)
    await Promise.all(c.hosts.map((h, i) => {
      const snapshots: Partial<Record<LayerName, LayerSnapshot>> = {}
      for (const l of c.placement[i]!) snapshots[l] = snap.layers[l]
      return h.request<'results'>({ kind: 'init', scenario, layers: c.placement[i]!, observing: c.observing, validate: c.validate, boundary: c.boundary, snapshots })
    }))
    c.now = simUs(snap.nowUs)
    c.fp = Fingerprint.restore(snap.fingerprintState)
    c.interventionSeq = snap.interventionSeq
    for (const [l, n] of snap.nextUs) { const i = c.position.get(l); if (i !== undefined) c.nextUs[i] = n }
    for (const d of snap.pending) c.pending.push(d)
    c.log.skipTo(snap.nextOffset)
    if (snap.logCounts) c.log.restoreCounts(snap.logCounts.byLayer, snap.logCounts.byType)
    if (checkers.length > 0) {
      const prefix = opts.tapeFrom!.slice(0, snap.tapeLength!)
      for (const item of prefix) c.feed(item)
      if (c.tape !== null) c.tape = prefix
    }
    c.lastSnapshot = { atUs: snap.nowUs, layers: snap.layers }
    return c
  }

  /** A snapshot of the whole universe at the current window boundary. */
  async snapshot(): Promise<CosmosSnapshot> {
    const replies = await Promise.all(this.hosts.map((c) => c.request<'snapshot'>({ kind: 'snapshot' })))
    return structuredClone({
      nowUs: this.now,
      fingerprint: this.fp.value,
      fingerprintState: this.fp.state(),
      pending: [...this.pending.items],
      nextUs: this.layers.map((l, i) => [l, this.nextUs[i]!] as [LayerName, number | null]),
      interventionSeq: this.interventionSeq,
      nextOffset: this.log.nextOffset,
      layers: Object.assign({}, ...replies.map((r) => r.snapshots)),
      logCounts: { byLayer: [...this.log.countsByLayer()], byType: [...this.log.countsByType()] },
      tapeLength: this.tape?.length ?? null,
    })
  }

  /** Stop recording the checkers' tape (its snapshots can no longer be restored with checkers). */
  stopTape(): void {
    this.tape = null
  }

  /** The checkers' tape so far (opts.tape), or null: what a restore of this run's snapshots replays. */
  get checkerTape(): readonly TapeItem[] | null {
    return this.tape
  }

  private get observing(): boolean {
    return (this.opts.checkers?.length ?? 0) > 0
  }

  /** Boundary validation is on when a running layer asks for it (etymOS). */
  private get boundary(): boolean {
    return this.layers.some((l) => this.opts.registry.get(l)?.validatesBoundaries === true)
  }

  private get validate(): boolean {
    return this.opts.validate ?? false
  }

  get nowUs(): SimTime { return this.now }
  /**
   * The earliest time an intervention can still be delivered exactly: now, or the end of the
   * window in flight (a UI action arrives while a window is being computed).
   */
  get frontierUs(): SimTime { return simUs(Math.max(this.now, this.inFlightEndUs ?? 0)) }
  get fingerprint(): string { return this.fp.value }
  get error(): string | null { return this.failed }
  get violations(): Violation[] { return (this.opts.checkers ?? []).flatMap((c) => c.violations().map((v) => (v.layer === c.layer ? v : { ...v, layer: c.layer }))) }
  /** Hosts in use and the layers on each: what the UI shows as placement. */
  hostLabels(): { host: number; layers: LayerName[]; alive: boolean }[] {
    return this.placement.map((layers, host) => ({ host, layers, alive: !this.hosts[host]?.dead }))
  }

  /**
   * Record a user action at an exact future time (>= now). The caller keeps it in its scenario
   * (the store puts it in the link); here it is queued for the layer that owns its kind.
   */
  addIntervention(iv: CosmosScenario['interventions'][number]): void {
    if (iv.atUs < this.frontierUs) throw new RangeError(`intervention at ${iv.atUs} µs is in the past (the run is at ${this.frontierUs} µs)`)
    const owner = this.opts.registry.interventionOwner.get(iv.kind)
    if (owner === undefined || !this.hostOf.has(owner)) throw new RangeError(`no running layer takes an intervention of kind '${iv.kind}'`)
    this.queueIntervention(iv)
  }

  /** An intervention is a message from cosmOS (the user) to the layer that owns its kind. */
  private queueIntervention(iv: CosmosScenario['interventions'][number]): void {
    const owner = this.opts.registry.interventionOwner.get(iv.kind)
    if (owner === undefined || !this.hostOf.has(owner)) return // the scenario schema refuses these
    const at = simUs(iv.atUs)
    this.pending.push({ from: COSMOS, at, seq: this.interventionSeq++, type: iv.kind, data: iv, deliverAt: at, recipient: owner })
  }

  /** Time of the next thing to do anywhere, or null when the universe is idle forever. */
  private nextActivityUs(): number | null {
    let t: number | null = this.pending.peek()?.deliverAt ?? null
    const next = this.nextUs
    for (let i = 0; i < next.length; i++) { const n = next[i]!; if (n !== null && (t === null || n < t)) t = n }
    return t
  }

  /**
   * Run one window (skipping idle time). Returns false when there is nothing to do before
   * `untilUs` (time then jumps to untilUs).
   */
  async step(untilUs: number = Number.MAX_SAFE_INTEGER, lookahead = false): Promise<boolean> {
    if (this.failed) return false
    if (this.allHostsSync()) return this.stepSync(untilUs, lookahead)
    const w = this.plan(untilUs, lookahead)
    if (!w) return false
    const results: Partial<Record<LayerName, WindowResult>> = {}
    this.inFlightEndUs = Math.max(w.end, w.spanMaxEnd)
    try {
      await Promise.all([...w.byHost].map(async ([h, layers]) => {
        Object.assign(results, await this.callWindow(h, this.hostEntry(w, layers)))
      }))
    } catch (err) {
      this.fail(err)
      return false
    } finally {
      this.inFlightEndUs = null
    }
    this.complete(w, results)
    if (this.recoverable && this.journal.length >= this.snapshotEveryWindows) await this.takeRecoverySnapshot()
    return true
  }

  /**
   * One window with every host in-process: the hosts are called directly, with no message and no
   * promise (DESIGN §3: in-process hosts are called directly, not through promises per window).
   */
  private stepSync(untilUs: number, lookahead = false): boolean {
    if (this.failed) return false
    const w = this.plan(untilUs, lookahead)
    if (!w) return false
    let results: Partial<Record<LayerName, WindowResult>> = NO_RESULTS
    let span: SpanResult | null = null
    this.inFlightEndUs = Math.max(w.end, w.spanMaxEnd)
    try {
      if (w.spanMaxEnd > 0) {
        const l = w.running[0]!
        this.stats.hostCalls++
        span = this.hosts[this.hostOf.get(l)!]!.spanSync(l, w.start, w.spanMaxEnd, w.inbox[l] ?? NOTHING)
      } else if (this.hosts.length === 1) {
        this.stats.hostCalls++
        results = this.hosts[0]!.windowSync(w.start, w.end, w.inbox, w.running)
      } else {
        results = {}
        for (const [h, layers] of w.byHost) {
          this.stats.hostCalls++
          Object.assign(results, this.hosts[h]!.windowSync(w.start, w.end, w.inbox, layers))
        }
      }
    } catch (err) {
      this.fail(err)
      return false
    } finally {
      this.inFlightEndUs = null
    }
    if (span !== null) this.completeSpan(w, span)
    else this.complete(w, results)
    if (this.recoverable && this.journal.length >= this.snapshotEveryWindows) this.takeRecoverySnapshotSync()
    return true
  }

  private allHostsSync(): boolean {
    const hosts = this.hosts
    for (let i = 0; i < hosts.length; i++) if (!hosts[i]!.sync) return false
    return true
  }

  /**
   * What the next window does, or null when there is nothing to do before `untilUs` (time then
   * jumps there). Takes its deliveries off the pending queue.
   */
  private plan(untilUs: number, lookahead: boolean): WindowPlan | null {
    const q = this.scenario.quantumUs
    const next = this.nextActivityUs()
    const start = next === null ? untilUs : Math.max(this.now, windowStart(next, q))
    if (start >= untilUs) {
      if (untilUs > this.now && untilUs !== Number.MAX_SAFE_INTEGER) this.advanceIdle(untilUs)
      return null
    }
    const end = start + q
    // Most windows deliver nothing: they share one empty inbox and list (read-only by contract).
    let inbox: Partial<Record<LayerName, Delivery[]>> = NO_INBOX
    let delivered: Delivery[] = NOTHING
    // (A one-element literal, not [] then push: a pushed-to empty array grows its store to 17.)
    while ((this.pending.peek()?.deliverAt ?? Infinity) < end) {
      const d = this.pending.pop()!
      if (delivered === NOTHING) { delivered = [d]; inbox = {}; inbox[d.recipient] = [d]; continue }
      delivered.push(d)
      const to = inbox[d.recipient]
      if (to === undefined) inbox[d.recipient] = [d]
      else to.push(d)
    }
    // The plan and its host map are reused window after window: a window usually carries one
    // event, so what it allocates counts. Most windows run one layer: their running list is that
    // layer's frozen one-element list; a window of several gets a fresh list.
    const w = this.planned
    const oneHost = this.hosts.length === 1
    const byHost = w.byHost
    if (!oneHost) byHost.clear() // (one host: its one entry is overwritten; clear() allocates)
    const layers = this.layers
    let running: LayerName[] = NOTHING
    let first = -1
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i]!
      const n = this.nextUs[i]!
      if ((delivered === NOTHING || inbox[l] === undefined) && (n === null || n >= end)) continue
      if (first === -1) { first = i; running = this.alone[i]!; continue }
      if (running.length === 1) running = [running[0]!]
      running.push(l)
    }
    if (oneHost) byHost.set(0, running)
    else for (let i = 0; i < running.length; i++) {
      const l = running[i]!
      const h = this.hostOf.get(l)!
      const list = byHost.get(h)
      if (list) list.push(l)
      else byHost.set(h, [l])
    }
    w.running = running
    let spanMaxEnd = 0
    if (lookahead && running.length === 1 && untilUs !== Number.MAX_SAFE_INTEGER && this.opts.lookahead !== false) {
      // Nothing can reach the one running layer before the next pending delivery or another
      // layer's next event: it may run its windows up to the last boundary before that.
      const only = first
      let horizon = Math.min(untilUs, this.pending.peek()?.deliverAt ?? untilUs)
      for (let i = 0; i < this.nextUs.length; i++) { const n = this.nextUs[i]!; if (i !== only && n !== null && n < horizon) horizon = n }
      const bound = horizon - (horizon % q)
      if (bound > end) spanMaxEnd = bound
    }
    w.start = start
    w.end = end
    w.inbox = inbox
    w.delivered = delivered
    w.spanMaxEnd = spanMaxEnd
    return w
  }

  private hostEntry(w: WindowPlan, layers: LayerName[]): JournalEntry {
    const hostInbox: Partial<Record<LayerName, Delivery[]>> = {}
    for (const l of layers) if (w.inbox[l]) hostInbox[l] = w.inbox[l]
    return { startUs: w.start, endUs: w.end, inbox: hostInbox, layers, spanMaxEndUs: w.spanMaxEnd }
  }

  /** The request that runs a journal entry: a window of its layers, or its one layer's span. */
  private windowRequest(e: JournalEntry): Parameters<HostClient['requestSync']>[0] {
    return e.spanMaxEndUs > 0
      ? { kind: 'span', startUs: e.startUs, maxEndUs: e.spanMaxEndUs, inbox: e.inbox[e.layers[0]!] ?? [], layer: e.layers[0]! }
      : { kind: 'window', startUs: e.startUs, endUs: e.endUs, inbox: e.inbox, layers: e.layers }
  }

  /**
   * Keep what a dead host would replay (recoverable runs): the running list is a frozen one-layer
   * list or a fresh one, the inbox fresh or the shared empty one, so nothing is copied.
   */
  private journalise(w: WindowPlan): void {
    if (this.recoverable) this.journal.push({ startUs: w.start, endUs: w.end, inbox: w.inbox, layers: w.running, spanMaxEndUs: w.spanMaxEnd })
  }

  /** A window's results are in: journal, count, merge, advance the clock, tell the checkers. */
  private complete(w: WindowPlan, results: Partial<Record<LayerName, WindowResult>>): void {
    if (w.spanMaxEnd > 0) return this.completeSpan(w, results[w.running[0]!] as SpanResult)
    this.journalise(w)
    this.stats.windows++
    this.stats.layerWindows += w.running.length
    if (w.byHost.size > 1) this.stats.barriers++
    this.merge(w.start, w.end, w.delivered, results, w.running)
    this.now = simUs(w.end)
    this.tellTime()
  }

  /**
   * A span's results, window by window, exactly as if each had been run with a barrier: the same
   * fingerprint bodies, log offsets, checker feed and times told to the checkers.
   */
  private completeSpan(w: WindowPlan, r: SpanResult): void {
    this.journalise(w)
    const l = w.running[0]!
    const marks = r.windows
    const q = this.scenario.quantumUs
    let e0 = 0, o0 = 0
    for (let i = 0; i < marks.length; i += 3) {
      const ws = marks[i]!, e1 = marks[i + 1]!, o1 = marks[i + 2]!
      this.stats.windows++
      this.stats.layerWindows++
      const last = i + 3 === marks.length
      if (last) {
        // The span's messages and metrics samples came from its last window.
        this.route(l, r, ws + q)
        if (r.metrics.length > 0) this.routeMetrics(r.metrics, ws + q)
      }
      this.record(ws, i === 0 ? w.delivered : NOTHING, r.events, e0, e1, r.observations, o0, o1, last ? r.metrics : NOTHING)
      e0 = e1
      o0 = o1
      this.now = simUs(ws + q)
      this.tellTime()
    }
  }

  private tellTime(): void {
    const checkers = this.opts.checkers
    if (!checkers || checkers.length === 0) return
    if (this.tape !== null) this.tape.push({ k: 3, t: this.now })
    this.toTime(this.now)
  }

  // The checkers, each hook called only on those that define it (in their order).
  // (Indexed loops: a for-of over an array allocates an iterator result per step until optimised.)
  private toEvent(e: LoggedEvent): void { const cs = this.opts.checkers!; for (let i = 0; i < cs.length; i++) cs[i]!.onEvent(e) }
  private toObservation(o: Observation): void { const cs = this.observers; for (let i = 0; i < cs.length; i++) cs[i]!.onObservation!(o) }
  private toMetrics(m: MetricSample): void { const cs = this.metricsWatchers; for (let i = 0; i < cs.length; i++) cs[i]!.onMetrics!(m) }
  private toTime(t: SimTime): void { const cs = this.timeWatchers; for (let i = 0; i < cs.length; i++) cs[i]!.onTime!(t) }

  /** One tape item to the checkers (restore replays a tape with it). */
  private feed(item: TapeItem): void {
    switch (item.k) {
      case 0: return this.toEvent(item.e)
      case 1: return this.toObservation(item.o)
      case 2: return this.toMetrics(item.m)
      case 3: return this.toTime(item.t)
    }
  }

  /** Time passes with nothing to do (stop times are on the window grid). */
  private advanceIdle(untilUs: number): void {
    this.now = alignUp(untilUs, this.scenario.quantumUs)
    this.tellTime()
  }

  /** Run until sim time `untilUs` (rounded up to the window grid). */
  async runUntil(untilUs: number): Promise<void> {
    const target = alignUp(untilUs, this.scenario.quantumUs)
    for (;;) {
      // In-process hosts: a plain loop, no promise per window; otherwise (or once a host died) await.
      if (this.allHostsSync()) {
        while (this.allHostsSync() && this.stepSync(target, true)) { /* keep going */ }
        if (this.allHostsSync() || this.failed) return
      }
      if (!(await this.step(target, true))) return
    }
  }

  /** Ask a host to run a window; if it died, restore it from the last snapshot and ask again. */
  private async callWindow(h: number, e: JournalEntry): Promise<Partial<Record<LayerName, WindowResult>>> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.stats.hostCalls++
        const r = await this.hosts[h]!.request<'results'>(this.windowRequest(e))
        return r.results
      } catch (err) {
        if (!(err instanceof HostDiedError) || attempt >= 2 || this.disposed) throw err
        await this.recover(h, err.message)
      }
    }
  }

  /**
   * Replace a dead host: a new one is restored from the last snapshot of its layers and replays
   * the journal of windows since then (their outputs were already merged, so they are dropped).
   * The layers are deterministic, so the host ends exactly where the dead one was.
   */
  private async recover(h: number, reason: string): Promise<void> {
    if (!this.recoverable) throw new Error(`host ${h} died (${reason}) and cannot be recovered: a run on in-process hosts keeps no journal (pass snapshotEveryWindows to keep one)`)
    this.stats.recoveries++
    const layers = this.placement[h]!
    this.opts.onNotice?.(`host ${h} (${layers.join(', ')}) died at ${this.now} µs: ${reason}; restoring from the snapshot at ${this.lastSnapshot?.atUs ?? 0} µs and replaying ${this.journal.length} windows`)
    this.hosts[h]?.kill('replaced')
    const client = new HostClient(this.opts.spawn(h), `host ${h}`)
    this.hosts[h] = client
    const snapshots: Partial<Record<LayerName, LayerSnapshot>> = {}
    for (const l of layers) if (this.lastSnapshot?.layers[l]) snapshots[l] = this.lastSnapshot.layers[l]
    await client.request({ kind: 'init', scenario: this.scenario, layers, observing: this.observing, validate: this.validate, boundary: this.boundary, ...(this.lastSnapshot ? { snapshots } : {}) })
    for (const j of this.journal) {
      const mine = j.layers.filter((l) => this.hostOf.get(l) === h)
      if (mine.length === 0) continue
      const inbox: Partial<Record<LayerName, Delivery[]>> = {}
      for (const l of mine) if (j.inbox[l]) inbox[l] = j.inbox[l]
      await client.request(this.windowRequest({ ...j, inbox, layers: mine }))
    }
  }

  private takeRecoverySnapshotSync(): void {
    const layers: Partial<Record<LayerName, LayerSnapshot>> = {}
    for (const c of this.hosts) Object.assign(layers, c.requestSync<'snapshot'>({ kind: 'snapshot' }).snapshots)
    this.lastSnapshot = { atUs: this.now, layers }
    this.journal = []
  }

  private async takeRecoverySnapshot(): Promise<void> {
    try {
      const replies = await Promise.all(this.hosts.map((c) => c.request<'snapshot'>({ kind: 'snapshot' })))
      this.lastSnapshot = { atUs: this.now, layers: Object.assign({}, ...replies.map((r) => r.snapshots)) }
      this.journal = []
    } catch (err) {
      // A host died while snapshotting: keep the older snapshot and journal; the next window recovers it.
      if (!(err instanceof HostDiedError)) this.fail(err)
    }
  }

  /** Test hook and UI action: kill host h as a crash would. The next window restores it. */
  killHost(h: number): void {
    this.hosts[h]?.kill('killed')
  }

  private fail(err: unknown): void {
    if (this.disposed) return // a run being thrown away: its terminated hosts are not news
    this.failed = err instanceof Error ? err.message : String(err)
    this.opts.onNotice?.(`the run stopped: ${this.failed}`)
  }

  /**
   * Merge a window's results in a placement-independent order: events and observations sorted by
   * (time, layer index, emission order); outboxes routed, by consumed type, into the pending queue.
   */
  private merge(start: number, end: number, delivered: Delivery[], results: Partial<Record<LayerName, WindowResult>>, ran: readonly LayerName[] = this.layers): void {
    // One layer's outputs are already in time order: used as they are. Several are concatenated
    // (a loop, not push(...spread): thousands of worlds can exceed the argument limit) and sorted,
    // stably, so each layer's own events keep their order.
    let events: SimEvent[] = NOTHING, observations: Observation[] = NOTHING, metrics: MetricSample[] = NOTHING
    let eventLayers = 0, observationLayers = 0, metricLayers = 0
    for (let i = 0; i < ran.length; i++) {
      const l = ran[i]!
      const r = results[l]
      if (!r) continue
      this.route(l, r, end)
      if (r.events.length > 0) events = eventLayers++ === 0 ? r.events : concatInto(eventLayers === 2 ? events.slice() : events, r.events)
      if (r.observations.length > 0) observations = observationLayers++ === 0 ? r.observations : concatInto(observationLayers === 2 ? observations.slice() : observations, r.observations)
      if (r.metrics.length > 0) metrics = metricLayers++ === 0 ? r.metrics : concatInto(metricLayers === 2 ? metrics.slice() : metrics, r.metrics)
    }
    // Concatenated in layer order, each layer's part in time order: a stable sort by time alone
    // gives (time, layer index, emission order).
    if (eventLayers > 1) sortByTime(events)
    if (observationLayers > 1 && this.observing) sortByTime(observations)
    if (metrics.length > 0) {
      if (metricLayers > 1) sortByTime(metrics)
      this.routeMetrics(metrics, end)
    }
    this.record(start, delivered, events, 0, events.length, observations, 0, observations.length, metrics)
  }

  /** A layer's window result: its next event time, its work, its messages into the pending queue. */
  private route(l: LayerName, r: WindowResult, end: number): void {
    this.nextUs[this.position.get(l)!] = r.nextUs
    this.stats.handled += r.handled
    const outbox = r.outbox
    for (let i = 0; i < outbox.length; i++) {
      const env = outbox[i]!
      const deliverAt = simUs(Math.max(env.at, end))
      const consumers = this.consumersOf(env.type)
      for (let j = 0; j < consumers.length; j++) {
        const recipient = consumers[j]!
        if (recipient === l) continue
        // A literal of one shape (not a spread): the pending heap's comparisons stay monomorphic.
        this.pending.push({ from: env.from, at: env.at, seq: env.seq, type: env.type, data: env.data, deliverAt, recipient })
        this.stats.messages++
      }
    }
  }

  /** Metrics samples (time-ordered) to the layers that consume them, and to the caller. */
  private routeMetrics(metrics: readonly MetricSample[], end: number): void {
    for (let i = 0; i < metrics.length; i++) {
      const m = metrics[i]!
      const to = this.metricsRoutes.get(m.layer) ?? NOTHING
      for (let j = 0; j < to.length; j++) {
        const recipient = to[j]!
        this.pending.push({ from: m.layer, at: m.t, seq: -1, type: 'metrics', data: m, deliverAt: simUs(Math.max(m.t, end)), recipient })
      }
    }
    this.opts.onMetrics?.(metrics)
  }

  /**
   * One window's time-ordered outputs (events[e0, e1), observations[o0, o1), metrics): into the
   * fingerprint, logOS and the checkers, then to the caller.
   */
  private record(start: number, delivered: readonly Delivery[], events: readonly SimEvent[], e0: number, e1: number, observations: readonly Observation[], o0: number, o1: number, metrics: readonly MetricSample[]): void {
    this.fp.absorb(start, delivered, events, e0, e1)
    if (e1 === e0 && o1 === o0 && metrics.length === 0) return
    // The layers' events are the coordinator's once returned: numbered in place, not copied.
    for (let i = e0; i < e1; i++) this.log.appendOwned(events[i]!)
    const logged = events as readonly LoggedEvent[]
    const tape = this.tape
    if (this.observing) {
      // Feed checkers one time-ordered stream; at equal t metrics samples come first (a layer acts
      // on a sample at its time at the earliest), and at equal (t, layer) events before observations.
      const byTimeThenLayer = this.byTimeThenLayer
      let i = e0, j = o0, k = 0
      while (i < e1 || j < o1 || k < metrics.length) {
        const e = i < e1 ? logged[i] : undefined, o = j < o1 ? observations[j] : undefined, m = metrics[k]
        if (m && (!e || m.t <= e.t) && (!o || m.t <= o.t)) {
          if (tape !== null) tape.push({ k: 2, m })
          this.toMetrics(m)
          k++
        } else if (e && (!o || byTimeThenLayer(e, o) <= 0)) {
          if (tape !== null) tape.push({ k: 0, e })
          this.toEvent(e)
          i++
        } else {
          if (tape !== null) tape.push({ k: 1, o: o! })
          this.toObservation(o!)
          j++
        }
      }
    }
    if (e1 > e0 && this.opts.onEvents) this.opts.onEvents(e0 === 0 && e1 === events.length ? logged : logged.slice(e0, e1))
  }

  /** Current view models of every layer (one round trip to each host). */
  async views(): Promise<Partial<Record<LayerName, unknown>>> {
    const replies = await Promise.all(this.hosts.map((c) => c.request<'views'>({ kind: 'views' }).catch(() => ({ views: {} }))))
    return Object.assign({}, ...replies.map((r) => r.views))
  }

  async summaries(): Promise<Partial<Record<LayerName, JsonObject>>> {
    const replies = await Promise.all(this.hosts.map((c) => c.request<'summaries'>({ kind: 'summaries' })))
    return Object.assign({}, ...replies.map((r) => r.summaries))
  }

  /** Tell the checkers the run ended here (liveness checks). */
  finish(): Violation[] {
    for (const c of this.opts.checkers ?? []) c.finish?.(this.now)
    return this.violations
  }

  /** Stop for good: hosts are terminated and nothing is recovered or reported after this. */
  dispose(): void {
    this.disposed = true
    for (const h of this.hosts) h.terminate()
  }
}
