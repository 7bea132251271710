/**
 * Seek figures (node --import tsx bench/seek.mts [reps]): the coordinator driver (the code the
 * page's coordinator worker runs) with a page that acknowledges frames as the store does, on the
 * default scenario (5 worlds, every layer, checkers on). Wall time to open a link made at 60 s
 * and at 600 s (a fast load to its stop time), and — in the run opened at 600 s — to seek back
 * 50 s (from the moment the coordinator saved at or before 550 s), against a replay from the big
 * bang to 550 s (what a seek back costs without saved moments). Medians of interleaved
 * repetitions (A B C D A B C D …).
 */
import { CoordinatorDriver } from '../src/workers/coordinatorDriver'
import type { CoordinatorCommand, CoordinatorMessage } from '../src/workers/coordinatorProtocol'
import { defaultScenario, type Scenario } from '../src/scenario/schema'

const reps = Number(process.argv[2] ?? 3)
const S = 1_000_000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** A driver with a page that acknowledges frames; `arrive(us)` resolves at the paused frame at us. */
function driverPage() {
  const waiting = new Map<number, () => void>()
  const driver: CoordinatorDriver = new CoordinatorDriver({
    post: (m: CoordinatorMessage) => {
      if (m.kind !== 'frame') return
      queueMicrotask(() => driver.handle({ kind: 'frameAck', token: m.token, frame: m.frame }))
      if (m.status === 'paused') { waiting.get(m.simTimeUs)?.(); waiting.delete(m.simTimeUs) }
    },
    now: () => performance.now(),
    spawnWorker: null,
    inProcessKind: 'coordinator',
    cores: 2,
  })
  let seq = 0
  return {
    driver,
    /** Send a command and wait for the run to pause at `us`; wall ms. */
    async timed(cmd: Omit<Extract<CoordinatorCommand, { kind: 'load' }>, 'seq'> | Omit<Extract<CoordinatorCommand, { kind: 'seek' }>, 'seq'>, us: number): Promise<number> {
      const arrived = new Promise<void>((r) => waiting.set(us, r))
      const t0 = performance.now()
      driver.handle({ ...cmd, seq: ++seq } as CoordinatorCommand)
      await arrived
      return performance.now() - t0
    },
  }
}

const load = (scenario: Scenario, toUs: number) => ({ kind: 'load' as const, token: 1, scenario, workers: null, validate: false, play: true, speed: 1, pauseAtUs: toUs, fast: true, logRetention: 50_000 })

const s = defaultScenario()
const names = ['open a link made at 60 s', 'open a link made at 600 s', 'then seek back 50 s (from a saved moment)', 'replay from the big bang to 550 s (no moments)']
const ms: number[][] = names.map(() => [])
for (let r = 0; r < reps; r++) {
  const a = driverPage()
  ms[0]!.push(await a.timed(load(s, 60 * S), 60 * S))
  a.driver.dispose()
  const b = driverPage()
  ms[1]!.push(await b.timed(load(s, 600 * S), 600 * S))
  ms[2]!.push(await b.timed({ kind: 'seek', toUs: 550 * S }, 550 * S))
  b.driver.dispose()
  const c = driverPage()
  ms[3]!.push(await c.timed(load(s, 550 * S), 550 * S))
  c.driver.dispose()
}
console.log(`default scenario (${s.nodes.count} worlds, ${s.run.length} layers, checkers on), medians of ${reps} interleaved`)
for (const [i, n] of names.entries()) console.log(`${n.padEnd(48)} ${Math.round(median(ms[i]!)).toLocaleString('en-US').padStart(7)} ms   (all: ${ms[i]!.map((x) => Math.round(x)).join(', ')})`)
