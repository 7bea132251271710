import { describe, expect, it } from 'vitest'
import { inflateSync, strFromU8 } from 'fflate'
import { ENGINE_VERSION, FORMAT_VERSION, ScenarioSchema, activeLayers, type Scenario, type ScenarioInput } from './schema'
import { CODEC, decodeScenario, encodeScenario, fromBase64Url } from './url'
import { MIGRATIONS, migrate, migrateFormat1 } from './migrations'

/**
 * Format 1 → 2 on real links. These three were made by the format-1 encoder (engine 0.1.0), before
 * `run` existed and while chaOS's sliders sat at the top level (`chaos`); they must keep running
 * what they ran: atmOS, chaOS, mythOS and their network, with the same settings and interventions.
 */
const FORMAT1_LINKS = {
  default: 's1.izbUUTLQM9QzUNKpro0FAA',
  settings:
    's1.bY3LbsIwFET_ZdZWZCh9yP-AWpXuqi5uwwhHJHZkXwQRyr9zCVt2ozOv35WDb1aNh7uiknuEzdoh5T0rwhVtPiVFeHfoZconkzhIL5cJs6Wo51yOxoQaWT53WHIsS1d0MGIiyjgydelQv1h2bBHW1h4mjQ-fPVvtcvrpBtrHtm67hPDivXtiyQXh7W5FStF_ikGEVz_bZBslL9dMWvI4Ifjmw3CRGr9FaffL9Gae_24',
  interventions:
    's1.dY7dCoMwDIXfJddF6n6ZjzHY1dhF0GyW1VbaKoj47ks3hSoslyf5vpx7LkBmeSZBjOCJKijOAsoarYdiBDLB2XaAQmbHSYAygVzPobKG9_cR3sowAk_sdAABGG6c7-V3xBwXUDr0Na8DuhfFQBNW5GDip7PBaxWTRXFYFAYbioD1_oqB-KBH3XEks12CrwuctgVadEHF1mmJRhnrVBjSGmvPZeupCXWqsIb-0_mPTnBHntF4sRjk9JgeHw',
} as const

/** What a format-1 scenario ran, in format 2's words. */
const FORMAT1_RUN = ['atmOS', 'chaOS', 'mythOS']

/** Every world of a format-1 scenario was a Raft voter: the migration says so. */
const FORMAT1_MYTHOS = { votersMax: 2000 }

/** What each link holds, written out by hand in format 2 (everything not named is a default). */
const EXPECTED: Record<keyof typeof FORMAT1_LINKS, ScenarioInput> = {
  default: { layers: { mythOS: FORMAT1_MYTHOS } },
  settings: {
    seed: 42,
    nodes: { count: 7, layout: 'galaxy' },
    network: 'aetherOS',
    layers: {
      atmOS: { happeningsPerSec: 2 },
      mythOS: { electionTimeoutMsMin: 300, electionTimeoutMsMax: 600, heartbeatMs: 50, ...FORMAT1_MYTHOS },
      chaOS: { entropy: 0.8, crashRatePerMin: 4 },
    },
  },
  interventions: {
    seed: 7,
    layers: { mythOS: FORMAT1_MYTHOS, chaOS: { entropy: 0.5 } },
    interventions: [
      { kind: 'fault', atUs: 3_000_000, fault: 'crash', target: 'leader' },
      { kind: 'slider', atUs: 4_000_000, name: 'lossRate', value: 0.2 },
      { kind: 'fault', atUs: 6_000_000, fault: 'partition', target: 'minority' },
      { kind: 'fault', atUs: 9_000_000, fault: 'heal', target: 'one' },
      { kind: 'fault', atUs: 10_000_000, fault: 'restart', target: 0 },
    ],
  },
}

const UPGRADED = 'This link was made with format 1; it was upgraded to format 2'
const OLD_ENGINE = `This link was made with engine 0.1.0; replaying with ${ENGINE_VERSION} may differ`

const envelopeOf = (payload: string): unknown => {
  const bytes = fromBase64Url(payload.slice(`${CODEC}.`.length))
  if (typeof bytes === 'string') throw new Error(bytes)
  return JSON.parse(strFromU8(inflateSync(bytes))) as unknown
}

