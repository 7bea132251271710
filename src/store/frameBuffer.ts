/**
 * The frame buffer: per-frame data pushed by the coordinator worker, written by the store as
 * frames arrive and read by views inside useFrame / requestAnimationFrame — never through React
 * state (DESIGN §2).
 */
import type { LayerViews } from '../layers/index'
import { MetricsBuffer } from './metricsBuffer'
import { MirrorLog } from './mirrorLog'

/** How many events the browser keeps (older whole segments are dropped; the UI states it). */
export const BROWSER_LOG_RETENTION = 50_000

export interface FrameBuffer {
  /** Sim time of the latest views, µs. */
  simTimeUs: number
  /** Bumped every time views are replaced. */
  version: number
  views: Partial<LayerViews>
  /** The metrics channel's samples (bounded), appended to as windows complete. */
  metrics: MetricsBuffer
  /** The page's copy of logOS, bounded. Appended to as frames arrive (replaced by a new run, or after a gap). */
  log: MirrorLog
  /** Bumped on every append (timelines redraw when it changes). */
  logVersion: number
}

export const frameBuffer: FrameBuffer = {
  simTimeUs: 0,
  version: 0,
  views: {},
  metrics: new MetricsBuffer(),
  log: new MirrorLog(BROWSER_LOG_RETENTION),
  logVersion: 0,
}

/** The built layers' views (undefined until the first views arrive). */
export const atmosView = () => frameBuffer.views.atmOS
export const mythosView = () => frameBuffer.views.mythOS
export const chaosView = () => frameBuffer.views.chaOS
export const networkView = () => frameBuffer.views.pneumOS ?? frameBuffer.views.aetherOS

export function resetFrameBuffer(): void {
  frameBuffer.simTimeUs = 0
  frameBuffer.version++
  frameBuffer.views = {}
  frameBuffer.metrics = new MetricsBuffer()
  frameBuffer.log = new MirrorLog(BROWSER_LOG_RETENTION)
  frameBuffer.logVersion++
}
