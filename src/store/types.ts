/**
 * The theOS control plane's public shape (src/store/theos.ts implements it): discrete state that
 * deserves a re-render, and actions. Per-frame data lives in the mutable frame buffer
 * (src/store/frameBuffer.ts), which views read in useFrame / animation callbacks.
 */
import type { InterventionRequest } from '../workers/coordinatorProtocol'
import type { Violation } from '../checkers/types'
import type { LayerName } from '../kernel/types'
import type { ChaosSliders, FaultTarget, Scenario } from '../scenario/schema'
import type { LifecycleAction } from '../layers/atmOS/messages'
import type { HostKind } from '../workers/coordinatorProtocol'
import type { RunDiff } from '../cosmos/diff'

export type RunStatus = 'loading' | 'running' | 'paused' | 'error'

export interface Notice {
  id: number
  level: 'info' | 'warn' | 'error'
  text: string
}

export interface HostInfo {
  host: number
  layers: LayerName[]
  alive: boolean
  /**
   * 'worker': a layer worker (nested in the coordinator worker, or the page's own when the
   * coordinator runs on the main thread); 'coordinator': in-process in the coordinator worker;
   * 'main': in-process on the main thread (the fallback where no worker can be made).
   */
  kind: HostKind
}

export interface LayerHealth {
  /** Events this layer emitted in total. */
  events: number
  /** Events per second of real time, recent. */
  eventsPerSec: number
}

export interface LoadOptions {
  autoplay?: boolean
  /** Leave the address bar as it is (a broken link stays there for the person to mend). */
  keepAddress?: boolean
  /** Go to this sim time at full speed and pause there (a seek back: the scenario replayed). */
  seekToUs?: number
  /** Go to the scenario's stop time at full speed (a link opened at its sender's moment). */
  fast?: boolean
  /** The same run or one of its branches (a seek, a reset, a fork): the branch list stays. Otherwise a new run starts a new list. */
  keepBranches?: boolean
}

/** A what-if run: the scenario of its parent up to a moment, then its own changes. */
export interface Branch {
  id: string
  name: string
  /** Its whole scenario (interventions up to the fork, then its own); kept in step while it is the run shown. */
  scenario: Scenario
  /** Where it left its parent, µs (null: the run the page opened with). */
  forkedAtUs: number | null
  parent: string | null
}

export interface BranchDiff {
  a: string
  b: string
  result: RunDiff
}

export interface TheosState {
  scenario: Scenario
  /** Layer workers requested by `?workers=N` (0 = all layers in the coordinator), or null: theOS places them by cost. */
  workers: number | null
  /** Where cosmOS (with logOS and the checkers) runs: its own Web Worker, or the main thread (fallback). */
  coordinator: 'worker' | 'main'
  /** Why the layers run where they do (theOS's placement policy), for the pantheon panel. */
  placementNote: string
  status: RunStatus
  /** Requested speed: sim seconds per real second; Infinity = as fast as possible. */
  speed: number
  /** Achieved speed (× real time), recent. */
  achievedSpeed: number
  simTimeUs: number
  fingerprint: string
  /** Events per second of real time, recent. */
  eventsPerSec: number
  /** Total events logOS has received. */
  eventCount: number
  /** logOS keeps this many events in the browser (older ones are dropped, whole segments). */
  logRetention: number
  /** Where the run pauses by itself (a run-to-time or the scenario's stopUs), or null. */
  pauseAtUs: number | null
  placement: HostInfo[]
  layerHealth: Partial<Record<LayerName, LayerHealth>>
  violations: Violation[]
  notices: Notice[]
  /** A seek in progress: the run goes at full speed from fromUs to targetUs, then pauses there (null otherwise). */
  seeking: { fromUs: number; targetUs: number } | null
  /** The run the page opened with and its forks; the one shown is `branchId`. */
  branches: Branch[]
  branchId: string
  /** The latest comparison of two branches (null: none yet, or being computed: `comparing`). */
  diff: BranchDiff | null
  comparing: boolean

  /** Start a new run of this scenario (validated by the caller). Paused unless autoplay. */
  /**
   * Start a run of `scenario`. keepAddress: leave the address bar as it is (a broken link stays
   * there for the person to copy and mend; the next change publishes the running scenario).
   */
  load(scenario: Scenario, opts?: LoadOptions): Promise<void>
  /** Restart the current scenario from the big bang (interventions kept). */
  reset(): Promise<void>
  play(): void
  pause(): void
  togglePlay(): void
  /** Advance exactly one window (paused). */
  step(): Promise<void>
  /** karmOS: the run's stamped sends and receives so far, as a ShiViz log ('' when karmOS does not run). */
  shivizLog(): Promise<string>
  setSpeed(speed: number): void
  /** Run until this sim time (µs, rounded up to the window grid) and pause there. */
  runTo(us: number): void
  /**
   * Move the whole sandbox (3D, timelines, inspectors, sliders) to this sim time (µs, rounded up to
   * the window grid), backwards too, and pause there: forwards at full speed; backwards by replaying
   * the run from its scenario (every intervention kept) at full speed. Resolves when it is there.
   */
  seek(us: number): Promise<void>
  /**
   * A what-if branch from the current moment (pausing first): the scenario's interventions up to
   * now, none after; the sandbox stays at this moment in the branch, where a slider, fault or rule
   * changed next is the branch's own. Resolves with the branch's id.
   */
  fork(): Promise<string | null>
  /** Show another branch, at the same sim time as now (paused). */
  openBranch(id: string): Promise<void>
  /** Run both branches headless to the later of now and 10 s past their forks, and compare them event by event. */
  compare(a: string, b: string): Promise<void>
  /** The share URL of a branch (every branch has its own link). */
  branchUrl(id: string): string
  /** Move a chaOS slider now: recorded as a timed intervention in the scenario (and the URL). */
  setSlider<K extends keyof ChaosSliders>(name: K, value: number): void
  /** A manual fault now: recorded as a timed intervention. */
  fault(kind: 'crash' | 'restart' | 'partition' | 'heal' | 'corrupt_ledger' | 'clock_jump', target: FaultTarget, jumpMs?: number): void
  /** Ask atmOS for a lifecycle change of one world (recorded as an intervention). */
  lifecycle(node: number, action: LifecycleAction): void
  /**
   * Any other intervention now — a nomOS rule, an anomOS alert, a harmoniOS release — recorded at
   * the frontier; the coordinator validates it against the scenario schema and says why if not.
   */
  intervene(request: InterventionRequest): void
  /** Change a setting that defines a new run (seed, nodes, layout, network): starts a new run. */
  configure(patch: Partial<Pick<Scenario, 'seed' | 'network' | 'run'>> & { nodes?: Partial<Scenario['nodes']> }): Promise<void>
  /** The share URL: this page's address with the whole scenario (and the current time as stop time) in the fragment. */
  shareUrl(opts?: { withStopTime?: boolean }): string
  /** The retained event log as JSON Lines. */
  exportLog(): string
  notify(level: Notice['level'], text: string): void
  dismissNotice(id: number): void
}
