/** A shared URL is a promise: the receiver sees exactly what the sender saw. */
import { expect, test } from '@playwright/test'
import { decodeScenario } from '../src/scenario/url'
import { expectPaused, fingerprint, openApp, pause, simSeconds, waitForSimTime } from './helpers'

test('a chaOS slider move lands in the share URL, and the URL replays the same fingerprint', async ({ page, context }) => {
  await openApp(page)
  await waitForSimTime(page, 0.5)

  // The slider shows its unit and value, and what the run uses at this entropy.
  const loss = page.getByTestId('slider-lossRate')
  await expect(page.getByTestId('slider-value-lossRate')).toHaveText(/^\d+\.\d %$/)
  await loss.fill('0.2')
  await expect(page.getByTestId('slider-value-lossRate')).toHaveText('20.0 %')
  await expect(loss).toHaveAttribute('aria-valuetext', /^20\.0 %, effective \d+\.\d %$/)

  await waitForSimTime(page, (await simSeconds(page)) + 1)
  await pause(page)
  const stoppedAt = await simSeconds(page)
  const fp = await fingerprint(page)

  await page.getByTestId('share').click()
  const field = page.getByTestId('share-url')
  await expect(field).toBeVisible()
  const url = await field.inputValue()
  expect(url).toMatch(/#s1\./)

  const decoded = decodeScenario(url)
  expect(decoded.ok, decoded.ok ? '' : decoded.error).toBe(true)
  const scenario = decoded.scenario
  expect(scenario.interventions).toContainEqual(expect.objectContaining({ kind: 'slider', name: 'lossRate', value: 0.2 }))
  expect(scenario.stopUs).toBe(Math.round(stoppedAt * 1e6))

  // A fresh page opens the link, runs to its stop time and shows the same fingerprint there.
  const receiver = await context.newPage()
  await receiver.goto(url)
  await expect(receiver.getByTestId('sim-time')).toHaveText(`${stoppedAt.toFixed(3)} s`, { timeout: 120_000 })
  await expectPaused(receiver)
  await expect(receiver.getByTestId('fingerprint')).toHaveText(fp)
  await expect(receiver.getByTestId('slider-value-lossRate')).toHaveText('20.0 %')
})

test('Share shows "Copied" when the clipboard accepts the link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openApp(page)
  await waitForSimTime(page, 0.3)
  await page.getByTestId('share').click()
  await expect(page.getByTestId('share')).toHaveText(/Copied/)
  const fromField = await page.getByTestId('share-url').inputValue()
  const fromClipboard = await page.evaluate(() => navigator.clipboard.readText())
  expect(fromClipboard).toBe(fromField)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('share-url')).toBeHidden()
})
