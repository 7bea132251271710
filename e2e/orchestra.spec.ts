/**
 * pandemoniOS, thanatOS, daemOS and theOS as a person meets them (1440×900), in the default run:
 * a world cut off by a partition is suspected, convicted and quarantined — pulled into the red
 * pandemonium zone, its phi over the threshold in the panel — and rehabilitated after the heal
 * and its probation; a world decommissioned gracefully from its menu shows its steps until it is
 * gone, out of the Raft voters; a crash-looping daemon shows its backoff ladder in the world's
 * supervision tree; the workloads orbit their worlds as moons. Screenshots under
 * e2e/screenshots/orchestra-*.png.
 */
import { expect, test, type Page } from '@playwright/test'
import { DEFAULT_RUN } from '../src/scenario/schema'
import { inspectWorldAt, openApp, pause, saveScreenshot, scenarioHash, setSpeed, simSeconds, SPEED, stepUntil } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

const QUIET = { entropy: 0, crashRatePerMin: 0, partitionRatePerMin: 0, clockJumpRatePerMin: 0, ledgerCorruptionRatePerMin: 0, lossRate: 0, duplicateRate: 0, reorderRate: 0, messageCorruptionRate: 0, clockDriftPpm: 0, jitterMs: 0, latencyMultiplier: 1 }

type FB = { simTimeUs: number; views: Record<string, unknown>; log: { firstOffset: number; nextOffset: number; get(o: number): { type: string; layer: string; node: number | null; data: Record<string, unknown> } | undefined } }
const verdictOf = (page: Page, world: number) => page.evaluate((w) => ((window as unknown as { __frameBuffer: FB }).__frameBuffer.views['pandemoniOS'] as { verdict: string[] } | undefined)?.verdict[w] ?? null, world)
const statusOf = (page: Page, world: number) => page.evaluate((w) => ((window as unknown as { __frameBuffer: FB }).__frameBuffer.views['atmOS'] as { worlds: { id: number; status: string }[] } | undefined)?.worlds.find((x) => x.id === w)?.status ?? null, world)
const logTypes = (page: Page, layer: string) => page.evaluate((layer) => {
  const log = (window as unknown as { __frameBuffer: FB }).__frameBuffer.log
  const out: string[] = []
  for (let o = log.firstOffset; o < log.nextOffset; o++) {
    const e = log.get(o)
    if (e && e.layer === layer) out.push(e.type)
  }
  return out
}, layer)
const openLayer = (page: Page, name: string) => page.getByTestId(`layer-${name}`).getByRole('button').first().click()

test('a partitioned world is suspected, convicted, fenced in the pandemonium zone, and rehabilitated after the heal', async ({ page }) => {
  // Stops at 11 s: after the conviction (≈ 4.3 s of silence past the cut at 3 s), before the heal at 12 s.
  await openApp(page, scenarioHash({ seed: 3, run: [...DEFAULT_RUN], layers: { chaOS: QUIET }, stopUs: 11_000_000, interventions: [{ kind: 'fault', atUs: 3_000_000, fault: 'partition', target: 4 }, { kind: 'fault', atUs: 12_000_000, fault: 'heal', target: 'one' }] }))
  await page.getByTestId('speed').press('End')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 90_000 })
  expect(await statusOf(page, 4)).toBe('quarantined')
  expect(await verdictOf(page, 4)).toBe('fenced')
  await openLayer(page, 'pandemoniOS')
  const inspector = page.getByTestId('layer-inspector')
  await inspector.getByRole('button', { name: 'w4' }).click()
  await expect(page.getByTestId('pandemonios-phi')).toBeVisible()
  await expect(page.getByTestId('pandemonios-worlds')).toContainText('fenced')
  await page.waitForTimeout(400)
  await saveScreenshot(page, 'orchestra-fenced')
  // The same at 1920×1080: the zone, the panel and the pantheon all in view.
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.waitForTimeout(400)
  await saveScreenshot(page, 'orchestra-fenced-1920')
  await page.setViewportSize({ width: 1440, height: 900 })
  expect(await logTypes(page, 'pandemoniOS')).toEqual(expect.arrayContaining(['phi_suspect', 'node_convicted', 'node_fenced']))

  // On to 40 s: healed at 12 s, trusted again, 10 s of probation, released.
  await page.getByTestId('run-to-input').fill('40')
  await page.getByTestId('run-to-go').click()
  await expect.poll(() => simSeconds(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(40)
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused')
  expect(await statusOf(page, 4)).toBe('up')
  expect(await logTypes(page, 'pandemoniOS')).toContain('node_rehabilitated')
  await expect(page.getByTestId('pandemonios-worlds')).not.toContainText('fenced')
  await saveScreenshot(page, 'orchestra-rehabilitated')
})

test('decommission a world gracefully from its menu: its steps in the inspector until it is gone, out of the voters', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, run: [...DEFAULT_RUN], layers: { chaOS: QUIET } }))
  const drawer = await inspectWorldAt(page, 4)
  await drawer.getByTestId('world-decommission_graceful').click()
  const termination = drawer.getByTestId('termination')
  await stepUntil(page, () => expect(termination.locator('[data-step="drain"]')).toHaveAttribute('data-state', 'done', { timeout: 600 }))
  await saveScreenshot(page, 'orchestra-decommission-steps')
  await setSpeed(page, SPEED.x10) // the steps, not their pace: done sooner
  await page.getByTestId('play-pause').click()
  await expect(termination).toHaveAttribute('data-outcome', 'completed', { timeout: 60_000 })
  await pause(page)
  await expect(termination.locator('[data-step="remove"]')).toHaveAttribute('data-state', 'done')
  await expect(termination.locator('[data-step="kill"]')).toHaveAttribute('data-state', 'done')
  await expect(drawer.locator('.world-status')).toHaveText('decommissioned')
  const types = await logTypes(page, 'thanatOS')
  expect(types).toEqual(expect.arrayContaining(['decommission_started', 'drain_started', 'handoff_done', 'member_removed', 'decommission_completed']))
  await saveScreenshot(page, 'orchestra-decommissioned')
})

test("a crash-looping daemon: the world's supervision tree shows its restarts and growing backoff", async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, run: [...DEFAULT_RUN], layers: { chaOS: QUIET }, stopUs: 45_000_000, interventions: [{ kind: 'daemon_fault', atUs: 1_000_000, node: 1, daemon: 'ntp-client', mode: 'crashloop' }] }))
  await page.getByTestId('speed').press('End')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 90_000 })
  // Pick world 1 with the keyboard (] selects the next world), then open daemOS's panel.
  await page.locator('body').press(']')
  await page.locator('body').press(']')
  await expect(page.getByTestId('world-inspector')).toHaveAttribute('data-world', '1')
  await openLayer(page, 'daemOS')
  const tree = page.getByTestId('daemos-tree')
  const row = tree.locator('tr', { hasText: 'ntp-client' })
  await expect(row).toContainText('crash loop')
  await expect(row).toContainText(/#\d+ · waited (10|20|40)/)
  await saveScreenshot(page, 'orchestra-crashloop')
  expect(await logTypes(page, 'daemOS')).toEqual(expect.arrayContaining(['daemon_crashed', 'daemon_backoff', 'daemon_restarted']))
})
