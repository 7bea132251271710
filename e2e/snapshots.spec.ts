/**
 * hypnOS and oneirOS as a person meets them: a world down while the others compacted their logs
 * comes back and gets the leader's snapshot — a heavier green stream of chunks in 3D, a green
 * band on its lane in the consensus timeline, the transfer's progress in oneirOS's inspector —
 * then shows the snapshot it installed and the log it now holds. hypnOS's inspector tells each
 * world's load and compactions. Screenshots at 1440×900 under e2e/screenshots/snapshots-*.png.
 */
import { expect, test, type Page } from '@playwright/test'
import { expectPaused, openApp, saveScreenshot, scenarioHash, setSpeed, SPEED } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

const RUN = ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'hypnOS', 'oneirOS']
/** World 2 is down 1–9 s; meanwhile every other world compacts (a snapshot every 20 entries); at 9.23 s the leader starts sending it its snapshot (22 chunks of 256 bytes, ≈ 0.7 s). */
const SCENARIO = {
  seed: 5,
  run: RUN,
  layers: { chaOS: { entropy: 0 }, atmOS: { happeningsPerSec: 3 }, hypnOS: { snapshotCount: 20, catchUpEntries: 5 }, oneirOS: { chunkBytes: 256, windowChunks: 4 } },
  interventions: [
    { kind: 'lifecycle' as const, atUs: 1_000_000, node: 2, action: 'crash' as const },
    { kind: 'lifecycle' as const, atUs: 9_000_000, node: 2, action: 'restart' as const },
  ],
}

const snapshotPackets = (page: Page) =>
  page.evaluate(() => (window as unknown as { __frameBuffer: { views: { oneirOS?: { inFlight: { kind: string; to: number }[] } } } }).__frameBuffer.views.oneirOS?.inFlight.filter((p) => p.kind === 'snapshot' && p.to === 2).length ?? 0)

test('a world back from a long crash receives the leader\'s snapshot: a green stream in 3D, a band on its lane, the transfer in oneirOS\'s inspector', async ({ page }) => {
  await openApp(page, scenarioHash({ ...SCENARIO, stopUs: 9_480_000 }))
  await page.getByTestId('timeline-tab-consensus').click()
  await expectPaused(page)
  await expect(page.getByTestId('sim-time')).toContainText('9.48')
  // Chunks on their way from the leader to world 2, drawn in the cosmos.
  expect(await snapshotPackets(page)).toBeGreaterThan(0)
  // Zoom the consensus timeline onto the last seconds: world 2's lane has its green band.
  const plot = page.getByTestId('consensus-timeline').locator('.tl-plot')
  const box = (await plot.boundingBox())!
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2)
  await page.keyboard.down('Control') // Ctrl + wheel zooms the time axis (a plain wheel scrolls the lanes)
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -240)
  await page.keyboard.up('Control')
  // The band's tooltip names the transfer (over the band, left of now: the axis runs a little past it).
  await page.mouse.move(box.x + box.width * 0.88, box.y + box.height / 2)
  await expect(page.getByTestId('consensus-tooltip')).toContainText(/world 2: receiving a snapshot at \d+ from world \d+/)
  await page.mouse.move(box.x + 10, box.y - 60) // out of the way for the picture
  await expect(page.getByTestId('consensus-tooltip')).toHaveCount(0)
  await saveScreenshot(page, 'snapshots-stream')
  await page.getByTestId('layer-oneirOS').getByRole('button').first().click()
  const transfers = page.getByTestId('oneiros-transfers')
  await expect(transfers).toBeVisible()
  await expect(transfers).toContainText('→ 2')
  await expect(transfers.locator('progress')).toHaveCount(1)
  await saveScreenshot(page, 'snapshots-transfer')

  // On (at 10×: the transfer, not its pace): the snapshot is installed; mythOS's inspector shows world 2's log starting after it.
  await setSpeed(page, SPEED.x10)
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('oneiros-idle')).toBeVisible({ timeout: 60_000 })
  await page.getByTestId('layer-mythOS').getByRole('button').first().click()
  const row2 = page.getByTestId('mythos-nodes').locator('tbody tr').nth(2)
  const cells = row2.locator('td')
  await expect(cells.nth(11)).toHaveText(/^\d+$/) // its last snapshot: the one it installed, or a later one of its own
  const first = Number(/^(\d+)–/.exec((await cells.nth(10).textContent()) ?? '')?.[1] ?? 0)
  expect(first, 'world 2\'s log starts after the snapshot it installed').toBeGreaterThan(60)
  await page.getByTestId('play-pause').click()
  await expectPaused(page)
  await saveScreenshot(page, 'snapshots-installed')
})

test('hypnOS\'s inspector: each world\'s load against the threshold, its jobs and what the last compaction freed', async ({ page }) => {
  await openApp(page, scenarioHash({ ...SCENARIO, interventions: [], stopUs: 8_000_000 }))
  await expectPaused(page)
  await page.getByTestId('layer-hypnOS').getByRole('button').first().click()
  const table = page.getByTestId('hypnos-table')
  await expect(table).toBeVisible()
  await expect(table.locator('tbody tr')).toHaveCount(5)
  // Every world compacted at least once: its last job's entries went from more to fewer.
  for (let w = 0; w < 5; w++) await expect(table.locator('tbody tr').nth(w)).toContainText(/\d+ → \d+/)
  await saveScreenshot(page, 'snapshots-hypnos')
})

test.describe('at 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } })

  test('the transfer scene on a large screen: both timelines side by side, the green band on world 2\'s lane', async ({ page }) => {
    await openApp(page, scenarioHash({ ...SCENARIO, stopUs: 9_480_000 }))
    await expectPaused(page)
    await expect(page.getByTestId('consensus-timeline')).toBeVisible()
    expect(await snapshotPackets(page)).toBeGreaterThan(0)
    await saveScreenshot(page, 'snapshots-1920')
  })
})
