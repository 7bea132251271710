/**
 * The first frame at 1440×900 with the code-split page: the parts loaded lazily (timelines, d3,
 * inspectors) arrive without moving anything, and the frame is complete — worlds, panels,
 * timelines — with no error on the way.
 */
import { expect, test, type Page } from '@playwright/test'
import { collectErrors, openApp, pixelStats, saveScreenshot, waitForSimTime } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

const boxes = (page: Page) =>
  page.evaluate(() =>
    ['.hero', '.timelines', '.sidebar', '.statusbar', '.timeline-slot'].map((sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect()
      return r ? [sel, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)].join(' ') : `${sel} missing`
    }),
  )

test('the first frame at 1440×900 is complete, and nothing jumps as the lazy parts arrive', async ({ page }) => {
  const errors = collectErrors(page)
  const lazyChunks: string[] = []
  page.on('request', (r) => {
    if (/\/assets\/(LogTimeline|ConsensusTimeline|MetricsPanel|LayerInspector|WorldInspector)-/.test(r.url())) lazyChunks.push(r.url())
  })
  await page.goto('/')
  // The layout as soon as the shell is there, whether or not the timeline's chunk has arrived.
  await expect(page.locator('.timeline-slot')).toBeVisible()
  const early = await boxes(page)

  await openApp(page)
  await waitForSimTime(page, 1)
  const timeline = page.getByTestId('log-timeline')
  await expect(timeline).toBeVisible()
  await expect(page.locator('.chunk-loading')).toHaveCount(0)
  expect(await boxes(page)).toEqual(early)

  // The worlds are drawn, and the timeline has events on it.
  const stats = await pixelStats(page, page.getByTestId('cosmos-canvas'))
  expect(stats.teal + stats.gold, JSON.stringify(stats)).toBeGreaterThan(200)
  // The lazy parts are fetched (the timeline when shown, the rest once the page is idle).
  await expect.poll(() => lazyChunks.length).toBeGreaterThanOrEqual(5)
  await saveScreenshot(page, 'first-frame-1440')
  expect(errors).toEqual([])
})
