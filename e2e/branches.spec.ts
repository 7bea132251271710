/**
 * Seek, fork and diff at 1440×900: a link made at 30 s opens paused there; going back to 10 s
 * reads the CLI's fingerprint for `--until 10`; a fork at 10 s with another slider value differs
 * from its parent from a first divergent event on, shown with both histories overlaid.
 */
import { expect, test } from '@playwright/test'
import { expectPaused, fingerprint, openApp, runCli, saveScreenshot, scenarioHash, simSeconds } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

const LINK = { seed: 31, interventions: [{ kind: 'fault' as const, atUs: 20_000_000, fault: 'crash' as const, target: 'leader' as const }], stopUs: 30_000_000 }

test('a link made at 30 s opens paused at 30.000 s; Run to 10 goes back there on the CLI’s fingerprint; a fork at 10 s with more loss diverges from main', async ({ page }) => {
  const t0 = Date.now()
  await openApp(page, scenarioHash(LINK))
  await expect(page.getByTestId('sim-time')).toHaveText(/^30\.000 s/, { timeout: 30_000 })
  await expectPaused(page)
  const openMs = Date.now() - t0
  console.log(`opened a link made at 30 s in ${openMs} ms (page load included)`)
  expect(openMs, 'a link at 30 s opens in a few seconds, not 30').toBeLessThan(20_000)

  // Back to 10 s through Run to: the run replays its scenario to there, paused.
  await page.getByTestId('run-to-input').fill('10')
  await page.getByTestId('run-to-input').press('Enter')
  await expect(page.getByTestId('sim-time')).toHaveText(/^10\.000 s/, { timeout: 30_000 })
  await expectPaused(page)
  const cli = runCli(page.url(), 10)
  expect(await fingerprint(page)).toBe(cli.fingerprint)

  // Fork here, change the loss slider in the branch, compare with main.
  await page.getByTestId('fork').click()
  await expect(page.getByTestId('branches-popover')).toBeVisible()
  await expect(page.getByTestId('branch-fork-1')).toHaveAttribute('aria-current', 'true')
  expect(await simSeconds(page)).toBe(10)
  await page.getByTestId('branches').click() // close it to reach the sliders
  const forkHash = new URL(page.url()).hash
  const slider = page.getByTestId('slider-lossRate')
  await slider.focus()
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => new URL(page.url()).hash, { message: 'the slider move is recorded in the branch’s link' }).not.toBe(forkHash)
  await page.getByTestId('branches').click()
  await page.getByTestId('compare-main').click()
  const first = page.getByTestId('diff-first')
  await expect(first).toContainText('First divergent event', { timeout: 60_000 })
  const at = Number(/at ([\d.]+) s/.exec((await first.textContent()) ?? '')?.[1])
  expect(at).toBeGreaterThanOrEqual(10)
  await expect(page.getByTestId('diff-overlay').locator('path').first()).toBeVisible()
  await saveScreenshot(page, 'branches-diff-1440')
})
