/** chronOS's clocks panel: the offset of every world over time, with a world picker. */
import { expect, test, type Page } from '@playwright/test'
import { collectErrors, fastForward, openApp, openWorldMenu, pause, runToAt, saveScreenshot, scenarioHash, setSpeed, SPEED, stepUntil } from './helpers'

/** A world's name as the 3D view labels it. */
const worldName = async (page: Page, id: number): Promise<string> =>
  (await page.evaluate(`window.__frameBuffer.views.atmOS.worlds.find((w) => w.id === ${id}).name`)) as string

test('the chronOS clocks tab draws every picked world\'s offset from cosmic time', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const errors = collectErrors(page)
  // A 50 ms jump on world 3 at 4 s: its line leaves zero and a jump mark is drawn.
  await openApp(page, scenarioHash({ seed: 4, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS'], interventions: [{ kind: 'fault', atUs: 4_000_000, fault: 'clock_jump', target: 3, jumpMs: 50 }] }))
  await page.getByTestId('timeline-tab-clocks').click()
  await expect(page.getByTestId('clocks-panel')).toBeVisible({ timeout: 30_000 })
  // At 4×, not flat out: the panel samples the clocks every 250 ms of real time (one per sim-second at 4×).
  await fastForward(page, 12, SPEED.x4)
  const lines = page.getByTestId('clocks-line')
  await expect.poll(async () => lines.count()).toBeGreaterThanOrEqual(3) // clients 1, 3 and 4
  const d = (await lines.first().getAttribute('d')) ?? ''
  expect(d.length).toBeGreaterThan(40)
  await expect(page.getByTestId('clocks-jolt').first()).toBeVisible()
  // The picker removes a world's line.
  await page.getByTestId('clocks-pick-1').uncheck()
  await expect.poll(async () => lines.count()).toBe(2)
  await saveScreenshot(page, 'clocks')
  expect(errors).toEqual([])
})

test('the clocks tab opened after a while shows the run so far, not only what follows', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  const errors = collectErrors(page)
  await openApp(page, scenarioHash({ seed: 4, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS'] }))
  // Run with another tab shown, then pause: the history was sampled all along.
  await fastForward(page, 8, SPEED.x4)
  await pause(page)
  await page.getByTestId('timeline-tab-clocks').click()
  await expect(page.getByTestId('clocks-panel')).toBeVisible({ timeout: 30_000 })
  await expect.poll(async () => page.getByTestId('clocks-line').count()).toBeGreaterThanOrEqual(3)
  await expect(page.getByTestId('clocks-sampling')).toHaveCount(0)
  // The time axis spans the run so far (sampled from the page's start), not from the pause at ~8 s.
  const ticks = await page.getByTestId('clocks-chart').locator('text').allTextContents()
  const seconds = ticks.filter((t) => / s$/.test(t)).map((t) => Number.parseFloat(t))
  expect(new Set(seconds).size, `distinct time ticks: ${seconds.join(', ')}`).toBeGreaterThan(2)
  expect(Math.min(...seconds)).toBeLessThan(3)
  await saveScreenshot(page, 'clocks-opened-late')
  expect(errors).toEqual([])
})

test('a clock jumped back 500 ms from a world\'s menu is stepped by its discipline: the inspector shows the offset, the 3D view rings the world', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  const errors = collectErrors(page)
  // The default scenario (every built layer), quiet, so the jump is the only jolt.
  await openApp(page, scenarioHash({ seed: 3, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS'], layers: { chaOS: { entropy: 0 } } }))
  // The clocks tab first (its history is sampled from the start either way).
  await page.getByTestId('timeline-tab-clocks').click()
  await expect(page.getByTestId('clocks-panel')).toBeVisible({ timeout: 30_000 })
  await runToAt(page, 6)
  // chronOS runs: chaOS's panel offers a clock jump among its manual faults.
  await expect(page.getByTestId('fault-clock-jump')).toBeVisible()
  // World 0 is a stratum-1 server (its reference clock absorbs a jump): no clock jump offered.
  expect(await openWorldMenu(page, await worldName(page, 0)), 'right-clicking world 0 opens its menu').toBe(true)
  await expect(page.getByTestId('world-menu-corrupt_ledger')).toBeVisible()
  await expect(page.getByTestId('world-menu-clock_jump_back')).toHaveCount(0)
  await page.keyboard.press('Escape')
  // World 1 is an NTP client: chronOS runs, so its menu offers the clock jumps (and karmOS's corruption).
  expect(await openWorldMenu(page, await worldName(page, 1)), 'right-clicking world 1 opens its menu').toBe(true)
  await expect(page.getByTestId('world-menu-clock_jump_back')).toBeVisible()
  await expect(page.getByTestId('world-menu-corrupt_ledger')).toBeVisible()
  await page.getByTestId('world-menu-inspect').click()
  const drawer = page.getByTestId('world-inspector')
  await expect(drawer).toBeVisible()
  const offset = drawer.getByTestId('world-clock-offset')
  await expect(offset).toHaveText(/^[+−]0\.\d{3} ms$/) // synchronised within a millisecond
  await drawer.getByTestId('world-clock_jump_back').click()
  // Step the paused run until the jump has happened: the offset reads about −500 ms …
  await stepUntil(page, () => expect(offset).toHaveText(/^−(4\d\d|5\d\d)\.\d{3} ms$/, { timeout: 600 }))
  // The clocks chart follows (its axis reaches −400 ms): then the picture of the jump.
  await expect(page.getByTestId('clocks-chart')).toContainText('-400 ms', { timeout: 10_000 })
  await saveScreenshot(page, 'clock-jumped-3d')
  // … and past NTP's step threshold the discipline steps it back within a few polls: the clocks
  // tab marks both, the jump (dashed) and the step (solid). At 4×: there sooner (the marks are the run’s own events).
  await setSpeed(page, SPEED.x4)
  await page.getByTestId('play-pause').click()
  await expect(offset).toHaveText(/^[+−]\d\.\d{3} ms$/, { timeout: 90_000 })
  await pause(page)
  await expect.poll(async () => page.getByTestId('clocks-jolt').count()).toBeGreaterThanOrEqual(2)
  await saveScreenshot(page, 'clock-stepped')
  expect(errors).toEqual([])
})
