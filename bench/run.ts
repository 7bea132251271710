/**
 * npm run bench — benchmarks, not tests: figures to quote as medians of several runs (these
 * machines are shared and noisy). Prints one table per question:
 *  1. kernel events/s in-process (purpose-built test layers)
 *  2. windows/s and the cost of one barrier with N Node worker_threads
 *  3. sim-seconds per wall-second for the default scenario, and for 5 / 50 / 500 worlds,
 *     in-process and with one worker per layer; events/s
 *  4. the contract's cost on the default scenario (120 sim-s, checkers on): wall µs per kernel
 *     event (handled by a layer's runtime) and per logged event, and — placed on 4 hosts — barriers,
 *     windows and layer-windows per sim-second (routing by consumed type is what cuts barriers)
 *  5. scale: 5 … 2,000 worlds (BENCH_ONLY=scale)
 *  6. each layer's cost on the default scenario: chronOS, karmOS, etymOS, hypnOS + oneirOS, nomOS, harmoniOS, anomOS, pandemoniOS, thanatOS, daemOS, theOS added to the base (BENCH_ONLY=layers)
 *  7. memory over 1 sim-hour with and without compaction, and its cost (BENCH_ONLY=memory; bench/memory.ts)
 *  8. the kernel at its limit (BENCH_ONLY=kernel): CPU per kernel event against a bare binary-heap
 *     event loop run in the same process; × real time of the default runs at 300 and 2,400 sim-s
 *     (interleaved), with lookahead on and off; --workers 4 against in-process at 5 worlds
 * BENCH_ONLY=contract|scale|layers|memory|kernel runs one section. BENCH_QUICK=1 runs fewer repetitions and shorter runs.
 */
import { availableParallelism } from 'node:os'
import { Cosmos } from '../src/cosmos/cosmos'
import { inProcessEndpoint } from '../src/kernel/host'
import { TEST_LAYERS, testRegistry } from '../src/cosmos/__tests__/testLayers'
import { runInProcessWith, startRun } from '../src/cosmos/run'
import { allCheckers } from '../src/checkers'
import { registry } from '../src/layers/index'
import { DEFAULT_RUN, ScenarioSchema, activeLayers, defaultScenario } from '../src/scenario/schema'
import { MAX_WORLDS } from '../src/scenario/base'
import { nodeWorkerEndpoint } from '../src/workers/nodeEndpoint'
import { startHeadless } from '../src/cli/runScenario'
import { memoryFigures } from './memory'

const quick = process.env['BENCH_QUICK'] === '1'
const REPS = quick ? 1 : 3
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const wall = () => Number(process.hrtime.bigint()) / 1e6
const fmt = (x: number, d = 1) => x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(d)

async function kernelRun(workers: number, untilUs: number) {
  const s = ScenarioSchema.parse({ seed: 1, quantumUs: 1_000 })
  const c = await startRun(s, { registry: testRegistry, layers: TEST_LAYERS, hosts: workers, spawn: workers > 0 ? () => nodeWorkerEndpoint('test') : undefined })
  const t0 = wall()
  await c.runUntil(untilUs)
  const ms = wall() - t0
  const r = { ms, events: c.log.nextOffset, windows: c.stats.windows, messages: c.stats.messages }
  c.dispose()
  return r
}

/**
 * The yardstick: a bare binary-heap event loop (typed arrays, no kernel): each event pops the
 * earliest (time, seq) and schedules one new event a pseudo-random delay later. Wall ns per event.
 */
