import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSeekQueue, queueRunTo, queueSeek, seekBaseUs, seekGoalUs, seekQueue, type SeekRequest } from './seekQueue'
import { useTheos } from './theos'
import { requestSeek } from '../views/timelines/seek'
import { ScenarioSchema } from '../scenario/schema'

/** A slow fake move: `ms` per move, counting how many are on their way at once. */
function slowMover(ms: number) {
  const log = { position: 0, running: 0, maxRunning: 0, made: [] as SeekRequest[] }
  const perform = (r: SeekRequest) => {
    log.running++
    log.maxRunning = Math.max(log.maxRunning, log.running)
    log.made.push(r)
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        log.position = r.us
        log.running--
        resolve()
      }, ms),
    )
  }
  return { log, perform }
}

describe('createSeekQueue', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('makes one move at a time; of the wishes made meanwhile (two callers, interleaved) only the latest is made', async () => {
    const { log, perform } = slowMover(100)
    const q = createSeekQueue(perform)
    // A timeline click, then a violation's jump, a drag's release and another jump, all while the first is on its way.
    const click = q.request({ kind: 'seek', us: 10_000_000 })
    await vi.advanceTimersByTimeAsync(20)
    const jump1 = q.request({ kind: 'seek', us: 3_000_000 })
    const drag = q.request({ kind: 'seek', us: 7_000_000 })
    await vi.advanceTimersByTimeAsync(20)
    const jump2 = q.request({ kind: 'seek', us: 5_000_000 })
    expect(q.busy()).toBe(true)
    expect(q.pending()).toEqual({ kind: 'seek', us: 5_000_000 })
    // Replaced wishes are answered at once (never made); the one on its way is not cut short.
    await expect(jump1).resolves.toBe(false)
    await expect(drag).resolves.toBe(false)
    expect(log.position).toBe(0)

    await vi.advanceTimersByTimeAsync(60) // the first move arrives; the latest wish starts
    await expect(click).resolves.toBe(true)
    expect(log.position).toBe(10_000_000)
    expect(q.busy()).toBe(true)
    expect(q.pending()).toBeNull()

    await vi.advanceTimersByTimeAsync(100)
    await expect(jump2).resolves.toBe(true)
    expect(log.position).toBe(5_000_000)
    expect(log.made.map((r) => r.us)).toEqual([10_000_000, 5_000_000])
    expect(log.maxRunning).toBe(1)
    expect(q.busy()).toBe(false)
  })

  it('drops the wish waiting when asked (answered false); the move on its way goes on, and nothing follows it', async () => {
    const { log, perform } = slowMover(100)
    const q = createSeekQueue(perform)
    const first = q.request({ kind: 'seek', us: 1 })
    const waiting = q.request({ kind: 'seek', us: 2 })
    q.drop()
    await expect(waiting).resolves.toBe(false)
    expect(q.pending()).toBeNull()
    expect(q.busy()).toBe(true)
    q.drop() // nothing waiting: nothing happens
    await vi.advanceTimersByTimeAsync(100)
    await expect(first).resolves.toBe(true)
    expect(log.made.map((r) => r.us)).toEqual([1])
    expect(q.busy()).toBe(false)
  })

  it('goes on after a move that failed (thrown or rejected)', async () => {
    const made: number[] = []
    const q = createSeekQueue((r) => {
      made.push(r.us)
      if (r.us === 1) throw new Error('not loaded')
      if (r.us === 2) return Promise.reject(new Error('gone'))
      return Promise.resolve()
    })
    await expect(q.request({ kind: 'seek', us: 1 })).resolves.toBe(true)
    await expect(q.request({ kind: 'runTo', us: 2 })).resolves.toBe(true)
    await expect(q.request({ kind: 'seek', us: 3 })).resolves.toBe(true)
    expect(made).toEqual([1, 2, 3])
    expect(q.busy()).toBe(false)
  })
})

