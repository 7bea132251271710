/**
 * theOS — the control plane on the main thread (zustand). It holds the desired state (the
 * scenario), steers the coordinator (cosmOS with logOS and the checkers, in its own Web Worker),
 * turns UI actions into timed interventions, and publishes the share URL. The coordinator pushes
 * frames ~20 times a second: per-frame data goes to the mutable frame buffer; React state is
 * updated at most ~8 times a second. The main thread renders and steers; it never runs the sim
 * (except where no worker can be made: then the same coordinator runs here, with a notice).
 */
import { create } from 'zustand'
import { alignUp } from '../kernel/time'
import type { LayerName } from '../kernel/types'
import { toJsonLine } from '../layers/logOS/log'
import type { LayerViews } from '../layers/index'
import { ScenarioSchema, activeLayers, defaultScenario, type Scenario } from '../scenario/schema'
import { clampSlider } from '../layers/chaOS/sliders'
import { decodeScenario, encodeScenario, shareUrl } from '../scenario/url'
import { escapeControls, formatIssues } from '../scenario/errors'
import { coordinatorOnMainThread, coordinatorWorker, type CoordinatorLink, type LinkHandlers } from '../workers/coordinatorClient'
import { samePlacement, type CoordinatorCommand, type CoordinatorMessage, type CoordinatorStatus, type Frame } from '../workers/coordinatorProtocol'
import type { Violation } from '../checkers/types'
import { BROWSER_LOG_RETENTION, frameBuffer, resetFrameBuffer } from './frameBuffer'
import { appendMirrored, truncateMirrored } from './mirrorLog'
import type { HostInfo, LayerHealth, TheosState } from './types'

/** A command as the store sends it: the link numbers it. */
type Command = CoordinatorCommand extends infer C ? (C extends { seq: number } ? Omit<C, 'seq'> : never) : never

interface RateSample { realMs: number; simUs: number; events: number; perLayer: Map<LayerName, number> }

/** What the latest frame said (not React state: published at most every PUBLISH_INTERVAL_MS). */
interface Latest {
  simTimeUs: number
  fingerprint: string
  eventCount: number
  eventsByLayer: Map<LayerName, number>
  violations: Violation[]
  placement: HostInfo[]
  placementNote: string
  /** The coordinator's status and pause time, from the latest frame that acknowledged every command sent. */
  confirmed: { status: CoordinatorStatus; pauseAtUs: number | null } | null
  /** The run has been loaded (a frame past 'loading' arrived). */
  loaded: boolean
}

const emptyLatest = (): Latest => ({ simTimeUs: 0, fingerprint: '', eventCount: 0, eventsByLayer: new Map(), violations: [], placement: [], placementNote: '', confirmed: null, loaded: false })

/** Mutable link state: not React state. */
const link = {
  coordinator: null as CoordinatorLink | null,
  /** Seq of the last command sent. */
  seq: 0,
  /** Token of the current run; messages about older runs are dropped. */
  token: 0,
  latest: emptyLatest(),
  /** Recent (coordinator time, sim time, events, per-layer events) samples: rates over RATE_WINDOW_MS. */
  samples: [] as RateSample[],
  lastPublishMs: 0,
  publishTimer: null as ReturnType<typeof setTimeout> | null,
  /** Steps awaiting the coordinator, by command seq. */
  steps: new Map<number, () => void>(),
  /** Commands awaiting a text answer (karmOS's ShiViz log). */
  texts: new Map<number, (text: string) => void>(),
  /** Coordinator workers that failed after starting, this page: past a few, the coordinator runs here. */
  failures: 0,
  /** load() calls awaiting their run's big bang. */
  loads: [] as { token: number; resolve: () => void }[],
  /** Diffs awaiting the coordinator, by command seq. */
  diffs: new Map<number, (m: Extract<CoordinatorMessage, { kind: 'diff' }>) => void>(),
  branchNo: 0,
  /** seek() calls awaiting their arrival (a confirmed stop of the run they were made in). */
  arrivals: [] as { token: number; resolve: () => void }[],
  noticeId: 0,
}

/** Told whenever load() starts a run. */
const newRunListeners = new Set<() => void>()

/** Call `fn` whenever a new run is loaded (store/seekQueue.ts drops the move waiting). */
export function onNewRun(fn: () => void): void {
  newRunListeners.add(fn)
}