function bareHeapNsPerEvent(events: number): number {
  const cap = 1024
  const t = new Float64Array(cap), q = new Float64Array(cap)
  let n = 0, seq = 0, x = 123456789
  const less = (i: number, j: number) => t[i]! < t[j]! || (t[i] === t[j] && q[i]! < q[j]!)
  const swap = (i: number, j: number) => { const a = t[i]!, b = q[i]!; t[i] = t[j]!; q[i] = q[j]!; t[j] = a; q[j] = b }
  const push = (time: number) => {
    let i = n++
    t[i] = time; q[i] = seq++
    while (i > 0) { const p = (i - 1) >> 1; if (!less(i, p)) break; swap(i, p); i = p }
  }
  const pop = (): number => {
    const top = t[0]!
    n--
    t[0] = t[n]!; q[0] = q[n]!
    for (let i = 0; ;) { const l = 2 * i + 1, r = l + 1; let m = i; if (l < n && less(l, m)) m = l; if (r < n && less(r, m)) m = r; if (m === i) break; swap(i, m); i = m }
    return top
  }
  for (let i = 0; i < 256; i++) push(i)
  const t0 = process.hrtime.bigint()
  for (let k = 0; k < events; k++) {
    const now = pop()
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5 // xorshift: the next delay
    push(now + 1 + ((x >>> 0) % 20_000))
  }
  return Number(process.hrtime.bigint() - t0) / events
}

/**
 * 8: the kernel at its limit. (a) CPU per kernel event: the test layers (src/cosmos/__tests__/
 * testLayers.ts: a ping-pong pair, two tickers; each event logged, fingerprinted and routed, almost
 * no layer logic) in-process, wall ns per event handled by a runtime, against the bare heap's ns per
 * event, interleaved (kernel, heap, kernel, heap …), medians. (b) The default runs' × real time at
 * 300 and 2,400 sim-s, interleaved, after two warm-up runs (V8 needs ~1,000 sim-s of a run to
 * optimise it: a cold first run is 3–5× slower; and the next run re-optimises once), with lookahead on and off. (c) --workers 4 (Node
 * worker_threads, one host per layer group) against in-process at 5 worlds.
 */
async function kernelFigures() {
  const kernelNs = async () => {
    const s = ScenarioSchema.parse({ seed: 1, quantumUs: 1_000 })
    const c = await startRun(s, { registry: testRegistry, layers: TEST_LAYERS })
    const t0 = wall()
    await c.runUntil(60_000_000)
    const ns = ((wall() - t0) * 1e6) / c.stats.handled
    c.dispose()
    return ns
  }
  for (let i = 0; i < 6; i++) await kernelNs() // warm-up
  const k: number[] = [], b: number[] = []
  for (let i = 0; i < (quick ? 3 : 9); i++) { k.push(await kernelNs()); b.push(bareHeapNsPerEvent(1_000_000)) }
  console.log(`\nkernel at its limit (medians of ${k.length} interleaved)`)
  console.log(`  kernel CPU per event (test layers: each event routed, logged, fingerprinted) ${fmt(median(k), 0)} ns · bare binary-heap event ${fmt(median(b), 1)} ns · ratio ${fmt(median(k) / median(b), 1)}×`)

  const timed = async (s: ReturnType<typeof ScenarioSchema.parse>, simS: number, lookahead = true) => {
    const t0 = wall()
    await runInProcessWith(s, { untilUs: simS * 1e6, registry, layers: activeLayers(s), checkers: allCheckers(s), validate: false, lookahead })
    return simS / ((wall() - t0) / 1000)
  }
  for (const [name, s] of [['base (atmOS chaOS mythOS)', ScenarioSchema.parse({ seed: 1 })], ['default (15 layers)', defaultScenario()]] as const) {
    // Warm-up: a long run, then a short one. A process's second run re-optimises what its first
    // left optimised for that run's objects (V8 logs ~45 deopts, "wrong map" and "wrong call
    // target", in the run that follows the first), whatever its length: measured without it, the
    // first 300-s run after the warm-up ran at a third to a half of the speed of the next ones.
    await timed(s, quick ? 120 : 1_200)
    await timed(s, quick ? 30 : 300)
    const short: number[] = [], long: number[] = [], off: number[] = []
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      short.push(await timed(s, 300))
      long.push(await timed(s, quick ? 600 : 2_400))
      off.push(await timed(s, 300, false))
    }
    console.log(`  ${name}, checkers on, in-process: ${fmt(median(short))}× real time at 300 sim-s, ${fmt(median(long))}× at ${quick ? 600 : 2_400} sim-s (ratio ${(median(long) / median(short)).toFixed(2)}); lookahead off ${fmt(median(off))}× at 300 sim-s`)
  }

  const s = ScenarioSchema.parse({ seed: 1 })
  const w: number[] = [], p: number[] = []
  let callsPerSimS = 0
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    for (const workers of [0, 4]) {
      const c = await startHeadless(s, { workers })
      await c.runUntil(5e6) // warm-up
      const calls0 = c.stats.hostCalls
      const t0 = wall()
      await c.runUntil(65e6)
      ;(workers === 0 ? p : w).push(60 / ((wall() - t0) / 1000))
      if (workers > 0) callsPerSimS = (c.stats.hostCalls - calls0) / 60
      c.dispose()
    }
  }
  console.log(`  5 worlds (base), 60 sim-s: in-process ${fmt(median(p))}× real time, --workers 4 ${fmt(median(w))}× (${(median(p) / median(w)).toFixed(2)}× slower on workers)`)
  // The floor under any barrier between threads here: one round trip, by message and by Atomics.
  const rt = await roundTrips(quick ? 1_000 : 5_000)
  const inProcessUsPerSimS = 1e6 / median(p)
  console.log(`  this machine's round trip to a worker thread: postMessage ${fmt(rt.message, 1)} µs, SharedArrayBuffer + Atomics.wait/notify ${fmt(rt.atomics, 1)} µs; --workers 4 makes ${fmt(callsPerSimS, 1)} host calls per sim-second, so its barriers alone cost ≥ ${fmt((callsPerSimS * rt.atomics) / inProcessUsPerSimS, 2)}× the whole in-process run (${fmt(inProcessUsPerSimS, 0)} µs per sim-second) even over Atomics`)
}

