/**
 * Read every message (issue 13): a paused run's particle in the cosmos is picked with the mouse,
 * its card shows the message (type, Raft fields, from → to, send and delivery time), and Drop
 * records an intervention that the share link carries and the run carries out. An arrow of
 * karmOS's space-time diagram opens the same card.
 */
import { expect, test, type Page } from '@playwright/test'
import { decodeScenario } from '../src/scenario/url'
import { collectErrors, expectPaused, openApp, saveScreenshot, scenarioHash, waitForSettled } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

interface OnScreen { layer: string; type: string; from: number; to: number; sentUs: number; deliverUs: number; x: number; y: number }
type FB = { simTimeUs: number; log: { firstOffset: number; nextOffset: number; get(o: number): { type: string; layer: string; node: number | null; data: Record<string, unknown> } | undefined } }

const particles = (page: Page) => page.evaluate(() => ((window as unknown as { __cosmosPackets?: () => OnScreen[] }).__cosmosPackets?.() ?? []))
const simUs = (page: Page) => page.evaluate(() => (window as unknown as { __frameBuffer: FB }).__frameBuffer.simTimeUs)
const eventsOf = (page: Page, type: string) => page.evaluate((type) => {
  const log = (window as unknown as { __frameBuffer: FB }).__frameBuffer.log
  const out: { layer: string; node: number | null; data: Record<string, unknown> }[] = []
  for (let o = log.firstOffset; o < log.nextOffset; o++) {
    const e = log.get(o)
    if (e && e.type === type) out.push({ layer: e.layer, node: e.node, data: e.data })
  }
  return out
}, type)

test('a particle in 3D opens its message card; Drop records the intervention in the link and the run drops it', async ({ page }) => {
  const errors = collectErrors(page)
  await openApp(page, scenarioHash({ seed: 4, nodes: { count: 5 }, run: ['atmOS', 'chaOS', 'mythOS'], layers: { chaOS: { entropy: 0 } }, stopUs: 3_000_000 }))
  // The space-time diagram collects the messages as they fly (its history starts when it opens).
  await page.getByTestId('timeline-tab-spacetime').click()
  await page.getByTestId('speed').press('End')
  await expectPaused(page)
  await waitForSettled(page)

  // A Raft message in flight that the network can still act on (due after the next window), well inside the cosmos.
  const hero = (await page.getByTestId('cosmos-canvas').boundingBox())!
  let target: OnScreen | undefined
  for (let i = 0; i < 40 && target === undefined; i++) {
    const now = await simUs(page)
    target = (await particles(page)).find((p) => p.layer === 'mythOS' && p.deliverUs > now + 15_000 && p.x > hero.x + 40 && p.x < hero.x + hero.width - 380 && p.y > hero.y + 40 && p.y < hero.y + hero.height - 40)
    if (target === undefined) {
      await page.getByTestId('step').click()
      await expect.poll(() => simUs(page)).toBeGreaterThan(now)
      await page.waitForTimeout(150) // a frame draws the new particles
    }
  }
  expect(target, 'a Raft message in flight on screen').toBeDefined()
  const t = target!

  // Hover: the particle is named; click: its card.
  await page.mouse.move(t.x, t.y)
  await expect(page.getByTestId('message-hover')).toContainText(`w${t.from} → w${t.to} · click to read`)
  await page.mouse.click(t.x, t.y)
  const card = page.getByTestId('message-card')
  await expect(card).toBeVisible()
  await expect(card).toHaveAttribute('data-layer', 'mythOS')
  await expect(card).toHaveAttribute('data-type', t.type)
  await expect(card.getByTestId('message-link')).toContainText(new RegExp(`^w${t.from} .+ → w${t.to} `))
  await expect(card.getByTestId('message-sent')).toHaveText(`${(t.sentUs / 1e6).toFixed(6)} s`)
  await expect(card.getByTestId('message-delivery')).toContainText(`${(t.deliverUs / 1e6).toFixed(6)} s`)
  // Raft's fields, named as the paper names them; every Raft message carries its term.
  const fields = card.getByTestId('message-fields')
  await expect(fields.locator('[data-field="term"] dd')).toHaveText(/^\d+$/)
  if (t.type === 'app') for (const f of ['prevLogIndex', 'prevLogTerm', 'leaderCommit']) await expect(fields.locator(`[data-field="${f}"] dd`)).toHaveText(/^\d+$/)
  if (t.type === 'vote' || t.type === 'prevote') for (const f of ['lastLogIndex', 'lastLogTerm']) await expect(fields.locator(`[data-field="${f}"] dd`)).toHaveText(/^\d+$/)
  // The card is beside the particle, not over it.
  const box = (await card.boundingBox())!
  expect(t.x >= box.x && t.x <= box.x + box.width && t.y >= box.y && t.y <= box.y + box.height, 'the card leaves the particle in sight').toBe(false)

  // Drop it: the intervention is recorded, and the share link (the address) carries it.
  const before = page.url()
  await card.getByTestId('message-drop').click()
  await expect(card.getByTestId('message-status')).toContainText('Recorded at')
  await expect.poll(() => page.url()).not.toBe(before)
  const decoded = decodeScenario(new URL(page.url()).hash.slice(1))
  expect(decoded.ok).toBe(true)
  if (decoded.ok) expect(decoded.scenario.interventions.at(-1)).toMatchObject({ kind: 'message_drop', layer: 'mythOS', type: t.type, from: t.from, to: t.to, sentUs: t.sentUs, deliverUs: t.deliverUs })
  await expect(card.getByTestId('message-drop')).toBeDisabled()
  await saveScreenshot(page, 'messages-card')

  // Run on past its delivery: the run drops it, and says so.
  for (let i = 0; i < 20 && (await simUs(page)) <= t.deliverUs; i++) await page.getByTestId('step').click()
  await expect.poll(() => eventsOf(page, 'message_dropped')).toEqual([{ layer: 'mythOS', node: t.to, data: { by: 'user', type: t.type, from: t.from, to: t.to, sentUs: t.sentUs } }])
  await expect(card.getByTestId('message-status')).toContainText(`Dropped: mythOS ${t.type} w${t.from} → w${t.to} never reached w${t.to}`)
  await expect(page.getByTestId('notice').filter({ hasText: 'Dropped:' })).toBeVisible()
  await saveScreenshot(page, 'messages-dropped')
  await page.keyboard.press('Escape')
  await expect(card).toBeHidden()

  // An arrow of the space-time diagram opens the same card, beside the arrow.
  const arrows = page.getByTestId('spacetime').getByTestId('spacetime-arrow')
  await expect.poll(() => arrows.count()).toBeGreaterThan(3)
  const arrow = arrows.nth(Math.floor((await arrows.count()) / 2))
  const ab = (await arrow.boundingBox())!
  await page.mouse.click(ab.x + ab.width / 2, ab.y + ab.height / 2)
  await expect(card).toBeVisible()
  await expect(card).toHaveAttribute('data-layer', /mythOS|karmOS/)
  await expect(card.getByTestId('message-sent')).toHaveText(/^\d+\.\d{6} s$/)
  await saveScreenshot(page, 'messages-spacetime-card')
  await card.getByTestId('message-close').click()
  await expect(card).toBeHidden()
  expect(errors).toEqual([])
})
