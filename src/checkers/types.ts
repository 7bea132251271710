import type { LayerName, LoggedEvent, MetricSample, Observation, SimTime } from '../kernel/types'
import type { Scenario } from '../scenario/schema'

/** A broken invariant, with what is needed to reproduce it. */
export interface Violation {
  readonly checker: string
  /** The layer whose invariant it is (the checker's `layer`), filled in by the coordinator. */
  readonly layer?: LayerName
  readonly t: SimTime
  readonly message: string
  readonly seed: number
}

/**
 * An invariant checker: it observes the run from outside the layers it checks (events from logOS
 * and checker-only observations), and never influences the run.
 */
export interface Checker {
  readonly name: string
  /** The layer whose invariants it judges (the pantheon panel shows its violations there). */
  readonly layer: LayerName
  onEvent(e: LoggedEvent): void
  onObservation?(o: Observation): void
  /** Every metrics sample of every layer, in time order with the events (before those at the same t). */
  onMetrics?(m: MetricSample): void
  /** Called after every processed window with the window end (and at the end of a run). */
  onTime?(nowUs: SimTime): void
  /** Called once when the run stops at `endUs` (for liveness checks). */
  finish?(endUs: SimTime): void
  violations(): readonly Violation[]
}

export type CheckerFactory = (scenario: Scenario) => Checker
