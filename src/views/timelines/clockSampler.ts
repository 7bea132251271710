/**
 * The clocks panel's history, sampled from the frame buffer every 250 ms of real time from the
 * page's start (App starts it), not from when the panel is first opened: a user who opens the
 * chronOS clocks tab after a while sees the run so far. Small, in the first page's code; the chart
 * itself loads with its tab.
 */
import { frameBuffer } from '../../store/frameBuffer'
import { ClockHistory } from './clocks.math'

export const clockHistory = new ClockHistory()

/** One sample of every world's clock, if chronOS runs. */
export function sampleClocks(): void {
  const v = frameBuffer.views.chronOS
  if (!v) return
  clockHistory.add({ t: v.nowUs, offsetUs: v.worlds.map((w) => w.offsetUs), rootDistanceUs: v.worlds.map((w) => w.rootDistanceUs), synced: v.worlds.map((w) => w.synced && w.up) })
}

let sampler: number | null = null

/** Start sampling (once per page). */
export function startClockSampler(): void {
  if (sampler === null) sampler = window.setInterval(sampleClocks, 250)
}
