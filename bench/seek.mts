/**
 * Seek figures (node --import tsx bench/seek.mts [reps]): the coordinator driver (the code the
 * page's coordinator worker runs) with a page that acknowledges frames as the store does, on the
 * default scenario (5 worlds, every layer, checkers on). Wall time to open a link made at 60 s
 * and at 600 s (a fast load to its stop time), and to seek back 50 s from 600 s (a replay to
 * 550 s: there are no snapshots to start from yet, so a seek back costs a run from the big bang).
 * Medians of interleaved repetitions (A B C A B C …).
 */
import { CoordinatorDriver } from '../src/workers/coordinatorDriver'
import type { CoordinatorCommand, CoordinatorMessage, Frame } from '../src/workers/coordinatorProtocol'
import { defaultScenario, type Scenario } from '../src/scenario/schema'

const reps = Number(process.argv[2] ?? 3)
const S = 1_000_000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Load `scenario` fast to `toUs` on a fresh driver; wall ms until the paused frame at toUs. */
async function goTo(scenario: Scenario, toUs: number): Promise<{ ms: number; frames: number; events: number }> {
  let frames = 0
  let done: ((f: Frame) => void) | null = null
  const arrived = new Promise<Frame>((r) => { done = r })
  const driver: CoordinatorDriver = new CoordinatorDriver({
    post: (m: CoordinatorMessage) => {
      if (m.kind !== 'frame') return
      frames++
      queueMicrotask(() => driver.handle({ kind: 'frameAck', token: m.token, frame: m.frame }))
      if (m.status === 'paused' && m.simTimeUs === toUs) done?.(m)
    },
    now: () => performance.now(),
    spawnWorker: null,
    inProcessKind: 'coordinator',
    cores: 2,
  })
  const t0 = performance.now()
  const cmd: CoordinatorCommand = { kind: 'load', seq: 1, token: 1, scenario, workers: null, validate: false, play: true, speed: 1, pauseAtUs: toUs, fast: true, logRetention: 50_000 }
  driver.handle(cmd)
  const f = await arrived
  const ms = performance.now() - t0
  driver.dispose()
  return { ms, frames, events: f.eventCount }
}

const s = defaultScenario()
const cases = [
  { name: 'open a link made at 60 s', toUs: 60 * S },
  { name: 'open a link made at 600 s', toUs: 600 * S },
  { name: 'seek back 50 s from 600 s (replay to 550 s)', toUs: 550 * S },
]
const ms: number[][] = cases.map(() => [])
const events: number[] = cases.map(() => 0)
for (let r = 0; r < reps; r++) {
  for (const [i, c] of cases.entries()) {
    const x = await goTo(s, c.toUs)
    ms[i]!.push(x.ms)
    events[i] = x.events
  }
}
console.log(`default scenario (${s.nodes.count} worlds, ${s.run.length} layers, checkers on), medians of ${reps} interleaved`)
for (const [i, c] of cases.entries()) console.log(`${c.name.padEnd(48)} ${Math.round(median(ms[i]!)).toLocaleString('en-US').padStart(7)} ms   (${events[i]!.toLocaleString('en-US')} events; all: ${ms[i]!.map((x) => Math.round(x)).join(', ')})`)
