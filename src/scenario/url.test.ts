import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate'
import {
  CHAOS_SLIDERS, ENGINE_VERSION, FAULT_KINDS, FAULT_TARGETS, JITTER_DISTRIBUTIONS, LAYOUTS, NETWORKS,
  ScenarioSchema, defaultScenario, type Scenario, type ScenarioInput,
} from './schema'
import { CODEC, MAX_LINK_CHARS, decodeScenario, encodeScenario, fromBase64Url, shareUrl, toBase64Url, type DecodeResult } from './url'
import { migrate, type Migration } from './migrations'

// ---------------------------------------------------------------------------------------------
// Arbitraries: valid scenario inputs, with every section and field sometimes left to its default.

/** JSON cannot carry -0 (it reads back as 0), so generated numbers never are -0. */
const noNegZero = (x: number) => (x === 0 ? 0 : x)
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map(noNegZero)
const int = (min: number, max: number) => fc.integer({ min, max })
const u32 = fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([hi, lo]) => hi * 0x1_0000 + lo)
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegZero)

const mythOS = int(10, 60_000).chain((min) =>
  fc.record(
    {
      electionTimeoutMsMin: fc.constant(min),
      electionTimeoutMsMax: int(min + 1, 120_000),
      heartbeatMs: int(1, Math.min(10_000, min - 1)),
      preVote: fc.boolean(),
      checkQuorum: fc.boolean(),
      maxEntriesPerAppend: int(1, 10_000),
    },
    // The three timing fields constrain each other, so they are given together or not at all.
    { requiredKeys: ['electionTimeoutMsMin', 'electionTimeoutMsMax', 'heartbeatMs'] },
  ),
)

const layers = fc.record(
  {
    atmOS: fc.record({ happeningsPerSec: real(0, 100), clockDriftPpmMax: real(0, 500) }, { requiredKeys: [] }),
    pneumOS: fc.record(
      {
        propagationKmPerS: real(1_000, 300_000),
        baseLatencyUs: int(0, 1_000_000),
        jitterDistribution: fc.constantFrom(...JITTER_DISTRIBUTIONS),
        jitterUs: int(0, 1_000_000),
        lossRate: real(0, 1),
        duplicateRate: real(0, 1),
        reorderRate: real(0, 1),
        bandwidthMbps: real(0.01, 100_000),
      },
      { requiredKeys: [] },
    ),
    aetherOS: fc.record({ latencyUs: int(1, 1_000_000) }, { requiredKeys: [] }),
    mythOS,
  },
  { requiredKeys: [] },
)

const chaos = fc.record(
  {
    entropy: real(0, 1),
    crashRatePerMin: real(0, 60),
    restartDelayMs: int(0, 600_000),
    partitionRatePerMin: real(0, 60),
    partitionDurationMs: int(0, 600_000),
    lossRate: real(0, 1),
    latencyMultiplier: real(1, 100),
    jitterMs: real(0, 10_000),
    duplicateRate: real(0, 1),
    reorderRate: real(0, 1),
    clockDriftPpm: real(0, 1_000),
  },
  { requiredKeys: [] },
)

const intervention = (worlds: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('slider' as const),
      atUs: fc.maxSafeNat(),
      name: fc.constantFrom(...CHAOS_SLIDERS),
      value: fc.oneof(real(0, 1), anyFinite),
    }),
    fc.record({
      kind: fc.constant('fault' as const),
      atUs: fc.maxSafeNat(),
      fault: fc.constantFrom(...FAULT_KINDS),
      target: fc.oneof(fc.constantFrom(...FAULT_TARGETS), int(0, worlds - 1)),
    }),
  )

const scenarioInput: fc.Arbitrary<ScenarioInput> = fc
  .option(fc.oneof(int(1, 9), int(1, 2_000)), { nil: undefined })
  .chain((count) =>
    fc.record(
      {
        engine: fc.oneof({ weight: 4, arbitrary: fc.constant(ENGINE_VERSION) }, { weight: 1, arbitrary: fc.string({ maxLength: 32 }) }),
        seed: u32,
        nodes: fc.record({ layout: fc.constantFrom(...LAYOUTS), spreadKm: real(1, 40_000) }, { requiredKeys: [] }),
        network: fc.constantFrom(...NETWORKS),
        quantumUs: int(1, 100).map((ms) => ms * 1_000),
        layers,
        chaos,
        interventions: fc.array(intervention(count ?? 5), { maxLength: 8 }),
        stopUs: fc.maxSafeNat(),
      },
      { requiredKeys: [] },
    ).map((input) => (count === undefined ? input : { ...input, nodes: { ...input.nodes, count } })),
  )