/** Rates (events/s, achieved ×) over the last 2 s: Raft traffic is bursty. */
const RATE_WINDOW_MS = 2_000
const PUBLISH_INTERVAL_MS = 125
/** Coordinator workers restarted after a crash before the coordinator moves to the main thread. */
const MAX_WORKER_RESTARTS = 3

/** Layer workers to use: `?workers=N` in the page address (0 = all in the coordinator); default: placed by cost. */
export function workersFromLocation(search: string, notify: (t: string) => void): number | null {
  const raw = new URLSearchParams(search).get('workers')
  if (raw === null) return null
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 32) {
    notify(`?workers=${raw.slice(0, 20)} is not a whole number from 0 to 32; theOS places the layers by cost`)
    return null
  }
  return n
}

export const useTheos = create<TheosState>()((set, get) => {
  const send = (cmd: Command): number => {
    const seq = ++link.seq
    // What the coordinator said before it sees this command no longer stands.
    link.latest.confirmed = null
    link.coordinator?.send({ ...cmd, seq } as CoordinatorCommand)
    return seq
  }

  /** Start the coordinator: its own worker, or — where none can be made — this thread. */
  const connect = (): CoordinatorLink => {
    if (link.coordinator) return link.coordinator
    const handlers: LinkHandlers = { onMessage: receive, onFailure: coordinatorFailed }
    try {
      if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers')
      link.coordinator = coordinatorWorker(handlers)
    } catch (e) {
      get().notify('warn', `Could not start the coordinator worker (${e instanceof Error ? e.message : String(e)}); cosmOS runs on the main thread`)
      link.coordinator = coordinatorOnMainThread(handlers)
    }
    set({ coordinator: link.coordinator.where })
    return link.coordinator
  }

  /**
   * The coordinator worker died: start another (on this thread if it never started, or keeps
   * failing) and replay the run from its scenario, which holds every intervention so far.
   */
  const coordinatorFailed = (reason: string, started: boolean) => {
    link.coordinator = null
    const wasRunning = get().status === 'running'
    if (started && ++link.failures <= MAX_WORKER_RESTARTS) {
      get().notify('error', `The coordinator worker failed (${reason}); the run restarts from its scenario`)
      connect()
    } else {
      get().notify('warn', `The coordinator worker ${started ? 'keeps failing' : 'could not start'} (${reason}); cosmOS runs on the main thread`)
      link.coordinator = coordinatorOnMainThread({ onMessage: receive, onFailure: coordinatorFailed })
      set({ coordinator: 'main' })
    }
    void get().load(get().scenario, { autoplay: wasRunning || get().status === 'loading', keepBranches: true })
  }

  const receive = (m: CoordinatorMessage) => {
    if (m.token !== link.token) return // about a run that was replaced
    switch (m.kind) {
      case 'notice':
        get().notify(m.level, m.text)
        return
      case 'recorded': {
        const scenario = { ...get().scenario, interventions: [...get().scenario.interventions, m.intervention] }
        const id = get().branchId
        set({ scenario, branches: get().branches.map((b) => (b.id === id ? { ...b, scenario } : b)) })
        publishUrl(scenario)
        return
      }
      case 'done':
        link.steps.get(m.seq)?.()
        link.steps.delete(m.seq)
        return
      case 'text':
        link.texts.get(m.seq)?.(m.text)
        link.texts.delete(m.seq)
        return
      case 'diff':
        link.diffs.get(m.seq)?.(m)
        link.diffs.delete(m.seq)
        return
      case 'frame':
        applyFrame(m)
    }
  }

  const applyFrame = (f: Frame) => {
    if (f.rewound) {
      // The run went back: what the page held of the abandoned future goes.
      frameBuffer.log = truncateMirrored(frameBuffer.log, f.rewound.offset)
      frameBuffer.logVersion++
      frameBuffer.metrics.truncateFrom(f.rewound.atUs)
      link.samples = []
      // A seek back now knows where its replay starts (the moment restored): the progress bar's start.
      const seeking = get().seeking
      if (seeking !== null) set({ seeking: { fromUs: f.rewound.atUs, targetUs: seeking.targetUs } })
    }
    // Per-frame data: straight to the frame buffer, where views read it in animation callbacks.
    if (f.events.length > 0) {
      frameBuffer.log = appendMirrored(frameBuffer.log, f.events)
      frameBuffer.logVersion++
    }
    frameBuffer.log.setTotals(f.eventsByLayer, f.eventsByType)
    if (f.metrics.length > 0) frameBuffer.metrics.push(f.metrics)
    if (f.views) {
      frameBuffer.views = f.views as Partial<LayerViews>
      frameBuffer.simTimeUs = f.simTimeUs
      frameBuffer.version++
    }
    link.coordinator?.send({ kind: 'frameAck', token: f.token, frame: f.frame })

    const l = link.latest
    l.simTimeUs = f.simTimeUs
    l.fingerprint = f.fingerprint
    l.eventCount = f.eventCount
    l.eventsByLayer = new Map(f.eventsByLayer)
    if (f.violations) l.violations = f.violations
    if (f.placement) l.placement = f.placement
    if (f.placementNote !== undefined) l.placementNote = f.placementNote
    // The coordinator's status counts only once it has seen every command sent: a frame sent
    // before a Pause reached it still says 'running'.
    if (f.ack === link.seq) l.confirmed = { status: f.status, pauseAtUs: f.pauseAtUs }
    if (f.status === 'running') link.samples.push({ realMs: f.realMs, simUs: f.simTimeUs, events: f.eventCount, perLayer: l.eventsByLayer })
    else link.samples.length = 0
    while (link.samples.length > 2 && f.realMs - link.samples[0]!.realMs > RATE_WINDOW_MS) link.samples.shift()
    if (f.status !== 'loading' && !l.loaded) {
      l.loaded = true
      for (const w of link.loads.filter((w) => w.token === f.token)) w.resolve()
    }
    // A seek is over once the coordinator, having seen every command, says the run stopped.
    if (l.confirmed !== null && l.confirmed.status !== 'running' && l.confirmed.status !== 'loading' && link.arrivals.length > 0) {
      for (const w of link.arrivals.splice(0)) w.resolve()
      if (get().seeking !== null) set({ seeking: null })
    }
    const st = get()
    const changed = l.confirmed !== null && (l.confirmed.status !== st.status || l.confirmed.pauseAtUs !== st.pauseAtUs)
    publish(changed || f.status !== 'running')
  }

  /** Discrete state to zustand: at most every PUBLISH_INTERVAL_MS, at once on a change of status. */
  const publish = (force: boolean) => {
    const now = performance.now()
    if (!force && now - link.lastPublishMs < PUBLISH_INTERVAL_MS) {
      link.publishTimer ??= setTimeout(() => { link.publishTimer = null; publish(true) }, PUBLISH_INTERVAL_MS - (now - link.lastPublishMs))
      return
    }
    if (link.publishTimer !== null) {
      clearTimeout(link.publishTimer)
      link.publishTimer = null
    }
    link.lastPublishMs = now
    const l = link.latest
    const prev = get()
    const samples = link.samples
    const first = samples[0], last = samples.at(-1)
    const dtS = first && last ? (last.realMs - first.realMs) / 1000 : 0
    const rate = (a: number, b: number) => (dtS > 0.25 ? (a - b) / dtS : 0)
    const status = l.confirmed?.status ?? prev.status
    const running = status === 'running'
    const health: Partial<Record<LayerName, LayerHealth>> = {}
    for (const name of activeLayers(prev.scenario)) {
      const total = l.eventsByLayer.get(name) ?? 0
      health[name] = { events: total, eventsPerSec: running && first ? rate(last!.perLayer.get(name) ?? 0, first.perLayer.get(name) ?? 0) : 0 }
    }
    // Keep references when nothing changed, so panels that select these do not re-render 8× a second.
    const hosts = l.placement
    const unchanged = samePlacement(prev.placement, hosts, (h) => h.kind)
    const patch: Partial<TheosState> = {
      simTimeUs: l.simTimeUs,
      fingerprint: l.fingerprint,
      eventCount: l.eventCount,
      placement: unchanged ? prev.placement : hosts,
      placementNote: l.placementNote,
      // Violations only accumulate within a run: same count, same list.
      violations: l.violations.length === prev.violations.length ? prev.violations : l.violations,
      layerHealth: health,
      achievedSpeed: running && first ? rate(last!.simUs, first.simUs) / 1e6 : 0,
      eventsPerSec: running && first ? rate(last!.events, first.events) : 0,
    }
    if (l.confirmed) {
      patch.status = l.confirmed.status
      patch.pauseAtUs = l.confirmed.pauseAtUs
    }
    set(patch)
  }

  /** Keep the URL's fragment in step with the scenario (so a reload replays this run). */
  const publishUrl = (s: Scenario) => {
    try {
      history.replaceState(null, '', `#${encodeScenario(s)}`)
    } catch { /* a sandboxed page may refuse; the Share button still works */ }
  }

  /** The run is loaded, not failed: it can take commands. */
  const ready = () => link.latest.loaded && get().status !== 'error'

  return {
    scenario: defaultScenario(),
    workers: null,
    coordinator: 'worker',
    placementNote: '',
    status: 'loading',
    speed: 1,
    achievedSpeed: 0,
    simTimeUs: 0,
    fingerprint: '',
    eventsPerSec: 0,
    eventCount: 0,
    logRetention: BROWSER_LOG_RETENTION,
    pauseAtUs: null,
    placement: [],
    layerHealth: {},
    violations: [],
    notices: [],
    seeking: null,
    branches: [{ id: 'main', name: 'main', scenario: defaultScenario(), forkedAtUs: null, parent: null }],
    branchId: 'main',
    diff: null,
    comparing: false,

    async load(scenario, opts = {}) {
      const token = ++link.token
      for (const fn of newRunListeners) fn()
      // A step of the old run will never be answered now.
      for (const done of link.steps.values()) done()
      link.steps.clear()
      for (const w of link.loads) w.resolve()
      link.loads = []
      for (const w of link.arrivals) w.resolve()
      link.arrivals = []
      // Comparisons asked of the old run are not answered to this one.
      for (const [seq, done] of link.diffs) done({ kind: 'diff', token, ack: seq, seq, diff: null, error: 'a new run started before the comparison ended' })
      link.diffs.clear()
      connect()
      resetFrameBuffer()
      link.latest = emptyLatest()
      link.samples = []
      const pauseAtUs = opts.seekToUs ?? scenario.stopUs ?? null
      // Going to a moment (a seek back, or a link's stop time): at full speed, then paused there.
      const fast = pauseAtUs !== null && (opts.seekToUs !== undefined || opts.fast === true)
      const seeking = fast ? { fromUs: 0, targetUs: pauseAtUs } : null
      set({ status: 'loading', scenario, simTimeUs: 0, fingerprint: '', violations: [], achievedSpeed: 0, eventsPerSec: 0, eventCount: 0, pauseAtUs, seeking })
      if (opts.keepBranches !== true && opts.seekToUs === undefined) {
        // A new run (a link, a setting, the gallery): a new list of branches.
        link.branchNo = 0
        set({ branches: [{ id: 'main', name: 'main', scenario, forkedAtUs: null, parent: null }], branchId: 'main', diff: null })
      }
      const loaded = new Promise<void>((resolve) => link.loads.push({ token, resolve }))
      const arrived = fast ? new Promise<void>((resolve) => link.arrivals.push({ token, resolve })) : null
      send({
        kind: 'load',
        token,
        scenario,
        workers: get().workers,
        validate: import.meta.env.DEV,
        play: opts.autoplay ?? false,
        speed: get().speed,
        pauseAtUs,
        fast,
        logRetention: BROWSER_LOG_RETENTION,
      })
      await loaded
      if (token === link.token && link.latest.loaded && get().status !== 'error' && opts.keepAddress !== true) publishUrl(scenario)
      if (arrived) await arrived
    },

    async seek(us) {
      if (!link.latest.loaded || !Number.isFinite(us) || us < 0) {
        get().notify('warn', 'Seek: give a sim time, 0 or more')
        return
      }
      const target = alignUp(Math.round(us), get().scenario.quantumUs)
      const nowUs = link.latest.simTimeUs
      if (target === nowUs && get().status !== 'error') {
        get().pause()
        return
      }
      // Forwards the run goes on at full speed; backwards the coordinator goes back to the latest
      // moment it saved before the target (or the big bang) and runs on from there.
      const token = link.token
      const arrived = new Promise<void>((resolve) => link.arrivals.push({ token, resolve }))
      // Backwards, where the replay starts is known when the coordinator says so (Frame.rewound).
      set({ pauseAtUs: target, status: 'running', seeking: { fromUs: target < nowUs ? 0 : nowUs, targetUs: target } })
      send({ kind: 'seek', toUs: target })
      await arrived
    },

    async reset() {
      await get().load(get().scenario, { autoplay: get().status === 'running', keepBranches: true })
    },

    async fork() {
      if (!ready()) return null
      if (get().status === 'running') {
        const token = link.token
        const stopped = new Promise<void>((resolve) => link.arrivals.push({ token, resolve }))
        get().pause()
        await stopped
      }
      const atUs = link.latest.simTimeUs
      const cur = get().scenario
      const kept = cur.interventions.filter((iv) => iv.atUs <= atUs)
      const scenario: Scenario = { ...cur, interventions: kept }
      delete scenario.stopUs
      const n = ++link.branchNo
      const parent = get().branchId
      const branch = { id: `fork-${n}`, name: `fork ${n} @ ${(atUs / 1e6).toFixed(3)} s`, scenario, forkedAtUs: atUs, parent }
      set({ branches: [...get().branches, branch], branchId: branch.id })
      if (kept.length === cur.interventions.length && cur.stopUs === undefined) {
        // Nothing of the parent lies ahead of this moment: the run going on is already the branch.
        set({ scenario })
        publishUrl(scenario)
      } else {
        // The parent's later interventions are queued in this run: replay the branch to the moment.
        await get().load(scenario, { autoplay: true, seekToUs: atUs, keepBranches: true })
        publishUrl(scenario)
      }
      get().notify('info', `${branch.name}: change a slider, a fault or a rule, then play — the branch's link and a comparison with ${parent} are in Branches`)
      return branch.id
    },

    async openBranch(id) {
      const b = get().branches.find((x) => x.id === id)
      if (!b || id === get().branchId) return
      const atUs = link.latest.simTimeUs
      set({ branchId: id })
      await get().load(b.scenario, { autoplay: true, seekToUs: atUs, keepBranches: true })
      publishUrl(b.scenario)
    },

    async compare(aId, bId) {
      const a = get().branches.find((x) => x.id === aId)
      const b = get().branches.find((x) => x.id === bId)
      if (!a || !b || !link.latest.loaded) return
      // To now, at least 10 s past the later fork, at most 2 minutes past it (both runs are kept whole).
      const fork = Math.max(a.forkedAtUs ?? 0, b.forkedAtUs ?? 0)
      const untilUs = alignUp(Math.min(Math.max(link.latest.simTimeUs, fork + 10_000_000), fork + 120_000_000), get().scenario.quantumUs)
      const strip = (s: Scenario): Scenario => { const c = { ...s }; delete c.stopUs; return c }
      set({ comparing: true })
      const seq = send({ kind: 'diff', a: strip(a.scenario), b: strip(b.scenario), untilUs })
      const m = await new Promise<Extract<CoordinatorMessage, { kind: 'diff' }>>((resolve) => link.diffs.set(seq, resolve))
      set({ comparing: false })
      if (!m.diff) {
        get().notify('warn', `Could not compare ${a.name} and ${b.name}: ${m.error ?? 'no answer'}`)
        return
      }
      set({ diff: { a: aId, b: bId, result: m.diff } })
    },

    branchUrl(id) {
      const b = get().branches.find((x) => x.id === id)
      const base = `${location.origin}${location.pathname}${location.search}`
      return shareUrl(base, b ? b.scenario : get().scenario)
    },

    play() {
      if (!ready() || get().status === 'running') return
      link.samples = []
      set({ status: 'running' })
      send({ kind: 'play' })
    },

    pause() {
      if (get().status !== 'running') return
      // At once on the page; the coordinator confirms when its slice ends.
      set({ status: 'paused', achievedSpeed: 0 })
      send({ kind: 'pause' })
    },

    togglePlay() {
      if (get().status === 'running') get().pause()
      else get().play()
    },

    shivizLog() {
      const seq = send({ kind: 'shiviz' })
      return new Promise<string>((resolve) => link.texts.set(seq, resolve))
    },

    async step() {
      if (!ready()) return
      if (get().status === 'running') set({ status: 'paused', achievedSpeed: 0 })
      const seq = send({ kind: 'step' })
      await new Promise<void>((resolve) => link.steps.set(seq, resolve))
    },

    setSpeed(speed) {
      const s = Number.isFinite(speed) ? Math.min(1000, Math.max(0.1, speed)) : Number.POSITIVE_INFINITY
      set({ speed: s })
      send({ kind: 'speed', speed: s })
    },

    runTo(us) {
      if (!link.latest.loaded || !Number.isFinite(us) || us < 0) {
        get().notify('warn', 'Run to: give a time in seconds, 0 or more')
        return
      }
      const target = alignUp(Math.round(us), get().scenario.quantumUs)
      const nowUs = link.latest.simTimeUs
      if (target <= nowUs) {
        // Back in time: the run replays its scenario to there (a seek).
        void get().seek(target)
        return
      }
      set(get().status === 'error' ? { pauseAtUs: target } : { pauseAtUs: target, status: 'running' })
      send({ kind: 'runTo', pauseAtUs: target })
    },

    setSlider(name, value) {
      if (!link.latest.loaded) return
      if (!Number.isFinite(value)) {
        get().notify('warn', `${name}: '${String(value)}' is not a number; the slider is unchanged`)
        return
      }
      // Clamped here with the same rule chaOS applies, so the recorded intervention is what runs.
      const { value: v, clamped } = clampSlider(name, value)
      if (clamped) get().notify('warn', `${name}: ${value} is outside its range; recorded ${v}`)
      send({ kind: 'intervene', request: { kind: 'slider', name, value: v } })
    },

    fault(kind, target, jumpMs) {
      if (!link.latest.loaded) return
      if (typeof target === 'number' && (target < 0 || target >= get().scenario.nodes.count)) {
        get().notify('warn', `There is no world ${target}`)
        return
      }
      send({ kind: 'intervene', request: { kind: 'fault', fault: kind, target, ...(kind === 'clock_jump' && jumpMs !== undefined ? { jumpMs } : {}) } })
    },

    lifecycle(node, action) {
      if (!link.latest.loaded) return
      if (!Number.isInteger(node) || node < 0 || node >= get().scenario.nodes.count) {
        get().notify('warn', `There is no world ${node}`)
        return
      }
      send({ kind: 'intervene', request: { kind: 'lifecycle', node, action } })
    },

    intervene(request) {
      if (!link.latest.loaded) return
      send({ kind: 'intervene', request })
    },

    async configure(patch) {
      const cur = get().scenario
      const next = ScenarioSchema.safeParse({ ...cur, ...patch, nodes: { ...cur.nodes, ...(patch.nodes ?? {}) }, interventions: [], stopUs: undefined })
      if (!next.success) {
        get().notify('warn', `Not changed: ${formatIssues(next.error.issues, 3)}`)
        return
      }
      await get().load(next.data, { autoplay: get().status === 'running' })
    },

    shareUrl(opts = {}) {
      const base = `${location.origin}${location.pathname}${location.search}`
      const s = get().scenario
      const stopUs = opts.withStopTime && link.latest.loaded ? link.latest.simTimeUs : s.stopUs
      return shareUrl(base, stopUs === undefined ? { ...s } : { ...s, stopUs })
    },

    exportLog() {
      const lines: string[] = []
      for (const e of frameBuffer.log.all()) lines.push(toJsonLine(e))
      return lines.join('\n') + (lines.length ? '\n' : '')
    },

    notify(level, text) {
      const id = ++link.noticeId
      // Defence in depth: quoted input is escaped where a message is made, but a notice may quote
      // anything (an exception's message, a URL parameter), so no bidi override or control
      // character reaches the page raw.
      set({ notices: [...get().notices.slice(-2), { id, level, text: escapeControls(text) }] })
      // Information and warnings close by themselves (an error stays until dismissed: it says what went wrong).
      const lifeMs = NOTICE_LIFE_MS[level]
      if (lifeMs !== null) setTimeout(() => get().dismissNotice(id), lifeMs)
    },

    dismissNotice(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) })
    },
  }
})

/**
 * Boot from the page address: `?workers=N` chooses placement; the fragment carries the scenario.
 * A broken link shows a notice naming what is wrong and runs the default scenario.
 */
/** How long a notice of each level stays before it closes by itself (null: until dismissed). */
export const NOTICE_LIFE_MS: Readonly<Record<'info' | 'warn' | 'error', number | null>> = { info: 8_000, warn: 12_000, error: null }

export async function bootFromLocation(): Promise<void> {
  const st = useTheos.getState()
  useTheos.setState({ workers: workersFromLocation(location.search, (t) => st.notify('warn', t)) })
  const hash = location.hash
  if (!hash || hash === '#') {
    await st.load(defaultScenario(), { autoplay: true })
    return
  }
  const r = decodeScenario(hash)
  if (!r.ok) {
    st.notify('error', `This link could not be opened: ${r.error}. Showing the default scenario instead; the link stays in the address bar until you change something.`)
    await st.load(r.scenario, { autoplay: true, keepAddress: true })
    return
  }
  for (const w of r.warnings) st.notify('info', w)
  // A link made at a moment opens there: at full speed, then paused (Share with the current time).
  await st.load(r.scenario, { autoplay: true, fast: r.scenario.stopUs !== undefined })
}