/**
 * The mean of `n` ping-pongs with a worker thread: by postMessage (what the hosts use) and
 * by a SharedArrayBuffer flag with Atomics.wait / notify (the fastest blocking hand-off there is).
 */
async function roundTrips(n: number): Promise<{ message: number; atomics: number }> {
  const { Worker } = await import('node:worker_threads')
  const echo = new Worker(`require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m))`, { eval: true })
  const req = { kind: 'window', startUs: 0, endUs: 1_000, inbox: {}, layers: ['mythOS'] }
  await new Promise<void>((res) => { echo.once('message', () => res()); echo.postMessage(req) }) // started
  let i = 0
  const t0 = wall()
  await new Promise<void>((res) => {
    echo.on('message', () => { if (++i === n) res(); else echo.postMessage(req) })
    echo.postMessage(req)
  })
  const message = ((wall() - t0) * 1000) / n
  await echo.terminate()
  const a = new Int32Array(new SharedArrayBuffer(12)) // [request flag, request number (-1: stop), answered number]
  const flag = new Worker(`const a = new Int32Array(require('node:worker_threads').workerData)
    for (;;) { Atomics.wait(a, 0, 0); if (a[1] === -1) break; Atomics.store(a, 0, 0); Atomics.store(a, 2, a[1]); Atomics.notify(a, 2) }`, { eval: true, workerData: a.buffer })
  const t1 = wall()
  for (let k = 1; k <= n; k++) {
    Atomics.store(a, 1, k)
    Atomics.store(a, 0, 1)
    Atomics.notify(a, 0)
    while (Atomics.load(a, 2) !== k) Atomics.wait(a, 2, Atomics.load(a, 2), 10)
  }
  const atomics = ((wall() - t1) * 1000) / n
  Atomics.store(a, 1, -1)
  Atomics.store(a, 0, 1)
  Atomics.notify(a, 0)
  await flag.terminate()
  return { message, atomics }
}

