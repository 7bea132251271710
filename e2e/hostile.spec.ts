/**
 * Hostile links: garbage, oversized, and markup inside a well-formed payload. Each shows a notice
 * naming what is wrong, the default scenario runs, and nothing from the link ever executes.
 */
import { expect, test, type Page } from '@playwright/test'
import { deflateSync, strToU8 } from 'fflate'
import { toBase64Url } from '../src/scenario/url'
import { openApp, saveScreenshot } from './helpers'

/** A payload in the real envelope ([format, engine, settings]) so it gets past the codec's first checks. */
const payload = (envelope: unknown): string => `#s1.${toBase64Url(deflateSync(strToU8(JSON.stringify(envelope)), { level: 9 }))}`

const SCRIPT = '<script>window.__pwned = 1</script>'
const IMG = '<img src=x onerror="window.__pwned=2">'

const HOSTILE: { name: string; hash: string; says: RegExp }[] = [
  { name: 'garbage', hash: '#%%%definitely-not-a-scenario%%%', says: /not a simulation scenario|could not be opened/i },
  { name: 'truncated', hash: '#s1.', says: /truncated/i },
  { name: 'bad characters', hash: '#s1.abc$def', says: /corrupted|unexpected character/i },
  { name: 'oversized', hash: `#s1.${'A'.repeat(270_000)}`, says: /too long/i },
  { name: 'deflate bomb', hash: `#s1.${toBase64Url(deflateSync(strToU8(`[1,"0.1.0",{"x":"${' '.repeat(3 << 20)}"}]`), { level: 9 }))}`, says: /MiB/ },
  { name: 'script in a value', hash: payload([1, '0.1.0', { seed: SCRIPT }]), says: /invalid|seed/i },
  { name: 'img onerror in the engine', hash: payload([1, IMG, {}]), says: /could not be opened|engine|version/i },
  { name: 'markup in an enum', hash: payload([1, '0.1.0', { nodes: { layout: IMG }, network: SCRIPT }]), says: /invalid|layout|network/i },
  { name: 'prototype pollution', hash: payload([1, '0.1.0', JSON.parse('{"__proto__": {"polluted": "<img src=x onerror=alert(1)>"}}')]), says: /forbidden key/i },
]

async function expectNothingRan(page: Page) {
  const flags = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    polluted: ({} as Record<string, unknown>)['polluted'],
    injectedImages: document.querySelectorAll('img[src="x"]').length,
    scriptsInNotices: document.querySelectorAll('[data-testid="notice"] script, [data-testid="notice"] img').length,
  }))
  expect(flags).toEqual({ pwned: undefined, polluted: undefined, injectedImages: 0, scriptsInNotices: 0 })
}

for (const h of HOSTILE) {
  test(`a hostile link (${h.name}) shows a notice and runs nothing`, async ({ page }) => {
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await openApp(page, h.hash)
    const notice = page.getByTestId('notice').first()
    await expect(notice).toBeVisible()
    await expect(notice).toHaveAttribute('data-level', 'error')
    await expect(notice).toContainText(h.says)
    // The default scenario runs instead.
    await expect(page.getByTestId('seed')).toHaveValue('1')
    await page.waitForTimeout(500) // an onerror handler would have fired by now
    await expectNothingRan(page)
    expect(dialogs).toEqual([])
    if (h.name === 'img onerror in the engine') await saveScreenshot(page, 'broken-url-notice')

    await notice.getByRole('button', { name: 'Dismiss' }).click()
    await expect(page.getByTestId('notice')).toHaveCount(0)
  })
}

test('markup quoted in a notice is shown as text', async ({ page }) => {
  await openApp(page, payload([1, IMG, {}]))
  const notice = page.getByTestId('notice').first()
  await expect(notice).toBeVisible()
  const text = (await notice.textContent()) ?? ''
  // Whether or not the message quotes the hostile value, no element came from it.
  if (text.includes('<img')) expect(await notice.locator('img').count()).toBe(0)
  await expectNothingRan(page)
})
