/**
 * The browser and the headless CLI are the same engine: a scenario run to a stop time in the page
 * and with `npm run sim -- --scenario <url> --until <s>` ends with the same fingerprint.
 */
import { expect, test } from '@playwright/test'
import { expectPaused, fingerprint, openApp, runCli, scenarioHash } from './helpers'

const CASES = [
  { name: 'a quiet run', input: { seed: 21, layers: { chaOS: { entropy: 0 } } }, untilS: 3 },
  {
    name: 'a chaotic run with timed interventions',
    input: {
      seed: 8,
      nodes: { count: 7, layout: 'galaxy' as const },
      layers: { chaOS: { entropy: 0.7 } },
      interventions: [
        { kind: 'slider' as const, atUs: 1_000_000, name: 'lossRate' as const, value: 0.2 },
        { kind: 'fault' as const, atUs: 1_500_000, fault: 'crash' as const, target: 'leader' as const },
        { kind: 'fault' as const, atUs: 2_000_000, fault: 'partition' as const, target: 'minority' as const },
      ],
    },
    untilS: 4,
  },
  {
    name: 'chronOS, karmOS and etymOS with a clock jump, a corrupted ledger and corrupted messages',
    input: {
      seed: 5,
      run: ['atmOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS'],
      layers: { chaOS: { entropy: 0.6, messageCorruptionRate: 0.05 } },
      interventions: [
        { kind: 'fault' as const, atUs: 1_000_000, fault: 'clock_jump' as const, target: 2, jumpMs: 50 },
        { kind: 'fault' as const, atUs: 2_000_000, fault: 'corrupt_ledger' as const, target: 'one' as const },
      ],
    },
    untilS: 5,
  },
]

for (const c of CASES) {
  test(`the browser and the CLI agree on the fingerprint (${c.name})`, async ({ page }) => {
    const hash = scenarioHash({ ...c.input, stopUs: c.untilS * 1_000_000 })
    await openApp(page, hash)
    await expect(page.getByTestId('sim-time')).toHaveText(`${c.untilS.toFixed(3)} s`, { timeout: 120_000 })
    await expectPaused(page)
    const browser = await fingerprint(page)
    expect(browser).toMatch(/^[0-9a-f]+$/)

    const cli = runCli(page.url(), c.untilS)
    expect(cli.simTimeUs).toBe(c.untilS * 1_000_000)
    expect(cli.fingerprint).toBe(browser)
  })
}
