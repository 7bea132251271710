/** What a person sees when the app opens: the page, the worlds in 3D, the panels. */
import { expect, test } from '@playwright/test'
import { PANTHEON } from '../src/layers/pantheon'
import { BUILT_LAYERS } from '../src/layers/index'
import { collectErrors, expectPaused, fastForward, openApp, openWorldMenu, pixelStats, runToAt, saveScreenshot, scenarioHash, stepUntil, waitForSimTime } from './helpers'

test('the app loads and runs with no console errors', async ({ page }) => {
  const errors = collectErrors(page)
  await openApp(page)
  await expect(page).toHaveTitle('simulation')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running')
  await fastForward(page, 2)
  await expect(page.getByTestId('fingerprint')).toHaveText(/^[0-9a-f]{16,}$/)
  await saveScreenshot(page, 'running')
  expect(errors).toEqual([])
})

test('the WebGL canvas shows the worlds (non-blank pixels)', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 0.5)
  const canvas = page.getByTestId('cosmos-canvas')
  await expect(canvas.locator('canvas')).toBeVisible()
  const stats = await pixelStats(page, canvas)
  // Stars alone are a few hundred pixels; five worlds, their orbits and labels are thousands.
  expect(stats.nonBackground, JSON.stringify(stats)).toBeGreaterThan(stats.total * 0.005)
  expect(stats.teal + stats.gold, JSON.stringify(stats)).toBeGreaterThan(200)
})

test('the worlds change colour when a leader is elected', async ({ page }) => {
  // A quiet run (no faults) that stops at the big bang: nobody leads yet.
  await openApp(page, scenarioHash({ seed: 3, layers: { chaOS: { entropy: 0 } }, stopUs: 0 }))
  await expectPaused(page)
  const canvas = page.getByTestId('cosmos-canvas')
  const before = await pixelStats(page, canvas)

  await runToAt(page, 4) // at full speed: the run's behaviour, not its pace

  // mythOS agrees there is a leader…
  await page.getByTestId('layer-mythOS').getByRole('button').click()
  const inspector = page.getByTestId('layer-inspector')
  await expect(inspector.getByTestId('mythos-nodes')).toContainText('leader')
  await page.getByRole('button', { name: 'Close inspector' }).click()
  await expect(inspector).toBeHidden()
  await page.waitForTimeout(500) // let the 3D view draw the last frame

  // …and the worlds show it: the leader's gold appears where there was only followers' teal.
  const after = await pixelStats(page, canvas)
  expect(before.gold, `before ${JSON.stringify(before)}`).toBeLessThan(40)
  expect(after.gold, `before ${JSON.stringify(before)} after ${JSON.stringify(after)}`).toBeGreaterThan(before.gold + 60)
  await saveScreenshot(page, 'leader-elected')
})

test('the Pantheon lists every layer honestly, and a built one opens its live inspector', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 1)
  for (const { name, reference } of PANTHEON) {
    const row = page.getByTestId(`layer-${name}`)
    await expect(row).toContainText(name)
    await expect(row).toContainText(reference)
    if (name === 'theOS') await expect(row).toContainText(/in the page.*in the run: the orchestrator/s)
    if (BUILT_LAYERS.includes(name)) await expect(row).toHaveAttribute('data-built', 'true')
    else await expect(row).toContainText('not yet built')
  }
  await expect(page.getByTestId('layer-mythOS')).toContainText(/coordinator worker|worker \d+|main thread/)
  await expect(page.getByTestId('layer-health-mythOS')).toHaveText(/ok|violation|host dead/)

  await page.getByTestId('layer-mythOS').getByRole('button').click()
  const inspector = page.getByTestId('layer-inspector')
  await expect(inspector).toBeVisible()
  await expect(inspector.getByTestId('mythos-nodes').locator('tbody tr')).toHaveCount(5)
  await saveScreenshot(page, 'inspector-open')

  await page.getByTestId('layer-atmOS').getByRole('button').click()
  await expect(inspector.getByTestId('atmos-worlds').locator('tbody tr')).toHaveCount(5)
  await page.getByTestId('layer-cosmOS').getByRole('button').click()
  await expect(inspector.getByTestId('cosmos-placement')).toContainText('mythOS')
  await page.keyboard.press('Escape')
  await expect(inspector).toBeHidden()
})

test('a partition shows as an active fault and in the network inspector', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 5, layers: { chaOS: { entropy: 0 } } }))
  await fastForward(page, 3)
  await page.getByTestId('fault-partition-minority').click()
  await expect(page.getByTestId('active-faults')).toContainText('partition', { timeout: 30_000 })
  await page.waitForTimeout(1500) // let the rift and the re-election show
  await page.getByTestId('layer-pneumOS').getByRole('button').click()
  await expect(page.getByTestId('network-partitions')).toBeVisible()
  await page.keyboard.press('Escape')
  await saveScreenshot(page, 'partitioned')
  await page.getByTestId('fault-heal').click()
  await expect(page.getByTestId('active-faults-empty')).toBeVisible({ timeout: 30_000 })
})

test('a world has a keyboard-usable context menu and an inspector drawer', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, layers: { chaOS: { entropy: 0 } } }))
  await runToAt(page, 3)
  await page.waitForTimeout(300)

  expect(await openWorldMenu(page), 'right-clicking a world opens its menu').toBe(true)
  const menu = page.getByTestId('world-menu')
  await expect(menu.getByRole('menuitem').first()).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('world-menu-crash')).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter') // Inspect
  await expect(menu).toBeHidden()
  const drawer = page.getByTestId('world-inspector')
  await expect(drawer).toBeVisible()
  await expect(drawer).toContainText(/follower|leader|candidate/)
  await saveScreenshot(page, 'world-inspector')

  // Crash from the drawer (the keyboard path to the same faults), then step so it lands.
  await drawer.getByTestId('world-crash').click()
  await stepUntil(page, () => expect(drawer).toContainText('crashed', { timeout: 600 }))
})