/** Parsing with the schema fills the defaults; a generator bug shows up here as a thrown issue. */
const scenario: fc.Arbitrary<Scenario> = scenarioInput.map((input) => ScenarioSchema.parse(input))

// ---------------------------------------------------------------------------------------------
// Helpers

/** A payload carrying `json` exactly as the codec would: deflated, base64url, behind `s1.`. */
const payloadOf = (json: string) => `${CODEC}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`
/** The codec's envelope around some settings: [format, engine, settings]. */
const envelope = (settings: unknown, format: unknown = 1, engine: unknown = ENGINE_VERSION) => payloadOf(JSON.stringify([format, engine, settings]))

/** The contract for every input: a valid scenario, or a specific message and the default. */
function expectWellFormed(result: DecodeResult): void {
  if (result.ok) {
    expect(ScenarioSchema.safeParse(result.scenario).success).toBe(true)
    for (const warning of result.warnings) expect(typeof warning).toBe('string')
  } else {
    expect(result.error.length).toBeGreaterThan(0)
    expect(result.error.length).toBeLessThan(600)
    expect(result.scenario).toStrictEqual(defaultScenario())
  }
}

function expectError(fragment: string, error: string | RegExp): void {
  const result = decodeScenario(fragment)
  expectWellFormed(result)
  expect(result.ok).toBe(false)
  if (!result.ok) {
    if (typeof error === 'string') expect(result.error).toBe(error)
    else expect(result.error).toMatch(error)
  }
}

// ---------------------------------------------------------------------------------------------

describe('encodeScenario / decodeScenario', () => {
  it('round-trips every valid scenario exactly, deterministically', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const encoded = encodeScenario(s)
        expect(encoded).toMatch(/^s1\.[A-Za-z0-9_-]+$/)
        const result = decodeScenario(encoded)
        expect(result.ok).toBe(true)
        if (!result.ok) return
        expect(result.scenario).toStrictEqual(s)
        expect(encodeScenario(result.scenario)).toBe(encoded)
        if (s.engine === ENGINE_VERSION) expect(result.warnings).toEqual([])
        else expect(result.warnings).toEqual([expect.stringMatching(/^This link was made with engine .*; replaying with 0\.1\.0 may differ$/)])
      }),
      { numRuns: 400 },
    )
  })

  it('encodes the default scenario to a short payload', () => {
    const encoded = encodeScenario(defaultScenario())
    expect(encoded.length).toBeLessThan(40)
    expect(decodeScenario(encoded)).toStrictEqual({ ok: true, scenario: defaultScenario(), warnings: [] })
  })

  it('writes only the fields that differ from the defaults', () => {
    const envelopeOf = (payload: string) => {
      const bytes = fromBase64Url(payload.slice(`${CODEC}.`.length))
      if (typeof bytes === 'string') throw new Error(bytes)
      return JSON.parse(strFromU8(inflateSync(bytes))) as unknown
    }
    const s = ScenarioSchema.parse({ seed: 42, layers: { mythOS: { preVote: false } }, stopUs: 0 })
    expect(envelopeOf(encodeScenario(s))).toStrictEqual([1, ENGINE_VERSION, { seed: 42, layers: { mythOS: { preVote: false } }, stopUs: 0 }])
    expect(envelopeOf(encodeScenario(defaultScenario()))).toStrictEqual([1, ENGINE_VERSION, {}])
    // A scenario that spells out default values is the same link as one that leaves them out.
    const spelledOut = ScenarioSchema.parse({ seed: 1, nodes: { count: 5 }, chaos: { entropy: 0.3 }, interventions: [] })
    expect(encodeScenario(spelledOut)).toBe(encodeScenario(defaultScenario()))
  })

  it('accepts every fragment form and canonically writes #s1.<data>', () => {
    const s = ScenarioSchema.parse({ seed: 9, network: 'aetherOS', stopUs: 5_000_000 })
    const payload = encodeScenario(s)
    const url = shareUrl('https://example.org/sim/?debug=1#old', s)
    expect(url).toBe(`https://example.org/sim/?debug=1#${payload}`)
    for (const form of [payload, `#${payload}`, `scenario=${payload}`, `#scenario=${payload}`, url, `  #${payload}\n`]) {
      const result = decodeScenario(form)
      expect(result.ok, form).toBe(true)
      expect(result.scenario).toStrictEqual(s)
    }
  })

  it('reads an empty fragment as the default scenario', () => {
    for (const empty of ['', '#', '#scenario=', '  ']) expect(decodeScenario(empty)).toStrictEqual({ ok: true, scenario: defaultScenario(), warnings: [] })
  })
})

