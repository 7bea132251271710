import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate'
import {
  CHAOS_SLIDERS, DEFAULT_RUN, ENGINE_VERSION, FAULT_KINDS, FAULT_TARGETS, FORMAT2_DEFAULT_RUN, FORMAT_VERSION, JITTER_DISTRIBUTIONS, LAYOUTS,
  MAX_SCENARIO_JSON_CHARS, NETWORKS, ScenarioSchema, defaultScenario, type Scenario, type ScenarioInput,
} from './schema'
import { LIFECYCLE_ACTIONS } from '../layers/atmOS/messages'
import { CODEC, MAX_LINK_CHARS, decodeScenario, encodeScenario, fromBase64Url, shareUrl, toBase64Url, type DecodeResult } from './url'
import { migrate, migrateFormat1, type Migration } from './migrations'
import { formatIssues } from './errors'

// ---------------------------------------------------------------------------------------------
// Arbitraries: valid scenario inputs, with every section and field sometimes left to its default.

/** JSON cannot carry -0 (it reads back as 0), so generated numbers never are -0. */
const noNegZero = (x: number) => (x === 0 ? 0 : x)
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map(noNegZero)
const int = (min: number, max: number) => fc.integer({ min, max })
const u32 = fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([hi, lo]) => hi * 0x1_0000 + lo)
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegZero)
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const mythOS = int(10, 60_000).chain((min) =>
  fc.record(
    {
      electionTimeoutMsMin: fc.constant(min),
      // Format 2: Max may equal Min (no randomness: the split-vote demonstration).
      electionTimeoutMsMax: int(min, 120_000),
      heartbeatMs: int(1, Math.min(10_000, min - 1)),
      preVote: fc.boolean(),
      checkQuorum: fc.boolean(),
      maxEntriesPerAppend: int(1, 10_000),
    },
    // The three timing fields constrain each other, so they are given together or not at all.
    { requiredKeys: ['electionTimeoutMsMin', 'electionTimeoutMsMax', 'heartbeatMs'] },
  ),
)

/** chaOS's sliders: format 2 keeps them in its settings slice, `layers.chaOS` (format 1: `chaos`). */
const chaOS = fc.record(
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
    chaOS,
    mythOS,
  },
  { requiredKeys: [] },
)

type OptionalLayer = (typeof FORMAT2_DEFAULT_RUN)[number]
type InterventionInput = NonNullable<ScenarioInput['interventions']>[number]

/** A valid `run`, in any order: chaOS and mythOS need atmOS; undefined leaves it to the default. */
const run: fc.Arbitrary<OptionalLayer[] | undefined> = fc.option(
  fc.shuffledSubarray([...FORMAT2_DEFAULT_RUN]).filter((r) => r.length === 0 || r.includes('atmOS')),
  { nil: undefined },
)

/** The interventions each optional layer accepts (addressed to a layer that runs, or refused). */
const interventionsOf = (worlds: number): Record<OptionalLayer, fc.Arbitrary<InterventionInput>[]> => ({
  chaOS: [
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
  ],
  atmOS: [fc.record({ kind: fc.constant('lifecycle' as const), atUs: fc.maxSafeNat(), node: int(0, worlds - 1), action: fc.constantFrom(...LIFECYCLE_ACTIONS) })],
  mythOS: [fc.record({ kind: fc.constant('transfer_leadership' as const), atUs: fc.maxSafeNat(), to: fc.option(int(0, worlds - 1), { nil: null }) })],
})

/** Interventions for the layers that run (none if no optional layer runs). */
const interventions = (worlds: number, running: readonly OptionalLayer[], maxLength = 8): fc.Arbitrary<InterventionInput[]> => {
  const kinds = running.flatMap((name) => interventionsOf(worlds)[name])
  return kinds.length === 0 ? fc.constant([]) : fc.array(fc.oneof(...kinds), { maxLength })
}

