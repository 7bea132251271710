/**
 * npm run bench:browser — the main-thread budget in real (headless, software-rendered) Chromium,
 * on the Vite dev server (so that profile samples can be attributed to modules). For each world
 * count in BENCH_WORLDS (default 5,2000) the app's default scenario (every default layer) with
 * that many worlds (above 5, with the cluster's workload: 2.5 happenings/s in all, as the headless
 * scale bench) runs at max speed for BENCH_SECONDS (default 15), and the bench reports:
 *
 * - long tasks (> 50 ms, PerformanceObserver 'longtask') per minute, and the longest;
 * - main-thread JS time per frame, p95 and median. Method: a CDP CPU profile (1 kHz sampling) runs
 *   while a requestAnimationFrame loop records each frame's start (performance.now()). A sample's
 *   time is the gap to the next sample; a sample counts as JS unless its node is '(idle)' or
 *   '(program)' (native browser work: style, layout, paint, IPC — and the GPU, which SwiftShader
 *   runs in the GPU process, is never on this thread); the garbage collector counts (it is the
 *   page's JS heap). The profile's clock (µs, monotonic) is aligned with performance.now() by a
 *   marker: a function named __benchMark that spins 30 ms from a known performance.now(); its first
 *   sample gives the offset (error ≤ one sampling interval). Each frame interval [start_k,
 *   start_k+1) then sums the JS samples inside it. Whatever runs between two frames (React, the
 *   frame buffer's worker messages, the rAF callbacks of R3F) is charged to the frame it delays;
 * - median frame time (rAF to rAF);
 * - achieved speed: sim seconds advanced / wall seconds, × real time;
 * - the share of main-thread time spent in simulation code (src/kernel, src/layers, src/checkers,
 *   src/scenario, hashing: should be ~0, the run is in workers) and the busiest functions;
 * - at the largest world count (BENCH_PAUSE_WORLDS, default 2000, when listed): the latency of a
 *   Pause click — a real page.click on the Play/Pause button — from the click event's timestamp
 *   (queueing included) to the status bar's data-status reading 'paused' (a MutationObserver),
 *   BENCH_PAUSES times (default 7; resumed and 600 ms at full speed between), median and max.
 *   Target: < 100 ms.
 *
 * Software rendering on a shared machine: compare figures, do not trust absolutes.
 * BENCH_WORKERS=k spreads the layers over k workers; BENCH_RUN=a,b,c runs only those layers;
 * BENCH_PORT (default 5191) the dev server's port.
 */
import { spawn } from 'node:child_process'
import { chromium, type Page } from '@playwright/test'
import { DEFAULT_RUN, ScenarioSchema } from '../src/scenario/schema'
import { encodeScenario } from '../src/scenario/url'
import { pauseLatencyMs } from '../e2e/helpers'

const PORT = Number(process.env['BENCH_PORT'] ?? 5191)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15)
const WORLDS = (process.env['BENCH_WORLDS'] ?? '5,2000').split(',').map(Number).filter((n) => n > 0)
const PAUSE_WORLDS = Number(process.env['BENCH_PAUSE_WORLDS'] ?? 2000)
const PAUSES = Number(process.env['BENCH_PAUSES'] ?? 7)
const WORKERS = process.env['BENCH_WORKERS'] // e.g. 4 to spread the layers over 4 workers (0 = all in the coordinator worker)
/** BENCH_RUN=atmOS,chaOS,mythOS: the default scenario with only these optional layers (to compare layers' cost on the page). */
const RUN = process.env['BENCH_RUN']

async function waitForServer(url: string) {
  for (let i = 0; i < 150; i++) {
    try { if ((await fetch(url)).ok) return } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`dev server did not start at ${url}`)
}

interface ProfileNode { id: number; callFrame: { url: string; functionName: string } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

/** A sample of the page's JS: not '(idle)', not '(program)' (native browser work), not the clock marker. */
const isJs = (fn: string): boolean => fn !== '(idle)' && fn !== '(program)' && fn !== '__benchMark'

/** JS ms per frame interval: the profile's JS samples (isJs) between consecutive frame starts. */
function jsPerFrame(profile: Profile, byId: ReadonlyMap<number, ProfileNode>, frameStarts: readonly number[], markPerfMs: number): number[] | null {
  const ts: number[] = []
  let t = profile.startTime
  for (const d of profile.timeDeltas) ts.push((t += d))
  const mark = profile.samples.findIndex((id) => byId.get(id)!.callFrame.functionName === '__benchMark')
  if (mark < 0) return null
  const offsetUs = ts[mark]! - markPerfMs * 1000
  const out = new Array<number>(Math.max(0, frameStarts.length - 1)).fill(0)
  let f = 0
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const fn = byId.get(profile.samples[i]!)!.callFrame.functionName
    if (!isJs(fn)) continue
    const at = (ts[i]! - offsetUs) / 1000
    while (f < frameStarts.length - 1 && frameStarts[f + 1]! <= at) f++
    if (at < frameStarts[0]! || f >= out.length) continue
    out[f]! += (ts[i + 1]! - ts[i]!) / 1000
  }
  return out
}

