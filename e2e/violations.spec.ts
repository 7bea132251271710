import { expect, test } from '@playwright/test'
import { collectErrors, expectPaused, openApp, saveScreenshot, scenarioHash, simSeconds } from './helpers'

/**
 * A crafted failing scenario (mythOS's skipLogCheck switch: votes granted without the up-to-date
 * log check) opened from a link: the status bar says Raft is broken on purpose and counts the
 * violation; a click on it in the list jumps there, paused; Shrink ends in a shorter failing link.
 */
test('jump to a violation of a run with Raft broken on purpose, and shrink it', async ({ page }) => {
  const errors = collectErrors(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await openApp(page, scenarioHash({ seed: 4, run: ['atmOS', 'chaOS', 'mythOS'], layers: { chaOS: { entropy: 1 }, mythOS: { bugs: ['skipLogCheck'] } }, stopUs: 14_000_000 }))
  await expect(page.getByTestId('raft-broken')).toContainText('Raft broken on purpose: skipLogCheck')
  await expectPaused(page)
  expect(await simSeconds(page)).toBeCloseTo(14, 1)
  const count = page.getByTestId('violations')
  await expect(count).not.toHaveAttribute('data-count', '0')

  await count.click()
  const first = page.getByTestId('violation-jump').first()
  await expect(first).toContainText('raft')
  await expect(first).toContainText('leader completeness')
  const atUs = Number(await first.getAttribute('data-t'))
  expect(atUs).toBeGreaterThan(5_000_000)
  expect(atUs).toBeLessThan(14_000_000)
  await first.click()
  // The whole sandbox goes back to the violation's window and pauses there; its world is selected.
  await expect.poll(() => simSeconds(page), { timeout: 60_000 }).toBeCloseTo(Math.ceil(atUs / 10_000) / 100, 2)
  await expectPaused(page)
  await expect(page.getByTestId('world-inspector')).toBeVisible()

  // The list stays open after a jump: the same violation is there again (the run replayed to it).
  await expect(page.getByTestId('violations-list')).toBeVisible()
  await page.getByTestId('shrink-start').click()
  await expect(page.getByTestId('shrink-progress')).toBeVisible()
  await saveScreenshot(page, 'violations-shrinking')
  await expect(page.getByTestId('shrink-result')).toBeVisible({ timeout: 150_000 })
  const url = await page.getByTestId('shrink-url').inputValue()
  expect(url).toMatch(/#s1\./)
  await expect(page.getByTestId('shrink-result')).toContainText('still fails')
  await saveScreenshot(page, 'violations-shrunk')
  expect(errors).toEqual([])
})
