/**
 * Seeking from the timelines, and the timelines' fixes of issue 13, at 1440×900: a click on a time
 * axis takes the whole sandbox to that moment (backwards too) and pauses there, with a progress
 * bar on the way; Shift+←/→ on a focused timeline steps; "Both" shows every world's lane; the
 * type filter and a selected range leave the plot a usable height; a brush stops at the run so
 * far; "no events" is said only when nothing is drawn; 50 worlds scroll with the wheel (drawn
 * only in view), Ctrl + wheel zooms.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { expectPaused, openApp, runStatus, saveScreenshot, scenarioHash, simSeconds } from './helpers'

/** The axis's ticks as (seconds, x) pairs, in page px (read at once: the axis redraws as it likes). */
async function ticks(axis: Locator): Promise<{ s: number; x: number }[]> {
  return axis.evaluate((g) => Array.from(g.querySelectorAll('.tick')).flatMap((tick) => {
    const s = Number.parseFloat(tick.textContent ?? '')
    const r = tick.getBoundingClientRect()
    return Number.isFinite(s) ? [{ s, x: r.x + r.width / 2 }] : []
  }))
}

/** The page x of sim time `seconds` on an axis (interpolated between its outer ticks). */
async function xOf(axis: Locator, seconds: number): Promise<number> {
  const t = await ticks(axis)
  expect(t.length).toBeGreaterThan(1)
  const a = t[0]!
  const b = t[t.length - 1]!
  return a.x + ((seconds - a.s) * (b.x - a.x)) / (b.s - a.s)
}

/** Wait until the run is paused within `tol` s of `seconds` (a seek back replays from 0 first). */
async function expectPausedNear(page: Page, seconds: number, tol: number) {
  await expect
    .poll(async () => (await runStatus(page).getAttribute('data-status')) === 'paused' && Math.abs((await simSeconds(page)) - seconds) < tol, {
      message: `paused at ${seconds} ± ${tol} s`,
      timeout: 60_000,
    })
    .toBe(true)
}

/** Open a scenario that stops at `stopS` and run it there at full speed. */
async function runTo(page: Page, hash: string, stopS: number) {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openApp(page, hash)
  await page.getByTestId('speed').press('End')
  await expectPaused(page)
  await expect(page.getByTestId('sim-time')).toContainText(`${stopS.toFixed(3)} s`)
}

test('a click on the time axis takes the whole sandbox back to that moment, paused; Shift+←/→ step; "Both" shows every world', async ({ page }) => {
  // Did the seek's progress bar show at any moment? (A link made at 120 s opens by replaying
  // them at full speed: about a second here, past the bar's delay.)
  await page.addInitScript(() => {
    const w = window as unknown as { __sawSeekBar: string | null }
    w.__sawSeekBar = null
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=seek-progress]')
        if (bar) w.__sawSeekBar = bar.textContent
      }).observe(document.body, { childList: true, subtree: true, characterData: true })
    })
  })
  await runTo(page, scenarioHash({ seed: 11, stopUs: 120_000_000 }), 120)
  expect(await page.evaluate(() => (window as unknown as { __sawSeekBar: string | null }).__sawSeekBar), 'a progress bar showed on the way')
    .toMatch(/going to 120\.000 s.*\d+%/)
  await expect(page.getByTestId('seek-progress')).toHaveCount(0)

  const axis = page.getByTestId('log-axis')
  const strip = page.getByTestId('log-axis-strip')
  // The first seconds (Home), zoomed out a notch (−), by keyboard: 10 s is well inside the axis.
  await page.getByTestId('log-timeline').locator('.tl-plot').focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('-')
  await expect.poll(async () => Math.max(...(await ticks(axis)).map((x) => x.s))).toBeGreaterThanOrEqual(12)

  // A click on the axis at 10 s: back there, paused.
  // (Clicked again only if the page, busy, did not take the first click: it goes to the same moment.)
  await expect(async () => {
    const sb = (await strip.boundingBox())!
    await page.mouse.click(await xOf(axis, 10), sb.y + 4)
    await expect.poll(() => simSeconds(page), { timeout: 10_000 }).toBeLessThan(100)
  }).toPass({ timeout: 60_000 })
  await expectPausedNear(page, 10, 0.15)
  const t = await simSeconds(page)
  // The cursor on the axis sits at the sim time.
  const cursor = page.getByTestId('log-axis-cursor')
  await expect.poll(async () => {
    const c = await cursor.boundingBox()
    return c ? Math.abs(c.x + c.width / 2 - (await xOf(axis, t))) : Number.POSITIVE_INFINITY
  }).toBeLessThan(3)
  await saveScreenshot(page, 'seek-back-10s')

  // Shift+→ on the focused plot: a step on (a tenth of the span, rounded: 2 s); Shift+← twice: two back.
  await page.getByTestId('log-timeline').locator('.tl-plot').focus()
  await page.keyboard.press('Shift+ArrowRight')
  await expectPausedNear(page, t + 2, 0.02)
  await page.keyboard.press('Shift+ArrowLeft')
  await page.keyboard.press('Shift+ArrowLeft')
  await expectPausedNear(page, t - 2, 0.02)

  // "Both" at 1440×900: the two timelines side by side, every world's lane in view.
  await page.getByTestId('timeline-tab-both').click()
  const lanes = page.getByTestId('consensus-lanes')
  const box = (await lanes.boundingBox())!
  for (let w = 0; w < 5; w++) {
    const lane = page.getByTestId(`lane-node-${w}`)
    await expect(lane).toBeVisible()
    const b = (await lane.boundingBox())!
    expect(b.y, `world ${w}'s lane is inside the plot`).toBeGreaterThanOrEqual(box.y - 0.5)
    expect(b.y + b.height, `world ${w}'s lane is inside the plot`).toBeLessThanOrEqual(box.y + box.height + 0.5)
  }
  await saveScreenshot(page, 'seek-both-1440')
})

