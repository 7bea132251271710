/**
 * etymOS's catalogue inspector, in a run with etymOS validating boundaries and chaOS corrupting
 * Raft RPCs in flight: the subjects table (searchable), the producer → consumer graph, the JSON
 * Schema of a selected subject as text, and the rejections counted as they happen.
 */
import { expect, test } from '@playwright/test'
import { collectErrors, openApp, saveScreenshot, scenarioHash, setSpeed, SPEED, waitForSimTime } from './helpers'

test('the etymOS catalogue: subjects, the producer → consumer graph, a schema, and rejections', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  const errors = collectErrors(page)
  await openApp(page, scenarioHash({ seed: 7, run: ['atmOS', 'chaOS', 'mythOS', 'etymOS'], layers: { chaOS: { entropy: 1, messageCorruptionRate: 0.2 } } }))
  // At 10× until the rejections are in: the run's behaviour is looked at, not its pace.
  await setSpeed(page, SPEED.x10)
  await waitForSimTime(page, 4)

  await page.getByTestId('layer-etymOS').getByRole('button').click()
  const inspector = page.getByTestId('layer-inspector')
  await expect(inspector).toHaveAttribute('data-layer', 'etymOS')
  const table = inspector.getByTestId('etymos-subjects')
  await expect(table.locator('tbody tr').first()).toBeVisible()
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(20)
  await expect(table).toContainText('propose')
  await expect(table).toContainText('mythOS.app')
  await expect(table).toContainText('BACKWARD')

  // The graph: layers as nodes, labelled edges (atmOS → mythOS carries propose).
  const graph = inspector.getByTestId('etymos-graph')
  await expect(graph).toBeVisible()
  for (const layer of ['atmOS', 'mythOS', 'etymOS', 'user', 'kernel']) await expect(graph.locator(`[data-node="${layer}"]`)).toHaveCount(1)
  await expect(graph.locator('[data-edge="atmOS→mythOS"]')).toContainText('propose')
  // Only the layers of this run by default; every layer on request.
  await expect(graph.locator('[data-node="chronOS"]')).toHaveCount(0)
  await inspector.getByTestId('etymos-only-running').uncheck()
  await expect(graph.locator('[data-node="chronOS"]')).toHaveCount(1)
  await saveScreenshot(page, 'catalogue-all-layers')
  await inspector.getByTestId('etymos-only-running').check()

  // Rejections arrive: corrupted Raft RPCs are refused at the receiving world.
  await expect.poll(async () => Number((await inspector.getByTestId('etymos-rejections').locator('tbody tr').count()) > 0), { timeout: 60_000 }).toBe(1)
  await expect(inspector.getByTestId('etymos-rejections')).toContainText('mythOS.')
  await setSpeed(page, SPEED.real)

  // Search narrows the table; a subject's schema shows as text.
  await inspector.getByTestId('etymos-search').fill('mythOS.')
  await expect(table.locator('[data-subject="propose"]')).toHaveCount(0)
  const rows = await table.locator('tbody tr').allTextContents()
  expect(rows.length).toBeGreaterThan(5)
  expect(rows.every((r) => r.includes('mythOS.'))).toBe(true)
  await inspector.getByTestId('etymos-search').fill('')
  await table.locator('[data-subject="propose"]').click()
  const schema = inspector.getByTestId('etymos-schema')
  await expect(schema).toContainText('"additionalProperties": false')
  await expect(schema).toContainText('"text"')
  await expect(graph.locator('[data-edge="atmOS→mythOS"] path')).toHaveAttribute('stroke', 'var(--accent-strong)')
  await inspector.getByTestId('etymos-graph').scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'catalogue')
  await table.scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'catalogue-table')
  await schema.scrollIntoViewIfNeeded()
  await saveScreenshot(page, 'catalogue-schema')
  expect(errors).toEqual([])
})
