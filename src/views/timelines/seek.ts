/**
 * Seeking from the timelines: a click or drag on a time axis, a double-click on a plot, or
 * Shift+←/→ on a focused timeline moves the whole sandbox to that moment through the store's
 * seek() (forwards at full speed, backwards by replaying the run; paused there).
 *
 * One seek at a time: a seek asked for while one is on its way waits, and only the latest such
 * wish is kept (holding Shift+← steps back from where the last step was going, and a burst of
 * clicks ends where the last one pointed, with no replay per click).
 */
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { seekTarget } from './timeline.math'

let inFlight = false
let pending: number | null = null

/** Go to `us` (clamped to 0 … the scenario's stop time) as soon as the seek on its way, if any, ends. */
export function requestSeek(us: number): void {
  // Never past the scenario's stop time unless the run already went beyond it (Play goes on past it).
  const st = useTheos.getState()
  const stopUs = st.scenario.stopUs
  const target = seekTarget(us, stopUs === undefined ? null : Math.max(stopUs, st.simTimeUs))
  if (inFlight) {
    pending = target
    return
  }
  inFlight = true
  void useTheos
    .getState()
    .seek(target)
    .catch(() => undefined) // the store says what went wrong (a notice)
    .finally(() => {
      inFlight = false
      const next = pending
      pending = null
      if (next !== null) requestSeek(next)
    })
}

/** Where the sandbox is going (a waiting wish, the seek on its way), else where it is: a step's base. */
export function seekBaseUs(): number {
  return pending ?? useTheos.getState().seeking?.targetUs ?? frameBuffer.simTimeUs
}

/** The moment to mark as "going there" on the timelines: a waiting wish or the seek on its way. */
export function seekGoalUs(): number | null {
  return pending ?? useTheos.getState().seeking?.targetUs ?? null
}
