/** `npm run sim -- --shiviz out.log`: the CLI writes the run's ShiViz log (karmOS's vector clocks). */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { SHIVIZ_REGEX } from './shiviz'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'shiviz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sim --shiviz', () => {
  it('writes a log ShiViz parses: regex first, then one event per two lines, hosts = world.layer', () => {
    const out = join(dir, 'run.log')
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--run', 'atmOS,chaOS,mythOS,karmOS', '--nodes', '5', '--until', '4', '--shiviz', out], { cwd: ROOT, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    const text = readFileSync(out, 'utf8')
    const [first, blank] = text.split('\n')
    expect(first).toBe(SHIVIZ_REGEX)
    expect(blank).toBe('')
    const events = [...text.slice(first!.length + 2).matchAll(new RegExp(SHIVIZ_REGEX, 'g'))]
    expect(events.length).toBeGreaterThan(50)
    for (const m of events) {
      expect(m.groups!['host']).toMatch(/^w\d+\.(mythOS|karmOS)$/)
      expect(JSON.parse(m.groups!['clock']!)[m.groups!['host']!]).toBeGreaterThan(0)
    }
  }, 60_000)
})