describe('format-1 links migrate and run what they ran', () => {
  for (const [name, link] of Object.entries(FORMAT1_LINKS) as [keyof typeof FORMAT1_LINKS, string][]) {
    describe(name, () => {
      const decoded = decodeScenario(`#${link}`)
      const scenario = (): Scenario => {
        if (!decoded.ok) throw new Error(decoded.error)
        return decoded.scenario
      }

      it('is a format-1 link made with engine 0.1.0 (the fixture is what it says)', () => {
        const envelope = envelopeOf(link)
        expect(envelope).toEqual([1, '0.1.0', expect.any(Object)])
        const settings = (envelope as [number, string, Record<string, unknown>])[2]
        expect(settings).not.toHaveProperty('run')
        expect(settings).not.toHaveProperty('layers.chaOS')
      })

      it('decodes, warning that it was upgraded from format 1 and made with engine 0.1.0', () => {
        expect(decoded.ok).toBe(true)
        if (!decoded.ok) return
        expect(decoded.warnings).toEqual([UPGRADED, OLD_ENGINE])
      })

      it('runs atmOS, chaOS and mythOS besides its network', () => {
        const s = scenario()
        expect(s.run).toEqual(FORMAT1_RUN)
        expect(activeLayers(s)).toEqual(['atmOS', s.network, 'chaOS', 'mythOS'])
      })

      it('holds the settings and interventions it was made with (the sliders now under layers.chaOS)', () => {
        const s = scenario()
        expect(s).toStrictEqual(ScenarioSchema.parse({ ...EXPECTED[name], engine: '0.1.0', run: FORMAT1_RUN }))
        expect(s.format).toBe(FORMAT_VERSION)
        expect(s).not.toHaveProperty('chaos')
      })

      it('re-encodes to a format-2 link that decodes to the same scenario', () => {
        const s = scenario()
        const again = encodeScenario(s)
        expect(envelopeOf(again)).toEqual([FORMAT_VERSION, '0.1.0', expect.objectContaining({ run: FORMAT1_RUN })])
        const result = decodeScenario(again)
        expect(result).toStrictEqual({ ok: true, scenario: s, warnings: [OLD_ENGINE] })
        expect(encodeScenario(s)).toBe(again)
      })
    })
  }

  it('the settings link spells out what it changed', () => {
    const r = decodeScenario(FORMAT1_LINKS.settings)
    expect(r).toMatchObject({
      ok: true,
      scenario: {
        seed: 42,
        nodes: { count: 7, layout: 'galaxy' },
        network: 'aetherOS',
        run: FORMAT1_RUN,
        layers: {
          atmOS: { happeningsPerSec: 2 },
          mythOS: { electionTimeoutMsMin: 300, electionTimeoutMsMax: 600, heartbeatMs: 50, votersMax: 2000 },
          chaOS: { entropy: 0.8, crashRatePerMin: 4 },
        },
        interventions: [],
      },
    })
  })

  it('the interventions link keeps its five interventions in order, exactly', () => {
    const r = decodeScenario(FORMAT1_LINKS.interventions)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.scenario.seed).toBe(7)
    expect(r.scenario.layers.chaOS.entropy).toBe(0.5)
    expect(r.scenario.interventions).toStrictEqual(EXPECTED.interventions.interventions)
  })
})

describe('migrateFormat1', () => {
  it('is the table\'s one step, from format 1', () => {
    expect([...MIGRATIONS.keys()]).toEqual([1])
    expect(MIGRATIONS.get(1)).toBe(migrateFormat1)
  })

  it('moves `chaos` into layers.chaOS beside the other layers, and says what runs', () => {
    const raw = { seed: 3, layers: { mythOS: { preVote: false } }, chaos: { entropy: 0.9 } }
    const frozen = structuredClone(raw)
    expect(migrateFormat1(raw)).toStrictEqual({ seed: 3, run: FORMAT1_RUN, layers: { mythOS: { preVote: false, votersMax: 2000 }, chaOS: { entropy: 0.9 } } })
    expect(raw).toStrictEqual(frozen) // not mutated
    expect(migrateFormat1({})).toStrictEqual({ run: FORMAT1_RUN, layers: { mythOS: FORMAT1_MYTHOS } })
    expect(migrateFormat1({ layers: { atmOS: { happeningsPerSec: 1 } } })).toStrictEqual({ run: FORMAT1_RUN, layers: { atmOS: { happeningsPerSec: 1 }, mythOS: FORMAT1_MYTHOS } })
  })

  it('always writes the format-1 set of layers: a format-1 scenario never chose them', () => {
    // Format 1 had no `run` (its schema dropped unknown keys), so one in a format-1 link meant nothing.
    expect(migrateFormat1({ run: ['atmOS'] })).toStrictEqual({ run: FORMAT1_RUN, layers: { mythOS: FORMAT1_MYTHOS } })
  })

  it('makes every world a Raft voter, as format-1 scenarios ran (votersMax 2000, whatever was there)', () => {
    expect(migrateFormat1({ nodes: { count: 500 } })).toStrictEqual({ nodes: { count: 500 }, run: FORMAT1_RUN, layers: { mythOS: FORMAT1_MYTHOS } })
    // format 1 had no votersMax: one in a format-1 link meant nothing
    expect(migrateFormat1({ layers: { mythOS: { votersMax: 3 } } })).toStrictEqual({ run: FORMAT1_RUN, layers: { mythOS: FORMAT1_MYTHOS } })
    const m = migrate({ format: 1, nodes: { count: 2000 } })
    expect(m.ok).toBe(true)
    if (m.ok) expect(ScenarioSchema.parse(m.value).layers.mythOS.votersMax).toBe(2000)
    // a format-2 scenario keeps format 2's default: a bounded voter set
    expect(ScenarioSchema.parse({ nodes: { count: 500 } }).layers.mythOS.votersMax).toBe(5)
  })

  it('leaves layers that are not an object for the schema to name', () => {
    expect(migrateFormat1({ layers: 'x' })).toStrictEqual({ layers: 'x', run: FORMAT1_RUN })
    expect(migrateFormat1({ layers: { mythOS: 7 } })).toStrictEqual({ run: FORMAT1_RUN, layers: { mythOS: 7 } })
  })

  it('upgrades through migrate() with the format stamped and a warning', () => {
    expect(migrate({ format: 1, engine: ENGINE_VERSION, chaos: { lossRate: 0.5 } })).toStrictEqual({
      ok: true,
      value: { format: 2, engine: ENGINE_VERSION, run: FORMAT1_RUN, layers: { chaOS: { lossRate: 0.5 }, mythOS: FORMAT1_MYTHOS } },
      warnings: [UPGRADED],
    })
  })

  it('leaves whatever was wrong in a format-1 scenario for the schema to name, at its format-2 place', () => {
    const m = migrate({ format: 1, chaos: { entropy: 2 } })
    expect(m.ok).toBe(true)
    if (!m.ok) return
    const parsed = ScenarioSchema.safeParse(m.value)
    expect(parsed.success).toBe(false)
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['layers.chaOS.entropy'])
  })
})
