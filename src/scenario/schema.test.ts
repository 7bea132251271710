import { describe, expect, it } from 'vitest'
import { ENGINE_VERSION, FORMAT_VERSION, ScenarioSchema, activeLayers, defaultScenario, type ScenarioInput } from './schema'
import { formatIssues, formatPath, quote } from './errors'

/** The issues (as `path: message`) the schema reports for an input. */
function issuesOf(input: ScenarioInput): string[] {
  const result = ScenarioSchema.safeParse(input)
  if (result.success) return []
  return result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
}

describe('ScenarioSchema', () => {
  it('parses the empty object to the documented defaults', () => {
    const s = ScenarioSchema.parse({})
    expect(s).toEqual(defaultScenario())
    expect(s).toMatchObject({
      format: FORMAT_VERSION,
      engine: ENGINE_VERSION,
      seed: 1,
      nodes: { count: 5, layout: 'ring', spreadKm: 6_000 },
      network: 'pneumOS',
      quantumUs: 10_000,
      layers: { mythOS: { electionTimeoutMsMin: 1_000, electionTimeoutMsMax: 2_000, heartbeatMs: 100 } },
      chaos: { entropy: 0.3 },
      interventions: [],
    })
    expect(s.stopUs).toBeUndefined()
    expect(activeLayers(s)).toEqual(['atmOS', 'pneumOS', 'chaOS', 'mythOS'])
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

  it('requires electionTimeoutMsMax to exceed electionTimeoutMsMin', () => {
    const equal = { layers: { mythOS: { electionTimeoutMsMin: 1_500, electionTimeoutMsMax: 1_500 } } }
    expect(issuesOf(equal)).toEqual(['layers.mythOS.electionTimeoutMsMax: must be greater than electionTimeoutMsMin'])
    const less = { layers: { mythOS: { electionTimeoutMsMin: 3_000 } } } // max stays at its default 2000
    expect(issuesOf(less)).toEqual(['layers.mythOS.electionTimeoutMsMax: must be greater than electionTimeoutMsMin'])
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
    expect(issuesOf({ chaos: { entropy: 2 } })).toEqual(['chaos.entropy: Too big: expected number to be <=1'])
    expect(issuesOf({ format: 2 as 1 })).toEqual([expect.stringMatching(/^format: /)])
  })
})

describe('issue formatting', () => {
  it('lists at most five issues and counts the rest', () => {
    const input = { seed: -1, quantumUs: 1, network: 'x', nodes: { count: 0, spreadKm: 0 }, chaos: { entropy: 9, lossRate: 9 } }
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
