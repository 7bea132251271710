/**
 * Thousands of worlds in the page: a 2,000-world run shows its leader (named, with its halo), the
 * cosmos is drawn, the labels stay a handful of DOM nodes (a few worlds named, the rest counted per
 * screen cell: crowd.ts), the 3D particles carry their sampling note when the layers list fewer
 * than are in flight, and Pause shows in the status bar. A screenshot at 1440×900 for a person.
 */
import { expect, test } from '@playwright/test'
import { collectErrors, expectPaused, openApp, pixelStats, runStatus, saveScreenshot, scenarioHash } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

test('2,000 worlds: a leader named, the canvas drawn, labels bounded, Pause shown', async ({ page }) => {
  test.setTimeout(90_000)
  const errors = collectErrors(page)
  await openApp(page, scenarioHash({ seed: 1, nodes: { count: 2000 }, layers: { atmOS: { happeningsPerSec: 0.002 } } }))

  const cosmos = page.getByTestId('cosmos-canvas')
  const leader = cosmos.locator('[data-testid="world-label"][data-leader="true"]')
  await expect(leader.first(), 'the leader is named in the cosmos').toBeVisible({ timeout: 45_000 })
  await expect(leader.first()).toHaveText(/\S/)

  // Bounded labels: never one per world. A few named, the rest counted.
  const labelNodes = await cosmos.locator('[data-testid="world-label"], [data-testid="world-cluster-label"]').count()
  expect(labelNodes).toBeGreaterThan(1)
  expect(labelNodes).toBeLessThanOrEqual(100)
  const clusters = cosmos.locator('[data-testid="world-cluster-label"]')
  expect(await clusters.count()).toBeGreaterThan(0)
  const counted = await clusters.evaluateAll((els) => els.reduce((k, el) => k + Number((el as HTMLElement).dataset['count'] ?? 0), 0))
  expect(counted, 'the cluster counts add up to worlds on screen').toBeGreaterThan(100)
  expect(counted).toBeLessThanOrEqual(2000)

  // Not blank: the worlds, coloured, are on the canvas.
  const px = await pixelStats(page, cosmos.locator('canvas').first())
  expect(px.nonBackground / px.total, 'the canvas shows the worlds').toBeGreaterThan(0.01)
  expect(px.gold, 'the leader and its halo').toBeGreaterThan(0)

  // Pause is reflected in the status.
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running')
  await page.getByTestId('play-pause').click()
  await expectPaused(page)
  await expect(runStatus(page)).toHaveText('paused')
  await saveScreenshot(page, 'thousands-2000')
  expect(errors).toEqual([])
})
