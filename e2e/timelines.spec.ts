/** The logOS and mythOS timelines draw lanes and marks, and Ctrl + wheel zooms their time axis. */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { fastForward, openApp, pause, saveScreenshot, scenarioHash } from './helpers'

const tickLabels = async (axis: Locator): Promise<string[]> => axis.locator('.tick text').allTextContents()

async function marks(timeline: Locator): Promise<number> {
  return Number((await timeline.getAttribute('data-marks')) ?? '0')
}

async function wheelZoomChangesTicks(page: Page, timeline: Locator, axis: Locator) {
  const before = await tickLabels(axis)
  expect(before.length).toBeGreaterThan(1)
  const canvas = timeline.locator('canvas').first()
  const box = await canvas.boundingBox()
  expect(box).not.toBeNull()
  await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height / 2)
  // Ctrl + wheel zooms; a plain wheel scrolls the lanes.
  await page.keyboard.down('Control')
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, -240)
    await page.waitForTimeout(80)
  }
  await page.keyboard.up('Control')
  await expect.poll(() => tickLabels(axis)).not.toEqual(before)
}

test('the logOS timeline has lanes by layer and marks, and Ctrl + wheel zooms its axis', async ({ page }) => {
  // Some chaos so several layers have something to say.
  await openApp(page, scenarioHash({ seed: 11, layers: { chaOS: { entropy: 0.8 } } }))
  await fastForward(page, 4)
  await page.getByTestId('timeline-tab-log').click()
  const timeline = page.getByTestId('log-timeline')
  await expect(timeline).toBeVisible()
  await expect(timeline.getByTestId('lane-mythOS')).toBeVisible()
  await expect.poll(() => marks(timeline)).toBeGreaterThan(0)
  await pause(page)
  await wheelZoomChangesTicks(page, timeline, page.getByTestId('log-axis'))
})

test('the mythOS consensus timeline has a lane per world and marks, and Ctrl + wheel zooms its axis', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 11, layers: { chaOS: { entropy: 0.5 } } }))
  await fastForward(page, 4)
  await page.getByTestId('timeline-tab-consensus').click()
  const timeline = page.getByTestId('consensus-timeline')
  await expect(timeline).toBeVisible()
  for (let world = 0; world < 5; world++) await expect(timeline.getByTestId(`lane-node-${world}`)).toBeVisible()
  await expect.poll(() => marks(timeline)).toBeGreaterThan(0)
  await pause(page)
  await wheelZoomChangesTicks(page, timeline, page.getByTestId('consensus-axis'))
})

test('both timelines together at 1920×1080', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openApp(page, scenarioHash({ seed: 11, layers: { chaOS: { entropy: 0.6 } } }))
  await fastForward(page, 6)
  await page.getByTestId('timeline-tab-both').click()
  await expect(page.getByTestId('log-timeline')).toBeVisible()
  await expect(page.getByTestId('consensus-timeline')).toBeVisible()
  await expect.poll(() => marks(page.getByTestId('consensus-timeline'))).toBeGreaterThan(0)
  await saveScreenshot(page, 'running-1920')
})
