/**
 * theOS — the control plane on the main thread (zustand). It holds the desired state (the
 * scenario), places layers on Web Workers, drives cosmOS without ever blocking a frame, turns UI
 * actions into timed interventions, and publishes the share URL. Per-frame data goes to the
 * mutable frame buffer; React state is updated at most ~8 times a second.
 */
import { create } from 'zustand'
import { allCheckers } from '../checkers'
import { Cosmos, placeLayers } from '../cosmos/cosmos'
import { inProcessEndpoint } from '../kernel/host'
import type { Endpoint } from '../kernel/protocol'
import { alignUp } from '../kernel/time'
import type { LayerName } from '../kernel/types'
import { toJsonLine } from '../layers/logOS/log'
import { registry } from '../layers/index'
import { ScenarioSchema, activeLayers, defaultScenario, type Intervention, type Scenario } from '../scenario/schema'
import { clampSlider } from '../layers/chaOS/sliders'
import { decodeScenario, encodeScenario, shareUrl } from '../scenario/url'
import { escapeControls, formatIssues } from '../scenario/errors'
import { browserWorkerEndpoint } from '../workers/browserEndpoint'
import { BROWSER_LOG_RETENTION, frameBuffer, resetFrameBuffer } from './frameBuffer'
import type { HostInfo, LayerHealth, TheosState } from './types'

/** Mutable engine state: not React state. */
const engine = {
  cosmos: null as Cosmos | null,
  /** Bumped on every new run; a loop of an older run stops by itself. */
  token: 0,
  looping: false,
  hostKinds: [] as ('worker' | 'main')[],
  anchorSimUs: 0,
  anchorRealMs: 0,
  lastViewsMs: 0,
  lastPublishMs: 0,
  /** Recent (real time, sim time, events, per-layer events) samples: rates are measured over RATE_WINDOW_MS. */
  samples: [] as RateSample[],
  noticeId: 0,
}

interface RateSample { realMs: number; simUs: number; events: number; perLayer: Map<LayerName, number> }

const VIEW_INTERVAL_MS = 50
/** Rates (events/s, achieved ×) over the last 2 s of real time: Raft traffic is bursty. */
const RATE_WINDOW_MS = 2_000
const PUBLISH_INTERVAL_MS = 125
/** Time the loop may hold the main thread before yielding, ms. */
const SLICE_MS = 10

/** Workers to use: `?workers=N` in the page address (0 = main thread); default one per layer. */
export function workersFromLocation(search: string, notify: (t: string) => void): number | null {
  const raw = new URLSearchParams(search).get('workers')
  if (raw === null) return null
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 32) {
    notify(`?workers=${raw.slice(0, 20)} is not a whole number from 0 to 32; using one worker per layer`)
    return null
  }
  return n
}

const macrotask = (): Promise<void> => new Promise((resolve) => {
  const ch = new MessageChannel()
  ch.port1.onmessage = () => resolve()
  ch.port2.postMessage(null)
})
const nextFrame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 16))

