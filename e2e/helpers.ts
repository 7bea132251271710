/** Shared steps of the end-to-end specs: open the app, read the status bar, look at pixels. */
import { expect, type Locator, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { ScenarioSchema, type ScenarioInput } from '../src/scenario/schema'
import { encodeScenario } from '../src/scenario/url'

export const SCREENSHOT_DIR = 'e2e/screenshots'

/** Save a screenshot of the whole page under e2e/screenshots/<name>.png (gitignored). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` })
}

/** The fragment (with '#') of a scenario given as schema input (defaults fill the rest). */
export const scenarioHash = (input: ScenarioInput): string => `#${encodeScenario(ScenarioSchema.parse(input))}`

/** Console errors and uncaught exceptions of a page, collected from now on. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  return errors
}

export const runStatus = (page: Page): Locator => page.getByTestId('run-status')

/** Open the app (optionally with a fragment) and wait until the run has started (or paused at a stop time). */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`)
  await expect(runStatus(page)).toHaveAttribute('data-status', /running|paused/, { timeout: 90_000 })
}

/** Sim time in seconds as the status bar shows it ("12.340 s"). */
export async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('sim-time').textContent()) ?? ''
  const m = /([\d.]+)\s*s/.exec(text)
  if (!m) throw new Error(`sim-time reads "${text}"`)
  return Number(m[1])
}

/** Wait until the sim clock passes `seconds` (read every 100 ms: no second lost to a poll's back-off). */
export async function waitForSimTime(page: Page, seconds: number, timeout = 90_000): Promise<void> {
  await expect.poll(() => simSeconds(page), { timeout, intervals: [100], message: `sim time should pass ${seconds} s` }).toBeGreaterThanOrEqual(seconds)
}

/**
 * Notches of the speed slider (20 per decade from 0.1×): what a spec sets to reach a sim time
 * sooner where it waits on the run's behaviour, not on real-time pacing.
 */
export const SPEED = { real: 20, x4: 32, x10: 40 } as const

/** Set the speed slider to a notch (SPEED), or to its last one ('max': as fast as the workers go). */
export async function setSpeed(page: Page, notch: number | 'max'): Promise<void> {
  const speed = page.getByTestId('speed')
  if (notch === 'max') {
    await speed.press('End')
    await expect(page.getByTestId('speed-value')).toHaveText('max')
  } else {
    await speed.fill(String(notch))
    await expect(speed).toHaveValue(String(notch))
  }
}

/** Run on at a higher speed until the sim clock passes `seconds`, then back to real time (1×). */
export async function fastForward(page: Page, seconds: number, notch: number | 'max' = SPEED.x10): Promise<void> {
  await setSpeed(page, notch)
  await waitForSimTime(page, seconds)
  await setSpeed(page, SPEED.real)
}

/**
 * Run to `seconds` exactly (the Run-to field) at a higher speed, paused there (no pause() needed
 * after it: the run stops at `seconds` by itself, nothing is in flight); the speed is back at real
 * time (1×) afterwards, as a person would have left it. Paused first, so the run cannot pass
 * `seconds` while the field is filled in (a run never goes back in time): call it well before
 * `seconds`.
 */
export async function runToAt(page: Page, seconds: number, notch: number | 'max' = 'max'): Promise<void> {
  await pause(page)
  expect(await simSeconds(page), `paused before ${seconds} s`).toBeLessThan(seconds)
  await setSpeed(page, notch)
  await page.getByTestId('run-to-input').fill(String(seconds))
  await page.getByTestId('run-to-go').click()
  await expect(page.getByTestId('sim-time')).toHaveText(`${seconds.toFixed(3)} s`, { timeout: 90_000 })
  await expectPaused(page)
  await setSpeed(page, SPEED.real)
}

/**
 * Step the paused run one window at a time until `check` passes (something asked while paused
 * lands at a window boundary): each step is seen to move the sim clock, then `check` (give it a
 * short timeout: the panels refresh at 4 Hz) looks for the change.
 */
export async function stepUntil(page: Page, check: () => Promise<void>, timeout = 30_000): Promise<void> {
  await expect(async () => {
    const before = await simSeconds(page)
    await page.getByTestId('step').click()
    await expect.poll(() => simSeconds(page), { intervals: [50], timeout: 5_000 }).toBeGreaterThan(before)
    await check()
  }).toPass({ timeout, intervals: [0] })
}

export const fingerprint = async (page: Page): Promise<string> => ((await page.getByTestId('fingerprint').textContent()) ?? '').trim()

export async function expectPaused(page: Page): Promise<void> {
  await expect(runStatus(page)).toHaveAttribute('data-status', 'paused')
}

/**
 * Pause through the Play/Pause button (no-op when already paused), and wait until the status bar
 * has settled: the window in flight when the button was pressed still completes and publishes.
 */
export async function pause(page: Page): Promise<void> {
  if ((await runStatus(page).getAttribute('data-status')) === 'running') await page.getByTestId('play-pause').click()
  await expectPaused(page)
  await waitForSettled(page)
}

/** Wait until sim time and fingerprint read the same twice, 300 ms apart. */
export async function waitForSettled(page: Page): Promise<void> {
  let last = ''
  await expect
    .poll(async () => {
      const now = `${await simSeconds(page)}|${await fingerprint(page)}`
      const same = now === last
      last = now
      return same
    }, { intervals: [300], timeout: 15_000 })
    .toBe(true)
}

/** "× 4.2 real time" → 4.2 */
export async function achievedSpeed(page: Page): Promise<number> {
  const text = (await page.getByTestId('speed-achieved').textContent()) ?? ''
  const m = /×\s*([\d.]+)/.exec(text)
  if (!m) throw new Error(`speed-achieved reads "${text}"`)
  return Number(m[1])
}

export interface PixelStats {
  total: number
  /** Pixels that are not the deep-space background. */
  nonBackground: number
  /** Pixels in the leader's gold (hue 42°–58°, saturated, bright): the leader and its halo. */
  gold: number
  /** Pixels in the followers' teal (hue 165°–185°, saturated). */
  teal: number
}

/**
 * Look at what a person sees: screenshot an element, then decode the PNG in the page (no image
 * library needed in Node) and classify its pixels.
 */
export async function pixelStats(page: Page, target: Locator): Promise<PixelStats> {
  const png = await target.screenshot()
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(bitmap, 0, 0)
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height)
    // Deep space is #04060d.
    const stats = { total: bitmap.width * bitmap.height, nonBackground: 0, gold: 0, teal: 0 }
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!
      if (Math.abs(r - 4) + Math.abs(g - 6) + Math.abs(b - 13) > 30) stats.nonBackground++
      const max = Math.max(r, g, b), min = Math.min(r, g, b)
      const sat = max === 0 ? 0 : (max - min) / max
      if (max < 90 || sat < 0.35) continue
      let hue: number
      const d = max - min
      if (max === r) hue = 60 * (((g - b) / d) % 6)
      else if (max === g) hue = 60 * ((b - r) / d + 2)
      else hue = 60 * ((r - g) / d + 4)
      if (hue < 0) hue += 360
      if (hue >= 42 && hue <= 58) stats.gold++
      else if (hue >= 165 && hue <= 185) stats.teal++
    }
    return stats
  }, png.toString('base64'))
}

/**
 * Open a world's context menu by right-clicking just above a world's name label in the cosmos
 * (each world carries its label just below it). Returns false when no world could be hit.
 */
export async function openWorldMenu(page: Page, name?: string): Promise<boolean> {
  const labels = page.getByTestId('cosmos-canvas').locator('div > div').filter({ hasText: name === undefined ? /\S/ : new RegExp(`^${name}$`) })
  const hero = await page.getByTestId('cosmos-canvas').boundingBox()
  for (let i = 0; i < (await labels.count()); i++) {
    const box = await labels.nth(i).boundingBox()
    if (!box || !hero || box.x < hero.x || box.y < hero.y + 20 || box.x > hero.x + hero.width) continue
    // A leader's label sits lower (below its halo's glow): try further up too.
    for (const dy of [8, 14, 22, 34, 48, 62]) {
      await page.mouse.click(box.x + box.width / 2, box.y - dy, { button: 'right' })
      if (await page.getByTestId('world-menu').isVisible()) return true
    }
  }
  return false
}

/**
 * Run to `seconds` (at full speed, paused there) and open a world's inspector from its context menu (the way a person
 * does): returns the inspector drawer.
 */
export async function inspectWorldAt(page: Page, seconds: number): Promise<Locator> {
  await runToAt(page, seconds)
  await page.waitForTimeout(300)
  expect(await openWorldMenu(page), 'right-clicking a world opens its menu').toBe(true)
  await page.getByTestId('world-menu-inspect').click()
  const drawer = page.getByTestId('world-inspector')
  await expect(drawer).toBeVisible()
  return drawer
}

export interface SimSummary {
  fingerprint: string
  simTimeUs: number
  events: number
  violations: unknown[]
}

/** `npm run sim -- --scenario <url> --until <s>`: its last line, the run's summary. */
export function runCli(url: string, untilS: number): SimSummary {
  let stdout: string
  try {
    stdout = execFileSync('npm', ['run', '--silent', 'sim', '--', '--scenario', url, '--until', String(untilS)], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 170_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (e) {
    // Exit 1 means an invariant was violated: the summary is still printed, and still comparable.
    const err = e as { status?: number; stdout?: string; stderr?: string }
    if (err.status !== 1 || !err.stdout) throw new Error(`npm run sim failed (exit ${err.status}): ${err.stderr ?? ''}`, { cause: e })
    stdout = err.stdout
  }
  const last = stdout.trim().split('\n').filter((l) => l.trim() !== '').at(-1) ?? ''
  return JSON.parse(last) as SimSummary
}

/**
 * Click Pause (the running run's Play/Pause button) and return ms from the click event (its
 * timestamp: queueing included) to the status bar's data-status reading 'paused' (a
 * MutationObserver in the page). Used by e2e/pause.spec.ts and npm run bench:browser.
 */
export async function pauseLatencyMs(page: Page): Promise<number> {
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running', { timeout: 30_000 })
  // A string, not a function: the TypeScript loader would wrap named functions in a helper the page lacks.
  await page.evaluate(`(() => {
    const status = document.querySelector('[data-testid="run-status"]')
    window.__pauseLatency = new Promise((resolve) => {
      document.addEventListener('click', (e) => {
        const clickedAt = e.timeStamp
        const check = () => { if (status.getAttribute('data-status') === 'paused') { observer.disconnect(); resolve(performance.now() - clickedAt) } }
        const observer = new MutationObserver(check)
        observer.observe(status, { attributes: true, attributeFilter: ['data-status'] })
        check()
      }, { capture: true, once: true })
    })
  })()`)
  await page.getByTestId('play-pause').click()
  const ms = (await page.evaluate('window.__pauseLatency')) as number
  await expectPaused(page)
  return ms
}
