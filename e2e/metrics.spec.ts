/** The metrics chart: any metric of any layer, one line per chosen world or one for the cluster. */
import { expect, test, type Locator } from '@playwright/test'
import { collectErrors, fastForward, openApp, pixelStats, scenarioHash } from './helpers'

const attr = async (el: Locator, name: string): Promise<number> => Number((await el.getAttribute(name)) ?? '0')

test('the Metrics tab charts mythOS · term per world with a legend entry each, then a cluster metric', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const errors = collectErrors(page)
  await openApp(page, scenarioHash({ seed: 11 }))
  await fastForward(page, 4) // metrics are sampled by sim time: the same points, sooner

  await page.getByTestId('timeline-tab-metrics').click()
  const panel = page.getByTestId('metrics-panel')
  await expect(panel).toBeVisible()
  const select = page.getByTestId('metrics-select')
  const worlds = page.getByTestId('metrics-worlds')
  const legend = page.getByTestId('metrics-legend')
  const chart = page.getByTestId('metrics-chart')

  // Every layer's metrics, grouped by layer, labelled "layer · metric (unit)", described in a title.
  for (const layer of ['atmOS', 'mythOS', 'chaOS']) await expect(select.locator(`optgroup[label="${layer}"] option`).first()).toBeAttached()
  const term = select.locator('option', { hasText: 'mythOS · term (term)' })
  await expect(term).toHaveAttribute('title', /term/)

  // A per-world metric: one checkbox per world, all ticked (up to 8), a line and a legend entry each.
  await select.selectOption({ label: 'mythOS · term (term)' })
  await expect(panel).toHaveAttribute('data-metric', 'mythOS.term')
  const boxes = worlds.locator('input[type="checkbox"]')
  await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(3)
  const n = await boxes.count()
  const shown = Math.min(n, 8)
  await expect(worlds.locator('input[type="checkbox"]:checked')).toHaveCount(shown)
  const items = legend.getByTestId('metrics-legend-item')
  await expect(items).toHaveCount(shown)
  await expect.poll(() => attr(panel, 'data-series')).toBe(shown)
  expect(await attr(panel, 'data-points')).toBeGreaterThanOrEqual(shown * 2)
  await expect(page.getByTestId('metrics-empty')).toBeHidden()
  // Each legend entry names its world and reads a term (a whole number ≥ 1 once elected).
  for (let i = 0; i < shown; i++) {
    await expect(items.nth(i).locator('.mx-legend-name')).toHaveText(/\S/)
    await expect(items.nth(i).locator('.mx-legend-value')).toHaveText(/^\d+$/)
  }
  // The lines are drawn: pixels other than the plot's background, in the worlds' colours.
  const drawn = await pixelStats(page, chart.locator('canvas'))
  expect(drawn.nonBackground).toBeGreaterThan(300)
  // The axes read sim seconds and the value.
  await expect(chart.locator('g.tl-axis .tick text').first()).toBeAttached()
  await expect(chart.locator('g.tl-axis .tick text', { hasText: / s$/ }).first()).toBeAttached()

  // Unticking a world drops its line and its legend entry.
  await page.getByTestId('metrics-world-0').uncheck()
  await expect(items).toHaveCount(shown - 1)
  await expect.poll(() => attr(panel, 'data-series')).toBe(shown - 1)
  await page.getByTestId('metrics-world-0').check()
  await expect(items).toHaveCount(shown)

  await page.mouse.move(0, 0)
  await page.screenshot({ path: '/tmp/metrics-panel.png' })

  // A cluster-wide metric: one line, one legend entry, no world to pick.
  await select.selectOption({ label: 'atmOS · worldsUp (worlds)' })
  await expect(panel).toHaveAttribute('data-metric', 'atmOS.worldsUp')
  await expect(items).toHaveCount(1)
  await expect(items.first()).toHaveAttribute('data-world', 'cluster')
  await expect(items.first().locator('.mx-legend-value')).toHaveText(/^\d+$/)
  await expect(boxes).toHaveCount(0)
  await expect(worlds).toContainText('cluster-wide')
  await expect.poll(() => attr(panel, 'data-series')).toBe(1)
  await page.screenshot({ path: '/tmp/metrics-panel-cluster.png' })

  expect(errors).toEqual([])
})