describe('decodeScenario on broken and hostile links', () => {
  it('names an unknown prefix and a newer codec', () => {
    expectError('#xyz.abc', "The link is not a simulation scenario (unknown prefix 'xyz')")
    expectError('#about', "The link is not a simulation scenario (unknown prefix 'about')")
    expectError('#s2.abc', 'This link was made by a newer version of simulation (codec s2); this version reads s1')
    expectError('#s1', "The link is truncated (nothing after 's1.')")
    expectError('#s1.', "The link is truncated (nothing after 's1.')")
  })

  it('names corruption in the data', () => {
    expectError('#s1.abc+def', "The link is corrupted (unexpected character '+' in its data)")
    expectError('#s1.abcde', 'The link is truncated or corrupted (its data has an impossible length)')
    expectError('#s1.AAAA', 'The link is truncated or corrupted (could not decompress)')
    expectError(payloadOf('{"seed": 3'), 'The scenario is not valid JSON')
    expectError(payloadOf('{"seed": 3}'), 'The link does not hold a scenario (expected [format, engine, settings])')
    expectError(payloadOf('[1, "0.1.0", []]'), 'The link does not hold a scenario (expected [format, engine, settings])')
  })

  it('refuses a link that is too long before decoding it', () => {
    const huge = `#s1.${'A'.repeat(10_000_000)}`
    expectError(huge, `The link is too long (${huge.length} characters; at most ${MAX_LINK_CHARS})`)
    expectError(`s1.${'A'.repeat(MAX_LINK_CHARS - 3)}`, /^The link is truncated or corrupted/) // at the cap: read
    expectError(`s1.${'A'.repeat(MAX_LINK_CHARS - 2)}`, /^The link is too long \(65537 characters/)
  })

  it('refuses a decompression bomb quickly, within the size cap', () => {
    // 50 MB of zeros deflates to ~65 000 characters, just under the length cap.
    const bomb = `#${CODEC}.${toBase64Url(deflateSync(new Uint8Array(50_000_000), { level: 9 }))}`
    expect(bomb.length).toBeLessThan(MAX_LINK_CHARS)
    const started = performance.now()
    expectError(bomb, 'The scenario decompresses to more than 1 MiB')
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('refuses prototype-pollution keys anywhere, and pollutes nothing', () => {
    expectError(envelope(JSON.parse('{"__proto__": {"polluted": true}}')), "The scenario contains the forbidden key '__proto__'")
    expectError(payloadOf('[1, "0.1.0", {"nodes": {"__proto__": {"polluted": true}}}]'), "The scenario contains the forbidden key '__proto__'")
    expectError(envelope({ nodes: { constructor: { prototype: { polluted: true } } } }), "The scenario contains the forbidden key 'constructor'")
    expectError(envelope({ interventions: [{ prototype: 1 }] }), "The scenario contains the forbidden key 'prototype'")
    expectError(payloadOf('{"__proto__": {"polluted": true}}'), "The scenario contains the forbidden key '__proto__'")
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('treats script and javascript: text as plain data', () => {
    expectError('<script>alert(1)</script>', "The link is not a simulation scenario (unknown prefix '<script>alert(1)</script…')")
    expectError('#javascript:alert(document.cookie)', "The link is not a simulation scenario (unknown prefix 'javascript:alert(documen…')")
    expectError('#s1.<script>alert(1)</script>', "The link is corrupted (unexpected character '<' in its data)")
    expectError(payloadOf('<script>alert(1)</script>'), 'The scenario is not valid JSON')
    // A string field holding markup is just a string; it is the schema that refuses it.
    expectError(envelope({ network: '<img src=x onerror=alert(1)>' }), /^The scenario is invalid \(network: Invalid option/)
    expectError('#s1.\u0000\uD800', "The link is corrupted (unexpected character '\\u0000' in its data)")
  })

  it('names the field when a valid payload holds an out-of-range value', () => {
    expectError(envelope({ seed: -1 }), 'The scenario is invalid (seed: Too small: expected number to be >=0)')
    expectError(envelope({ quantumUs: 2_500 }), /^The scenario is invalid \(quantumUs: .*multiple of 1000/)
    expectError(envelope({ nodes: { count: 3 }, interventions: [{ kind: 'fault', atUs: 0, fault: 'crash', target: 7 }] }), 'The scenario is invalid (interventions[0].target: no world 7 (there are 3))')
    expectError(envelope({ layers: { mythOS: { electionTimeoutMsMax: 500 } } }), /\(layers\.mythOS\.electionTimeoutMsMax: must be greater than electionTimeoutMsMin\)/)
  })

  it('lists at most five issues, and refuses a megabyte of interventions at once', () => {
    const result = decodeScenario(envelope({ interventions: new Array(9_000).fill(0) }))
    expectWellFormed(result)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error).toMatch(/^The scenario is invalid \(interventions\[0\]: /)
      expect(result.error).toMatch(/; and 8995 more\)$/)
      expect(result.error.split('; ')).toHaveLength(6)
    }
    expectError(envelope({ interventions: new Array(300_000).fill(0) }), 'The scenario is invalid (interventions: Too big: expected array to have <=10000 items)')
  })

  it('survives deeply nested JSON', () => {
    expectError(payloadOf(`${'['.repeat(400_000)}${']'.repeat(400_000)}`), /^The link does not hold a scenario|^The scenario is not valid JSON$/)
  })

  it('refuses a newer format and warns about another engine', () => {
    expectError(envelope({}, 7), 'This link was made by a newer version of simulation (format 7); this version reads format 1')
    expectError(envelope({}, 0), 'This link uses format 0, which this version can no longer read (it reads format 1)')
    expectError(envelope({}, '1'), "The scenario's format must be a whole number (got '1')")
    const result = decodeScenario(envelope({ seed: 5 }, 1, '0.0.9'))
    expect(result).toStrictEqual({
      ok: true,
      scenario: ScenarioSchema.parse({ seed: 5, engine: '0.0.9' }),
      warnings: ['This link was made with engine 0.0.9; replaying with 0.1.0 may differ'],
    })
    expectError(envelope({}, 1, 'x'.repeat(40)), /^The scenario is invalid \(engine: Too big/)
  })
})

describe('decodeScenario never throws (fuzzed)', () => {
  const prefixes = fc.constantFrom('', '#', 's1.', '#s1.', '#scenario=s1.', 'scenario=', 's2.', '#s1')

  it('on arbitrary strings', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.string({ unit: fc.constantFrom('s', '1', '.', '#', '=', 'A', 'z', '_', '-', '+', 'scenario='), maxLength: 60 }),
    )
    fc.assert(fc.property(prefixes, text, (prefix, rest) => expectWellFormed(decodeScenario(prefix + rest))), { numRuns: 1_500 })
  })

  it('on base64 and random bytes behind the codec prefix', () => {
    const base64 = fc.base64String({ maxLength: 200 })
    fc.assert(fc.property(prefixes, base64, (prefix, data) => expectWellFormed(decodeScenario(prefix + data))), { numRuns: 1_000 })
    const bytes = fc.uint8Array({ maxLength: 300 })
    fc.assert(fc.property(bytes, (data) => expectWellFormed(decodeScenario(`#s1.${toBase64Url(data)}`))), { numRuns: 1_500 })
  })

  it('on truncations of valid payloads, always reported as truncated', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, cut) => {
        const encoded = encodeScenario(s)
        const keep = 3 + 1 + Math.floor(cut * (encoded.length - 4)) // at least one data character, never all
        expectError(encoded.slice(0, keep), /truncated or corrupted/)
      }),
      { numRuns: 500 },
    )
  })

  it('on valid deflate of random JSON and random envelopes', () => {
    fc.assert(fc.property(fc.jsonValue(), (json) => expectWellFormed(decodeScenario(payloadOf(JSON.stringify(json))))), { numRuns: 1_000 })
    const keys = fc.constantFrom(...Object.keys(defaultScenario()), '__proto__', 'constructor', 'other')
    const settings = fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })
    const format = fc.constantFrom<unknown>(1, 0, 2, 1.5, -1, '1', null)
    const engine = fc.oneof(fc.constant<unknown>(ENGINE_VERSION), fc.jsonValue({ maxDepth: 1 }))
    fc.assert(fc.property(settings, format, engine, (st, f, e) => expectWellFormed(decodeScenario(envelope(st, f, e)))), { numRuns: 1_000 })
  })

  it('on valid scenarios with one field replaced by random JSON, naming that field', () => {
    const leafPaths = (value: unknown, path: string[] = []): string[][] =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]))
        : [path]
    const paths = leafPaths(defaultScenario()).filter(([top]) => top !== 'format' && top !== 'engine')
    fc.assert(
      fc.property(scenarioInput, fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), (input, path, junk) => {
        const settings: Record<string, unknown> = structuredClone(input)
        let at = settings
        for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>
        at[path.at(-1)!] = junk
        const result = decodeScenario(envelope(settings, 1, input.engine ?? ENGINE_VERSION))
        expectWellFormed(result)
        if (!result.ok) expect(result.error).toMatch(new RegExp(`${path.join('\\.')}|forbidden key`))
      }),
      { numRuns: 500 },
    )
  })
})

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
    }), { numRuns: 300 })
  })

  it('matches RFC 4648 test vectors (url alphabet, no padding)', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']]
    for (const [plain, encoded] of vectors) expect(toBase64Url(strToU8(plain))).toBe(encoded)
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
  })
})

