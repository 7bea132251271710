/**
 * npm run bench:browser — the main-thread budget in real (headless, software-rendered) Chromium:
 * the default scenario at max speed for BENCH_SECONDS (default 30), reporting long tasks (> 50 ms)
 * per minute, median frame time, the achieved speed, and the share of main-thread CPU spent in
 * simulation code (CPU-profile samples whose function lives in src/kernel, src/layers,
 * src/checkers, src/scenario or the hashing library), measured on the Vite dev server so that
 * samples can be attributed to modules. Figures are ratios/medians; compare, do not trust absolutes.
 */
import { spawn } from 'node:child_process'
import { chromium } from '@playwright/test'
import { ScenarioSchema } from '../src/scenario/schema'
import { encodeScenario } from '../src/scenario/url'

const PORT = 5191
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30)
const WORKERS = process.env['BENCH_WORKERS'] // e.g. 4 to spread the layers over 4 workers (0 = all in the coordinator worker)
/** BENCH_RUN=atmOS,chaOS,mythOS: the default scenario with only these optional layers (to compare layers' cost on the page). */
const RUN = process.env['BENCH_RUN']

async function waitForServer(url: string) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`dev server did not start at ${url}`)
}

interface ProfileNode { id: number; callFrame: { url: string; functionName: string }; children?: number[] }

async function main() {
  const vite = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true })
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`)
    const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] })
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    const hash = RUN === undefined ? '' : `#${encodeScenario(ScenarioSchema.parse({ run: RUN.split(',').filter((l) => l !== '') }))}`
    await page.goto(`http://127.0.0.1:${PORT}/${WORKERS !== undefined ? `?workers=${WORKERS}` : ''}${hash}`)
    await page.waitForFunction(() => (window as unknown as { __theos?: { getState(): { status: string } } }).__theos?.getState().status === 'running', null, { timeout: 60_000 })
    // A string, not a function: the TypeScript loader would wrap named functions in a helper the page lacks.
    await page.evaluate(`(() => {
      window.__bench = { longTasks: [], frames: [] }
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration) }).observe({ type: 'longtask', buffered: false })
      let last = performance.now()
      function frame(t) { window.__bench.frames.push(t - last); last = t; requestAnimationFrame(frame) }
      requestAnimationFrame(frame)
      window.__theos.getState().setSpeed(Infinity)
    })()`)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
    await cdp.send('Profiler.start')
    const sim0 = await page.evaluate(() => (window as unknown as { __theos: { getState(): { simTimeUs: number } } }).__theos.getState().simTimeUs)
    await page.waitForTimeout(SECONDS * 1000)
    const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: ProfileNode[]; samples: number[] } }
    const r = await page.evaluate(() => {
      const w = window as unknown as { __theos: { getState(): { simTimeUs: number; eventCount: number } }; __bench: { longTasks: number[]; frames: number[] } }
      return { sim: w.__theos.getState().simTimeUs, events: w.__theos.getState().eventCount, longTasks: w.__bench.longTasks, frames: w.__bench.frames }
    })
    await browser.close()

    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const SIM = /\/src\/(kernel|layers|checkers|scenario)\/|@noble|pure-rand|zod/
    let simSamples = 0, busy = 0
    const selfBy = new Map<string, number>()
    for (const id of profile.samples) {
      const n = byId.get(id)!
      const fn = n.callFrame.functionName
      if (fn === '(idle)' || fn === '(program)') continue
      busy++
      if (SIM.test(n.callFrame.url)) simSamples++
      const where = `${fn || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/\?.*$/, '')}`
      selfBy.set(where, (selfBy.get(where) ?? 0) + 1)
    }
    const top = [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 12)
    const total = profile.samples.length
    const frames = r.frames.slice(5).sort((a, b) => a - b)
    const median = frames[Math.floor(frames.length / 2)] ?? NaN
    console.log(`browser main-thread budget · default scenario${RUN === undefined ? '' : ` running ${RUN}`} · max speed · ${SECONDS} s · workers ${WORKERS ?? 'placed by cost'}`)
    console.log(`achieved speed          ${((r.sim - sim0) / 1e6 / SECONDS).toFixed(1)}× real time`)
    console.log(`long tasks (> 50 ms)    ${(r.longTasks.length / (SECONDS / 60)).toFixed(1)} per minute (longest ${Math.max(0, ...r.longTasks).toFixed(0)} ms)`)
    console.log(`median frame time       ${median.toFixed(1)} ms (${frames.length} frames)`)
    console.log(`main thread busy        ${((busy / total) * 100).toFixed(1)} % of samples`)
    console.log(`simulation work         ${((simSamples / total) * 100).toFixed(1)} % of main-thread time (${((simSamples / Math.max(1, busy)) * 100).toFixed(1)} % of its busy time)`)
    console.log('busiest functions (self time, % of busy samples):')
    for (const [where, k] of top) console.log(`  ${((k / Math.max(1, busy)) * 100).toFixed(1).padStart(5)} %  ${where}`)
  } finally {
    try { process.kill(-vite.pid!) } catch { /* already gone */ }
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1 })
