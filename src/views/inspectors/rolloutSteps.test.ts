import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_STEPS, RolloutStep } from '../../layers/harmoniOS/settings'
import { parseSteps, stepsText } from './rolloutSteps'

describe('rollout steps as text', () => {
  it('reads the default steps back from their text', () => {
    expect(stepsText(DEFAULT_STEPS)).toBe('20%, pause 5s, analysis 5s, 60%, pause 5s, analysis 5s, 100%, analysis 5s')
    expect(parseSteps(stepsText(DEFAULT_STEPS))).toEqual({ ok: true, steps: DEFAULT_STEPS })
  })
  it('round-trips any valid steps', () => {
    const step = fc.oneof(fc.integer({ min: 0, max: 100 }).map((w) => ({ setWeight: w })), fc.integer({ min: 0, max: 3_600 }).map((s) => ({ pauseMs: s * 1000 })), fc.integer({ min: 0, max: 3_600 }).map((s) => ({ analysisMs: s * 1000 })))
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 32 }), (steps) => {
      for (const s of steps) expect(RolloutStep.safeParse(s).success).toBe(true)
      expect(parseSteps(stepsText(steps))).toEqual({ ok: true, steps })
    }))
  })
  it('says which part it cannot read', () => {
    expect(parseSteps('')).toMatchObject({ ok: false, error: expect.stringMatching(/at least one step/) })
    expect(parseSteps('20%, wait 5s')).toEqual({ ok: false, error: '“wait 5s” is not a step: write 20%, pause 5s or analysis 5s' })
    expect(parseSteps('120%')).toMatchObject({ ok: false, error: expect.stringMatching(/0–100/) })
    expect(parseSteps('<img src=x onerror=alert(1)>')).toMatchObject({ ok: false })
  })
})
