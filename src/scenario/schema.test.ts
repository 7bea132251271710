import { describe, expect, it } from 'vitest'
import { DEFAULT_RUN, ENGINE_VERSION, FORMAT2_DEFAULT_RUN, FORMAT_VERSION, ScenarioSchema, activeLayers, defaultScenario, type ScenarioInput } from './schema'
import { formatIssues, formatPath, quote } from './errors'
import { CODEC, decodeScenario, toBase64Url } from './url'
import { deflateSync, strToU8 } from 'fflate'

/** The issues (as `path: message`) the schema reports for an input. */
function issuesOf(input: ScenarioInput): string[] {
  const result = ScenarioSchema.safeParse(input)
  if (result.success) return []
  return result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
}

describe('ScenarioSchema', () => {
  it('parses the empty object to the documented defaults', () => {
    const s = ScenarioSchema.parse({})
    // A scenario that omits `run` runs the format-2 default (so old links keep their meaning); the
    // app's default scenario (no link) runs every built optional layer.
    expect(s).toEqual({ ...defaultScenario(), run: [...FORMAT2_DEFAULT_RUN] })
    expect(defaultScenario().run).toEqual([...DEFAULT_RUN])
    expect(activeLayers(defaultScenario())).toEqual(['atmOS', 'pneumOS', 'chaOS', 'chronOS', 'mythOS', 'etymOS', 'karmOS', 'theOS', 'daemOS', 'hypnOS', 'oneirOS', 'thanatOS', 'nomOS', 'pandemoniOS', 'harmoniOS', 'anomOS'])
    expect(s).toMatchObject({
      format: FORMAT_VERSION,
      engine: ENGINE_VERSION,
      seed: 1,
      nodes: { count: 5, layout: 'ring', spreadKm: 6_000 },
      network: 'pneumOS',
      quantumUs: 10_000,
      metricsIntervalMs: 1_000,
      run: ['atmOS', 'chaOS', 'mythOS'],
      // Format 2: chaOS's sliders are its settings slice (format 1: top-level `chaos`).
      layers: { mythOS: { electionTimeoutMsMin: 1_000, electionTimeoutMsMax: 2_000, heartbeatMs: 100 }, chaOS: { entropy: 0.3 } },
      interventions: [],
    })
    expect(FORMAT_VERSION).toBe(2)
    expect(ENGINE_VERSION).toBe('0.7.0')
    expect(s.run).toEqual([...FORMAT2_DEFAULT_RUN])
    expect(Object.keys(s.layers).sort()).toEqual(['aetherOS', 'anomOS', 'atmOS', 'chaOS', 'chronOS', 'daemOS', 'etymOS', 'harmoniOS', 'hypnOS', 'karmOS', 'mythOS', 'nomOS', 'oneirOS', 'pandemoniOS', 'pneumOS', 'thanatOS', 'theOS'])
    expect('chaos' in s).toBe(false)
    expect(s.stopUs).toBeUndefined()
    expect(activeLayers(s)).toEqual(['atmOS', 'pneumOS', 'chaOS', 'mythOS'])
    expect(activeLayers({ run: ['atmOS'], network: 'aetherOS' })).toEqual(['atmOS', 'aetherOS'])
    expect(activeLayers({ run: [], network: 'pneumOS' })).toEqual(['pneumOS'])
  })

  it('fills defaults inside partly given sections', () => {
    const s = ScenarioSchema.parse({ nodes: { count: 9 }, layers: { mythOS: { preVote: false } } })
    expect(s.nodes).toEqual({ count: 9, layout: 'ring', spreadKm: 6_000 })
    expect(s.layers.mythOS.preVote).toBe(false)
    expect(s.layers.mythOS.heartbeatMs).toBe(100)
    expect(s.layers.pneumOS).toEqual(defaultScenario().layers.pneumOS)
  })

  it('names a negative seed', () => {
    expect(issuesOf({ seed: -1 })).toEqual(['seed: Too small: expected number to be >=0'])
  })

  it('names a seed that is not a whole number or too large', () => {
    expect(issuesOf({ seed: 1.5 })).toEqual([expect.stringMatching(/^seed: .*expected int/)])
    expect(issuesOf({ seed: 2 ** 32 })).toEqual([expect.stringMatching(/^seed: Too big/)])
  })

  it('requires quantumUs to be a whole number of milliseconds', () => {
    expect(issuesOf({ quantumUs: 1_500 })).toEqual(['quantumUs: quantumUs must be a whole number of milliseconds (a multiple of 1000)'])
    expect(issuesOf({ quantumUs: 3_000 })).toEqual([])
  })

  it('requires electionTimeoutMsMax to be at least electionTimeoutMsMin', () => {
    // Format 2 allows Max = Min (no randomness: the classic split-vote demonstration); format 1
    // required Max > Min.
    const equal = { layers: { mythOS: { electionTimeoutMsMin: 1_500, electionTimeoutMsMax: 1_500 } } }
    expect(issuesOf(equal)).toEqual([])
    expect(ScenarioSchema.parse(equal).layers.mythOS).toMatchObject({ electionTimeoutMsMin: 1_500, electionTimeoutMsMax: 1_500 })
    expect(issuesOf({ layers: { mythOS: { electionTimeoutMsMin: 10, electionTimeoutMsMax: 10, heartbeatMs: 1 } } })).toEqual([])
    const below = { layers: { mythOS: { electionTimeoutMsMin: 1_500, electionTimeoutMsMax: 1_499 } } }
    expect(issuesOf(below)).toEqual(['layers.mythOS.electionTimeoutMsMax: must be at least electionTimeoutMsMin'])
    const less = { layers: { mythOS: { electionTimeoutMsMin: 3_000 } } } // max stays at its default 2000
    expect(issuesOf(less)).toEqual(['layers.mythOS.electionTimeoutMsMax: must be at least electionTimeoutMsMin'])
  })

  it('requires the heartbeat to be shorter than the election timeout', () => {
    expect(issuesOf({ layers: { mythOS: { heartbeatMs: 1_000 } } })).toEqual(['layers.mythOS.heartbeatMs: must be less than electionTimeoutMsMin'])
  })

  it('refuses a fault aimed at a world that does not exist', () => {
    const input: ScenarioInput = {
      nodes: { count: 3 },
      interventions: [
        { kind: 'fault', atUs: 0, fault: 'crash', target: 2 },
        { kind: 'fault', atUs: 5, fault: 'crash', target: 3 },
      ],
    }
    expect(issuesOf(input)).toEqual(['interventions[1].target: no world 3 (there are 3)'])
    expect(issuesOf({ ...input, nodes: { count: 4 } })).toEqual([])
  })

  it('accepts the Jepsen target vocabulary and refuses other words', () => {
    expect(issuesOf({ interventions: [{ kind: 'fault', atUs: 1, fault: 'partition', target: 'majority' }] })).toEqual([])
    const bad = issuesOf({ interventions: [{ kind: 'fault', atUs: 1, fault: 'partition', target: 'everyone' as 'one' }] })
    expect(bad).toHaveLength(1)
    expect(bad[0]).toMatch(/^interventions\[0\]\.target: /)
  })

  it('refuses a slider intervention for an unknown slider or a non-finite value', () => {
    expect(issuesOf({ interventions: [{ kind: 'slider', atUs: 0, name: 'gravity' as 'entropy', value: 1 }] })[0]).toMatch(/^interventions\[0\]\.name: /)
    expect(issuesOf({ interventions: [{ kind: 'slider', atUs: 0, name: 'entropy', value: Infinity }] })[0]).toMatch(/^interventions\[0\]\.value: /)
  })

  it('refuses values of the wrong type with the field named', () => {
    expect(issuesOf({ network: 'carrierPigeon' as 'pneumOS' })).toEqual([expect.stringMatching(/^network: Invalid option/)])
    expect(issuesOf({ layers: { chaOS: { entropy: 2 } } })).toEqual(['layers.chaOS.entropy: Too big: expected number to be <=1'])
    expect(issuesOf({ metricsIntervalMs: 60_001 })).toEqual(['metricsIntervalMs: Too big: expected number to be <=60000'])
    expect(issuesOf({ metricsIntervalMs: 99.5 })).toEqual([expect.stringMatching(/^metricsIntervalMs: .*expected int/)])
    // The schema reads the current format only (older ones are migrated before it sees them).
    expect(issuesOf({ format: 1 as 2 })).toEqual([expect.stringMatching(/^format: /)])
    expect(issuesOf({ format: 3 as 2 })).toEqual([expect.stringMatching(/^format: /)])
  })
})

