/**
 * nomOS, anomOS and harmoniOS as a person meets them (1440×900): a rule typed in the nomOS panel —
 * refused while it does not type-check — denies a crash of the leader (the decision in the panel,
 * the denial in the log, a shield on the world in 3D); a partition makes MessageLoss fire (the
 * alerts panel, the warning glyph, the amber strip on the timeline) and it resolves after the heal;
 * harmony glows and is lost on a crash, with the reason; a canary release whose leader stops
 * heartbeating aborts on the election alert and rolls back. Screenshots under e2e/screenshots/law-*.png.
 */
import { expect, test, type Page } from '@playwright/test'
import { expectPaused, openApp, pause, runToAt, saveScreenshot, scenarioHash, stepUntil, waitForSimTime } from './helpers'

test.use({ viewport: { width: 1440, height: 900 } })

const RUN = ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'hypnOS', 'oneirOS', 'nomOS', 'harmoniOS', 'anomOS']
const QUIET = { entropy: 0, crashRatePerMin: 0, partitionRatePerMin: 0, clockJumpRatePerMin: 0, ledgerCorruptionRatePerMin: 0, lossRate: 0, duplicateRate: 0, reorderRate: 0, messageCorruptionRate: 0, clockDriftPpm: 0, jitterMs: 0, latencyMultiplier: 1 }

type Views = { views: Record<string, unknown>; simTimeUs: number; log: { firstOffset: number; nextOffset: number; get(o: number): { type: string; layer: string; data: Record<string, unknown> } | undefined } }
const fb = (page: Page) => page.evaluate(() => {
  const f = (window as unknown as { __frameBuffer: Views }).__frameBuffer
  return { simTimeUs: f.simTimeUs, nomOS: f.views['nomOS'] as { recent: { allowed: boolean; rule: string | null; target: number | null; atUs: number }[] } | undefined, anomOS: f.views['anomOS'] as { clusterFiring: boolean; firingWorlds: number[] } | undefined, harmoniOS: f.views['harmoniOS'] as { harmony: boolean } | undefined }
})
const logHas = (page: Page, layer: string, type: string) => page.evaluate(([layer, type]) => {
  const log = (window as unknown as { __frameBuffer: Views }).__frameBuffer.log
  for (let o = log.firstOffset; o < log.nextOffset; o++) {
    const e = log.get(o)
    if (e && e.layer === layer && e.type === type) return true
  }
  return false
}, [layer, type] as const)
const maxSpeed = (page: Page) => page.getByTestId('speed').press('End')
const openLayer = (page: Page, name: string) => page.getByTestId(`layer-${name}`).getByRole('button').first().click()

test('a rule typed in the nomOS panel denies a crash of the leader: in the panel, in the log, on the world in 3D', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, run: RUN, layers: { chaOS: QUIET } }))
  await runToAt(page, 3)
  await openLayer(page, 'nomOS')
  const rules = page.getByTestId('nomos-rules')
  await expect(rules).toContainText('raft-quorum-budget')
  // A typo is refused where it is, and nothing can be applied.
  await page.getByTestId('nomos-rule-expression').fill('request.action != "crash" || !target.leadr')
  await expect(page.getByTestId('nomos-rule-error')).toContainText('No such key: leadr')
  await expect(page.getByTestId('nomos-rule-apply')).toBeDisabled()
  await page.getByTestId('nomos-rule-name').fill('Spare the leader')
  await expect(page.getByTestId('nomos-rule-name-error')).toBeVisible()
  await page.getByTestId('nomos-rule-name').fill('spare-the-leader')
  await page.getByTestId('nomos-rule-expression').fill('request.action != "crash" || !target.leader')
  await expect(page.getByTestId('nomos-rule-check')).toBeVisible()
  await saveScreenshot(page, 'law-rule-form')
  await page.getByTestId('nomos-rule-apply').click()
  await stepUntil(page, () => expect(rules).toContainText('spare-the-leader', { timeout: 600 }))

  await page.getByTestId('fault-crash-leader').click()
  const decisions = page.getByTestId('nomos-decisions')
  await stepUntil(page, () => expect(decisions).toContainText('denied by spare-the-leader', { timeout: 600 }))
  expect(await logHas(page, 'nomOS', 'admission_denied')).toBe(true)
  expect(await logHas(page, 'atmOS', 'node_crashed')).toBe(false)
  // The shield shows on the world for 3 s of sim time after the denial.
  const v = await fb(page)
  const denial = v.nomOS!.recent.find((d) => !d.allowed)!
  expect(denial.rule).toBe('spare-the-leader')
  expect(v.simTimeUs - denial.atUs).toBeLessThan(3_000_000)
  await page.getByTestId('layer-inspector').getByRole('button', { name: 'Close inspector' }).click()
  await saveScreenshot(page, 'law-denied')
  // The rule is in the link: a replay denies the same crash.
  expect(decodeURIComponent(page.url()).length).toBeGreaterThan(0)
})