/** 4: the contract's cost on the default scenario: per kernel event, and barriers per sim-second. */
async function contractFigures() {
  const SIM_S = quick ? 30 : 120
  const s = defaultScenario()
  const layers = activeLayers(s)
  const one = []
  let four = null as null | Awaited<ReturnType<typeof runInProcessWith>>
  // One untimed run first: the JIT warms up (the first run is 2–5× slower on these machines).
  await runInProcessWith(s, { untilUs: SIM_S * 1e6, registry, layers, checkers: allCheckers(s), validate: false })
  for (let i = 0; i < Math.max(REPS, 5); i++) {
    const t0 = wall()
    const r = await runInProcessWith(s, { untilUs: SIM_S * 1e6, registry, layers, checkers: allCheckers(s), validate: false })
    one.push({ ms: wall() - t0, handled: r.cosmos.stats.handled, logged: r.events.length, windows: r.cosmos.stats.windows })
    four = await runInProcessWith(s, { untilUs: SIM_S * 1e6, registry, layers, checkers: allCheckers(s), hosts: 4, validate: false })
  }
  const r0 = one[0]!
  const ms = median(one.map((r) => r.ms))
  const st = four!.cosmos.stats
  console.log(`\ncontract cost (default scenario, ${SIM_S} sim-s, checkers on, in-process; median of ${one.length})`)
  console.log(`  kernel events handled ${r0.handled}, logged events ${r0.logged}, windows ${r0.windows}`)
  const bare = median([bareHeapNsPerEvent(2_000_000), bareHeapNsPerEvent(2_000_000), bareHeapNsPerEvent(2_000_000)])
  const perEventNs = (ms * 1e6) / r0.handled
  console.log(`  wall µs per kernel event ${fmt((ms * 1000) / r0.handled, 2)} · per logged event ${fmt((ms * 1000) / r0.logged, 1)} · ${fmt(SIM_S / (ms / 1000))} sim-s/wall-s`)
  console.log(`  bare binary-heap event loop here: ${fmt(bare, 1)} ns per event → the whole run (layers + kernel + checkers) costs ${fmt(perEventNs / bare, 0)}× a bare event`)
  console.log(`  on 4 hosts: barriers/sim-s ${fmt(st.barriers / SIM_S, 2)} · windows/sim-s ${fmt(st.windows / SIM_S, 2)} · layer-windows/sim-s ${fmt(st.layerWindows / SIM_S, 2)} · messages/sim-s ${fmt(st.messages / SIM_S, 2)}`)
}

/**
 * 5: scale. Wall time per sim-second from 5 to 2,000 worlds (Raft with 5 voters and the others as
 * learners, entropy 0.3, checkers on, in-process; the cluster proposes 2.5 happenings/s whatever its
 * size — the default 0.5 per world would make every world apply n/2 entries a second, an n² workload
 * that says nothing about the kernel) and the growth exponent between them (the slope of
 * log cost vs log worlds); the first leader; a snapshot at 2,000 worlds (size, time to take and to
 * restore); a 10,000-world run.
 */
