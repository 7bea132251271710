/**
 * The v2 contract as a person meets it: a world's life asked of atmOS from its menu (drain,
 * decommission) and carried in the link; the disk a world persists to, in its inspector; which
 * layers run, switched in the pantheon; a link made by the previous format opening with a notice.
 */
import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { decodeScenario } from '../src/scenario/url'
import { DEFAULT_RUN } from '../src/scenario/schema'
import type { GoldenFile } from '../src/scenario/golden'
import { inspectWorldAt, openApp, saveScreenshot, scenarioHash, stepUntil, waitForSimTime } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

test('drain and decommission a world from its menu: atmOS applies them, the inspector shows them, the link keeps them', async ({ page }) => {
  // Slow disks (20 ms fsync) so the disk block has something to show.
  await openApp(page, scenarioHash({ seed: 3, layers: { chaOS: { entropy: 0 }, atmOS: { disk: { fsyncUs: 20_000 } } } }))
  const drawer = await inspectWorldAt(page, 3)
  await expect(drawer).toContainText('Disk')
  await expect(drawer).toContainText(/fsyncs · total wait\s*\d+ · [\d.]+ ms/)

  await drawer.getByTestId('world-drain').click()
  await stepUntil(page, () => expect(drawer.locator('.world-status')).toHaveText('draining', { timeout: 600 }))
  await saveScreenshot(page, 'world-draining')

  await drawer.getByTestId('world-decommission').click()
  await stepUntil(page, () => expect(drawer.locator('.world-status')).toHaveText('decommissioned', { timeout: 600 }))

  const world = Number(await drawer.getAttribute('data-world'))
  const d = decodeScenario(page.url())
  expect(d.ok).toBe(true)
  if (d.ok) {
    const lifecycle = d.scenario.interventions.filter((iv) => iv.kind === 'lifecycle')
    expect(lifecycle.map((iv) => iv.kind === 'lifecycle' && [iv.node, iv.action])).toEqual([[world, 'drain'], [world, 'decommission']])
  }
})

test('which layers run is part of the scenario: untick chaOS in the pantheon and the run goes on without it', async ({ page }) => {
  await openApp(page)
  await waitForSimTime(page, 1)
  const toggle = page.getByTestId('layer-run-chaOS')
  await expect(toggle).toBeChecked()
  await toggle.uncheck()
  await expect(page.getByTestId('layer-health-chaOS')).toHaveText('not in this run')
  await waitForSimTime(page, 1)
  const d = decodeScenario(page.url())
  expect(d.ok && d.scenario.run).toEqual(DEFAULT_RUN.filter((l) => l !== 'chaOS'))
  // mythOS needs atmOS: unticking atmOS is refused with a notice, and nothing changes.
  await page.getByTestId('layer-run-atmOS').click()
  await expect(page.getByTestId('notice').filter({ hasText: 'mythOS needs atmOS' })).toBeVisible()
  await expect(page.getByTestId('layer-run-atmOS')).toBeChecked()
  await page.getByTestId('pantheon').scrollIntoViewIfNeeded()
  await page.getByTestId('pantheon').screenshot({ path: 'e2e/screenshots/pantheon-run-toggles.png' })
})

test('a link made by the previous format and engine opens, runs, and says so', async ({ page }) => {
  const golden = JSON.parse(readFileSync('src/scenario/golden.json', 'utf8')) as GoldenFile
  const old = golden.links.find((l) => l.name === 'format 1 · interventions')!
  await openApp(page, old.link)
  await expect(page.getByTestId('notice').filter({ hasText: 'format 1' })).toBeVisible()
  await expect(page.getByTestId('notice').filter({ hasText: 'engine 0.1.0' })).toBeVisible()
  await waitForSimTime(page, 1)
})