test('the type filter and a selected range leave the plot a usable height; a brush stops at the run so far; "no events" only when none is drawn', async ({ page }) => {
  await runTo(page, scenarioHash({ seed: 11, stopUs: 12_000_000, layers: { chaOS: { entropy: 0.6 } } }), 12)
  const timeline = page.getByTestId('log-timeline')
  await expect.poll(async () => Number((await timeline.getAttribute('data-marks')) ?? '0')).toBeGreaterThan(0)
  await expect(page.getByTestId('log-empty')).toBeHidden()
  // Zoom out: the axis now shows a little past 12 s, where nothing has happened yet.
  const plot = timeline.locator('.tl-plot')
  await plot.focus()
  await page.keyboard.press('-')
  await page.keyboard.press('-')
  await expect.poll(async () => Math.max(...(await ticks(page.getByTestId('log-axis'))).map((t) => t.s))).toBeGreaterThanOrEqual(12)
  // Shift+drag from 8 s to the plot's right edge (past 12 s): the range ends at 12 s.
  const axis = page.getByTestId('log-axis')
  const pb = (await plot.boundingBox())!
  await page.keyboard.down('Shift')
  await page.mouse.move(await xOf(axis, 8), pb.y + 10)
  await page.mouse.down()
  await page.mouse.move(pb.x + pb.width - 2, pb.y + 12, { steps: 5 })
  await page.mouse.up()
  await page.keyboard.up('Shift')
  const range = page.getByTestId('log-range')
  await expect(range).toContainText(/– 12\.000 s: \d+ events/)
  // The type filter open over the plot, one type hidden: the lanes keep their room.
  await page.getByTestId('log-type-filter').locator('summary').click()
  const filter = page.getByTestId('log-type-filter')
  await filter.locator('input[type=checkbox]').last().uncheck()
  await expect(filter).toContainText(/\d+ of \d+ shown/)
  const lanes = (await page.getByTestId('log-lanes').boundingBox())!
  expect(lanes.height, 'the plot keeps a usable height').toBeGreaterThanOrEqual(90)
  await expect(range.locator('table')).toBeVisible()
  await expect(range).toContainText(/– 12\.000 s: \d+ events/)
  await saveScreenshot(page, 'timelines-filter-range')
  // Every type hidden: now, and only now, the plot says so.
  await filter.getByRole('button', { name: 'none' }).click()
  await expect(page.getByTestId('log-empty')).toHaveText('no event types shown')
  await filter.getByRole('button', { name: 'all' }).click()
  await expect(page.getByTestId('log-empty')).toBeHidden()
})

test('50 worlds: the wheel scrolls the lanes (only those in view are drawn), Ctrl + wheel zooms', async ({ page }) => {
  await runTo(page, scenarioHash({ seed: 11, nodes: { count: 50 }, stopUs: 3_000_000 }), 3)
  await page.getByTestId('timeline-tab-consensus').click()
  const lanes = page.getByTestId('consensus-lanes')
  await expect(page.getByTestId('lane-node-0')).toBeVisible()
  await expect(page.getByTestId('consensus-lanes-note')).toContainText('of 50')
  // Virtualised: labels only for the lanes in view (and one either side).
  const labels = () => page.locator('[data-testid^="lane-node-"]').count()
  await expect.poll(labels).toBeLessThan(30)
  await expect(page.getByTestId('lane-node-49')).toHaveCount(0)
  const axis = page.getByTestId('consensus-axis')
  await expect.poll(async () => (await ticks(axis)).length).toBeGreaterThan(1)
  const before = (await ticks(axis)).map((t) => t.s)
  const box = (await lanes.boundingBox())!
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 200)
  await expect(page.getByTestId('lane-node-49')).toBeVisible()
  expect(await lanes.evaluate((el) => el.scrollTop)).toBeGreaterThan(0)
  expect(await labels()).toBeLessThan(30)
  expect((await ticks(axis)).map((t) => t.s), 'a plain wheel does not zoom').toEqual(before)
  await expect(page.getByTestId('consensus-lanes-note')).toContainText('49 of 50')
  await saveScreenshot(page, 'timelines-50-scrolled')
  await page.keyboard.down('Control')
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -240)
  await page.keyboard.up('Control')
  await expect.poll(async () => (await ticks(axis)).map((t) => t.s)).not.toEqual(before)
})