async function scaleFigures() {
  // BENCH_RUN=default: the app's default run (every built layer); otherwise a comma list; unset: format 2's atmOS, chaOS, mythOS.
  const runEnv = process.env['BENCH_RUN']
  const run = runEnv === undefined ? undefined : runEnv === 'default' ? [...DEFAULT_RUN] : runEnv.split(',').filter((l) => l !== '')
  console.log(`\nscale (votersMax 5, entropy 0.3, checkers on, in-process${run === undefined ? '' : `, run ${run.join(' ')}`})`)
  console.log('worlds'.padStart(8) + 'sim-s'.padStart(8) + 'wall ms/sim-s'.padStart(15) + 'sim-s/wall-s'.padStart(14) + 'first leader'.padStart(14) + 'heap MB'.padStart(10))
  const points: [number, number][] = []
  const sizes: [number, number][] = quick ? [[5, 20], [50, 5], [500, 4]] : [[5, 60], [50, 20], [200, 10], [500, 6], [2_000, 6]]
  for (const [n, simS] of sizes) {
    // The leader is crashed 3 s in: the re-election time is reported with the first election's.
    const s = ScenarioSchema.parse({ seed: 1, nodes: { count: n }, ...(run === undefined ? {} : { run }), layers: { mythOS: { votersMax: 5 }, atmOS: { happeningsPerSec: 2.5 / n } }, interventions: [{ kind: 'fault', atUs: 3_000_000, fault: 'crash', target: 'leader' }] })
    const layers = activeLayers(s)
    const leaders: number[] = []
    // V8 needs a while to optimise a run: the smallest size (whose run is short in wall time) is
    // first run untimed for 300 sim-s; every size is then warmed up for its first sim-second.
    if (n === sizes[0]![0]) await runInProcessWith(s, { untilUs: quick ? 60e6 : 300e6, registry, layers, checkers: allCheckers(s), validate: false })
    const c = await startRun(s, { registry, layers, checkers: allCheckers(s), onEvents: (es) => { for (const e of es) if (e.type === 'leader_elected') leaders.push(e.t) } })
    await c.runUntil(1e6) // warm up, untimed
    const t0 = wall()
    await c.runUntil((1 + simS) * 1e6)
    const ms = wall() - t0
    const perS = ms / simS
    points.push([n, perS])
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20
    const reelected = leaders.find((t) => t > 3_000_000)
    console.log(`${n}`.padStart(8) + `${simS}`.padStart(8) + fmt(perS, 1).padStart(15) + fmt(1000 / perS).padStart(14) + (leaders.length === 0 ? 'none' : `${fmt(leaders[0]! / 1e6, 2)} s`).padStart(14) + fmt(heapMb, 0).padStart(10) + (reelected === undefined ? '   no leader after the crash at 3 s' : `   re-elected ${fmt((reelected - 3_000_000) / 1e6, 2)} s after the leader's crash at 3 s`) + `   violations ${c.violations.length}`)
    if (n === sizes.at(-1)![0]) {
      const t1 = wall()
      const snap = await c.snapshot()
      const takeMs = wall() - t1
      const bytes = JSON.stringify(snap).length
      const t2 = wall()
      const r = await Cosmos.restore(s, snap, { registry, layers, spawn: () => inProcessEndpoint(registry) })
      const restoreMs = wall() - t2
      r.dispose()
      console.log(`  snapshot at ${n} worlds: ${fmt(bytes / 2 ** 20, 1)} MB as JSON, taken in ${fmt(takeMs, 0)} ms, restored in ${fmt(restoreMs, 0)} ms`)
    }
    c.dispose()
  }
  const [a, b] = [points[0]!, points.at(-1)!]
  console.log(`  growth exponent in N from ${a[0]} to ${b[0]} worlds: ${fmt(Math.log(b[1] / a[1]) / Math.log(b[0] / a[0]), 2)} (cost per sim-second ∝ N^k)`)
  if (!quick) {
    // The largest size on 4 worker_threads (layers spread by theOS's round-robin) against in-process.
    const n = sizes.at(-1)![0]
    const s = ScenarioSchema.parse({ seed: 1, nodes: { count: n }, ...(run === undefined ? {} : { run }), layers: { mythOS: { votersMax: 5 }, atmOS: { happeningsPerSec: 2.5 / n } } })
    const x: Record<number, number[]> = { 0: [], 4: [] }
    for (let i = 0; i < 2; i++) {
      for (const workers of [0, 4]) {
        const c = await startHeadless(s, { workers })
        await c.runUntil(1e6)
        const t0 = wall()
        await c.runUntil(4e6)
        x[workers]!.push(3000 / (wall() - t0))
        c.dispose()
      }
    }
    console.log(`  ${n} worlds, 3 sim-s: in-process ${fmt(median(x[0]!), 2)}× real time, --workers 4 ${fmt(median(x[4]!), 2)}× (${(median(x[0]!) / median(x[4]!)).toFixed(2)}× slower on workers)`)
  }
  if (!quick && MAX_WORLDS >= 10_000) {
    const s = ScenarioSchema.parse({ seed: 1, nodes: { count: 10_000 }, layers: { mythOS: { votersMax: 5 }, atmOS: { happeningsPerSec: 2.5 / 10_000 } } })
    let leaderUs = -1
    const t0 = wall()
    const c = await startRun(s, { registry, layers: activeLayers(s), checkers: allCheckers(s), onEvents: (es) => { if (leaderUs < 0) for (const e of es) if (e.type === 'leader_elected') { leaderUs = e.t; break } } })
    await c.runUntil(3e6)
    const ms = wall() - t0
    const t1 = wall()
    const snap = await c.snapshot()
    const takeMs = wall() - t1
    console.log(`  10,000 worlds: 3 sim-s in ${fmt(ms / 1000, 1)} s wall including start-up (${fmt(3000 / ms, 2)}× real time), first leader ${leaderUs < 0 ? 'none' : `${fmt(leaderUs / 1e6, 2)} s`}, ${c.log.nextOffset} events, ${c.violations.length} violations, heap ${fmt(process.memoryUsage().heapUsed / 2 ** 20, 0)} MB, snapshot ${fmt(JSON.stringify(snap).length / 2 ** 20, 1)} MB taken in ${fmt(takeMs, 0)} ms`)
    c.dispose()
  }
}

