/**
 * The coordinator's driver: owns the run (cosmOS with logOS and the checkers), runs it in slices
 * at the requested speed, applies the page's commands, and pushes frames to the page ~20 times a
 * second. No DOM: it runs in the coordinator worker (coordinator.worker.ts), on the main thread
 * when no worker can be made, and under Vitest with a fake `post`.
 *
 * Determinism does not depend on any of this: the driver only decides when windows run and where
 * layers compute; user actions become interventions stamped at the coordinator's frontier (the
 * earliest time still exact), recorded in the scenario, so the share URL replays the same run.
 */
import { allCheckers } from '../checkers'
import { Cosmos, type CosmosOptions, type CosmosSnapshot, type TapeItem } from '../cosmos/cosmos'
import { inProcessEndpoint } from '../kernel/host'
import type { Endpoint } from '../kernel/protocol'
import { alignUp } from '../kernel/time'
import type { LayerName, LoggedEvent, MetricSample } from '../kernel/types'
import { registry } from '../layers/index'
import { formatIssues } from '../scenario/errors'
import { ScenarioSchema, activeLayers, type Intervention, type Scenario } from '../scenario/schema'
import { samePlacement, type CoordinatorCommand, type CoordinatorMessage, type CoordinatorStatus, type Frame, type HostKind, type HostPlacement } from './coordinatorProtocol'
import { placementFor } from './placement'
import { ShivizCollector } from '../layers/karmOS/shiviz'
import { runInProcessWith } from '../cosmos/run'
import { diffRuns, type DiffRun, type RunDiff } from '../cosmos/diff'

export interface DriverEnv {
  /** Send a message to the page. */
  post(msg: CoordinatorMessage): void
  /** A monotonic clock, ms (performance.now). */
  now(): number
  /** Make a layer-host worker (a nested worker in the coordinator worker), or null where there are none. */
  spawnWorker: ((name: string) => Endpoint) | null
  /** What an in-process host is here: in the coordinator worker, or on the main thread (fallback). */
  inProcessKind: 'coordinator' | 'main'
  /** Logical cores, for the placement policy. */
  cores: number
  /** Longest the run may compute before it looks at its messages again, ms. */
  sliceMs?: number
}

/** Frames while running: ~20 Hz. */
export const FRAME_INTERVAL_MS = 50
/**
 * The views (every layer's view model: for thousands of worlds, megabytes) ride in a periodic
 * frame at most once per this many times what collecting them took: at 5 worlds in every frame,
 * at thousands a few times a second, so that copying them — here and, again, on the page's main
 * thread — stays a small share of either. Events, metrics and the clock go in every frame.
 */
export const VIEWS_COST_FACTOR = 12
/** Frames sent but not yet applied by the page: beyond this the coordinator waits (events batch up). */
const MAX_FRAMES_IN_FLIGHT = 2
/** Metric samples held for the next frame at most (the oldest go first; the chart thins anyway). */
const MAX_PENDING_METRICS = 50_000

/** A moment of the run to seek back to: a snapshot, the checkers' tape it needs, and how many interventions it already holds. */
interface Moment {
  atUs: number
  snap: CosmosSnapshot
  tape: readonly TapeItem[]
  interventions: number
}

/** Sim time between saved moments at first (doubled each time the list is thinned). */
const MOMENT_EVERY_US = 10_000_000
/** Saved moments at most: beyond, every other one is dropped (the oldest kept) and the spacing doubles. */
const MAX_MOMENTS = 48
/** Beyond this many tape items (a very long or very large run), no more moments are saved: a seek back then replays from the big bang. */
const MAX_TAPE = 1_500_000
/** Above this many worlds no moments are saved (a snapshot and the tape grow with the worlds): a seek back replays from the big bang. */
const MAX_MOMENT_WORLDS = 200

