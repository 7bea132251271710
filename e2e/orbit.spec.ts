/**
 * The orbit controls of the cosmos (three's OrbitControls, wired in src/views/cosmos/OrbitControls):
 * a drag turns the view and it glides on a little after the release (damping), the wheel zooms,
 * within limits. Read through the worlds' name labels, which are projected from the camera every
 * frame: on a paused run nothing else moves them.
 */
import { expect, test, type Page } from '@playwright/test'
import { expectPaused, openApp, scenarioHash } from './helpers'

/** Each label's screen position (px, relative to the hero), in world order. */
const labels = (page: Page) =>
  page.getByTestId('cosmos-canvas').evaluate((hero) => {
    const origin = hero.getBoundingClientRect()
    const layer = hero.children[1]!
    return Array.from(layer.children, (el) => {
      const r = el.getBoundingClientRect()
      return [Math.round(r.x - origin.x), Math.round(r.y - origin.y)] as [number, number]
    })
  })

/** The spread of the labels: the mean distance from their centroid (smaller when zoomed out). */
const spread = (pts: [number, number][]) => {
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length
  return pts.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0) / pts.length
}

test('drag orbits the view with damping, the wheel zooms within limits', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, layers: { chaOS: { entropy: 0 } }, stopUs: 0 }))
  await expectPaused(page)
  const hero = page.getByTestId('cosmos-canvas')
  await expect.poll(async () => (await labels(page)).length).toBe(5)
  // Settled: the camera fit is done and nothing moves on its own.
  let still = await labels(page)
  await expect
    .poll(async () => {
      const now = await labels(page)
      const same = JSON.stringify(now) === JSON.stringify(still)
      still = now
      return same
    }, { intervals: [300] })
    .toBe(true)

  // Drag across empty space (the top-left corner is stars only): the view turns…
  const box = (await hero.boundingBox())!
  const x = box.x + 40
  const y = box.y + 40
  await page.mouse.move(x, y)
  await page.mouse.down()
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + i * 25, y + i * 4)
  await page.mouse.up()
  const released = await labels(page)
  expect(released).not.toEqual(still)
  // …and glides on after the release (damping), then settles.
  await expect.poll(async () => JSON.stringify(await labels(page))).not.toBe(JSON.stringify(released))

  // Zoom out: the worlds draw together; far enough and the maximum distance holds them.
  const before = spread(await labels(page))
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  // Ten notches of a mouse wheel (100 px each: ×1/0.95 the distance per notch).
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 100)
  await expect.poll(async () => spread(await labels(page))).toBeLessThan(before * 0.8)
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 1000)
  await page.waitForTimeout(1500)
  const far = spread(await labels(page))
  expect(far, 'the maximum distance keeps the worlds in sight').toBeGreaterThan(2)
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 1000)
  await page.waitForTimeout(1500)
  expect(Math.abs(spread(await labels(page)) - far)).toBeLessThan(1.5)
})
