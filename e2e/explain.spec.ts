/**
 * A picture that explains itself (issue 13, item 5), at 1440 × 900: the legend lists what the
 * default run draws and covers no world; the first-visit tour (asked for with ?tour=1, as
 * automation never gets it otherwise) can be skipped and stays closed after a reload; every control
 * is in sight without scrolling the page; the leader's name is clear of its halo and the layer
 * inspector never covers the leader; the gallery opens a scenario (address bar and run follow).
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { parseGallery } from '../src/scenario/gallery'
import { collectErrors, fastForward, runStatus, runToAt, saveScreenshot, simSeconds } from './helpers'

type Box = { x: number; y: number; width: number; height: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox()
  if (b === null) throw new Error('not laid out')
  return b
}

/** Every part of `l` inside the viewport. */
async function expectInViewport(page: Page, l: Locator, name: string): Promise<void> {
  await expect(l, name).toBeVisible()
  const b = await box(l)
  const v = page.viewportSize()!
  expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0)
  expect(b.y + b.height, `${name} bottom within ${v.height} px`).toBeLessThanOrEqual(v.height)
  expect(b.x + b.width, `${name} right within ${v.width} px`).toBeLessThanOrEqual(v.width)
}

/** The leader's label, and where on the page its world's centre and its halo's edge are. */
async function leaderGeometry(page: Page) {
  const label = page.locator('[data-testid="world-label"][data-leader="true"]').first()
  await expect(label).toBeAttached({ timeout: 30_000 })
  const canvas = await box(page.getByTestId('cosmos-canvas'))
  const [cx, cy, halo] = await Promise.all(['data-cx', 'data-cy', 'data-halo-px'].map(async (a) => Number(await label.getAttribute(a))))
  return { label, centre: { x: canvas.x + cx!, y: canvas.y + cy! }, haloPx: halo! }
}

