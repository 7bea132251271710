import { describe, expect, it } from 'vitest'
import { phiChart } from './pandemoniOSChart.math'

describe('phi chart', () => {
  it('draws one path per observer ending at the right edge, with the threshold between 0 and the top', () => {
    const c = phiChart([{ observer: 1, phi: [0, 0.1, 3, 9, 40], lastUs: 10_000_000 }, { observer: 3, phi: [0, 0, 0], lastUs: 10_000_000 }], 8, 500, 480, 180)
    expect(c.paths.map((p) => p.observer)).toEqual([1, 3])
    expect(c.paths[0]!.d.startsWith('M')).toBe(true)
    expect(c.paths[0]!.last).toBe(40)
    expect(c.thresholdY).toBeGreaterThan(6)
    expect(c.thresholdY).toBeLessThan(162)
    expect(c.yTicks.map((t) => t.label)).toContain('8')
  })
})