/**
 * 6: what each layer adds to the default scenario. The same 5-world run (entropy 0.3, checkers on,
 * in-process) with the base layers (atmOS, chaOS, mythOS) and with chronOS, karmOS, etymOS added one
 * at a time and all together; the variants interleaved (A B C D E, A B C D E, …) so that the noise
 * of a shared machine hits them alike; medians, and each as a ratio of the base's × real time.
 */
async function layerCostFigures() {
  const SIM_S = quick ? 20 : 60
  const base = ['atmOS', 'chaOS', 'mythOS']
  const variants: [string, string[]][] = [
    ['base (atmOS chaOS mythOS)', base],
    ['+ chronOS', [...base, 'chronOS']],
    ['+ karmOS', [...base, 'karmOS']],
    ['+ etymOS', [...base, 'etymOS']],
    ['+ hypnOS + oneirOS', [...base, 'hypnOS', 'oneirOS']],
    ['+ nomOS', [...base, 'nomOS']],
    ['+ harmoniOS', [...base, 'harmoniOS']],
    ['+ anomOS', [...base, 'anomOS']],
    ['+ nomOS harmoniOS anomOS', [...base, 'nomOS', 'harmoniOS', 'anomOS']],
    ['+ pandemoniOS', [...base, 'pandemoniOS']],
    ['+ thanatOS', [...base, 'thanatOS']],
    ['+ daemOS', [...base, 'daemOS']],
    ['+ theOS', [...base, 'theOS']],
    ['+ the eight of engine 0.5', [...base, 'chronOS', 'karmOS', 'etymOS', 'hypnOS', 'oneirOS', 'nomOS', 'harmoniOS', 'anomOS']],
    ['+ all twelve (default)', [...base, 'chronOS', 'karmOS', 'etymOS', 'theOS', 'daemOS', 'hypnOS', 'oneirOS', 'thanatOS', 'nomOS', 'pandemoniOS', 'harmoniOS', 'anomOS']],
  ]
  const todo = variants.filter(([, run]) => run.every((l) => registry.has(l)))
  const scenarios = todo.map(([, run]) => ScenarioSchema.parse({ seed: 1, run }))
  const times: number[][] = todo.map(() => [])
  const events: number[] = todo.map(() => 0)
  for (const sc of scenarios) await runInProcessWith(sc, { untilUs: SIM_S * 1e6, registry, layers: activeLayers(sc), checkers: allCheckers(sc) }) // warm-up
  for (let rep = 0; rep < Math.max(REPS, 5); rep++) {
    for (let i = 0; i < scenarios.length; i++) {
      const sc = scenarios[i]!
      const t0 = wall()
      const r = await runInProcessWith(sc, { untilUs: SIM_S * 1e6, registry, layers: activeLayers(sc), checkers: allCheckers(sc) })
      times[i]!.push(wall() - t0)
      events[i] = r.events.length
    }
  }
  console.log(`\nlayer cost (default 5 worlds, ${SIM_S} sim-s, checkers on, in-process; median of ${times[0]!.length} interleaved runs)`)
  console.log('layers'.padEnd(28) + 'sim-s/wall-s'.padStart(14) + 'vs base'.padStart(10) + 'events'.padStart(10))
  const baseX = SIM_S / (median(times[0]!) / 1000)
  todo.forEach(([name], i) => {
    const x = SIM_S / (median(times[i]!) / 1000)
    console.log(name.padEnd(28) + fmt(x).padStart(14) + `${(x / baseX).toFixed(2)}×`.padStart(10) + `${events[i]}`.padStart(10))
  })
}