/** A link carrying `settings` as the codec would write it (format 2, this engine). */
const linkOf = (settings: unknown) => `#${CODEC}.${toBase64Url(deflateSync(strToU8(JSON.stringify([FORMAT_VERSION, ENGINE_VERSION, settings]))))}`

/** The one issue an input has, through the schema and through a link: `path: message`. */
function expectRefused(input: unknown, issue: string): void {
  const parsed = ScenarioSchema.safeParse(input)
  expect(parsed.success).toBe(false)
  if (!parsed.success) expect(formatIssues(parsed.error.issues)).toBe(issue)
  expect(decodeScenario(linkOf(input))).toMatchObject({ ok: false, error: `The scenario is invalid (${issue})` })
}

describe('unknown keys (every object is strict)', () => {
  it('are errors naming the key and where it is, at every level', () => {
    expectRefused({ bogus: 1 }, '(scenario): Unrecognized key: "bogus"')
    expectRefused({ nodes: { count: 3, colour: 'red' } }, 'nodes: Unrecognized key: "colour"')
    expectRefused({ layers: { zeus: {} } }, 'layers: Unrecognized key: "zeus"')
    expectRefused({ layers: { mythOS: { heartbeat: 50 } } }, 'layers.mythOS: Unrecognized key: "heartbeat"')
    expectRefused({ interventions: [{ kind: 'fault', atUs: 0, fault: 'crash', target: 1, delayUs: 5 }] }, 'interventions[0]: Unrecognized key: "delayUs"')
    expectRefused(
      { interventions: [{ kind: 'slider', atUs: 0, name: 'entropy', value: 1 }, { kind: 'transfer_leadership', atUs: 1, to: null, from: 0 }] },
      'interventions[1]: Unrecognized key: "from"',
    )
  })

  it('are named in every layer slice and every intervention kind', () => {
    for (const name of Object.keys(defaultScenario().layers)) expectRefused({ layers: { [name]: { extra: true } } }, `layers.${name}: Unrecognized key: "extra"`)
    const interventions = [
      { kind: 'slider', atUs: 0, name: 'entropy', value: 1 },
      { kind: 'fault', atUs: 0, fault: 'heal', target: 'one' },
      { kind: 'lifecycle', atUs: 0, node: 1, action: 'drain' },
      { kind: 'transfer_leadership', atUs: 0, to: 2 },
    ]
    for (const iv of interventions) {
      expect(issuesOf({ interventions: [iv] as ScenarioInput['interventions'] })).toEqual([])
      expectRefused({ interventions: [{ ...iv, extra: 1 }] }, 'interventions[0]: Unrecognized key: "extra"')
    }
  })

  it('lists several unknown keys of one object together', () => {
    expectRefused({ nodes: { a: 1, b: 2 } }, 'nodes: Unrecognized keys: "a", "b"')
  })

  it('include format 1\'s `chaos` in a format-2 scenario (the sliders moved to layers.chaOS)', () => {
    expectRefused({ chaos: { entropy: 0.5 } }, '(scenario): Unrecognized key: "chaos"')
    expect(issuesOf({ layers: { chaOS: { entropy: 0.5 } } })).toEqual([])
  })
})