test('a partition makes MessageLoss fire — panel, glyph, timeline — and it resolves after the heal', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 2, run: RUN, layers: { chaOS: QUIET }, stopUs: 19_000_000, interventions: [{ kind: 'fault', atUs: 15_000_000, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: 23_000_000, fault: 'heal', target: 'one' }] }))
  await maxSpeed(page)
  await page.getByTestId('timeline-tab-consensus').click()
  await expectPaused(page)
  await expect(page.getByTestId('sim-time')).toContainText('19.0')
  await openLayer(page, 'anomOS')
  await expect(page.getByTestId('alert-firing-MessageLoss')).toBeVisible()
  expect((await fb(page)).anomOS!.clusterFiring).toBe(true)
  await saveScreenshot(page, 'law-alert-firing')
  await page.getByTestId('play-pause').click()
  await waitForSimTime(page, 30)
  await pause(page)
  await expect(page.getByTestId('alert-firing-MessageLoss')).toHaveCount(0)
  await expect(page.getByTestId('anomos-marks')).toContainText('resolved')
  expect((await fb(page)).anomOS!.clusterFiring).toBe(false)
  await saveScreenshot(page, 'law-alert-resolved')
})

test('harmony glows in a quiet run and is lost on a crash, with the reason', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, run: RUN, layers: { chaOS: QUIET }, stopUs: 8_000_000 }))
  await maxSpeed(page)
  await expectPaused(page)
  await openLayer(page, 'harmoniOS')
  await expect(page.getByTestId('harmony-state')).toContainText('In harmony since')
  expect((await fb(page)).harmoniOS!.harmony).toBe(true)
  await page.getByTestId('layer-inspector').getByRole('button', { name: 'Close inspector' }).click()
  await saveScreenshot(page, 'law-harmony')
  await page.getByTestId('fault-crash-one').click()
  await page.getByTestId('play-pause').click()
  await waitForSimTime(page, 10)
  await pause(page)
  await openLayer(page, 'harmoniOS')
  await expect(page.getByTestId('harmony-state')).toContainText('Not in harmony')
  await expect(page.getByTestId('harmony-reasons')).toContainText(/world \d is crashed/)
  expect((await fb(page)).harmoniOS!.harmony).toBe(false)
  await saveScreenshot(page, 'law-harmony-lost')
  // Restarted, the world catches up and harmony comes back: the panel says how long it took and why it was lost.
  await page.getByTestId('fault-restart-one').click()
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('harmony-state')).toContainText('In harmony since', { timeout: 60_000 })
  await pause(page)
  await expect(page.getByTestId('harmony-recovery')).toContainText(/\d+\.\d s \(world \d is crashed\)/)
})

test('a canary release whose leader stops heartbeating aborts on the election alert and rolls back', async ({ page }) => {
  await openApp(page, scenarioHash({ seed: 3, run: RUN, layers: { chaOS: QUIET }, stopUs: 20_000_000 }))
  await maxSpeed(page)
  await expectPaused(page)
  await openLayer(page, 'harmoniOS')
  await page.getByTestId('release-version').fill('v2-slow')
  await page.getByTestId('release-heartbeat').fill('2500')
  await page.getByTestId('release-steps').fill('20%, pause 5s, analyse')
  await expect(page.getByTestId('release-error')).toContainText('“analyse” is not a step')
  await page.getByTestId('release-steps').fill('20%, pause 5s, analysis 5s, 60%, pause 5s, analysis 5s, 100%, analysis 5s')
  await page.getByTestId('release-apply').click()
  await stepUntil(page, () => expect(page.getByTestId('rollout-progress')).toContainText('v2-slow', { timeout: 600 }))
  await saveScreenshot(page, 'law-rollout')
  await page.getByTestId('play-pause').click()
  await expect(page.getByTestId('rollout-history')).toContainText('aborted', { timeout: 60_000 })
  await pause(page)
  await expect(page.getByTestId('rollout-history')).toContainText('alert ElectionStorm fired')
  await expect(page.getByTestId('rollout-progress')).toHaveCount(0)
  await saveScreenshot(page, 'law-rollout-aborted')
})

test.describe('at 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } })

  test('a link carrying a rule and a crash of the leader replays the denial; a hostile rule in a link changes nothing', async ({ page }) => {
    const rule = { name: 'spare-the-leader', expression: 'request.action != "crash" || !target.leader', message: 'the leader may not be crashed', effect: 'deny' as const, actions: [] }
    const hostile = { name: 'hostile', expression: '"<img src=x onerror=alert(1)>" == request.reason || (', message: '<b>bold</b>', effect: 'deny' as const, actions: [] }
    await openApp(page, scenarioHash({
      seed: 3, run: RUN, layers: { chaOS: QUIET }, stopUs: 7_000_000,
      interventions: [{ kind: 'rule', atUs: 1_000_000, op: 'add', rule }, { kind: 'rule', atUs: 1_000_000, op: 'add', rule: hostile }, { kind: 'fault', atUs: 6_000_000, fault: 'crash', target: 'leader' }],
    }))
    await maxSpeed(page)
    await expectPaused(page)
    await openLayer(page, 'nomOS')
    await expect(page.getByTestId('nomos-decisions')).toContainText('denied by spare-the-leader')
    await expect(page.getByTestId('nomos-rules')).toContainText('spare-the-leader')
    await expect(page.getByTestId('nomos-rules')).not.toContainText('hostile')
    expect(await logHas(page, 'nomOS', 'rule_rejected')).toBe(true)
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    await saveScreenshot(page, 'law-link-1920')
  })
})
