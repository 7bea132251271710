import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_RUN, ScenarioSchema, defaultScenario } from '../../scenario/schema'
import * as palette from '../cosmos/palette'
import { LEGEND, legendFor } from './legend'

const ids = (s: ReturnType<typeof defaultScenario>) => legendFor(s).flatMap((sec) => sec.entries.map((e) => e.id))
const COSMOS_DIR = fileURLToPath(new URL('../cosmos/', import.meta.url))

/** Colours the 3D view does not draw on a mark: the background. */
const NOT_MARKS = new Set(['SPACE_COLOR'])

describe('legend', () => {
  it('lists, for the default run, the roles, the halo, statuses, partitions and the Raft messages', () => {
    const shown = ids(defaultScenario())
    for (const id of ['leader', 'halo', 'follower', 'precandidate', 'candidate', 'crashed', 'restarting', 'draining', 'quarantined', 'decommissioned', 'selected', 'cut-link', 'rift', 'isolated', 'packet-vote', 'packet-heartbeat', 'packet-append', 'packet-snapshot', 'clock-step', 'clock-jump', 'corrupt', 'compacting', 'denied', 'alert', 'harmony', 'canary', 'suspect', 'zone', 'moons', 'election-arc', 'packet-anti-entropy'])
      expect(shown, id).toContain(id)
    // Five worlds, five voters: no learner to show; no world without a Raft role.
    expect(shown).not.toContain('learner')
    expect(shown).not.toContain('up')
  })

  it('lists only the marks whose layers run', () => {
    const core = ScenarioSchema.parse({ run: ['atmOS', 'chaOS', 'mythOS'] })
    const shown = ids(core)
    expect(shown).toContain('leader')
    expect(shown).toContain('cut-link')
    for (const id of ['clock-step', 'corrupt', 'compacting', 'denied', 'alert', 'harmony', 'canary', 'suspect', 'moons', 'packet-snapshot', 'packet-anti-entropy']) expect(shown, id).not.toContain(id)

    // An ideal network cannot be partitioned; without mythOS there are no roles, halos or Raft messages.
    const bare = ScenarioSchema.parse({ network: 'aetherOS', run: ['atmOS'] })
    const b = ids(bare)
    expect(b).toContain('up')
    expect(b).toContain('crashed')
    for (const id of ['leader', 'halo', 'cut-link', 'packet-vote', 'election-arc']) expect(b, id).not.toContain(id)
    expect(legendFor(bare).map((s) => s.id)).toEqual(['worlds', 'marks'])
  })

  it('shows learners when there are more worlds than voters, pre-candidates only with PreVote', () => {
    expect(ids(ScenarioSchema.parse({ run: DEFAULT_RUN, nodes: { count: 50 } }))).toContain('learner')
    expect(ids(ScenarioSchema.parse({ run: ['atmOS', 'mythOS'], layers: { mythOS: { preVote: false } } }))).not.toContain('precandidate')
  })

  it('takes every colour from the cosmos palette', () => {
    const paletteColors = new Set<string>()
    for (const v of Object.values(palette)) {
      if (typeof v === 'string') paletteColors.add(v)
      else if (Array.isArray(v)) for (const c of v) paletteColors.add(c as string)
      else if (typeof v === 'object' && v !== null) for (const c of Object.values(v)) if (typeof c === 'string') paletteColors.add(c)
    }
    for (const sec of LEGEND) for (const e of sec.entries) for (const c of e.colors) expect(paletteColors.has(c), `${e.id}: ${c} is not a palette colour`).toBe(true)
  })

  it('shows every palette colour the 3D view draws with (a new mark needs a legend entry)', () => {
    const inLegend = new Set(LEGEND.flatMap((sec) => sec.entries.flatMap((e) => e.colors)))
    const used = new Set<string>()
    for (const file of readdirSync(COSMOS_DIR).filter((f) => f.endsWith('.ts') || f.endsWith('.tsx'))) {
      if (file.includes('.test.') || file === 'palette.ts') continue
      const src = readFileSync(COSMOS_DIR + file, 'utf8')
      for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\/palette'/g)) for (const name of m[1]!.split(',')) used.add(name.trim().replace(/^type\s+/, ''))
    }
    expect(used.size).toBeGreaterThan(10)
    const missing: string[] = []
    for (const name of used) {
      if (NOT_MARKS.has(name) || name === '') continue
      const v = (palette as Record<string, unknown>)[name]
      const colors = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : typeof v === 'object' && v !== null ? Object.values(v).filter((c): c is string => typeof c === 'string' && c.startsWith('#')) : []
      for (const c of colors) if (!inLegend.has(c)) missing.push(`${name} ${c}`)
    }
    expect(missing, 'colours drawn in 3D with no legend entry (add one to LEGEND in legend.ts)').toEqual([])
  })
})
