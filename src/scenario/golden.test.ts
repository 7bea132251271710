import { describe, expect, it } from 'vitest'
import golden from './golden.json'
import { goldenFingerprint, type GoldenFile } from './golden'
import { ENGINE_VERSION } from './schema'
import { decodeScenario } from './url'

const file = golden as GoldenFile

describe('golden links: a link is a promise that outlives versions', () => {
  it('were computed with this engine (a bumped engine regenerates them on purpose: npm run golden)', () => {
    expect(file.engine, `golden.json holds fingerprints of engine ${file.engine}; this is ${ENGINE_VERSION}: run \`npm run golden\` and commit`).toBe(ENGINE_VERSION)
  })

  it('include the three kinds of format-1 links, which still open', () => {
    const old = file.links.filter((l) => l.name.startsWith('format 1'))
    expect(old.map((l) => l.name)).toEqual(['format 1 · default', 'format 1 · settings', 'format 1 · interventions'])
    for (const l of old) {
      const d = decodeScenario(l.link)
      expect(d.ok, d.ok ? '' : d.error).toBe(true)
      if (d.ok) expect(d.warnings.some((w) => w.includes('format 1'))).toBe(true)
    }
  })

  for (const l of file.links) {
    it(`${l.name}: replays to its committed fingerprint`, async () => {
      const d = decodeScenario(l.link)
      if (!d.ok) throw new Error(`${l.name} no longer opens: ${d.error}`)
      const r = await goldenFingerprint(d.scenario, l.untilS)
      expect(r.violations).toBe(0)
      expect(r.fingerprint, `${l.name} changed its run without an engine bump (${ENGINE_VERSION}): if on purpose, bump ENGINE_VERSION and run \`npm run golden\``).toBe(l.fingerprint)
      expect(r.events).toBe(l.events)
    })
  }
})