test('the legend, the tour, controls in reach, the leader in sight and the gallery, at 1440×900', async ({ page }) => {
  const errors = collectErrors(page)
  await page.setViewportSize({ width: 1440, height: 900 })

  // The tour: asked for by ?tour=1 (automation does not get it by itself), skippable, remembered.
  await page.goto('/?tour=1')
  await expect(runStatus(page)).toHaveAttribute('data-status', /running|paused/, { timeout: 90_000 })
  const tour = page.getByTestId('tour')
  await expect(tour).toBeVisible()
  await expect(tour).toHaveAttribute('data-step', '0')
  // Its first step opens the legend it talks about (closed until then: a plain visit under automation has none).
  await expect(page.getByTestId('legend')).toBeVisible()
  await expect(page.getByTestId('tour-next')).toBeFocused()
  await saveScreenshot(page, 'explain-tour-1440')
  await page.keyboard.press('ArrowRight')
  await expect(tour).toHaveAttribute('data-step', '1')
  await page.getByTestId('tour-next').click()
  await expect(tour).toHaveAttribute('data-step', '2')
  await page.getByTestId('tour-skip').click()
  await expect(tour).toHaveCount(0)
  await page.reload()
  await expect(runStatus(page)).toHaveAttribute('data-status', /running|paused/, { timeout: 90_000 })
  await page.waitForTimeout(1_500) // longer than the tour waits before it opens
  await expect(tour).toHaveCount(0)
  // … and the "? Tour" button brings it back; Escape closes it.
  await page.getByTestId('tour-button').click()
  await expect(tour).toHaveAttribute('data-step', '0')
  await page.keyboard.press('Escape')
  await expect(tour).toHaveCount(0)

  // The legend of the default run (left open, remembered): roles, the halo, statuses, partitions,
  // messages; no learner (5 voters of 5). Its button closes and reopens it.
  await fastForward(page, 3)
  const legend = page.getByTestId('legend')
  await expect(legend).toBeVisible()
  const toggle = page.getByTestId('legend-toggle')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await toggle.click()
  await expect(legend).toBeHidden()
  await toggle.press('Enter')
  await expect(legend).toBeVisible()
  for (const id of ['leader', 'halo', 'follower', 'candidate', 'crashed', 'quarantined', 'cut-link', 'rift', 'packet-vote', 'packet-heartbeat', 'packet-append', 'clock-jump', 'moons', 'suspect', 'election-arc'])
    await expect(page.getByTestId(`legend-${id}`), id).toBeVisible()
  await expect(page.getByTestId('legend-learner')).toHaveCount(0)
  await expect(page.getByTestId('legend-halo')).toHaveAttribute('title', /leads/)
  await page.waitForTimeout(800) // the worlds glide aside for the legend
  const legendBox = await box(legend)
  const labels = page.getByTestId('world-label')
  await expect(labels).toHaveCount(5)
  for (const l of await labels.all()) expect(overlaps(await box(l), legendBox), `${await l.textContent()} under the legend`).toBe(false)

  // Every control in reach without scrolling the page.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(900)
  await expectInViewport(page, page.getByTestId('play-pause'), 'play/pause')
  await expectInViewport(page, page.getByTestId('run-to-input'), 'run to')
  await expectInViewport(page, page.getByRole('tab', { name: 'logOS events' }), 'timelines')
  await expectInViewport(page, page.getByTestId('slider-entropy'), 'entropy slider')
  await expectInViewport(page, page.getByTestId('slider-crashRatePerMin'), 'crash rate slider')
  await expectInViewport(page, page.getByRole('heading', { name: /Pantheon/ }), 'pantheon heading')
  await expectInViewport(page, page.getByTestId('layer-cosmOS'), 'pantheon: its first layer')
  await expectInViewport(page, page.getByTestId('share'), 'share')

  // The leader's name is below its whole halo, and visible.
  const leader = await leaderGeometry(page)
  await expect(leader.label).toBeVisible()
  const labelBox = await box(leader.label)
  expect(leader.haloPx).toBeGreaterThan(4)
  const clearOfHalo = labelBox.y >= leader.centre.y + leader.haloPx - 1 || labelBox.y + labelBox.height <= leader.centre.y - leader.haloPx + 1
  expect(clearOfHalo, `the label (${labelBox.y}–${labelBox.y + labelBox.height}) clear of the halo (${leader.centre.y} ± ${leader.haloPx})`).toBe(true)
  await saveScreenshot(page, 'explain-1440')

  // The layer inspector does not cover the leader: the worlds move into the room it leaves.
  await page.getByTestId('layer-mythOS').getByRole('button', { name: /^mythOS:/ }).click()
  const inspector = page.getByTestId('layer-inspector')
  await expect(inspector).toBeVisible()
  await page.waitForTimeout(1_000)
  const inspectorBox = await box(inspector)
  const moved = await leaderGeometry(page)
  expect(moved.centre.x - moved.haloPx, 'the leader and its halo right of the inspector').toBeGreaterThan(inspectorBox.x + inspectorBox.width)
  expect(overlaps(await box(moved.label), inspectorBox)).toBe(false)
  await saveScreenshot(page, 'explain-inspector-1440')
  await page.keyboard.press('Escape')
  await expect(inspector).toHaveCount(0)

  // The gallery opens a scenario: the address bar holds its link, and the run is that scenario.
  const entry = parseGallery().find((e) => e.id === 'leader-crash')!
  if (!entry.ok) throw new Error(entry.error)
  await page.getByTestId('gallery-button').click()
  const gallery = page.getByTestId('gallery')
  await expect(gallery).toBeVisible()
  await expect(page.getByTestId('gallery-minority-partition')).toContainText('never elect')
  await saveScreenshot(page, 'explain-gallery-1440')
  const open = page.getByTestId('gallery-open-leader-crash')
  await expect(open).toHaveAttribute('href', entry.link)
  await open.click()
  await expect(gallery).toBeHidden()
  await expect.poll(() => new URL(page.url()).hash, { timeout: 30_000 }).toBe(entry.link)
  await expect(page.getByTestId('seed')).toHaveValue(String(entry.parsed.seed))
  await expect(page.getByTestId('layer-health-chronOS')).toHaveText('not in this run')
  // Its story: the leader crashes at 5 s and a new one is elected.
  expect(await simSeconds(page)).toBeLessThan(5)
  await runToAt(page, 5.5)
  await expect
    .poll(() => page.evaluate(() => ((window as unknown as { __frameBuffer: { views: { atmOS?: { worlds: { status: string }[] } } } }).__frameBuffer.views.atmOS?.worlds ?? []).filter((w) => w.status === 'crashed').length))
    .toBe(1)

  // 1920 × 1080: the same controls in sight.
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.waitForTimeout(800)
  await expectInViewport(page, page.getByRole('heading', { name: /Pantheon/ }), 'pantheon heading at 1920')
  await expectInViewport(page, page.getByTestId('slider-entropy'), 'entropy slider at 1920')
  await expectInViewport(page, page.getByTestId('legend'), 'legend at 1920')
  await saveScreenshot(page, 'explain-1920')
  expect(errors).toEqual([])
})
