/**
 * Seeking from the timelines: a click or drag on a time axis, a double-click on a plot, or
 * Shift+←/→ on a focused timeline moves the whole sandbox to that moment (forwards at full speed,
 * backwards by replaying the run; paused there).
 *
 * Through the page's one queue of moves (store/seekQueue.ts), shared with a violation's jump, Run
 * to and a comparison's "Go there": one move at a time, and only the latest wish waiting is kept
 * (holding Shift+← steps back from where the last step was going, and a burst of clicks ends where
 * the last one pointed, with no replay per click).
 */
import { queueSeek } from '../../store/seekQueue'
import { useTheos } from '../../store/theos'
import { seekTarget } from './timeline.math'

/** Go to `us` (clamped to 0 … the scenario's stop time) as soon as the move on its way, if any, ends. */
export function requestSeek(us: number): void {
  // Never past the scenario's stop time unless the run already went beyond it (Play goes on past it).
  const st = useTheos.getState()
  const stopUs = st.scenario.stopUs
  void queueSeek(seekTarget(us, stopUs === undefined ? null : Math.max(stopUs, st.simTimeUs)))
}