/** Yield to the event loop (a macrotask: commands get in), without the 4 ms clamp of nested timers. */
const macrotask = (): Promise<void> => new Promise((resolve) => {
  const ch = new MessageChannel()
  ch.port1.onmessage = () => { ch.port1.close(); resolve() }
  ch.port2.postMessage(null)
})
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export class CoordinatorDriver {
  private cosmos: Cosmos | null = null
  private scenario: Scenario | null = null
  /** karmOS's ShiViz log of this run (bounded), while karmOS runs. */
  private shiviz: ShivizCollector | null = null
  /** The run's token (every message about it carries it). */
  private token = 0
  /** The token of the latest load received: a load queued behind it is superseded. */
  private wanted = 0
  private ack = 0
  private status: CoordinatorStatus = 'loading'
  private speed = 1
  private pauseAtUs: number | null = null
  /** Going at full speed to pauseAtUs (a seek), whatever the speed asked for. */
  private fast = false
  /** The run within this token (bumped by a rewind, which replaces the run). */
  private gen = 0
  /** Saved moments of this run, oldest first (only where every layer runs in-process). */
  private moments: Moment[] = []
  private momentEveryUs = MOMENT_EVERY_US
  private keepMoments = false
  /** The next frame tells the page the run went back: its log from `offset` and its metrics from `atUs` are gone. */
  private rewound: { offset: number; atUs: number } | null = null
  /** A seek back is replacing the run: the old run's loop ends without its final frame (it would confirm a pause). */
  private replacing = false
  private validate = false
  private logRetention = 50_000
  /** The token of the run whose loop is going (an old run's loop may still be winding down). */
  private loopOf: number | null = null
  private anchorSimUs = 0
  private anchorRealMs = 0
  /** Commands run one after another (a load or a step awaits); play/pause land between slices. */
  private queue: Promise<void> = Promise.resolve()
  // What the next frame carries, and what the page has already been told.
  private frameNo = 0
  private framesInFlight = 0
  private lastFrameMs = -Infinity
  /** When the next periodic frame may carry views again (VIEWS_COST_FACTOR), wall ms. */
  private viewsDueMs = -Infinity
  /** What collecting the pending views took, wall ms (their posting is added when they are sent). */
  private viewsCostMs = 0
  private pendingEvents: LoggedEvent[] = []
  private pendingMetrics: MetricSample[] = []
  private views: Partial<Record<LayerName, unknown>> | undefined
  private sentViolations = 0
  /** The placement last sent (compared field by field with the cosmos's each frame). */
  private sentPlacement: readonly HostPlacement[] | null = null
  private placementNote = ''
  private sentNote = ''
  private hostKinds: HostKind[] = []
  private readonly sliceMs: number

  constructor(private readonly env: DriverEnv) {
    this.sliceMs = env.sliceMs ?? 8
  }

  /** A command from the page. */
  handle(cmd: CoordinatorCommand): void {
    if (cmd.kind === 'frameAck') {
      if (cmd.token === this.token) this.framesInFlight = Math.max(0, this.framesInFlight - 1)
      return
    }
    if (cmd.kind === 'load') this.wanted = cmd.token
    this.queue = this.queue.then(() => this.apply(cmd)).catch((e: unknown) => {
      this.notice('error', `The coordinator failed: ${e instanceof Error ? e.message : String(e)}`)
    })
  }

  /** Stop for good (the page is going away, or replaced this driver). */
  dispose(): void {
    this.wanted = this.token = -1
    this.cosmos?.dispose()
    this.cosmos = null
  }

  private async apply(cmd: Exclude<CoordinatorCommand, { kind: 'frameAck' }>): Promise<void> {
    this.ack = cmd.seq
    await this.applyCommand(cmd)
    // Acknowledge at once (a running loop does so with its next frame, or when it stops): the page
    // takes the coordinator's status only from a frame that has seen all its commands.
    if (!this.looping && cmd.kind !== 'load' && cmd.kind !== 'step') this.frame()
  }

  private async applyCommand(cmd: Exclude<CoordinatorCommand, { kind: 'frameAck' }>): Promise<void> {
    const c = this.cosmos
    switch (cmd.kind) {
      case 'load':
        return this.load(cmd)
      case 'play':
        this.play()
        return
      case 'pause':
        // A running loop stops when its slice ends, and confirms with fresh views. A seek on its
        // way ends here too (its target no longer pauses a later play).
        if (this.status === 'running') this.status = 'paused'
        if (this.fast) this.pauseAtUs = null
        this.fast = false
        return
      case 'speed':
        this.speed = cmd.speed
        this.reanchor()
        return
      case 'runTo':
        if (!c) return
        if (cmd.pauseAtUs <= c.nowUs) {
          this.notice('info', `Already at ${(c.nowUs / 1e6).toFixed(3)} s; a run never goes back in time — reset to replay from the start`)
          return
        }
        this.pauseAtUs = cmd.pauseAtUs
        this.fast = cmd.fast === true
        if (this.status === 'running') this.frame()
        else this.play()
        return
      case 'diff':
        return this.diff(cmd)
      case 'seek':
        return this.seek(cmd.toUs)
      case 'step':
        await this.step()
        this.frame()
        this.post({ kind: 'done', token: this.token, ack: this.ack, seq: cmd.seq })
        return
      case 'intervene':
        this.intervene(cmd.request)
        return
      case 'shiviz':
        this.post({ kind: 'text', token: this.token, ack: this.ack, seq: cmd.seq, text: this.shiviz?.text() ?? '' })
        return
    }
  }

  private async load(cmd: Extract<CoordinatorCommand, { kind: 'load' }>): Promise<void> {
    const token = cmd.token
    if (token !== this.wanted) return // superseded by a later load, already queued
    this.token = token
    this.cosmos?.dispose()
    this.cosmos = null
    this.scenario = structuredClone(cmd.scenario)
    this.status = 'loading'
    this.speed = cmd.speed
    this.pauseAtUs = cmd.pauseAtUs
    this.fast = cmd.fast === true && cmd.pauseAtUs !== null
    this.logRetention = cmd.logRetention
    this.frameNo = 0
    this.framesInFlight = 0
    this.lastFrameMs = -Infinity
    this.viewsDueMs = -Infinity
    this.pendingEvents = []
    this.pendingMetrics = []
    this.views = undefined
    this.sentViolations = 0
    this.sentPlacement = null
    this.sentNote = ''
    this.moments = []
    this.momentEveryUs = MOMENT_EVERY_US
    this.rewound = null
    this.validate = cmd.validate
    const scenario = this.scenario
    const layers = [...activeLayers(scenario)]
    const placement = placementFor(scenario, layers, cmd.workers, { cores: this.env.cores })
    const note = placement.kind === 'worker' && !this.env.spawnWorker ? `${placement.note}; no layer workers here, so in-process` : placement.note
    try {
      const cosmos = await this.start(cmd, layers, placement.hosts, placement.kind === 'worker' ? this.env.spawnWorker : null, note).catch(async (e: unknown) => {
        if (placement.kind !== 'worker' || !this.env.spawnWorker || token !== this.wanted) throw e
        // Layer workers that cannot start (a browser without nested workers, a blocked script):
        // the same run, in-process.
        const why = e instanceof Error ? e.message : String(e)
        this.notice('warn', `Layer workers could not start (${why}); the layers run in the coordinator`)
        return this.start(cmd, layers, placement.hosts, null, `${placement.note}; layer workers failed, so in-process`)
      })
      if (token !== this.wanted) {
        cosmos.dispose()
        return
      }
      this.cosmos = cosmos
      this.status = cmd.play ? 'running' : 'paused'
      this.reanchor()
      await this.refreshViews()
      this.frame()
      if (cmd.play) void this.loop(token)
    } catch (e) {
      if (token !== this.wanted) return
      this.status = 'error'
      this.notice('error', `Could not start the run: ${e instanceof Error ? e.message : String(e)}`)
      this.frame()
    }
  }

  /** The big bang on these hosts: layer workers from `spawnWorker`, or in-process where it is null or refuses. */
  private async start(cmd: Pick<Extract<CoordinatorCommand, { kind: 'load' }>, 'token' | 'validate'>, layers: LayerName[], hosts: LayerName[][], spawnWorker: DriverEnv['spawnWorker'], note: string, from?: Moment): Promise<Cosmos> {
    const token = cmd.token
    // The run these callbacks feed: a rewind replaces the run within the same token.
    const gen = ++this.gen
    const mine = () => token === this.token && gen === this.gen
    const spawned: Endpoint[] = []
    const scenario = this.scenario!
    this.placementNote = note
    this.hostKinds = hosts.map(() => (spawnWorker ? 'worker' : this.env.inProcessKind))
    let workersBroken = false
    const spawn = (i: number): Endpoint => {
      if (spawnWorker && !workersBroken) {
        try {
          const endpoint = spawnWorker(`theOS host ${i}`)
          spawned.push(endpoint)
          this.hostKinds[i] = 'worker'
          return endpoint
        } catch (e) {
          // Chromium nests dedicated workers; a browser that cannot still runs the same run in-process.
          workersBroken = true
          this.notice('warn', `Could not start a layer worker (${e instanceof Error ? e.message : String(e)}); its layers run in-process`)
        }
      }
      this.hostKinds[i] = this.env.inProcessKind
      return inProcessEndpoint(registry)
    }
    // karmOS: a bounded collector of the stamped sends and receives, for the ShiViz export.
    const shiviz = (this.shiviz = scenario.run.includes('karmOS') ? new ShivizCollector() : null)
    // Moments to seek back to are kept only where every layer runs here (a snapshot is then a
    // copy in memory, and the checkers' tape is what brings fresh checkers to its moment).
    this.keepMoments = spawnWorker === null && scenario.nodes.count <= MAX_MOMENT_WORLDS
    const opts: CosmosOptions = {
      registry,
      layers,
      placement: hosts,
      spawn,
      validate: cmd.validate,
      checkers: [...allCheckers(scenario), ...(shiviz ? [shiviz] : [])],
      tape: this.keepMoments,
      // The page keeps the events it shows; the coordinator's logOS only numbers and counts them.
      logRetention: 0,
      onEvents: (es) => { if (mine()) this.takeEvents(es) },
      onMetrics: (ms) => { if (mine()) this.takeMetrics(ms) },
      onNotice: (m) => { if (mine()) this.notice('warn', m) },
    }
    const started = from
      ? Cosmos.restore(structuredClone(scenario), from.snap, { ...opts, tapeFrom: from.tape }).then((c) => {
        // Interventions recorded after this moment was saved are not in its queue: queued again,
        // in the order they were first (so with the same sequence numbers: the same run).
        for (const iv of scenario.interventions.slice(from.interventions)) c.addIntervention(iv)
        return c
      })
      : Cosmos.start(structuredClone(scenario), opts)
    try {
      return await started
    } catch (e) {
      for (const w of spawned) w.terminate() // the ones that did start would idle on
      throw e
    }
  }

  private play(): void {
    if (!this.cosmos || this.status === 'running' || this.status === 'error') return
    this.status = 'running'
    this.reanchor()
    this.frame()
    void this.loop(this.token)
  }

  /** One window (pausing first); the frame that acknowledges the command shows it. */
  private async step(): Promise<void> {
    const c = this.cosmos
    if (!c || this.status === 'error' || this.status === 'loading') return
    if (this.status === 'running') this.status = 'paused'
    this.fast = false
    while (this.looping) await macrotask()
    if (c !== this.cosmos) return
    await c.step()
    if (c.error) this.stopWithError(c.error)
    await this.refreshViews()
  }

  private intervene(request: Extract<CoordinatorCommand, { kind: 'intervene' }>['request']): void {
    const c = this.cosmos
    const s = this.scenario
    if (!c || !s) return
    // Stamped at the frontier: now, or the end of the window in flight (workers are computing it).
    // During a seek (or a link opened at its moment) the frontier races ahead at full speed: the
    // action belongs to the moment the person is going to, where the run will pause.
    const atUs = this.fast && this.pauseAtUs !== null ? Math.max(c.frontierUs, this.pauseAtUs) : c.frontierUs
    const stamped = { ...request, atUs } as Intervention
    const checked = ScenarioSchema.safeParse({ ...s, interventions: [...s.interventions, stamped] })
    if (!checked.success) {
      this.notice('warn', `Not recorded: ${formatIssues(checked.error.issues, 2)}`)
      return
    }
    // The intervention as the schema shapes it (its key order too: the fingerprint hashes the
    // delivered message's JSON), which is exactly what a replay of the share URL delivers.
    const iv = checked.data.interventions.at(-1)!
    try {
      c.addIntervention(iv)
    } catch (e) {
      this.notice('warn', `Not recorded: ${e instanceof Error ? e.message : String(e)}`)
      return
    }
    this.scenario = { ...s, interventions: [...s.interventions, iv] }
    // A moment saved at the intervention's time does not have it queued (one before does not
    // either, but a rewind queues it again: Moment.interventions).
    this.moments = this.moments.filter((m) => m.atUs < iv.atUs)
    this.post({ kind: 'recorded', token: this.token, ack: this.ack, intervention: iv })
  }

  /**
   * Run two scenarios headless here (in-process, with their checkers) to untilUs and compare their
   * events. The current run waits meanwhile (a command runs after the previous one).
   */
  private async diff(cmd: Extract<CoordinatorCommand, { kind: 'diff' }>): Promise<void> {
    const answer = (diff: RunDiff | null, error?: string) =>
      this.post({ kind: 'diff', token: this.token, ack: this.ack, seq: cmd.seq, diff, ...(error === undefined ? {} : { error }) })
    try {
      const run = async (s: Scenario): Promise<DiffRun> => {
        const scenario = ScenarioSchema.parse(s)
        const r = await runInProcessWith(structuredClone(scenario), { untilUs: cmd.untilUs, registry, layers: [...activeLayers(scenario)], checkers: allCheckers(scenario), validate: false })
        return { events: r.events, fingerprint: r.fingerprint, violations: r.violations.length }
      }
      const a = await run(cmd.a)
      const b = await run(cmd.b)
      answer(diffRuns(a, b, cmd.untilUs))
    } catch (e) {
      answer(null, e instanceof Error ? e.message : String(e))
    }
  }

  /** Save a moment of the run when one is due (every momentEveryUs of sim time, bounded in number). */
  private async maybeSaveMoment(c: Cosmos): Promise<void> {
    if (!this.keepMoments || !this.scenario) return
    const last = this.moments.at(-1)?.atUs ?? 0
    if (c.nowUs < last + this.momentEveryUs) return
    const tape = c.checkerTape
    if (tape === null || tape.length > MAX_TAPE) {
      // No more moments: the tape is not needed any more either (it would grow with the run).
      this.keepMoments = false
      c.stopTape()
      return
    }
    const snap = await c.snapshot()
    this.moments.push({ atUs: snap.nowUs, snap, tape, interventions: this.scenario.interventions.length })
    if (this.moments.length > MAX_MOMENTS) {
      this.moments = this.moments.filter((_, i) => i % 2 === 0)
      this.momentEveryUs *= 2
    }
  }

  /**
   * Go to toUs and pause there, at full speed. Forwards: the run goes on. Backwards: the run is
   * replaced by the latest saved moment at or before toUs (or the big bang), which then runs
   * forwards; the page drops what it held of the abandoned future (Frame.rewound).
   */
  private async seek(toUs: number): Promise<void> {
    const c = this.cosmos
    if (!c || !this.scenario || this.status === 'loading') return
    if (toUs >= c.nowUs && this.status !== 'error') {
      this.pauseAtUs = toUs
      this.fast = true
      if (this.status === 'running') this.frame()
      else this.play()
      return
    }
    this.replacing = true
    if (this.status === 'running') this.status = 'paused'
    while (this.looping) await macrotask()
    if (c !== this.cosmos) {
      this.replacing = false
      return
    }
    const token = this.token
    const from = [...this.moments].reverse().find((m) => m.atUs <= toUs)
    // The moments after it belong to the future being abandoned (their tape is longer than the new run's).
    this.moments = this.moments.filter((m) => m.atUs <= (from?.atUs ?? -1))
    const layers = c.layers
    const hosts = c.placement.map((h) => [...h])
    const spawnWorker = this.hostKinds.includes('worker') ? this.env.spawnWorker : null
    let next: Cosmos
    try {
      next = await this.start({ token, validate: this.validate }, layers, hosts, spawnWorker, this.placementNote, from)
    } catch (e) {
      if (token !== this.token) return
      this.stopWithError(`could not go back to ${(toUs / 1e6).toFixed(3)} s: ${e instanceof Error ? e.message : String(e)}`)
      this.frame()
      return
    } finally {
      this.replacing = false
    }
    if (token !== this.token || c !== this.cosmos) {
      // A new run (or dispose) came while the moment was being restored.
      next.dispose()
      return
    }
    c.dispose()
    this.cosmos = next
    this.pendingEvents = []
    this.pendingMetrics = []
    this.sentViolations = -1
    this.sentPlacement = null
    this.rewound = { offset: from?.snap.nextOffset ?? 0, atUs: from?.atUs ?? 0 }
    this.pauseAtUs = toUs
    this.fast = true
    this.status = 'running'
    this.reanchor()
    this.frame()
    void this.loop(this.token)
  }

  /** This run's loop is going. */
  private get looping(): boolean {
    return this.loopOf === this.token
  }

  private reanchor(): void {
    this.anchorSimUs = this.cosmos?.nowUs ?? 0
    this.anchorRealMs = this.env.now()
  }

  private stopWithError(error: string): void {
    this.status = 'error'
    this.notice('error', `The run stopped: ${error}`)
  }

  /** Run while running: slices of at most sliceMs, yielding between them so commands get in. */
  private async loop(token: number): Promise<void> {
    if (this.loopOf === token) return
    this.loopOf = token
    try {
      while (token === this.token && this.status === 'running') {
        const c = this.cosmos!
        const sliceStart = this.env.now()
        const speed = this.fast ? Number.POSITIVE_INFINITY : this.speed
        // At max speed a slice may go up to a minute of sim time ahead (it ends after sliceMs anyway).
        let target = Math.min(this.pauseAtUs ?? Number.MAX_SAFE_INTEGER, c.nowUs + 60_000_000)
        if (Number.isFinite(speed)) {
          // Never let a slow stretch turn into a burst: keep the anchor within 250 ms of real time.
          const behindUs = this.anchorSimUs + (sliceStart - this.anchorRealMs) * speed * 1000 - c.nowUs
          if (behindUs > speed * 250_000) this.reanchor()
          target = Math.min(target, Math.floor(this.anchorSimUs + (sliceStart - this.anchorRealMs) * speed * 1000))
        }
        const untilUs = alignUp(Math.max(target, c.nowUs), c.scenario.quantumUs)
        while (this.env.now() - sliceStart < this.sliceMs && c.nowUs < untilUs && !c.error && this.status === 'running') {
          if (!(await c.step(untilUs, true))) break
        }
        if (token !== this.token) return
        if (c.error) {
          this.stopWithError(c.error)
          break
        }
        if (c !== this.cosmos) break
        await this.maybeSaveMoment(c)
        if (token !== this.token || c !== this.cosmos) return
        if (this.pauseAtUs !== null && c.nowUs >= this.pauseAtUs) {
          this.status = 'paused'
          this.pauseAtUs = null
          this.fast = false
          break
        }
        if (this.status !== 'running') break
        await this.maybeFrame()
        if (token !== this.token) return
        if (c.nowUs >= untilUs && Number.isFinite(speed)) await sleep(16)
        else await macrotask()
      }
    } catch (e) {
      if (token === this.token) this.stopWithError(e instanceof Error ? e.message : String(e))
    } finally {
      if (this.loopOf === token) this.loopOf = null
    }
    if (token !== this.token || this.replacing) return
    // Stopped (paused, at the pause time, or an error): the page gets the final state at once.
    await this.refreshViews()
    if (token === this.token) this.frame()
  }

  /** A periodic frame, when one is due and the page keeps up. */
  private async maybeFrame(): Promise<void> {
    if (this.env.now() - this.lastFrameMs < FRAME_INTERVAL_MS || this.framesInFlight >= MAX_FRAMES_IN_FLIGHT) return
    // A seek shows where it is and the events so far; the views only where it arrives.
    if (!this.fast && this.env.now() >= this.viewsDueMs) await this.refreshViews()
    this.frame()
  }

  private async refreshViews(): Promise<void> {
    const c = this.cosmos
    if (!c) return
    const t0 = this.env.now()
    const views = await c.views()
    this.viewsCostMs = this.env.now() - t0
    if (c === this.cosmos) this.views = views
  }

  private takeEvents(events: readonly LoggedEvent[]): void {
    const pending = this.pendingEvents
    for (const e of events) pending.push(e)
    // The page keeps the newest logRetention: older ones in a burst would be dropped there anyway.
    if (pending.length > 2 * this.logRetention) pending.splice(0, pending.length - this.logRetention)
  }

  private takeMetrics(samples: readonly MetricSample[]): void {
    const pending = this.pendingMetrics
    for (const m of samples) pending.push(m)
    if (pending.length > MAX_PENDING_METRICS) pending.splice(0, pending.length - MAX_PENDING_METRICS)
  }

  /**
   * Push a frame: what changed since the last one. Sent at once on every change of status, and
   * periodically (maybeFrame) while the page keeps up.
   */
  private frame(): void {
    const c = this.cosmos
    const now = this.env.now()
    this.lastFrameMs = now
    const events = this.pendingEvents.length > this.logRetention ? this.pendingEvents.slice(-this.logRetention) : this.pendingEvents
    this.pendingEvents = []
    const f: Frame = {
      kind: 'frame',
      token: this.token,
      ack: this.ack,
      frame: ++this.frameNo,
      realMs: now,
      simTimeUs: c?.nowUs ?? 0,
      // Cheap at any size: the fingerprint keeps the open group's hash running (cosmos/fingerprint.ts).
      fingerprint: this.cosmos?.fingerprint ?? '',
      eventCount: c?.log.nextOffset ?? 0,
      status: this.status,
      pauseAtUs: this.pauseAtUs,
      fast: this.fast,
      ...(this.rewound ? { rewound: this.rewound } : {}),
      eventsByLayer: c ? [...c.log.countsByLayer()] : [],
      eventsByType: c ? [...c.log.countsByType()] : [],
      events,
      metrics: this.pendingMetrics,
    }
    this.pendingMetrics = []
    this.rewound = null
    if (this.views) {
      f.views = this.views
      this.views = undefined
    }
    if (c) {
      const violations = c.violations
      if (violations.length !== this.sentViolations) {
        f.violations = violations
        this.sentViolations = violations.length
      }
      const hosts = c.hostLabels()
      const kindOf = (host: number): HostKind => this.hostKinds[host] ?? this.env.inProcessKind
      if (!samePlacement(this.sentPlacement, hosts, (h) => kindOf(h.host))) {
        f.placement = hosts.map((h) => ({ ...h, kind: kindOf(h.host) }))
        this.sentPlacement = f.placement
      }
    }
    if (this.placementNote !== this.sentNote) {
      f.placementNote = this.placementNote
      this.sentNote = this.placementNote
    }
    this.framesInFlight++
    if (f.views === undefined) this.post(f)
    else {
      // Posting copies the frame (structured clone) on the spot: most of what views cost.
      const p0 = this.env.now()
      this.post(f)
      const p1 = this.env.now()
      this.viewsDueMs = p1 + VIEWS_COST_FACTOR * (this.viewsCostMs + p1 - p0)
    }
  }

  private notice(level: 'info' | 'warn' | 'error', text: string): void {
    this.post({ kind: 'notice', token: this.token, ack: this.ack, level, text })
  }

  private post(msg: CoordinatorMessage): void {
    this.env.post(msg)
  }
}
