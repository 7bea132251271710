/**
 * The frame buffer: per-frame data from the workers, written by the store's run loop and read by
 * views inside useFrame / requestAnimationFrame — never through React state (DESIGN §2).
 */
import type { JsonObject, LayerName } from '../kernel/types'
import { EventLog } from '../layers/logOS/log'
import type { AtmosView, ChaosView, MythosView, NetworkView } from '../layers/views'

/** How many events the browser keeps (older whole segments are dropped; the UI states it). */
export const BROWSER_LOG_RETENTION = 50_000

export interface FrameBuffer {
  /** Sim time of the latest views, µs. */
  simTimeUs: number
  /** Bumped every time views are replaced. */
  version: number
  views: Partial<Record<LayerName, JsonObject>>
  /** logOS, bounded. Appended to as windows complete. */
  log: EventLog
  /** Bumped on every append (timelines redraw when it changes). */
  logVersion: number
}

export const frameBuffer: FrameBuffer = {
  simTimeUs: 0,
  version: 0,
  views: {},
  log: new EventLog(BROWSER_LOG_RETENTION),
  logVersion: 0,
}

/** Typed accessors for the built layers' views (undefined until the first views arrive). */
export const atmosView = (): AtmosView | undefined => frameBuffer.views.atmOS as AtmosView | undefined
export const mythosView = (): MythosView | undefined => frameBuffer.views.mythOS as MythosView | undefined
export const chaosView = (): ChaosView | undefined => frameBuffer.views.chaOS as ChaosView | undefined
export const networkView = (): NetworkView | undefined =>
  (frameBuffer.views.pneumOS ?? frameBuffer.views.aetherOS) as NetworkView | undefined

export function resetFrameBuffer(): void {
  frameBuffer.simTimeUs = 0
  frameBuffer.version++
  frameBuffer.views = {}
  frameBuffer.log = new EventLog(BROWSER_LOG_RETENTION)
  frameBuffer.logVersion++
}