export const useTheos = create<TheosState>()((set, get) => {
  const publish = (force = false) => {
    const c = engine.cosmos
    if (!c) return
    const now = performance.now()
    if (!force && now - engine.lastPublishMs < PUBLISH_INTERVAL_MS) return
    engine.lastPublishMs = now
    const counts = c.log.countsByLayer()
    const running = get().status === 'running'
    const samples = engine.samples
    if (!running) samples.length = 0
    samples.push({ realMs: now, simUs: c.nowUs, events: c.log.nextOffset, perLayer: new Map(counts) })
    while (samples.length > 2 && now - samples[0]!.realMs > RATE_WINDOW_MS) samples.shift()
    const first = samples[0]!
    const dtS = (now - first.realMs) / 1000
    const rate = (a: number, b: number) => (dtS > 0.25 ? (a - b) / dtS : 0)
    const health: Partial<Record<LayerName, LayerHealth>> = {}
    for (const l of c.layers) {
      const total = counts.get(l) ?? 0
      health[l] = { events: total, eventsPerSec: rate(total, first.perLayer.get(l) ?? 0) }
    }
    // Keep references when nothing changed, so panels that select these do not re-render 8× a second.
    const prev = get()
    const hosts = c.hostLabels().map((h): HostInfo => ({ ...h, kind: engine.hostKinds[h.host] ?? 'main' }))
    const samePlacement = hosts.length === prev.placement.length && hosts.every((h, i) => h.alive === prev.placement[i]!.alive && h.kind === prev.placement[i]!.kind)
    const violations = c.violations
    const patch: Partial<TheosState> = {
      simTimeUs: c.nowUs,
      fingerprint: c.fingerprint,
      eventCount: c.log.nextOffset,
      placement: samePlacement ? prev.placement : hosts,
      // Violations only accumulate within a run: same count, same list.
      violations: violations.length === prev.violations.length ? prev.violations : violations,
      layerHealth: health,
      achievedSpeed: running ? rate(c.nowUs, first.simUs) / 1e6 : 0,
      eventsPerSec: rate(c.log.nextOffset, first.events),
    }
    if (c.error) patch.status = 'error'
    set(patch)
  }

  const refreshViews = async (c: Cosmos) => {
    engine.lastViewsMs = performance.now()
    const views = await c.views()
    if (engine.cosmos !== c) return
    frameBuffer.views = views
    frameBuffer.simTimeUs = c.nowUs
    frameBuffer.version++
  }

  const reanchor = () => {
    engine.anchorSimUs = engine.cosmos?.nowUs ?? 0
    engine.anchorRealMs = performance.now()
  }

  /** Keep the URL's fragment in step with the scenario (so a reload replays this run). */
  const publishUrl = (s: Scenario) => {
    try {
      history.replaceState(null, '', `#${encodeScenario(s)}`)
    } catch { /* a sandboxed page may refuse; the Share button still works */ }
  }

  const loop = async (token: number) => {
    if (engine.looping) return
    engine.looping = true
    try {
      while (token === engine.token && get().status === 'running') {
        const c = engine.cosmos!
        const sliceStart = performance.now()
        const { speed, pauseAtUs } = get()
        // At max speed a slice may go up to a minute of sim time ahead (it yields after SLICE_MS anyway).
        let target = Math.min(pauseAtUs ?? Number.MAX_SAFE_INTEGER, c.nowUs + 60_000_000)
        if (Number.isFinite(speed)) {
          // Never let a slow stretch turn into a burst: keep the anchor within 250 ms of real time.
          const behindUs = engine.anchorSimUs + (sliceStart - engine.anchorRealMs) * speed * 1000 - c.nowUs
          if (behindUs > speed * 250_000) reanchor()
          target = Math.min(target, Math.floor(engine.anchorSimUs + (sliceStart - engine.anchorRealMs) * speed * 1000))
        }
        const untilUs = alignUp(Math.max(target, c.nowUs), c.scenario.quantumUs)
        while (performance.now() - sliceStart < SLICE_MS && c.nowUs < untilUs && !c.error) {
          if (!(await c.step(untilUs))) break
        }
        if (token !== engine.token) return
        if (performance.now() - engine.lastViewsMs >= VIEW_INTERVAL_MS) await refreshViews(c)
        if (c.error) {
          get().notify('error', `The run stopped: ${c.error}`)
          set({ status: 'error' })
        } else if (pauseAtUs !== null && c.nowUs >= pauseAtUs) {
          await refreshViews(c)
          set({ status: 'paused', pauseAtUs: null, achievedSpeed: 0 })
        }
        publish()
        if (c.nowUs >= untilUs && Number.isFinite(speed)) await nextFrame()
        else await macrotask()
      }
    } catch (e) {
      get().notify('error', `The run loop stopped: ${e instanceof Error ? e.message : String(e)}`)
      set({ status: 'error' })
    } finally {
      engine.looping = false
      publish(true)
    }
  }

  const record = (iv: Intervention) => {
    const c = engine.cosmos
    if (!c) return
    const scenario = { ...get().scenario, interventions: [...get().scenario.interventions, iv] }
    const checked = ScenarioSchema.safeParse(scenario)
    if (!checked.success) {
      get().notify('warn', `Not recorded: ${formatIssues(checked.error.issues, 2)}`)
      return
    }
    c.addIntervention(iv)
    set({ scenario })
    publishUrl(scenario)
  }

  return {
    scenario: defaultScenario(),
    workers: null,
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

    async load(scenario, opts = {}) {
      const token = ++engine.token
      engine.cosmos?.dispose()
      engine.cosmos = null
      resetFrameBuffer()
      set({ status: 'loading', scenario, simTimeUs: 0, fingerprint: '', violations: [], achievedSpeed: 0, eventsPerSec: 0, eventCount: 0, pauseAtUs: scenario.stopUs ?? null })
      const layers = [...activeLayers(scenario)]
      const workers = get().workers ?? layers.length
      const placement = placeLayers(registry, layers, workers)
      engine.hostKinds = placement.map(() => (workers > 0 ? 'worker' : 'main'))
      const spawn = (i: number): Endpoint => {
        if (workers > 0 && typeof Worker !== 'undefined') {
          try {
            return browserWorkerEndpoint(`theOS host ${i}`)
          } catch (e) {
            get().notify('warn', `Could not start a Web Worker (${e instanceof Error ? e.message : e}); running host ${i} on the main thread`)
          }
        }
        engine.hostKinds[i] = 'main'
        return inProcessEndpoint(registry)
      }
      try {
        const cosmos = await Cosmos.start(structuredClone(scenario), {
          registry,
          layers,
          validate: import.meta.env.DEV,
          placement,
          spawn,
          checkers: allCheckers(scenario),
          logRetention: BROWSER_LOG_RETENTION,
          onEvents: () => { frameBuffer.logVersion++ },
          onMetrics: (ms) => { frameBuffer.metrics.push(ms) },
          onNotice: (m) => { if (token === engine.token) get().notify('warn', m) },
        })
        if (token !== engine.token) { cosmos.dispose(); return }
        engine.cosmos = cosmos
        frameBuffer.log = cosmos.log
        frameBuffer.logVersion++
        engine.samples = []
        await refreshViews(cosmos)
        set({ status: 'paused' })
        publish(true)
        publishUrl(scenario)
        if (opts.autoplay) get().play()
      } catch (e) {
        set({ status: 'error' })
        get().notify('error', `Could not start the run: ${e instanceof Error ? e.message : String(e)}`)
      }
    },

    async reset() {
      await get().load(get().scenario, { autoplay: get().status === 'running' })
    },

    play() {
      if (!engine.cosmos || get().status === 'running' || get().status === 'error') return
      reanchor()
      set({ status: 'running' })
      void loop(engine.token)
    },

    pause() {
      if (get().status !== 'running') return
      set({ status: 'paused', achievedSpeed: 0 })
    },

    togglePlay() {
      if (get().status === 'running') get().pause()
      else get().play()
    },

    async step() {
      const c = engine.cosmos
      if (!c || get().status === 'error') return
      get().pause()
      while (engine.looping) await macrotask()
      await c.step()
      await refreshViews(c)
      publish(true)
    },

    setSpeed(speed) {
      const s = Number.isFinite(speed) ? Math.min(1000, Math.max(0.1, speed)) : Number.POSITIVE_INFINITY
      reanchor()
      set({ speed: s })
    },

    runTo(us) {
      const c = engine.cosmos
      if (!c || !Number.isFinite(us) || us < 0) {
        get().notify('warn', 'Run to: give a time in seconds, 0 or more')
        return
      }
      const target = alignUp(Math.round(us), c.scenario.quantumUs)
      if (target <= c.nowUs) {
        get().notify('info', `Already at ${(c.nowUs / 1e6).toFixed(3)} s; a run never goes back in time — reset to replay from the start`)
        return
      }
      set({ pauseAtUs: target })
      get().play()
    },

    setSlider(name, value) {
      const c = engine.cosmos
      if (!c) return
      if (!Number.isFinite(value)) {
        get().notify('warn', `${name}: '${String(value)}' is not a number; the slider is unchanged`)
        return
      }
      // Clamped here with the same rule chaOS applies, so the recorded intervention is what runs.
      const { value: v, clamped } = clampSlider(name, value)
      if (clamped) get().notify('warn', `${name}: ${value} is outside its range; recorded ${v}`)
      record({ kind: 'slider', atUs: c.frontierUs, name, value: v })
    },

    fault(kind, target) {
      const c = engine.cosmos
      if (!c) return
      if (typeof target === 'number' && (target < 0 || target >= c.scenario.nodes.count)) {
        get().notify('warn', `There is no world ${target}`)
        return
      }
      record({ kind: 'fault', atUs: c.frontierUs, fault: kind, target })
    },

    lifecycle(node, action) {
      const c = engine.cosmos
      if (!c) return
      if (!Number.isInteger(node) || node < 0 || node >= c.scenario.nodes.count) {
        get().notify('warn', `There is no world ${node}`)
        return
      }
      record({ kind: 'lifecycle', atUs: c.frontierUs, node, action })
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
      const stopUs = opts.withStopTime ? engine.cosmos?.nowUs ?? s.stopUs : s.stopUs
      return shareUrl(base, stopUs === undefined ? { ...s } : { ...s, stopUs })
    },

    exportLog() {
      const lines: string[] = []
      for (const e of frameBuffer.log.all()) lines.push(toJsonLine(e))
      return lines.join('\n') + (lines.length ? '\n' : '')
    },

    notify(level, text) {
      const id = ++engine.noticeId
      // Defence in depth: quoted input is escaped where a message is made, but a notice may quote
      // anything (an exception's message, a URL parameter), so no bidi override or control
      // character reaches the page raw.
      set({ notices: [...get().notices.slice(-4), { id, level, text: escapeControls(text) }] })
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
    st.notify('error', `This link could not be opened: ${r.error}. Showing the default scenario instead.`)
    await st.load(r.scenario, { autoplay: true })
    return
  }
  for (const w of r.warnings) st.notify('info', w)
  await st.load(r.scenario, { autoplay: true })
}
