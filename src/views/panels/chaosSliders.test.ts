import { describe, expect, it } from 'vitest'
import { CHAOS_SLIDERS, ScenarioSchema, defaultScenario } from '../../scenario/schema'
import { SLIDERS, fromPosition, inputRange, toPosition } from './chaosSliders'
import { formatAchieved, formatRate, formatSimTime, formatSpeed } from './format'
import { sliderAt } from './sliderValue'

const byName = (name: string) => SLIDERS.find((s) => s.name === name)!

describe('chaOS slider presentation', () => {
  it('covers every slider of the schema, in schema order', () => {
    expect(SLIDERS.map((s) => s.name)).toEqual(CHAOS_SLIDERS)
  })

  it('writes each value with its unit', () => {
    expect(byName('crashRatePerMin').format(0.5)).toBe('0.50 /world/min')
    expect(byName('restartDelayMs').format(3000)).toBe('3000 ms')
    expect(byName('lossRate').format(0.05)).toBe('5.0 %')
    expect(byName('latencyMultiplier').format(3)).toBe('3.00 ×')
    expect(byName('clockDriftPpm').format(50)).toBe('50 ppm')
    expect(byName('entropy').format(0.3)).toBe('0.30')
  })

  it('scales by entropy the way the layers do', () => {
    expect(byName('lossRate').effective(0.2, 0.5)).toBeCloseTo(0.1)
    expect(byName('latencyMultiplier').effective(3, 0.5)).toBe(2)
    expect(byName('restartDelayMs').effective(3000, 0.5)).toBeNull()
  })

  it('maps every position of every range input to a value the schema accepts, ends included', () => {
    for (const m of SLIDERS) {
      const r = inputRange(m)
      for (let p = r.min; p <= r.max + 1e-9; p += (r.max - r.min) / 50) {
        const v = fromPosition(m, p)
        const parsed = ScenarioSchema.safeParse({ layers: { chaOS: { [m.name]: v } } })
        expect(parsed.success, `${m.name} at position ${p} → ${v}`).toBe(true)
      }
      expect(fromPosition(m, r.min)).toBe(m.min)
      expect(fromPosition(m, r.max)).toBe(m.max)
    }
  })

  it('puts each default value back where it was (position round trip)', () => {
    const d = defaultScenario().layers.chaOS
    for (const m of SLIDERS) {
      const v = fromPosition(m, toPosition(m, d[m.name]))
      expect(Math.abs(v - d[m.name]) / Math.max(1, d[m.name]), m.name).toBeLessThan(0.02)
    }
  })
})

describe('the slider value in effect', () => {
  it('is the latest move that has happened (or is due within a window), else the start value', () => {
    const s = ScenarioSchema.parse({
      layers: { chaOS: { lossRate: 0.05 } },
      interventions: [
        { kind: 'slider', atUs: 1_000_000, name: 'lossRate', value: 0.2 },
        { kind: 'slider', atUs: 2_000_000, name: 'lossRate', value: 0.4 },
        { kind: 'fault', atUs: 2_500_000, fault: 'crash', target: 'one' },
      ],
    })
    expect(sliderAt(s, 'lossRate', 0)).toBe(0.05)
    expect(sliderAt(s, 'lossRate', 1_000_000)).toBe(0.2)
    expect(sliderAt(s, 'lossRate', 1_995_000)).toBe(0.4) // due within the next 10 ms window
    expect(sliderAt(s, 'lossRate', 9_000_000)).toBe(0.4)
    expect(sliderAt(s, 'entropy', 9_000_000)).toBe(s.layers.chaOS.entropy)
  })
})

describe('status bar formats', () => {
  it('reads as a person expects', () => {
    expect(formatSimTime(12_340_000)).toBe('12.340 s')
    expect(formatAchieved(4.23)).toBe('× 4.2 real time')
    expect(formatAchieved(0)).toBe('× 0 real time')
    expect(formatSpeed(Number.POSITIVE_INFINITY)).toBe('max')
    expect(formatSpeed(0.447)).toBe('0.45×')
    expect(formatRate(3.26)).toBe('3.3/s')
    expect(formatRate(12_345)).toBe('12.3k/s')
  })
})