async function measure(page: Page, worlds: number) {
  // Above 5 worlds the cluster proposes 2.5 happenings/s in all, as the headless scale bench:
  // the default 0.5 per world would make every world apply n/2 entries a second (n² work).
  const scenario = ScenarioSchema.parse({ run: RUN === undefined ? [...DEFAULT_RUN] : RUN.split(',').filter((l) => l !== ''), nodes: { count: worlds }, ...(worlds > 5 ? { layers: { atmOS: { happeningsPerSec: 2.5 / worlds } } } : {}) })
  const t0 = Date.now()
  await page.goto(`http://127.0.0.1:${PORT}/${WORKERS !== undefined ? `?workers=${WORKERS}` : ''}#${encodeScenario(scenario)}`)
  await page.waitForFunction(() => (window as unknown as { __theos?: { getState(): { status: string } } }).__theos?.getState().status === 'running', null, { timeout: 120_000 })
  const startS = (Date.now() - t0) / 1000
  // A string, not a function: the TypeScript loader would wrap named functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__bench = { longTasks: [], frames: [] }
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration) }).observe({ type: 'longtask', buffered: false })
    function frame(t) { window.__bench.frames.push(t); requestAnimationFrame(frame) }
    requestAnimationFrame(frame)
    window.__benchMark = function __benchMark() { const t = performance.now(); while (performance.now() - t < 30) {} return t }
    window.__theos.getState().setSpeed(Infinity)
  })()`)
  await page.waitForTimeout(1000) // reach full speed
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
  await cdp.send('Profiler.start')
  const markMs = (await page.evaluate('window.__benchMark()')) as number
  const begin = (await page.evaluate(`(() => { window.__bench.frames.length = 0; window.__bench.longTasks.length = 0; return { sim: window.__theos.getState().simTimeUs, at: performance.now() } })()`)) as { sim: number; at: number }
  await page.waitForTimeout(SECONDS * 1000)
  const end = (await page.evaluate(`(() => ({ sim: window.__theos.getState().simTimeUs, at: performance.now(), events: window.__theos.getState().eventCount, longTasks: window.__bench.longTasks.slice(), frames: window.__bench.frames.slice() }))()`)) as { sim: number; at: number; events: number; longTasks: number[]; frames: number[] }
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile }
  await cdp.detach()

  const wallS = (end.at - begin.at) / 1000
  const frameMs = end.frames.slice(1).map((t, i) => t - end.frames[i]!)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const js = jsPerFrame(profile, byId, end.frames, markMs)
  const SIM = /\/src\/(kernel|layers|checkers|scenario)\/|@noble|pure-rand|zod/
  let simSamples = 0, busy = 0
  const selfBy = new Map<string, number>()
  for (const id of profile.samples) {
    const n = byId.get(id)!
    const fn = n.callFrame.functionName
    if (!isJs(fn)) continue
    busy++
    if (SIM.test(n.callFrame.url)) simSamples++
    const where = `${fn || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/\?.*$/, '')}`
    selfBy.set(where, (selfBy.get(where) ?? 0) + 1)
  }

  console.log(`\n${worlds} world${worlds === 1 ? '' : 's'} · default scenario${RUN === undefined ? '' : ` running ${RUN}`} · max speed · ${wallS.toFixed(1)} s · workers ${WORKERS ?? 'placed by cost'} · running after ${startS.toFixed(1)} s`)
  console.log(`achieved speed            ${((end.sim - begin.sim) / 1e6 / wallS).toFixed(2)}× real time (${((end.sim - begin.sim) / 1e6).toFixed(2)} sim-s)`)
  console.log(`long tasks (> 50 ms)      ${(end.longTasks.length / (wallS / 60)).toFixed(1)} per minute (longest ${Math.max(0, ...end.longTasks).toFixed(0)} ms)`)
  console.log(`frame time                median ${quantile(frameMs, 0.5).toFixed(1)} ms, p95 ${quantile(frameMs, 0.95).toFixed(1)} ms (${frameMs.length} frames, ${(frameMs.length / wallS).toFixed(1)} fps)`)
  if (js === null) console.log('main-thread JS per frame  (the profile missed the clock marker)')
  else console.log(`main-thread JS per frame  p95 ${quantile(js, 0.95).toFixed(1)} ms, median ${quantile(js, 0.5).toFixed(1)} ms, max ${Math.max(0, ...js).toFixed(1)} ms`)
  console.log(`main thread busy          ${((busy / profile.samples.length) * 100).toFixed(1)} % of samples; simulation code ${((simSamples / Math.max(1, busy)) * 100).toFixed(1)} % of the busy ones`)
  console.log('busiest functions (self time, % of busy samples):')
  for (const [where, k] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${((k / Math.max(1, busy)) * 100).toFixed(1).padStart(5)} %  ${where}`)

  if (worlds === PAUSE_WORLDS) {
    const times: number[] = []
    for (let i = 0; i < PAUSES; i++) {
      times.push(await pauseLatencyMs(page)) // returns once the status reads 'paused'
      await page.waitForTimeout(300)
      await page.click('[data-testid="play-pause"]') // play again, still at max speed
      await page.waitForTimeout(600)
    }
    console.log(`Pause click → 'paused'   median ${quantile(times, 0.5).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} clicks (${times.map((t) => t.toFixed(0)).join(', ')}) · target < 100 ms`)
  }
}

async function main() {
  const vite = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true })
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`)
    const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] })
    console.log(`browser main-thread budget · headless Chromium, SwiftShader · 1600×1000 · BENCH_SECONDS ${SECONDS}`)
    for (const worlds of WORLDS) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
      await measure(page, worlds)
      await page.close()
    }
    await browser.close()
  } finally {
    try { process.kill(-vite.pid!) } catch { /* already gone */ }
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1 })