async function main() {
  console.log(`bench · node ${process.version} · ${availableParallelism()} cores · ${REPS} repetition(s), medians\n`)
  if (process.env['BENCH_ONLY'] === 'contract') return contractFigures()
  if (process.env['BENCH_ONLY'] === 'scale') return scaleFigures()
  if (process.env['BENCH_ONLY'] === 'layers') return layerCostFigures()
  if (process.env['BENCH_ONLY'] === 'memory') return memoryFigures(REPS)
  if (process.env['BENCH_ONLY'] === 'kernel') return kernelFigures()

  // 1 + 2: kernel throughput and barrier cost
  const until = quick ? 5_000_000 : 20_000_000
  const rows: string[] = []
  let perWindowInProcess = 0
  for (const workers of [0, 1, 2, 4]) {
    const runs = []
    for (let i = 0; i < REPS; i++) runs.push(await kernelRun(workers, until))
    const ms = median(runs.map((r) => r.ms))
    const r0 = runs[0]!
    const perWindowMs = ms / r0.windows
    if (workers === 0) perWindowInProcess = perWindowMs
    const barrier = workers === 0 ? '—' : `${fmt((perWindowMs - perWindowInProcess) * 1000, 0)} µs`
    rows.push(`${workers === 0 ? 'in-process' : `${workers} worker${workers > 1 ? 's' : ''}`}`.padEnd(12) +
      `${fmt(r0.events / (ms / 1000))}`.padStart(14) + `${fmt(r0.windows / (ms / 1000))}`.padStart(14) + barrier.padStart(16))
  }
  console.log('kernel (test layers, 4 layers, quantum 1 ms)')
  console.log('placement'.padEnd(12) + 'events/s'.padStart(14) + 'windows/s'.padStart(14) + 'barrier cost'.padStart(16))
  for (const r of rows) console.log(r)

  // 3: the real pantheon
  console.log('\nfull run (atmOS, network, chaOS, mythOS; entropy 0.3, checkers on)')
  console.log('scenario'.padEnd(26) + 'placement'.padEnd(14) + 'start-up'.padStart(10) + 'sim-s/wall-s'.padStart(14) + 'events/s'.padStart(12) + 'windows'.padStart(10))
  const cases: [string, Record<string, unknown>, number][] = [
    ['default (5 worlds)', {}, quick ? 20 : 60],
    ['50 worlds', { nodes: { count: 50 } }, quick ? 5 : 20],
    ['500 worlds', { nodes: { count: 500 } }, quick ? 1 : 5],
  ]
  for (const [name, over, seconds] of cases) {
    const s = ScenarioSchema.parse({ seed: 1, ...over })
    for (const workers of [0, activeLayers(s).length]) {
      const runs = []
      for (let i = 0; i < REPS; i++) {
        const t0 = wall()
        const c = await startHeadless(s, { workers })
        const t1 = wall()
        await c.runUntil(seconds * 1e6)
        const ms = wall() - t1
        runs.push({ startMs: t1 - t0, ms, events: c.log.nextOffset, windows: c.stats.windows })
        c.dispose()
      }
      const ms = median(runs.map((r) => r.ms))
      const r0 = runs[0]!
      console.log(name.padEnd(26) + (workers === 0 ? 'in-process' : `${workers} workers`).padEnd(14) + `${fmt(median(runs.map((r) => r.startMs)), 0)} ms`.padStart(10) +
        `${fmt(seconds / (ms / 1000))}`.padStart(14) + `${fmt(r0.events / (ms / 1000))}`.padStart(12) + `${r0.windows}`.padStart(10))
    }
  }
  await kernelFigures()
  await contractFigures()
  await layerCostFigures()
  await memoryFigures(REPS)
  await scaleFigures()
}

main().catch((e) => { console.error(e); process.exitCode = 1 })
