/**
 * theOS places the layers by cost (all in the coordinator worker on this machine) unless
 * `?workers=N` asks otherwise (nested layer workers spawned by the coordinator worker). The
 * pantheon says where each layer runs and why; the fingerprint is the same for every placement.
 */
import { expect, test } from '@playwright/test'
import { collectErrors, expectPaused, fingerprint, scenarioHash } from './helpers'

const STOP_S = 3
const hash = scenarioHash({ seed: 17, nodes: { count: 7 }, layers: { chaOS: { entropy: 0.6 } }, stopUs: STOP_S * 1_000_000 })

test('every placement runs the same run, and the pantheon says where each layer runs', async ({ page }) => {
  const errors = collectErrors(page)
  const seen: Record<string, string> = {}
  for (const [query, where, note] of [
    ['', /coordinator worker/, /all layers in the coordinator/],
    ['?workers=2', /worker [01]/, /2 layer workers \(\?workers=2\)/],
    ['?workers=0', /coordinator worker/, /\?workers=0/],
  ] as const) {
    await page.goto(`/${query}${hash}`)
    await expect(page.getByTestId('sim-time')).toHaveText(`${STOP_S.toFixed(3)} s`, { timeout: 120_000 })
    await expectPaused(page)
    seen[query || 'by cost'] = await fingerprint(page)
    await expect(page.getByTestId('layer-mythOS')).toContainText(where)
    await expect(page.getByTestId('layer-cosmOS')).toContainText('coordinator worker')
    await expect(page.getByTestId('placement-note')).toContainText(note)
  }
  expect(new Set(Object.values(seen)).size, JSON.stringify(seen)).toBe(1)
  expect(Object.values(seen)[0]).toMatch(/^[0-9a-f]{64}$/)
  expect(errors).toEqual([])
})