const scenarioInput: fc.Arbitrary<ScenarioInput> = fc
  .tuple(fc.option(fc.oneof(int(1, 9), int(1, 2_000)), { nil: undefined }), run)
  .chain(([count, running]) =>
    fc.record(
      {
        engine: fc.oneof({ weight: 4, arbitrary: fc.constant(ENGINE_VERSION) }, { weight: 1, arbitrary: fc.string({ maxLength: 32 }) }),
        seed: u32,
        nodes: fc.record({ layout: fc.constantFrom(...LAYOUTS), spreadKm: real(1, 40_000) }, { requiredKeys: [] }),
        network: fc.constantFrom(...NETWORKS),
        quantumUs: int(1, 100).map((ms) => ms * 1_000),
        metricsIntervalMs: int(100, 60_000),
        layers,
        interventions: interventions(count ?? 5, running ?? FORMAT2_DEFAULT_RUN),
        stopUs: fc.maxSafeNat(),
      },
      { requiredKeys: [] },
    ).map((input): ScenarioInput => ({
      ...input,
      ...(count === undefined ? {} : { nodes: { ...input.nodes, count } }),
      ...(running === undefined ? {} : { run: running }),
    })),
  )

/** Parsing with the schema fills the defaults; a generator bug shows up here as a thrown issue. */
const scenario: fc.Arbitrary<Scenario> = scenarioInput.map((input) => ScenarioSchema.parse(input))

// ---------------------------------------------------------------------------------------------
// Helpers

/** A payload carrying `json` exactly as the codec would: deflated, base64url, behind `s1.`. */
const payloadOf = (json: string) => `${CODEC}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`
/** The codec's envelope around some settings: [format, engine, settings]. */
const envelope = (settings: unknown, format: unknown = FORMAT_VERSION, engine: unknown = ENGINE_VERSION) => payloadOf(JSON.stringify([format, engine, settings]))

/** The JSON envelope [format, engine, settings] inside a payload. */
function envelopeOf(payload: string): unknown {
  const bytes = fromBase64Url(payload.slice(`${CODEC}.`.length))
  if (typeof bytes === 'string') throw new Error(bytes)
  return JSON.parse(strFromU8(inflateSync(bytes))) as unknown
}