describe("the page's queue, shared by the timelines, a violation's jump and Run to", () => {
  const real = { seek: useTheos.getState().seek, runTo: useTheos.getState().runTo }
  let running = 0
  let maxRunning = 0
  let seeks: number[] = []

  beforeEach(() => {
    vi.useFakeTimers()
    running = 0
    maxRunning = 0
    seeks = []
    // The store with a slow fake coordinator: a seek takes 100 ms, shown in `seeking` meanwhile.
    const seek = (us: number) => {
      running++
      maxRunning = Math.max(maxRunning, running)
      seeks.push(us)
      useTheos.setState({ status: 'running', pauseAtUs: us, seeking: { fromUs: useTheos.getState().simTimeUs, targetUs: us } })
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          running--
          useTheos.setState({ status: 'paused', simTimeUs: us, seeking: null })
          resolve()
        }, 100),
      )
    }
    // Like the store's: forwards the run plays on to there; backwards (or here) it is a seek.
    const runTo = (us: number) => {
      if (us <= useTheos.getState().simTimeUs) void useTheos.getState().seek(us)
      else useTheos.setState({ status: 'running', pauseAtUs: us })
    }
    useTheos.setState({ seek, runTo, simTimeUs: 20_000_000, status: 'paused', pauseAtUs: null, seeking: null })
  })
  afterEach(() => {
    useTheos.setState({ ...real, seeking: null, simTimeUs: 0, pauseAtUs: null })
    vi.useRealTimers()
  })

  it('a violation jump during a timeline seek lands at the jump, after it; one seek at a time', async () => {
    requestSeek(12_000_000) // a click on a time axis
    expect(useTheos.getState().seeking?.targetUs).toBe(12_000_000) // the progress bar: on its way at once
    await vi.advanceTimersByTimeAsync(30)
    requestSeek(14_000_000) // a drag's release: waits
    const jump = queueSeek(6_000_000) // the violation's jump, later: replaces the drag's wish
    expect(seekGoalUs()).toBe(6_000_000)
    expect(seekBaseUs()).toBe(6_000_000)
    expect(useTheos.getState().seeking?.targetUs).toBe(12_000_000) // the seek on its way is still the one shown

    await vi.advanceTimersByTimeAsync(80)
    expect(useTheos.getState().simTimeUs).toBe(12_000_000)
    expect(useTheos.getState().seeking?.targetUs).toBe(6_000_000)
    await vi.advanceTimersByTimeAsync(100)
    await expect(jump).resolves.toBe(true)
    expect(useTheos.getState().simTimeUs).toBe(6_000_000)
    expect(useTheos.getState().seeking).toBeNull()
    expect(seeks).toEqual([12_000_000, 6_000_000])
    expect(maxRunning).toBe(1)
    expect(seekGoalUs()).toBeNull()
    expect(seekQueue.busy()).toBe(false)
  })

  it('a timeline seek during a jump wins over it when asked later; two quick jumps end at the second', async () => {
    const first = queueSeek(4_000_000)
    const second = queueSeek(9_000_000)
    requestSeek(15_000_000) // the timeline, last
    await expect(second).resolves.toBe(false)
    await vi.advanceTimersByTimeAsync(200)
    await expect(first).resolves.toBe(true)
    expect(useTheos.getState().simTimeUs).toBe(15_000_000)
    expect(seeks).toEqual([4_000_000, 15_000_000])
    expect(maxRunning).toBe(1)
  })

  it('Run to back in time waits for the seek on its way and is on its way until it arrives', async () => {
    requestSeek(18_000_000)
    const back = queueRunTo(2_000_000)
    await vi.advanceTimersByTimeAsync(100)
    expect(useTheos.getState().simTimeUs).toBe(18_000_000)
    // Run to's seek back is on its way: a jump now waits for it rather than racing it.
    const jump = queueSeek(8_000_000)
    expect(seekQueue.busy()).toBe(true)
    expect(seeks).toEqual([18_000_000, 2_000_000])
    await vi.advanceTimersByTimeAsync(100)
    await expect(back).resolves.toBe(true)
    expect(useTheos.getState().simTimeUs).toBe(2_000_000)
    await vi.advanceTimersByTimeAsync(100)
    await expect(jump).resolves.toBe(true)
    expect(useTheos.getState().simTimeUs).toBe(8_000_000)
    expect(maxRunning).toBe(1)
  })

  it('Run to forwards does not hold the queue (the run plays on at its speed): a later seek goes at once', async () => {
    await expect(queueRunTo(30_000_000)).resolves.toBe(true)
    expect(useTheos.getState().pauseAtUs).toBe(30_000_000)
    expect(seekQueue.busy()).toBe(false)
    requestSeek(5_000_000)
    expect(useTheos.getState().seeking?.targetUs).toBe(5_000_000)
    await vi.advanceTimersByTimeAsync(100)
    expect(useTheos.getState().simTimeUs).toBe(5_000_000)
    expect(useTheos.getState().pauseAtUs).toBe(5_000_000)
  })
})

// The real store, its coordinator on this thread (Node has no Web Worker; as in theos.test.ts),
// with a slow fake seek: what a new run does to the move waiting.
describe('a new run (Reset, Fork, a branch, a link) drops the move waiting; a seek’s own load does not', () => {
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:5173', pathname: '/', search: '', hash: '' })
  const st = () => useTheos.getState()
  const realSeek = st().seek
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
  let seeks: number[] = []

  beforeEach(async () => {
    seeks = []
    useTheos.setState({ seek: realSeek })
    await st().load(ScenarioSchema.parse({ seed: 3, nodes: { count: 3 } }))
    await vi.waitFor(() => expect(st().status).toBe('paused'), { timeout: 30_000 })
  })
  afterEach(() => useTheos.setState({ seek: realSeek }))

  it('Reset while a move waits: the waiting move is dropped, the one on its way ends; a move asked after the Reset is made', async () => {
    useTheos.setState({
      seek: (us: number) => {
        seeks.push(us)
        return sleep(150)
      },
    })
    const first = queueSeek(1_000_000)
    const waiting = queueSeek(2_000_000)
    expect(seekQueue.pending()?.us).toBe(2_000_000)
    const reset = st().reset()
    await expect(waiting).resolves.toBe(false)
    expect(seekQueue.pending()).toBeNull()
    expect(seekGoalUs()).toBeNull()
    const after = queueSeek(3_000_000) // asked of the new run: waits for the move on its way, then is made
    await expect(first).resolves.toBe(true)
    await expect(after).resolves.toBe(true)
    await reset
    expect(seeks).toEqual([1_000_000, 3_000_000])
    expect(seekQueue.busy()).toBe(false)
  })
})
