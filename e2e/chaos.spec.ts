/** The chaOS panel: every slider with its unit, keyboard use, and throttled commits. */
import { expect, test } from '@playwright/test'
import { CHAOS_SLIDERS } from '../src/scenario/schema'
import { decodeScenario } from '../src/scenario/url'
import { openApp, scenarioHash, waitForSimTime } from './helpers'

test('every chaOS slider is a labelled native range with its unit in aria-valuetext', async ({ page }) => {
  await openApp(page)
  for (const name of CHAOS_SLIDERS) {
    const slider = page.getByTestId(`slider-${name}`)
    await expect(slider).toHaveAttribute('type', 'range')
    await expect(slider).toHaveAttribute('aria-valuetext', /\S/)
    // A <label> names it.
    expect(await slider.evaluate((el: HTMLInputElement) => el.labels?.length ?? 0)).toBe(1)
  }
  await expect(page.getByTestId('slider-crashRatePerMin')).toHaveAttribute('aria-valuetext', /\/world\/min/)
  await expect(page.getByTestId('slider-restartDelayMs')).toHaveAttribute('aria-valuetext', /^\d+ ms$/)
  await expect(page.getByTestId('slider-value-lossRate')).toHaveText(/^\d+\.\d %$/)
})

test('a slider moved from the keyboard records at most one intervention per ~150 ms', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 2 }))
  await waitForSimTime(page, 0.3)
  const slider = page.getByTestId('slider-crashRatePerMin')
  const before = await page.getByTestId('slider-value-crashRatePerMin').textContent()
  await slider.focus()
  const started = Date.now()
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight')
  const elapsedMs = Date.now() - started
  await page.waitForTimeout(400) // the trailing commit lands
  const shown = (await page.getByTestId('slider-value-crashRatePerMin').textContent()) ?? ''
  expect(shown).not.toBe(before)

  await page.getByTestId('share').click()
  const decoded = decodeScenario(await page.getByTestId('share-url').inputValue())
  expect(decoded.ok).toBe(true)
  const moves = decoded.scenario.interventions.filter((iv) => iv.kind === 'slider' && iv.name === 'crashRatePerMin')
  expect(moves.length).toBeGreaterThanOrEqual(1)
  expect(moves.length, `${moves.length} interventions in ${elapsedMs} ms`).toBeLessThanOrEqual(Math.ceil(elapsedMs / 150) + 1)
  // The last recorded value is the one on screen.
  const last = moves.at(-1)!
  expect(last.kind === 'slider' && `${last.value.toFixed(2)} /world/min`).toBe(shown)
})