describe('migrate', () => {
  /** A synthetic format 0: the seed was called `randomSeed` and nodes was a bare count. */
  const zeroToOne: Migration = ({ randomSeed, nodes, ...rest }) => ({ ...rest, seed: randomSeed, nodes: { count: nodes } })

  it('passes a current scenario through untouched', () => {
    const raw = { format: 1, seed: 3 }
    expect(migrate(raw)).toStrictEqual({ ok: true, value: { format: 1, seed: 3 }, warnings: [] })
    expect(migrate({ seed: 3 })).toStrictEqual({ ok: true, value: { seed: 3 }, warnings: [] })
  })

  it('upgrades an older format through the table, one step at a time', () => {
    const raw = { format: 0, randomSeed: 77, nodes: 7, network: 'aetherOS' }
    const result = migrate(raw, new Map([[0, zeroToOne]]))
    expect(result).toStrictEqual({
      ok: true,
      value: { format: 1, seed: 77, nodes: { count: 7 }, network: 'aetherOS' },
      warnings: ['This link was made with format 0; it was upgraded to format 1'],
    })
    expect(raw).toStrictEqual({ format: 0, randomSeed: 77, nodes: 7, network: 'aetherOS' })
    if (result.ok) expect(ScenarioSchema.parse(result.value)).toMatchObject({ seed: 77, nodes: { count: 7 }, network: 'aetherOS' })

    const oneToTwo: Migration = ({ seed, ...rest }) => ({ ...rest, seeds: [seed] })
    expect(migrate(raw, new Map([[0, zeroToOne], [1, oneToTwo]]), 2)).toMatchObject({ ok: true, value: { format: 2, seeds: [77] } })
  })

  it('refuses a newer format, an unreadable old one and a malformed one', () => {
    expect(migrate({ format: 7 })).toStrictEqual({ ok: false, error: 'This link was made by a newer version of simulation (format 7); this version reads format 1' })
    expect(migrate({ format: 0 })).toStrictEqual({ ok: false, error: 'This link uses format 0, which this version can no longer read (it reads format 1)' })
    expect(migrate({ format: 1.5 })).toStrictEqual({ ok: false, error: "The scenario's format must be a whole number (got 1.5)" })
    expect(migrate([1, 2])).toStrictEqual({ ok: false, error: 'The scenario is not a JSON object (got a list)' })
    expect(migrate(null)).toStrictEqual({ ok: false, error: 'The scenario is not a JSON object (got null)' })
  })

  it('reports a migration that fails instead of throwing', () => {
    const broken: Migration = () => {
      throw new Error('no seed to rename')
    }
    expect(migrate({ format: 0 }, new Map([[0, broken]]))).toStrictEqual({ ok: false, error: 'Could not upgrade the scenario from format 0 to 1 (no seed to rename)' })
  })

  it('warns, without refusing, when the engine differs', () => {
    expect(migrate({ format: 1, engine: '0.0.9' })).toStrictEqual({
      ok: true,
      value: { format: 1, engine: '0.0.9' },
      warnings: ['This link was made with engine 0.0.9; replaying with 0.1.0 may differ'],
    })
  })
})
