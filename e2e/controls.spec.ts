/** Moving through the run: play/pause (button and SPACE), step, speed, run-to-time, reset. */
import { expect, test } from '@playwright/test'
import { achievedSpeed, expectPaused, fastForward, fingerprint, openApp, pause, runStatus, scenarioHash, setSpeed, simSeconds, waitForSettled, waitForSimTime } from './helpers'

test('SPACE pauses and resumes, but not while typing in an input', async ({ page }) => {
  await openApp(page)
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running')
  await page.locator('body').click({ position: { x: 5, y: 790 } }) // focus the page, not a control
  await page.keyboard.press('Space')
  await expectPaused(page)
  await waitForSettled(page) // the window in flight when Space was pressed completes
  const t = await simSeconds(page)
  await page.waitForTimeout(700)
  expect(await simSeconds(page)).toBe(t)

  // Typing a space into the run-to field types; it does not toggle the run.
  await page.getByTestId('run-to-input').focus()
  await page.keyboard.press('Space')
  await expectPaused(page)
  await page.getByTestId('run-to-input').blur()

  await page.keyboard.press('Space')
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running')
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(t)
})

test('Step advances sim time by exactly one window', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 0.5)
  await pause(page)
  const t0 = await simSeconds(page)
  const fp0 = await fingerprint(page)
  await page.getByTestId('step').click()
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(t0)
  // The default quantum is 10 ms; a step never skips more than the idle stretch to the next event.
  const t1 = await simSeconds(page)
  expect(t1 - t0).toBeGreaterThanOrEqual(0.01 - 1e-9)
  await expectPaused(page)
  await page.getByTestId('step').click()
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(t1)
  expect(await fingerprint(page)).not.toBe('')
  expect(fp0).not.toBe('')
})

test('the speed slider changes the achieved speed', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 2, layers: { chaOS: { entropy: 0 } } }))
  const speed = page.getByTestId('speed')

  await speed.fill('13') // notch 13 of 20 per decade from 0.1×: 10^(−1+13/20) ≈ 0.45×
  await expect(page.getByTestId('speed-value')).toHaveText('0.45×')
  await page.waitForTimeout(3_000)
  const slow = await achievedSpeed(page)

  await speed.fill('40') // 10×
  await expect(page.getByTestId('speed-value')).toHaveText('10×')
  await page.waitForTimeout(3_000)
  const fast = await achievedSpeed(page)
  expect(slow).toBeGreaterThan(0)
  expect(slow).toBeLessThan(0.8)
  expect(fast, `slow ${slow}×, fast ${fast}×`).toBeGreaterThan(slow * 3)

  // The last notch is "max": as fast as the workers go.
  await speed.press('End')
  await expect(page.getByTestId('speed-value')).toHaveText('max')
  await expect(speed).toHaveAttribute('aria-valuetext', 'as fast as possible')
})

test('Run to a time stops exactly there', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 4, stopUs: 0 }))
  await expectPaused(page)
  await page.getByTestId('run-to-input').fill('2.5')
  await page.getByTestId('run-to-input').press('Enter')
  await expect(page.getByTestId('sim-time')).toHaveText('2.500 s', { timeout: 90_000 })
  await expectPaused(page)
  await page.waitForTimeout(500)
  await expect(page.getByTestId('sim-time')).toHaveText('2.500 s')

  // Go again, further: the Go button does the same.
  await page.getByTestId('run-to-input').fill('3')
  await page.getByTestId('run-to-go').click()
  await expect(page.getByTestId('sim-time')).toHaveText('3.000 s', { timeout: 90_000 })
  await expectPaused(page)
})

test('Reset goes back to the big bang and replays the same run', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 9, stopUs: 2_000_000 }))
  await expect(page.getByTestId('sim-time')).toHaveText('2.000 s', { timeout: 90_000 })
  await expectPaused(page)
  const fp = await fingerprint(page)

  await page.getByTestId('reset').click()
  await expect.poll(() => simSeconds(page)).toBeLessThan(2)
  await setSpeed(page, 'max') // the replay's fingerprint, not its pace
  await page.getByTestId('run-to-input').fill('2')
  await page.getByTestId('run-to-go').click()
  await expect(page.getByTestId('sim-time')).toHaveText('2.000 s', { timeout: 90_000 })
  await expectPaused(page)
  expect(await fingerprint(page)).toBe(fp)
})

test('seed, worlds, layout and network start a new run', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 0.5)
  await page.getByTestId('seed').fill('42')
  await page.getByTestId('seed').press('Enter')
  await expect(page.getByTestId('seed')).toHaveValue('42')
  await expect(runStatus(page)).toHaveAttribute('data-status', /running|paused/)

  await page.getByTestId('nodes').fill('7')
  await page.getByTestId('nodes').press('Enter')
  await page.getByTestId('layer-mythOS').getByRole('button').click()
  await expect(page.getByTestId('mythos-nodes').locator('tbody tr')).toHaveCount(7)
  await page.keyboard.press('Escape')

  await page.getByTestId('layout').selectOption('galaxy')
  await expect(page.getByTestId('layout')).toHaveValue('galaxy')
  await page.getByTestId('network').selectOption('aetherOS')
  await expect(page.getByTestId('network')).toHaveValue('aetherOS')
  await expect(page.getByTestId('layer-health-aetherOS')).toHaveText('ok')
  await expect(page.getByTestId('layer-pneumOS')).toContainText('not in this run')
  await expect(page.getByTestId('fault-partition-minority')).toBeDisabled()

  // An out-of-range seed is refused with a notice, and the run keeps its seed.
  await page.getByTestId('seed').fill('-3')
  await page.getByTestId('seed').press('Enter')
  await expect(page.getByTestId('notice').filter({ hasText: 'Seed must be a whole number' })).toBeVisible()
  await expect(page.getByTestId('seed')).toHaveValue('42')
})

test('number fields show every digit of their largest values at 1440×900 (no "200" for 2000 worlds)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openApp(page, scenarioHash({ seed: 4_294_967_295, nodes: { count: 2000 }, stopUs: 0 }))
  for (const [id, value] of [['seed', '4294967295'], ['nodes', '2000']] as const) {
    const field = page.getByTestId(id)
    await expect(field).toHaveValue(value)
    // The text fits: nothing scrolled out of the box.
    const fits = await field.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)
    expect(fits, `${id} shows all of ${value}`).toBe(true)
  }
  await page.getByTestId('seed').screenshot({ path: 'e2e/screenshots/controls-seed-digits.png' })
})

test('Export downloads the event log as run.jsonl', async ({ page }) => {
  await openApp(page)
  await fastForward(page, 2)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()])
  expect(download.suggestedFilename()).toBe('run.jsonl')
  const path = await download.path()
  const { readFileSync } = await import('node:fs')
  const lines = readFileSync(path, 'utf8').trim().split('\n')
  expect(lines.length).toBeGreaterThan(0)
  const first = JSON.parse(lines[0]!) as Record<string, unknown>
  expect(Object.keys(first)).toEqual(expect.arrayContaining(['t', 'layer', 'type', 'offset']))
})

test('starting a new run does not report the old run’s workers as dead', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 1.5)
  for (const seed of ['5', '6', '7']) {
    await page.getByTestId('seed').fill(seed)
    await page.getByTestId('seed').press('Enter')
    await expect(page.getByTestId('seed')).toHaveValue(seed)
    await waitForSimTime(page, 0.3)
  }
  await page.waitForTimeout(1_000)
  await expect(page.getByTestId('notice')).toHaveCount(0)
})
