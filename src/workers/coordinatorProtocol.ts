/**
 * The boundary between theOS (the store, main thread) and the coordinator (cosmOS with logOS and
 * the checkers, in its own Web Worker): types only. Plain, structured-cloneable data both ways.
 *
 * Commands carry a sequence number (`seq`); every message back carries `ack`, the seq of the last
 * command the coordinator had handled when it sent it. The store sets the run's status at once
 * when the user acts (a Pause shows immediately) and takes the coordinator's status only from a
 * message that acknowledges every command it sent: a 'running' frame sent before the Pause reached
 * the coordinator is stale, not a confirmation.
 */
import type { Violation } from '../checkers/types'
import type { LayerName, LoggedEvent, MetricSample } from '../kernel/types'
import type { Intervention, Scenario } from '../scenario/schema'
import type { RunDiff } from '../cosmos/diff'

/** Where a host runs: a (nested) layer worker, in-process in the coordinator worker, or in-process on the main thread (fallback). */
export type HostKind = 'worker' | 'coordinator' | 'main'

/** An intervention as the UI asks for it: the coordinator stamps its time (the frontier). */
export type InterventionRequest = Intervention extends infer I ? (I extends Intervention ? Omit<I, 'atUs'> : never) : never

export type CoordinatorCommand =
  | {
      kind: 'load'
      seq: number
      /** The run's token: every message about this run carries it. */
      token: number
      scenario: Scenario
      /** `?workers=N` (0 = all layers in the coordinator), or null: the placement policy decides. */
      workers: number | null
      /** Validate every cross-layer message (dev builds). */
      validate: boolean
      /** Start running as soon as the big bang is done. */
      play: boolean
      speed: number
      /** Where the run pauses by itself, µs (the scenario's stop time), or null. */
      pauseAtUs: number | null
      /**
       * Go there at full speed, showing only where the run is (no views until it arrives), then
       * pause: a seek backwards (a replay of the scenario) or a link opened at its sender's moment.
       */
      fast?: boolean
      /** Events the page keeps: the most one frame carries. */
      logRetention: number
    }
  | { kind: 'play'; seq: number }
  | { kind: 'pause'; seq: number }
  | { kind: 'speed'; seq: number; speed: number }
  /** Run until this sim time (on the window grid) and pause there. */
  | { kind: 'runTo'; seq: number; pauseAtUs: number; fast?: boolean }
  /**
   * Go to this sim time at full speed and pause there, backwards too: from the latest moment the
   * coordinator saved at or before it (a snapshot of the run), or the big bang.
   */
  | { kind: 'seek'; seq: number; toUs: number }
  /** Run two scenarios headless to untilUs and compare their events; answered with 'diff'. */
  | { kind: 'diff'; seq: number; a: Scenario; b: Scenario; untilUs: number }
  /** Advance exactly one window (pausing first); answered with 'done'. */
  | { kind: 'step'; seq: number }
  /** A user action now: stamped at the coordinator's frontier, validated, queued, and echoed back as 'recorded'. */
  | { kind: 'intervene'; seq: number; request: InterventionRequest }
  /** karmOS: the run's stamped sends and receives so far as a ShiViz log; answered with 'text'. */
  | { kind: 'shiviz'; seq: number }
  /** The page applied frame number `frame` of run `token` (flow control: few frames in flight). Not a command: no seq. */
  | { kind: 'frameAck'; token: number; frame: number }

export type CoordinatorStatus = 'loading' | 'running' | 'paused' | 'error'

export interface HostPlacement {
  host: number
  layers: LayerName[]
  alive: boolean
  kind: HostKind
}

/** Is `sent` the placement `hosts` (kinds by kindOf), host by host and layer by layer? (The driver sends a placement only when it changed; the page keeps its reference when it did not.) */
export function samePlacement<H extends { host: number; layers: readonly LayerName[]; alive: boolean }>(sent: readonly HostPlacement[] | null, hosts: readonly H[], kindOf: (h: H) => HostKind): boolean {
  return (
    sent !== null &&
    sent.length === hosts.length &&
    hosts.every((h, i) => {
      const s = sent[i]!
      return s.host === h.host && s.alive === h.alive && s.kind === kindOf(h) && s.layers.length === h.layers.length && s.layers.every((l, k) => l === h.layers[k])
    })
  )
}

/**
 * What the coordinator pushes ~20 times a second while running, and at once on every change of
 * status: everything the page shows of the run, as plain data.
 */
export interface Frame {
  kind: 'frame'
  token: number
  ack: number
  /** Frame number within the run (the page acknowledges it). */
  frame: number
  /** The coordinator's clock when the frame was made, ms (its own time origin: only differences matter). */
  realMs: number
  simTimeUs: number
  fingerprint: string
  eventCount: number
  status: CoordinatorStatus
  /** Where the run pauses by itself, or null. */
  pauseAtUs: number | null
  /** Going at full speed to pauseAtUs (a seek): views are left out until it arrives. */
  fast: boolean
  /**
   * The run went back (a seek backwards): the page drops the events it holds from `offset` on and
   * the metrics samples from `atUs` on before taking this frame's (which continue from there).
   */
  rewound?: { offset: number; atUs: number }
  /** Present only when the list changed since the last frame (violations only accumulate in a run). */
  violations?: Violation[]
  /** Present only when it changed (a host died, was restored, or fell back in-process). */
  placement?: HostPlacement[]
  /** Present only when it changed: why the layers run where they do. */
  placementNote?: string
  /** Events ever logged, per layer and per type (logOS's totals, not reduced by retention). */
  eventsByLayer: [LayerName, number][]
  eventsByType: [string, number][]
  /** The layers' view models at simTimeUs (present when refreshed for this frame). */
  views?: Partial<Record<LayerName, unknown>>
  /** Events logged since the last frame, in offset order (only the newest `logRetention` when more). */
  events: LoggedEvent[]
  /** Metric samples since the last frame, in (time, layer) order. */
  metrics: MetricSample[]
}

export type CoordinatorMessage =
  | Frame
  | { kind: 'notice'; token: number; ack: number; level: 'info' | 'warn' | 'error'; text: string }
  /** An intervention was recorded: the page appends it to its scenario (and the share URL). */
  | { kind: 'recorded'; token: number; ack: number; intervention: Intervention }
  /** A command the page awaits is done (step). */
  | { kind: 'done'; token: number; ack: number; seq: number }
  /** The answer to 'diff'. */
  | { kind: 'diff'; token: number; ack: number; seq: number; diff: RunDiff | null; error?: string }
  /** The answer to a command that asks for text (shiviz). */
  | { kind: 'text'; token: number; ack: number; seq: number; text: string }
