/**
 * The main thread renders and steers; the run computes in the coordinator worker. So a Pause click
 * shows at once, however big and fast the run: measured from the click event to the run status
 * reading 'paused' in the DOM.
 */
import { expect, test } from '@playwright/test'
import { openApp, pauseLatencyMs, scenarioHash, waitForSettled, waitForSimTime } from './helpers'

for (const worlds of [5, 200]) {
  test(`a Pause click shows within 100 ms at ${worlds} worlds at max speed`, async ({ page }) => {
    await openApp(page, scenarioHash({ seed: 3, nodes: { count: worlds } }))
    await page.getByTestId('speed').press('End')
    await expect(page.getByTestId('speed-value')).toHaveText('max')
    await waitForSimTime(page, 1)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      await page.waitForTimeout(600) // let the run get going again at full speed
      times.push(await pauseLatencyMs(page))
      await waitForSettled(page) // the coordinator confirmed: nothing moves any more
      await page.getByTestId('play-pause').click()
    }
    const sorted = [...times].sort((a, b) => a - b)
    const summary = `pause click → 'paused' in the DOM at ${worlds} worlds, max speed: ${times.map((t) => t.toFixed(1)).join(', ')} ms (median ${sorted[2]!.toFixed(1)}, max ${sorted[4]!.toFixed(1)})`
    console.log(summary)
    test.info().annotations.push({ type: 'pause latency', description: summary })
    expect(sorted[4], summary).toBeLessThan(100)
  })
}
