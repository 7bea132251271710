/**
 * Fixes from the newcomer's walk-through (issue 13), each as a person meets it at 1440×900: a
 * broken link stays in the address bar (so it can be copied and mended) until the person changes
 * something; Heal is offered only when there is a partition to heal; SPACE still plays and pauses
 * after a timeline tab was clicked.
 */
import { expect, test } from '@playwright/test'
import { decodeScenario } from '../src/scenario/url'
import { expectPaused, openApp, pause, runStatus, scenarioHash, stepUntil, waitForSimTime } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

test('a broken link stays in the address bar until the person changes something', async ({ page }) => {
  await page.goto('/#s1.brokenlink+x')
  await expect(runStatus(page)).toHaveAttribute('data-status', /running|paused/, { timeout: 90_000 })
  await expect(page.getByTestId('notice').filter({ hasText: 'could not be opened' })).toContainText('stays in the address bar')
  await waitForSimTime(page, 1)
  expect(new URL(page.url()).hash).toBe('#s1.brokenlink+x')
  // A change publishes the scenario that runs.
  await page.getByTestId('seed').fill('9')
  await page.getByTestId('seed').press('Enter')
  await expect.poll(() => new URL(page.url()).hash).not.toBe('#s1.brokenlink+x')
  const d = decodeScenario(new URL(page.url()).hash)
  expect(d.ok && d.scenario.seed).toBe(9)
})

test('Heal is offered only while a partition is in effect', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 1)
  await pause(page)
  const heal = page.getByTestId('fault-heal')
  await expect(heal).toBeDisabled()
  await expect(heal).toHaveAttribute('title', 'No partition is in effect: nothing to heal')
  await page.getByTestId('fault-partition-minority').click()
  await stepUntil(page, () => expect(heal).toBeEnabled({ timeout: 500 }))
  await heal.click()
  await stepUntil(page, () => expect(heal).toBeDisabled({ timeout: 500 }))
})

test('SPACE plays and pauses after a timeline tab was clicked', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 0.5)
  await page.getByTestId('timeline-tab-consensus').click()
  await expect(page.getByTestId('timeline-tab-consensus')).toBeFocused()
  await page.keyboard.press('Space')
  await expectPaused(page)
  await expect(page.getByTestId('timeline-tab-consensus')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Space')
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running')
})

test('a notice sits at the top right of the cosmos, clear of the worlds, and closes by itself', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 1)
  await page.getByTestId('run-to-input').fill('90000')
  await page.getByTestId('run-to-input').press('Enter')
  const notice = page.getByTestId('notice').filter({ hasText: 'Run to: enter a sim time' })
  await expect(notice).toBeVisible()
  const box = (await notice.boundingBox())!
  const cosmos = (await page.getByTestId('cosmos-canvas').boundingBox())!
  expect(box.x, 'in the right half of the cosmos').toBeGreaterThan(cosmos.x + cosmos.width / 2 - 40)
  expect(box.y).toBeLessThan(cosmos.y + 80)
  await expect(notice).toHaveCount(0, { timeout: 15_000 })
})

test('zooming a timeline out stops at the run so far and a tenth more (no hours of empty future)', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, stopUs: 30_000_000 }))
  await page.getByTestId('speed').press('End')
  await expectPaused(page)
  const plot = page.getByTestId('log-timeline').locator('.tl-plot')
  const box = (await plot.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  // Ctrl + wheel zooms (a plain wheel scrolls the lanes): ten notches of 1,600 px ask as much
  // zoom out as forty of 400 (2^−3.2 each against 2^−0.8: 2^−32 in all).
  await page.keyboard.down('Control')
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 1600)
  await page.keyboard.up('Control')
  const seconds = async () => (await page.getByTestId('log-axis').locator('.tick text').allTextContents()).map((t) => Number.parseFloat(t)).filter((x) => Number.isFinite(x))
  await expect.poll(async () => Math.max(...(await seconds()))).toBeGreaterThanOrEqual(20)
  expect(Math.max(...(await seconds())), 'the axis ends near the 30 s of data').toBeLessThanOrEqual(36)
})

test('the keyboard picks a world ([ and ]) and zooms a timeline (+ and −)', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, stopUs: 12_000_000 }))
  await page.getByTestId('speed').press('End')
  await expectPaused(page)
  await page.keyboard.press(']')
  const drawer = page.getByTestId('world-inspector')
  await expect(drawer).toBeVisible()
  await expect(drawer).toHaveAttribute('data-world', '0')
  await page.keyboard.press(']')
  await expect(drawer).toHaveAttribute('data-world', '1')
  await page.keyboard.press('[')
  await page.keyboard.press('[')
  await expect(drawer).toHaveAttribute('data-world', '4')
  await drawer.getByRole('button', { name: 'Close world inspector' }).click()
  // Tab to a timeline's plot, then zoom in with + : the axis ticks get closer in time.
  const plot = page.getByTestId('log-timeline').locator('.tl-plot')
  await plot.focus()
  const ticks = async () => (await page.getByTestId('log-axis').locator('.tick text').allTextContents()).map((t) => Number.parseFloat(t)).filter((x) => Number.isFinite(x))
  const before = await ticks()
  for (let i = 0; i < 4; i++) await page.keyboard.press('+')
  await expect.poll(async () => { const t = await ticks(); return t[t.length - 1]! - t[0]! }).toBeLessThan(before[before.length - 1]! - before[0]!)
  await page.keyboard.press('Home')
  await expect.poll(async () => (await ticks())[0]).toBeLessThanOrEqual(0.5)
})