describe('run: the optional layers that run', () => {
  it('accepts every set in which chaOS and mythOS have atmOS, in any order', () => {
    for (const run of [[], ['atmOS'], ['atmOS', 'chaOS'], ['atmOS', 'mythOS'], ['mythOS', 'chaOS', 'atmOS']]) {
      expect(issuesOf({ run })).toEqual([])
      expect(ScenarioSchema.parse({ run }).run).toEqual(run)
    }
  })

  it('refuses a layer listed twice', () => {
    expectRefused({ run: ['atmOS', 'chaOS', 'atmOS'] }, 'run[2]: atmOS is listed twice')
    expectRefused({ run: ['atmOS', 'atmOS'] }, 'run[1]: atmOS is listed twice')
  })

  it('refuses mythOS or chaOS without atmOS, which they need', () => {
    expectRefused({ run: ['mythOS'] }, 'run: mythOS needs atmOS, which this scenario does not run')
    expectRefused({ run: ['chaOS', 'mythOS'] }, 'run: chaOS needs atmOS, which this scenario does not run; run: mythOS needs atmOS, which this scenario does not run')
  })

  it('refuses an unknown layer name, a network and a kernel layer (they are not optional)', () => {
    const options = 'Invalid option: expected one of "atmOS"|"chaOS"|"chronOS"|"mythOS"|"etymOS"|"karmOS"|"theOS"|"daemOS"|"hypnOS"|"oneirOS"|"thanatOS"|"nomOS"|"pandemoniOS"|"harmoniOS"|"anomOS"'
    expectRefused({ run: ['atmOS', 'zeus'] }, `run[1]: ${options}`)
    expectRefused({ run: ['pneumOS'] }, `run[0]: ${options}`)
    expectRefused({ run: ['logOS'] }, `run[0]: ${options}`)
    // (zod also runs the array's length check on the string, adding a second, odder issue.)
    expect(issuesOf({ run: 'atmOS' as unknown as [] })[0]).toBe('run: Invalid input: expected array, received string')
  })

  it('refuses an intervention addressed to a layer that does not run, naming the layer', () => {
    const fault = { kind: 'fault', atUs: 0, fault: 'crash', target: 'leader' } as const
    expectRefused({ run: ['atmOS', 'mythOS'], interventions: [fault] }, "interventions[0].kind: a 'fault' intervention is for chaOS, which this scenario does not run")
    expectRefused(
      { run: ['atmOS', 'mythOS'], interventions: [{ kind: 'transfer_leadership', atUs: 0, to: null }, { kind: 'slider', atUs: 5, name: 'entropy', value: 0 }] },
      "interventions[1].kind: a 'slider' intervention is for chaOS, which this scenario does not run",
    )
    expectRefused({ run: ['atmOS', 'chaOS'], interventions: [{ kind: 'transfer_leadership', atUs: 0, to: 1 }] }, "interventions[0].kind: a 'transfer_leadership' intervention is for mythOS, which this scenario does not run")
    expectRefused({ run: [], interventions: [{ kind: 'lifecycle', atUs: 0, node: 1, action: 'crash' }] }, "interventions[0].kind: a 'lifecycle' intervention is for atmOS, which this scenario does not run")
    expect(issuesOf({ run: ['atmOS', 'chaOS'], interventions: [fault] })).toEqual([])
  })

  it('refuses an intervention of no layer', () => {
    expectRefused({ interventions: [{ kind: 'reboot', atUs: 0 }] }, "interventions[0].kind: Invalid discriminator value. Expected 'lifecycle' | 'message_drop' | 'message_delay' | 'slider' | 'fault' | 'transfer_leadership' | 'voters' | 'scale' | 'service' | 'service_remove' | 'daemon_fault' | 'decommission' | 'join' | 'rule' | 'release' | 'alert'")
  })

  it('refuses a lifecycle or leadership intervention aimed at a world that does not exist', () => {
    expectRefused({ nodes: { count: 3 }, interventions: [{ kind: 'lifecycle', atUs: 0, node: 3, action: 'drain' }] }, 'interventions[0].node: no world 3 (there are 3)')
    expectRefused({ nodes: { count: 3 }, interventions: [{ kind: 'transfer_leadership', atUs: 0, to: 5 }] }, 'interventions[0].to: no world 5 (there are 3)')
    expect(issuesOf({ nodes: { count: 3 }, interventions: [{ kind: 'transfer_leadership', atUs: 0, to: null }, { kind: 'lifecycle', atUs: 1, node: 2, action: 'crash' }] })).toEqual([])
  })
})

describe('issue formatting', () => {
  it('lists at most five issues and counts the rest', () => {
    const input = { seed: -1, quantumUs: 1, network: 'x', nodes: { count: 0, spreadKm: 0 }, layers: { chaOS: { entropy: 9, lossRate: 9 } } }
    const result = ScenarioSchema.safeParse(input)
    expect(result.success).toBe(false)
    if (result.success) return
    const count = result.error.issues.length
    expect(count).toBeGreaterThan(5)
    const text = formatIssues(result.error.issues)
    expect(text.split('; ')).toHaveLength(6)
    expect(text).toMatch(/^seed: Too small: expected number to be >=0; /)
    expect(text.endsWith(`; and ${count - 5} more`)).toBe(true)
  })

  it('writes paths with dots and indices', () => {
    expect(formatPath([])).toBe('(scenario)')
    expect(formatPath(['interventions', 3, 'target'])).toBe('interventions[3].target')
  })

  it('clips and escapes quoted input', () => {
    expect(quote('xyz')).toBe("'xyz'")
    expect(quote('a\n"b')).toBe("'a\\n\\\"b'")
    expect(quote('x'.repeat(100))).toBe(`'${'x'.repeat(24)}…'`)
  })
})
