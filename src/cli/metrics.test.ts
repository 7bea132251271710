import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'sim-metrics-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run sim -- --metrics out.csv', () => {
  it('writes the metrics channel as CSV: every layer\'s named numbers with units, on the sim-time grid', () => {
    const out = join(dir, 'm.csv')
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--seed', '3', '--until', '5', '--metrics', out], { cwd: ROOT, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    const [header, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(header).toBe('t_us,layer,metric,unit,world,value')
    const parsed = rows.map((line) => {
      const [t, layer, metric, unit, world, value] = line.split(',')
      return { t: Number(t), layer, metric, unit, world: world === '' ? null : Number(world), value: Number(value) }
    })
    // One grid point a second (the default metricsIntervalMs), 1 … 4 s before the stop at 5 s.
    expect([...new Set(parsed.map((p) => p.t))]).toEqual([1, 2, 3, 4].map((s) => s * 1_000_000))
    // The CLI's default scenario runs every built layer; each one reports on the metrics channel.
    expect(new Set(parsed.map((p) => p.layer))).toEqual(new Set(['atmOS', 'pneumOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'theOS', 'daemOS', 'hypnOS', 'oneirOS', 'thanatOS', 'nomOS', 'pandemoniOS', 'harmoniOS', 'anomOS']))
    // A per-world metric has one row per world; a cluster metric an empty world.
    const term = parsed.filter((p) => p.layer === 'mythOS' && p.metric === 'term' && p.t === 4_000_000)
    expect(term.map((p) => p.world)).toEqual([0, 1, 2, 3, 4])
    expect(term.every((p) => p.unit === 'term' && p.value >= 1)).toBe(true)
    const up = parsed.filter((p) => p.layer === 'atmOS' && p.metric === 'worldsUp')
    expect(up.every((p) => p.world === null && p.unit === 'worlds' && p.value <= 5)).toBe(true)
    for (const p of parsed) expect(Number.isFinite(p.value)).toBe(true)
  })
})
