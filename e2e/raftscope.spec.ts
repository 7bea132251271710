/**
 * RaftScope's views at 1440×900: every world's Raft log entry by entry, coloured by term, side by
 * side (the "Raft logs" tab), and the election-timeout arcs around the worlds in 3D.
 */
import { expect, test } from '@playwright/test'
import { expectPaused, openApp, saveScreenshot, scenarioHash } from './helpers'

const S = 1_000_000

test('after the leader is cut off and then the next one crashes, the logs show several terms side by side, the commit mark, the down world greyed, and the arcs are drawn', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openApp(
    page,
    scenarioHash({
      seed: 5,
      run: ['atmOS', 'chaOS', 'mythOS'],
      // No random faults; a crashed world stays down for the rest of the run. Without CheckQuorum a
      // leader cut off from the others keeps leading its old term (RaftScope's classic picture).
      layers: { chaOS: { entropy: 0, restartDelayMs: 60_000 }, atmOS: { happeningsPerSec: 2 }, mythOS: { checkQuorum: false } },
      interventions: [
        // The first leader is cut off (it keeps what its own world proposes, uncommitted) …
        { kind: 'fault', atUs: 4 * S, fault: 'partition', target: 'leader' },
        // … and the leader the others elect crashes.
        { kind: 'fault', atUs: 8 * S, fault: 'crash', target: 'leader' },
      ],
      stopUs: 11 * S,
    }),
  )
  await page.getByTestId('speed').press('End')
  await expectPaused(page)

  await page.getByTestId('timeline-tab-raftlog').click()
  const view = page.getByTestId('raft-log')
  await expect(view).toBeVisible()
  for (let w = 0; w < 5; w++) await expect(view.getByTestId(`raftlog-row-${w}`)).toBeVisible()
  // Boxes in at least two terms, a commit index, entries on every world.
  await expect.poll(async () => ((await view.getAttribute('data-terms')) ?? '').split(',').filter(Boolean).length).toBeGreaterThanOrEqual(2)
  expect(Number(await view.getAttribute('data-commit'))).toBeGreaterThan(0)
  expect(Number(await view.getAttribute('data-entries'))).toBeGreaterThan(10)
  // The crashed leader's row is marked down; the cut-off first leader still leads its old term, and
  // the third leads the others.
  const badges = await view.locator('[data-testid^="raftlog-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-badges') ?? ''))
  expect(badges.filter((b) => b.includes('down'))).toHaveLength(1)
  expect(badges.filter((b) => b.includes('leader'))).toHaveLength(2)
  // The cut-off first leader appended entries of its term where the others hold later terms: they diverge.
  expect(Number(await view.getAttribute('data-divergent'))).toBeGreaterThan(0)

  // The canvas is drawn in several term colours, and hovering a box tells its index and term.
  const canvas = view.getByTestId('raft-log-canvas')
  const box = (await canvas.boundingBox())!
  expect(box.width).toBeGreaterThan(600)
  const colours = await canvas.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!
    const { data } = ctx.getImageData(0, 0, c.width, c.height)
    const seen = new Set<string>()
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 250 && Math.max(data[i]!, data[i + 1]!, data[i + 2]!) > 120) seen.add(`${data[i]! >> 4},${data[i + 1]! >> 4},${data[i + 2]! >> 4}`)
    return seen.size
  })
  expect(colours).toBeGreaterThanOrEqual(3)
  const leaderRow = await view.locator('[data-badges*="leader"]').last().boundingBox()
  await page.mouse.move(box.x + box.width - 60, leaderRow!.y + leaderRow!.height / 2)
  const tip = page.getByTestId('raft-log-tooltip')
  await expect(tip).toContainText(/index \d+/)
  await expect(tip).toContainText(/term \d+|not in its log/)

  // The arcs: the followers still up (not the leader, not the crashed world) each carry one.
  const arcs = Number(await page.getByTestId('cosmos-canvas').locator('canvas').getAttribute('data-election-arcs'))
  expect(arcs).toBeGreaterThanOrEqual(2)
  expect(arcs).toBeLessThanOrEqual(3)
  await page.mouse.move(10, 10)
  await saveScreenshot(page, 'raftscope-logs')
})
