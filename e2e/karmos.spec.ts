/**
 * karmOS as a person meets it: the space-time diagram of the picked worlds, linked with the 3D
 * view (a world clicked in the cosmos gets its lane highlighted; an arrow hovered lights its
 * particle), and a ledger corruption shown red in the karmOS inspector, then repaired by Merkle
 * anti-entropy and shown green. Screenshots at 1440×900 under e2e/screenshots/karmos-*.png.
 */
import { expect, test, type Page } from '@playwright/test'
import { fastForward, openApp, pause, runToAt, saveScreenshot, scenarioHash, setSpeed, SPEED } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

const RUN = ['atmOS', 'chaOS', 'mythOS', 'karmOS'] as const

/** Left-click a world in the cosmos (just above its name label); returns its id, or null. */
async function clickWorld(page: Page): Promise<number | null> {
  const labels = page.getByTestId('cosmos-canvas').locator('div > div').filter({ hasText: /\S/ })
  const hero = await page.getByTestId('cosmos-canvas').boundingBox()
  for (let i = 0; i < (await labels.count()); i++) {
    const box = await labels.nth(i).boundingBox()
    if (!box || !hero || box.x < hero.x || box.y < hero.y + 20 || box.x > hero.x + hero.width) continue
    for (const dy of [8, 14, 22]) {
      await page.mouse.click(box.x + box.width / 2, box.y - dy)
      const drawer = page.getByTestId('world-inspector')
      if (await drawer.isVisible()) return Number(await drawer.getAttribute('data-world'))
    }
  }
  return null
}

test('space-time diagram: arrows between world lanes; a world clicked in 3D has its lane highlighted; hovering an arrow names it', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 4, nodes: { count: 7 }, run: [...RUN], layers: { chaOS: { entropy: 0 } } }))
  await page.getByTestId('timeline-tab-spacetime').click()
  // At 4×, not flat out: the diagram collects the messages in flight from the frames it is shown.
  await runToAt(page, 4, SPEED.x4)
  const diagram = page.getByTestId('spacetime')
  await expect(diagram).toBeVisible()
  await expect.poll(() => diagram.getByTestId('spacetime-arrow').count(), { message: 'messages drawn as arrows' }).toBeGreaterThan(5)

  // Hover an arrow: the note names it (and the cosmos lights its particle: selection.highlightedPacket).
  // At the middle of its line, from one well inside the window on (the oldest are cut at its left
  // edge, and an arrow to a lane scrolled out of view is clipped where it leaves the plot: the next
  // arrow is tried then).
  const arrows = diagram.getByTestId('spacetime-arrow')
  const note = page.getByTestId('spacetime-hover')
  const named = /→ w\d+, [\d.]+ ms in flight/
  const count = await arrows.count()
  let hovered = false
  for (let k = 0; k < Math.min(count, 12) && !hovered; k++) {
    const line = arrows.nth((Math.floor(count / 2) + k) % count).locator('line').first()
    const box = await line.boundingBox()
    if (!box) continue
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    hovered = await expect(note).toContainText(named, { timeout: 1_000 }).then(() => true, () => false)
  }
  expect(hovered, 'an arrow named in the note when hovered').toBe(true)
  const world = await clickWorld(page)
  expect(world, 'a world in the cosmos could be clicked').not.toBeNull()
  const lane = diagram.getByTestId(`spacetime-lane-${world}`)
  await expect(lane).toHaveAttribute('data-selected', 'true')
  await expect(diagram.locator('[data-selected="true"]')).toHaveCount(1)
  // Point at an arrow again for the picture (the lanes may have moved).
  const again = (await arrows.nth(Math.floor((await arrows.count()) / 2)).boundingBox())!
  await page.mouse.move(again.x + again.width / 2, again.y + again.height / 2)
  await expect(page.getByTestId('spacetime-hover')).toContainText(/ms in flight/)
  await saveScreenshot(page, 'karmos-spacetime')

  // A lane clicked selects its world (the other direction of the link).
  const other = (world! + 1) % 7
  if ((await diagram.getByTestId(`spacetime-lane-${other}`).count()) === 0) await diagram.getByTestId(`spacetime-pick-${other}`).click() // show its lane
  await diagram.getByTestId(`spacetime-lane-${other}`).locator('text').click()
  await expect(page.getByTestId('world-inspector')).toHaveAttribute('data-world', String(other))
  await expect(diagram.getByTestId(`spacetime-lane-${other}`)).toHaveAttribute('data-selected', 'true')
})

test('a corrupt_ledger fault is shown red in the karmOS inspector, then repaired by anti-entropy and shown green', async ({ page }) => {
  // The run stops just after the fault (its link's stop time), so the corrupted state can be looked at.
  await openApp(page, scenarioHash({ seed: 4, nodes: { count: 5 }, run: [...RUN], layers: { chaOS: { entropy: 0 } }, interventions: [{ kind: 'fault', atUs: 5_000_000, fault: 'corrupt_ledger', target: 1 }], stopUs: 5_100_000 }))
  await page.getByTestId('layer-karmOS').getByRole('button').first().click()
  await expect(page.getByTestId('karmos-corrupt-1')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('karmos-corrupted-now')).toHaveText('1')
  await page.getByTestId('timeline-tab-spacetime').click()
  await expect(page.getByTestId('spacetime').getByTestId('spacetime-corrupt')).toHaveCount(1)
  await page.getByTestId('karmos-corrupt-1').scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'karmos-corrupted')

  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('karmos-repaired-1')).toBeVisible({ timeout: 60_000 })
  await expect(page.getByTestId('karmos-corrupt-1')).toHaveCount(0)
  await expect(page.getByTestId('karmos-corrupted-now')).toHaveText('0')
  await expect(page.getByTestId('karmos-repairs')).toHaveText('1 / 1')
  await pause(page)
  await expect(page.getByTestId('spacetime').getByTestId('spacetime-repair')).toHaveCount(1)
  await page.getByTestId('karmos-repaired-1').scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'karmos-repaired')

  // The ShiViz export answers from the coordinator.
  const download = page.waitForEvent('download')
  await page.getByTestId('karmos-shiviz').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('run.shiviz.log')
  await expect(page.getByTestId('karmos-shiviz-note')).toContainText(/\d+ events/)
})

test('chaOS offers "Corrupt a ledger" while karmOS runs (not without it); a click corrupts one ledger, which anti-entropy repairs', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 6, run: ['atmOS', 'chaOS', 'mythOS'], layers: { chaOS: { entropy: 0 } } }))
  await expect(page.getByTestId('fault-crash-one')).toBeVisible()
  await expect(page.getByTestId('fault-corrupt-ledger')).toHaveCount(0)
  await expect(page.getByTestId('fault-clock-jump')).toHaveCount(0)

  await openApp(page, scenarioHash({ seed: 6, run: [...RUN], layers: { chaOS: { entropy: 0 } } }))
  await fastForward(page, 4)
  await page.getByTestId('layer-karmOS').getByRole('button').first().click()
  await expect(page.getByTestId('karmos-repairs')).toHaveText('0 / 0')
  await page.getByTestId('fault-corrupt-ledger').click()
  await setSpeed(page, SPEED.x10) // the repair, not its pace: there sooner
  await expect(page.getByTestId('karmos-repairs')).toHaveText(/^1 \/ [01]$/, { timeout: 30_000 })
  await expect(page.getByTestId('karmos-repairs')).toHaveText('1 / 1', { timeout: 60_000 })
})
