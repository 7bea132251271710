/**
 * Moving the run to a moment, one move at a time. Every seek-like action of the page asks here,
 * never the store directly: a timeline's click, drag or Shift+←/→ (views/timelines/seek.ts), a
 * violation's jump, Run to, a comparison's "Go there".
 *
 * One move is on its way at a time; a move asked for meanwhile waits, and only the latest such wish
 * is kept (a burst of clicks ends where the last one pointed, with no replay per click; a jump made
 * while a timeline seek is on its way ends at the jump, never at an older target). A new run (the
 * store's load(), unless it is a move's own) drops the wish waiting. The store's
 * `seeking` is the move on its way (the progress bar); `seekGoalUs()` adds the wish waiting.
 */
import { frameBuffer } from './frameBuffer'
import { onNewRun, useTheos } from './theos'

/** A move: `seek` goes there at full speed (backwards too); `runTo` plays on to there at the chosen speed (backwards: a seek). */
export interface SeekRequest {
  readonly kind: 'seek' | 'runTo'
  readonly us: number
}

export interface SeekQueue {
  /** Ask for a move. Resolves true once it was made, false if a later wish replaced it before it started. */
  request(r: SeekRequest): Promise<boolean>
  /** The wish waiting for the move on its way to end, or null. */
  pending(): SeekRequest | null
  /** A move is on its way. */
  busy(): boolean
  /** Forget the wish waiting, if any (answered false); the move on its way is not cut short. */
  drop(): void
}

/** A queue over `perform`, which makes one move and resolves when it is over (a rejection counts as over). */
export function createSeekQueue(perform: (r: SeekRequest) => Promise<void>): SeekQueue {
  let busy = false
  let waiting: { r: SeekRequest; done: (made: boolean) => void } | null = null

  const start = (r: SeekRequest, done: (made: boolean) => void): void => {
    busy = true
    let moving: Promise<void>
    try {
      moving = perform(r) // at once: the store shows the move (seeking) before this returns
    } catch (e) {
      moving = Promise.reject(e)
    }
    void moving
      .catch(() => undefined) // the store says what went wrong (a notice)
      .finally(() => {
        busy = false
        done(true)
        const next = waiting
        waiting = null
        if (next !== null) start(next.r, next.done)
      })
  }

  return {
    request(r) {
      return new Promise<boolean>((done) => {
        if (!busy) {
          start(r, done)
          return
        }
        waiting?.done(false) // replaced: the latest wish wins
        waiting = { r, done }
      })
    },
    pending: () => waiting?.r ?? null,
    busy: () => busy,
    drop() {
      const w = waiting
      waiting = null
      w?.done(false)
    },
  }
}

/** The seek on its way in the store (if any) is over: its `seeking` went back to null. */
const seekOver = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (useTheos.getState().seeking === null) return resolve()
    const stop = useTheos.subscribe((s) => {
      if (s.seeking !== null) return
      stop()
      resolve()
    })
  })

/** One move through the store: a seek until it arrives; Run to forwards only until asked (the run plays on at its speed), backwards until its seek arrives. */
async function moveStore(r: SeekRequest): Promise<void> {
  const st = useTheos.getState()
  if (r.kind === 'seek') return st.seek(r.us)
  const before = st.seeking
  st.runTo(r.us)
  if (useTheos.getState().seeking !== before) await seekOver()
}

/** The page's one queue of moves. */
export const seekQueue = createSeekQueue(moveStore)

// A new run (Reset, Fork, a branch, a link, a new setting) replaces the one a waiting move was
// asked of: it is dropped, not made in the new run (the store's seek and runTo never load).
onNewRun(() => seekQueue.drop())

/** Go to `us` (µs) at full speed and pause there, once the move on its way, if any, ends. */
export const queueSeek = (us: number): Promise<boolean> => seekQueue.request({ kind: 'seek', us })

/** Run to `us` (µs) and pause there, once the move on its way, if any, ends. */
export const queueRunTo = (us: number): Promise<boolean> => seekQueue.request({ kind: 'runTo', us })

/** The moment to mark as "going there": the wish waiting, else the seek on its way, else null. */
export function seekGoalUs(): number | null {
  return seekQueue.pending()?.us ?? useTheos.getState().seeking?.targetUs ?? null
}

/** Where the sandbox is going, else where it is: a step's base (Shift+← from where the last step was going). */
export function seekBaseUs(): number {
  return seekGoalUs() ?? frameBuffer.simTimeUs
}
