/** chronOS's clocks panel: the offset of every world over time, with a world picker. */
import { expect, test } from '@playwright/test'
import { collectErrors, openApp, saveScreenshot, scenarioHash, waitForSimTime } from './helpers'

test('the chronOS clocks tab draws every picked world\'s offset from cosmic time', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const errors = collectErrors(page)
  // A 50 ms jump on world 3 at 4 s: its line leaves zero and a jump mark is drawn.
  await openApp(page, scenarioHash({ seed: 4, run: ['atmOS', 'chaOS', 'chronOS', 'mythOS'], interventions: [{ kind: 'fault', atUs: 4_000_000, fault: 'clock_jump', target: 3, jumpMs: 50 }] }))
  await page.getByTestId('timeline-tab-clocks').click()
  await expect(page.getByTestId('clocks-panel')).toBeVisible({ timeout: 30_000 })
  await waitForSimTime(page, 12)
  const lines = page.getByTestId('clocks-line')
  await expect.poll(async () => lines.count()).toBeGreaterThanOrEqual(3) // clients 1, 3 and 4
  const d = (await lines.first().getAttribute('d')) ?? ''
  expect(d.length).toBeGreaterThan(40)
  await expect(page.getByTestId('clocks-jolt').first()).toBeVisible()
  // The picker removes a world's line.
  await page.getByTestId('clocks-pick-1').uncheck()
  await expect.poll(async () => lines.count()).toBe(2)
  await saveScreenshot(page, 'clocks')
  expect(errors).toEqual([])
})