/** The engine warning for a link made with `engine` (a plain one, without characters to escape). */
const engineWarning = (engine: string) => `This link was made with engine ${engine}; replaying with ${ENGINE_VERSION} may differ`

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
        else expect(result.warnings).toEqual([expect.stringMatching(new RegExp(`^This link was made with engine .*; replaying with ${escapeRegExp(ENGINE_VERSION)} may differ$`))])
      }),
      { numRuns: 400 },
    )
  })

  it('encodes the default scenario to a short payload', () => {
    const encoded = encodeScenario(defaultScenario())
    // Format 2 always writes `run` (the default runs fifteen optional layers since engine 0.6.0), so
    // the default link is about 140 characters rather than format 1's 26; still short.
    expect(encoded.length).toBeLessThan(160)
    expect(decodeScenario(encoded)).toStrictEqual({ ok: true, scenario: defaultScenario(), warnings: [] })
  })

  it('writes only the fields that differ from the defaults, and always `run`', () => {
    // A scenario that omits `run` gets the format-2 default; the app's default scenario runs more.
    const defaultRun = [...FORMAT2_DEFAULT_RUN]
    const s = ScenarioSchema.parse({ seed: 42, layers: { mythOS: { preVote: false }, chaOS: { entropy: 0.9 } }, stopUs: 0 })
    expect(envelopeOf(encodeScenario(s))).toStrictEqual([
      FORMAT_VERSION,
      ENGINE_VERSION,
      { seed: 42, layers: { mythOS: { preVote: false }, chaOS: { entropy: 0.9 } }, stopUs: 0, run: defaultRun },
    ])
    // Format 2: `run` is written even when it is the default, so a link never depends on it.
    expect(envelopeOf(encodeScenario(defaultScenario()))).toStrictEqual([FORMAT_VERSION, ENGINE_VERSION, { run: [...DEFAULT_RUN] }])
    expect(envelopeOf(encodeScenario(ScenarioSchema.parse({ run: [] })))).toStrictEqual([FORMAT_VERSION, ENGINE_VERSION, { run: [] }])
    expect(envelopeOf(encodeScenario(ScenarioSchema.parse({ run: ['atmOS'], metricsIntervalMs: 250 })))).toStrictEqual([
      FORMAT_VERSION,
      ENGINE_VERSION,
      { metricsIntervalMs: 250, run: ['atmOS'] },
    ])
    // A scenario that spells out default values is the same link as one that leaves them out.
    const spelledOut = ScenarioSchema.parse({ seed: 1, nodes: { count: 5 }, run: DEFAULT_RUN, layers: { chaOS: { entropy: 0.3 } }, metricsIntervalMs: 1_000, interventions: [] })
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
    expectError(payloadOf('[2, "0.2.0", []]'), 'The link does not hold a scenario (expected [format, engine, settings])')
  })

  it('refuses a link whose nomOS rule or anomOS alert is malformed or oversized, naming the field', () => {
    const withIntervention = (iv: unknown) => payloadOf(JSON.stringify([2, ENGINE_VERSION, { run: ['atmOS', 'chaOS', 'mythOS', 'nomOS', 'anomOS'], interventions: [iv] }]))
    const rule = (r: Record<string, unknown>) => withIntervention({ kind: 'rule', atUs: 0, op: 'add', rule: { name: 'r', expression: 'true', ...r } })
    expectError(rule({ expression: 'x'.repeat(2_001) }), /interventions\[0\]\.rule\.expression: .*2000/)
    expectError(rule({ name: '<script>' }), /interventions\[0\]\.rule\.name: a rule name is 1–40 lowercase letters/)
    expectError(rule({ effect: 'nuke' }), /interventions\[0\]\.rule\.effect/)
    expectError(rule({ expression: 42 }), /interventions\[0\]\.rule\.expression/)
    expectError(withIntervention({ kind: 'alert', atUs: 0, op: 'add', alert: { name: 'A', layer: 'atmOS', metric: 'worldsUp', threshold: 1e9 } }), /interventions\[0\]\.alert\.threshold/)
    // A rule that is well-formed but does not compile passes the link and is refused by nomOS in the run (rule_rejected).
    const r = decodeScenario(rule({ expression: 'request.action ==' }))
    expect(r.ok).toBe(true)
  })

  it('refuses a link that is too long before decoding it', () => {
    const huge = `#s1.${'A'.repeat(10_000_000)}`
    expectError(huge, `The link is too long (${huge.length} characters; at most ${MAX_LINK_CHARS})`)
    expectError(`s1.${'A'.repeat(MAX_LINK_CHARS - 3)}`, /^The link is truncated or corrupted/) // at the cap: read
    expectError(`s1.${'A'.repeat(MAX_LINK_CHARS - 2)}`, `The link is too long (${MAX_LINK_CHARS + 1} characters; at most ${MAX_LINK_CHARS})`)
  })

  it('refuses a decompression bomb quickly, within the size cap', () => {
    // 50 MB of zeros deflates to ~65 000 characters, well under the length cap.
    const bomb = `#${CODEC}.${toBase64Url(deflateSync(new Uint8Array(50_000_000), { level: 9 }))}`
    expect(bomb.length).toBeLessThan(MAX_LINK_CHARS)
    const started = performance.now()
    expectError(bomb, 'The scenario decompresses to more than 1 MiB')
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('refuses prototype-pollution keys anywhere, and pollutes nothing', () => {
    expectError(envelope(JSON.parse('{"__proto__": {"polluted": true}}')), "The scenario contains the forbidden key '__proto__'")
    expectError(payloadOf('[2, "0.2.0", {"nodes": {"__proto__": {"polluted": true}}}]'), "The scenario contains the forbidden key '__proto__'")
    expectError(payloadOf('[1, "0.1.0", {"chaos": {"__proto__": {"polluted": true}}}]'), "The scenario contains the forbidden key '__proto__'")
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
    // Format 2 allows Max = Min, so the rule reads 'at least' (format 1: 'greater than').
    expectError(envelope({ layers: { mythOS: { electionTimeoutMsMax: 500 } } }), 'The scenario is invalid (layers.mythOS.electionTimeoutMsMax: must be at least electionTimeoutMsMin)')
    expectError(envelope({ layers: { chaOS: { entropy: 1.5 } } }), 'The scenario is invalid (layers.chaOS.entropy: Too big: expected number to be <=1)')
    expectError(envelope({ metricsIntervalMs: 10 }), 'The scenario is invalid (metricsIntervalMs: Too small: expected number to be >=100)')
    // A format-1 link's sliders are migrated to layers.chaOS, and named there.
    expectError(envelope({ chaos: { entropy: 1.5 } }, 1), 'The scenario is invalid (layers.chaOS.entropy: Too big: expected number to be <=1)')
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
    expect(FORMAT_VERSION).toBe(2)
    expect(ENGINE_VERSION).toBe('0.7.0')
    expectError(envelope({}, 7), 'This link was made by a newer version of simulation (format 7); this version reads format 2')
    expectError(envelope({}, 3), 'This link was made by a newer version of simulation (format 3); this version reads format 2')
    expectError(envelope({}, 0), 'This link uses format 0, which this version can no longer read (it reads format 2)')
    expectError(envelope({}, '1'), "The scenario's format must be a whole number (got '1')")
    const result = decodeScenario(envelope({ seed: 5 }, 2, '0.0.9'))
    expect(result).toStrictEqual({
      ok: true,
      scenario: ScenarioSchema.parse({ seed: 5, engine: '0.0.9' }),
      warnings: [engineWarning('0.0.9')],
    })
    // A format-1 link is upgraded first, and says so before the engine warning.
    expect(decodeScenario(envelope({ seed: 5 }, 1, '0.0.9'))).toStrictEqual({
      ok: true,
      scenario: ScenarioSchema.parse({ seed: 5, engine: '0.0.9', run: ['atmOS', 'chaOS', 'mythOS'], layers: { mythOS: { votersMax: 2000 } } }),
      warnings: ['This link was made with format 1; it was upgraded to format 2', engineWarning('0.0.9')],
    })
    expectError(envelope({}, 2, 'x'.repeat(40)), /^The scenario is invalid \(engine: Too big/)
  })
})

describe('every scenario the schema accepts gives a link that opens', () => {
  const TOO_LARGE = new RegExp(`^the scenario is too large to share \\(\\d+ characters of JSON; at most ${MAX_SCENARIO_JSON_CHARS}\\): fewer interventions$`)
  /** The smallest intervention there is: 51 characters of JSON. */
  const SMALLEST = { kind: 'fault', atUs: 0, fault: 'heal', target: 0 } as const
  const jsonChars = (value: unknown) => JSON.stringify(value).length

  /** Interventions that deflate poorly: random times, slider values with many digits, world ids. */
  const noisy = (worlds: number) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('slider' as const), atUs: fc.maxSafeNat(), name: fc.constantFrom(...CHAOS_SLIDERS), value: anyFinite }) },
      ...interventionsOf(worlds).chaOS.slice(1),
      ...interventionsOf(worlds).atmOS,
      ...interventionsOf(worlds).mythOS,
    )

  /** How many of `list` a scenario can hold with its JSON at most `cap` characters (JSON of the parsed scenario). */
  function fitting(base: ScenarioInput, list: readonly InterventionInput[], cap: number): number {
    let chars = jsonChars(ScenarioSchema.parse({ ...base, interventions: [] }))
    let n = 0
    for (; n < list.length; n++) {
      const next = chars + jsonChars(list[n]) + (n > 0 ? 1 : 0) // a comma between items
      if (next > cap) break
      chars = next
    }
    return n
  }

  /** Any scenario (every section randomised, all optional layers running) as the base for a long list. */
  const base: fc.Arbitrary<ScenarioInput> = scenarioInput.map(({ run: _run, interventions: _interventions, ...rest }) => rest)
  const worldsOf = (input: ScenarioInput) => input.nodes?.count ?? 5

  it('a random scenario filled with interventions up to just under the cap encodes to a link that decodes to it', () => {
    // At least enough interventions to reach the cap even if every one were the smallest.
    const minLength = Math.ceil(MAX_SCENARIO_JSON_CHARS / jsonChars(SMALLEST))
    const arb = base.chain((input) =>
      fc.tuple(fc.constant(input), fc.array(noisy(worldsOf(input)), { minLength, maxLength: minLength + 200 }), fc.nat(3_000)),
    )
    fc.assert(
      fc.property(arb, ([input, list, slack]) => {
        const n = fitting(input, list, MAX_SCENARIO_JSON_CHARS - slack)
        const parsed = ScenarioSchema.safeParse({ ...input, interventions: list.slice(0, n) })
        expect(parsed.success).toBe(true)
        if (!parsed.success) return
        const s = parsed.data
        const chars = jsonChars(s)
        expect(chars).toBeLessThanOrEqual(MAX_SCENARIO_JSON_CHARS - slack)
        expect(chars).toBeGreaterThan(MAX_SCENARIO_JSON_CHARS - slack - 200) // just under: the next one did not fit

        const encoded = encodeScenario(s)
        expect(`#${encoded}`.length).toBeLessThan(MAX_LINK_CHARS)
        const result = decodeScenario(`#${encoded}`)
        expect(result.ok).toBe(true)
        if (result.ok) expect(result.scenario).toStrictEqual(s)

        // One more (at the cap itself) is refused by the schema, saying why, and by the link too.
        const over = list.slice(0, fitting(input, list, MAX_SCENARIO_JSON_CHARS) + 1)
        const refused = ScenarioSchema.safeParse({ ...input, interventions: over })
        expect(refused.success).toBe(false)
        if (!refused.success) expect(refused.error.issues.map((i) => [i.path, i.message])).toEqual([[[], expect.stringMatching(TOO_LARGE)]])
        const link = payloadOf(JSON.stringify([FORMAT_VERSION, input.engine ?? ENGINE_VERSION, { ...input, interventions: over }]))
        expect(decodeScenario(link)).toMatchObject({ ok: false, error: expect.stringMatching(/^The scenario is invalid \(\(scenario\): the scenario is too large to share /) })
      }),
      { numRuns: 12 },
    )
  })

  it('the cap leaves room even for content DEFLATE cannot shrink at all', () => {
    // Bytes from a fixed xorshift: no redundancy at all, the worst case for any scenario JSON.
    let x = 0x9e37_79b9
    const bytes = Uint8Array.from({ length: MAX_SCENARIO_JSON_CHARS }, () => {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      return x & 0xff
    })
    const link = `#${CODEC}.${toBase64Url(deflateSync(bytes, { level: 9 }))}`
    expect(link.length).toBeLessThan(MAX_LINK_CHARS)
  })

  it('a scenario just over the cap is refused by the schema as too large to share', () => {
    const count = Math.floor((MAX_SCENARIO_JSON_CHARS - jsonChars(ScenarioSchema.parse({}))) / (jsonChars(SMALLEST) + 1))
    const at = (n: number) => ({ interventions: Array.from({ length: n }, () => SMALLEST) })
    const under = ScenarioSchema.safeParse(at(count))
    expect(under.success).toBe(true)
    if (under.success) expect(jsonChars(under.data)).toBeGreaterThan(MAX_SCENARIO_JSON_CHARS - jsonChars(SMALLEST) - 1)
    const over = ScenarioSchema.safeParse(at(count + 1))
    expect(over.success).toBe(false)
    if (over.success) return
    expect(formatIssues(over.error.issues)).toMatch(/^\(scenario\): the scenario is too large to share \(\d+ characters of JSON; at most 190000\): fewer interventions$/)
  })

  it('10 000 interventions (the old failing case) are refused as too large to share, never accepted with a link that is refused', () => {
    const lists: InterventionInput[][] = [
      Array.from({ length: 10_000 }, () => SMALLEST),
      Array.from({ length: 10_000 }, (_, i) => ({ kind: 'slider', atUs: i * 10_000, name: 'entropy', value: (i % 100) / 100 })),
      Array.from({ length: 10_000 }, (_, i) => ({ kind: 'fault', atUs: i * 1_000_000, fault: 'crash', target: 'leader' })),
    ]
    for (const interventions of lists) {
      const parsed = ScenarioSchema.safeParse({ interventions })
      if (parsed.success) {
        // Not so today (10 000 × 51 characters is far over the cap), but this is the promise.
        const encoded = encodeScenario(parsed.data)
        expect(encoded.length).toBeLessThan(MAX_LINK_CHARS)
        expect(decodeScenario(encoded)).toMatchObject({ ok: true, scenario: parsed.data })
      } else {
        expect(parsed.error.issues.map((i) => [i.path, i.message])).toEqual([[[], expect.stringMatching(TOO_LARGE)]])
      }
      // A hand-made link carrying them is short (they compress well) and refused with the same words.
      expectError(envelope({ interventions }), /^The scenario is invalid \(\(scenario\): the scenario is too large to share \(\d+ characters of JSON; at most 190000\): fewer interventions\)$/)
    }
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
    fc.assert(fc.property(prefixes, text, (prefix, rest) => expectWellFormed(decodeScenario(prefix + rest))), { numRuns: 600 })
  })

  it('on base64 and random bytes behind the codec prefix', () => {
    const base64 = fc.base64String({ maxLength: 200 })
    fc.assert(fc.property(prefixes, base64, (prefix, data) => expectWellFormed(decodeScenario(prefix + data))), { numRuns: 400 })
    const bytes = fc.uint8Array({ maxLength: 300 })
    fc.assert(fc.property(bytes, (data) => expectWellFormed(decodeScenario(`#s1.${toBase64Url(data)}`))), { numRuns: 600 })
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
    fc.assert(fc.property(fc.jsonValue(), (json) => expectWellFormed(decodeScenario(payloadOf(JSON.stringify(json))))), { numRuns: 400 })
    const keys = fc.constantFrom(...Object.keys(defaultScenario()), '__proto__', 'constructor', 'other')
    const settings = fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })
    const format = fc.constantFrom<unknown>(1, 0, 2, 1.5, -1, '1', null)
    const engine = fc.oneof(fc.constant<unknown>(ENGINE_VERSION), fc.jsonValue({ maxDepth: 1 }))
    fc.assert(fc.property(settings, format, engine, (st, f, e) => expectWellFormed(decodeScenario(envelope(st, f, e)))), { numRuns: 400 })
  })

  it('on valid scenarios with one field replaced by random JSON, naming that field', () => {
    const leafPaths = (value: unknown, path: string[] = []): string[][] =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]))
        : [path]
    const paths = leafPaths(defaultScenario()).filter(([top]) => top !== 'format' && top !== 'engine')
    /** A junk value valid for its own field may still break a rule it shares with another field, which is then named. */
    const crossFieldRules: Record<string, string> = {
        'nodes.count': String.raw`interventions\[\d+\]\.(target|node|to): no world`,
        run: String.raw`does not run|needs atmOS`,
        'layers.mythOS.electionTimeoutMsMin': String.raw`layers\.mythOS\.(electionTimeoutMsMax|heartbeatMs): must be`,
        'layers.mythOS.electionTimeoutMsMax': String.raw`layers\.mythOS\.electionTimeoutMsMax: must be`,
        'layers.mythOS.heartbeatMs': String.raw`layers\.mythOS\.heartbeatMs: must be`,
    }
    const crossFieldRule = (path: string): string => crossFieldRules[path] ?? '(?!)'
    fc.assert(
      fc.property(scenarioInput, fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), (input, path, junk) => {
        const settings: Record<string, unknown> = structuredClone(input)
        let at = settings
        for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>
        at[path.at(-1)!] = junk
        const result = decodeScenario(envelope(settings, FORMAT_VERSION, input.engine ?? ENGINE_VERSION))
        expectWellFormed(result)
        if (!result.ok) expect(result.error).toMatch(new RegExp(`${path.join('\\.')}|forbidden key|${crossFieldRule(path.join('.'))}`))
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
  // Synthetic formats exercise the mechanism: a format 0 before the real format 1 → 2 step, and a
  // format 3 after it. The real table (MIGRATIONS) is tested in migrations.test.ts.
  /** A synthetic format 0: the seed was called `randomSeed` and nodes was a bare count. */
  const zeroToOne: Migration = ({ randomSeed, nodes, ...rest }) => ({ ...rest, seed: randomSeed, nodes: { count: nodes } })
  const upgraded = (from: number, to: number) => `This link was made with format ${from}; it was upgraded to format ${to}`

  it('passes a current scenario through untouched', () => {
    const raw = { format: 2, seed: 3 }
    expect(migrate(raw)).toStrictEqual({ ok: true, value: { format: 2, seed: 3 }, warnings: [] })
    expect(migrate(raw, new Map(), 2)).toStrictEqual({ ok: true, value: { format: 2, seed: 3 }, warnings: [] })
  })

  it('reads a scenario that does not state its format as format 1', () => {
    // Format 1 is no longer current, so an unstated format is now upgraded (format 1: untouched).
    expect(migrate({ seed: 3 })).toStrictEqual({ ok: true, value: { seed: 3, run: ['atmOS', 'chaOS', 'mythOS'], layers: { mythOS: { votersMax: 2000 } }, format: 2 }, warnings: [upgraded(1, 2)] })
    expect(migrate({ seed: 3 }, new Map(), 1)).toStrictEqual({ ok: true, value: { seed: 3 }, warnings: [] })
  })

  it('upgrades an older format through the table, one step at a time', () => {
    const raw = { format: 0, randomSeed: 77, nodes: 7, network: 'aetherOS', chaos: { entropy: 0.6 } }
    const frozen = structuredClone(raw)
    expect(migrate(raw, new Map([[0, zeroToOne]]), 1)).toStrictEqual({
      ok: true,
      value: { format: 1, seed: 77, nodes: { count: 7 }, network: 'aetherOS', chaos: { entropy: 0.6 } },
      warnings: [upgraded(0, 1)],
    })
    // Through the synthetic step and then the real format 1 → 2 one: the schema reads the result.
    const result = migrate(raw, new Map([[0, zeroToOne], [1, migrateFormat1]]))
    expect(result).toStrictEqual({
      ok: true,
      value: { format: 2, seed: 77, nodes: { count: 7 }, network: 'aetherOS', run: ['atmOS', 'chaOS', 'mythOS'], layers: { chaOS: { entropy: 0.6 }, mythOS: { votersMax: 2000 } } },
      warnings: [upgraded(0, 2)],
    })
    expect(raw).toStrictEqual(frozen)
    if (result.ok) expect(ScenarioSchema.parse(result.value)).toMatchObject({ seed: 77, nodes: { count: 7 }, network: 'aetherOS', layers: { chaOS: { entropy: 0.6 } } })

    const twoToThree: Migration = ({ seed, ...rest }) => ({ ...rest, seeds: [seed] })
    expect(migrate(raw, new Map([[0, zeroToOne], [1, migrateFormat1], [2, twoToThree]]), 3)).toMatchObject({ ok: true, value: { format: 3, seeds: [77] }, warnings: [upgraded(0, 3)] })
    // A gap in the table is refused, not skipped.
    expect(migrate(raw, new Map([[0, zeroToOne], [2, twoToThree]]), 3)).toStrictEqual({ ok: false, error: 'This link uses format 0, which this version can no longer read (it reads format 3)' })
  })

  it('refuses a newer format, an unreadable old one and a malformed one', () => {
    expect(migrate({ format: 7 })).toStrictEqual({ ok: false, error: 'This link was made by a newer version of simulation (format 7); this version reads format 2' })
    expect(migrate({ format: 3 })).toStrictEqual({ ok: false, error: 'This link was made by a newer version of simulation (format 3); this version reads format 2' })
    expect(migrate({ format: 0 })).toStrictEqual({ ok: false, error: 'This link uses format 0, which this version can no longer read (it reads format 2)' })
    expect(migrate({ format: 1.5 })).toStrictEqual({ ok: false, error: "The scenario's format must be a whole number (got 1.5)" })
    expect(migrate([1, 2])).toStrictEqual({ ok: false, error: 'The scenario is not a JSON object (got a list)' })
    expect(migrate(null)).toStrictEqual({ ok: false, error: 'The scenario is not a JSON object (got null)' })
  })

  it('reports a migration that fails instead of throwing', () => {
    const broken: Migration = () => {
      throw new Error('no seed to rename')
    }
    expect(migrate({ format: 0 }, new Map([[0, broken]]))).toStrictEqual({ ok: false, error: 'Could not upgrade the scenario from format 0 to 1 (no seed to rename)' })
    const empty = (() => null) as unknown as Migration
    expect(migrate({ format: 1 }, new Map([[1, empty]]))).toStrictEqual({ ok: false, error: 'Could not upgrade the scenario from format 1 to 2 (the upgrade produced no scenario)' })
  })

  it('warns, without refusing, when the engine differs', () => {
    expect(migrate({ format: 2, engine: '0.0.9' })).toStrictEqual({
      ok: true,
      value: { format: 2, engine: '0.0.9' },
      warnings: [engineWarning('0.0.9')],
    })
    expect(migrate({ format: 2, engine: ENGINE_VERSION })).toStrictEqual({ ok: true, value: { format: 2, engine: ENGINE_VERSION }, warnings: [] })
  })
})
