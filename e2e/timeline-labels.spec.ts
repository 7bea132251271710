/**
 * The timelines' lane labels as drawn: every layer name and event-type row label of the logOS
 * timeline (and every world label of the mythOS one) is whole — not cut off, inside the labels
 * column — and overlaps no other, in every timeline layout (logOS, mythOS, Both) at 1920×1080 and
 * 1440×900. Measured on the page: the extent of each label's text (a DOM Range), not its box.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEFAULT_RUN } from '../src/scenario/schema'
import { boxesOverlap, type Box } from '../src/views/geometry'
import { SCREENSHOT_DIR, fastForward, openApp, pause, saveScreenshot, scenarioHash } from './helpers'

/** A label as drawn: the extent of its text (page px). */
interface DrawnLabel extends Box {
  text: string
  /** The text is wider than its element (an ellipsis, or clipped). */
  cut: boolean
  /** The right edge of the labels column (the plot's left), page px. */
  columnRight: number
}

/** The lane labels of one timeline (its lanes' scroller), each as the extent of its text. */
async function labelBoxes(lanes: Locator): Promise<DrawnLabel[]> {
  return lanes.evaluate((grid) => {
    const plot = grid.querySelector('.tl-plot')
    const columnRight = plot ? plot.getBoundingClientRect().left : Infinity
    return Array.from(grid.querySelectorAll<HTMLElement>('.tl-lane-label, .tl-row-label')).map((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      const r = range.getBoundingClientRect()
      return { text: el.textContent ?? '', x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, cut: el.scrollWidth > el.clientWidth + 0.5, columnRight }
    })
  })
}

/** Pairs of labels whose text overlaps (by more than half a pixel either way). */
function overlapping(boxes: readonly DrawnLabel[]): string[] {
  const out: string[] = []
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!
      const b = boxes[j]!
      if (boxesOverlap(a, b, 0.5)) {
        out.push(`"${a.text}" [${a.x0.toFixed(1)},${a.y0.toFixed(1)}–${a.x1.toFixed(1)},${a.y1.toFixed(1)}] × "${b.text}" [${b.x0.toFixed(1)},${b.y0.toFixed(1)}–${b.x1.toFixed(1)},${b.y1.toFixed(1)}]`)
      }
    }
  }
  return out
}

/** Every label of a timeline's lanes legible: none overlaps another, none is cut, all in the labels column. */
async function expectLegibleLabels(lanes: Locator, what: string): Promise<number> {
  const boxes = await labelBoxes(lanes)
  expect(boxes.length, `${what}: labels`).toBeGreaterThan(0)
  expect(overlapping(boxes), `${what}: overlapping labels`).toEqual([])
  expect(boxes.filter((b) => b.cut).map((b) => b.text), `${what}: labels cut off`).toEqual([])
  expect(boxes.filter((b) => b.x1 > b.columnRight + 0.5).map((b) => b.text), `${what}: labels running into the plot`).toEqual([])
  return boxes.length
}

/** The page, and the timelines at full size, under e2e/screenshots/<name>(-timelines).png. */
async function screenshots(page: Page, name: string) {
  await saveScreenshot(page, name)
  await page.locator('#timeline-tabpanel').screenshot({ path: `${SCREENSHOT_DIR}/${name}-timelines.png` })
}

async function showTab(page: Page, tab: 'log' | 'consensus' | 'both') {
  await page.getByTestId(`timeline-tab-${tab}`).click()
  if (tab !== 'consensus') await expect(page.getByTestId('log-lanes').locator('.tl-row-label').first()).toBeVisible()
  if (tab !== 'log') await expect(page.getByTestId('lane-node-0')).toBeVisible()
  // Let the lanes settle (the log's types arrive with a frame; the columns with a resize).
  await page.waitForTimeout(400)
}

test('"Both" at 1920×1080 (the default app): no logOS lane label overlaps another, none is cut', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openApp(page)
  await fastForward(page, 6)
  await showTab(page, 'both')
  await pause(page)
  await screenshots(page, 'timeline-labels-default-both-1920')
  const lanes = page.getByTestId('log-lanes')
  // The layers of the default run that have spoken by now, each with its types.
  for (const layer of ['chronOS', 'mythOS', 'etymOS', 'harmoniOS']) await expect(lanes.getByTestId(`lane-${layer}`)).toBeVisible()
  expect(await expectLegibleLabels(lanes, 'logOS, Both, 1920×1080')).toBeGreaterThan(10)
  await expectLegibleLabels(page.getByTestId('consensus-lanes'), 'mythOS, Both, 1920×1080')
})

test('every layer speaking (high entropy): the labels stay legible in each timeline layout, at 1920×1080 and 1440×900', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openApp(page, scenarioHash({ seed: 11, run: [...DEFAULT_RUN], layers: { chaOS: { entropy: 1 } } }))
  await fastForward(page, 12, 'max')
  await pause(page)
  const log = page.getByTestId('log-lanes')
  await showTab(page, 'log')
  // Enough layers to crowd the column: several lanes, many types.
  await expect.poll(() => log.locator('.tl-lane-label').count()).toBeGreaterThanOrEqual(8)
  for (const [width, height] of [[1920, 1080], [1440, 900]] as const) {
    await page.setViewportSize({ width, height })
    for (const tab of ['log', 'consensus', 'both'] as const) {
      await showTab(page, tab)
      await screenshots(page, `timeline-labels-${tab}-${width}`)
      if (tab !== 'consensus') await expectLegibleLabels(log, `logOS, ${tab}, ${width}×${height}`)
      if (tab !== 'log') await expectLegibleLabels(page.getByTestId('consensus-lanes'), `mythOS, ${tab}, ${width}×${height}`)
    }
  }
})
