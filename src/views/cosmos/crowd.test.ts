import { describe, expect, it } from 'vitest'
import { MAX_WORLDS } from '../../scenario/base'
import { CLUSTERS_MAX, clusterCounts, inFlightCount, namedWorlds, NAMED_MAX, samplingNote } from './crowd'
import { WORLDS_CAPACITY } from './model'

describe('the cosmos with many worlds', () => {
  it('holds as many worlds as a scenario may have', () => {
    expect(WORLDS_CAPACITY).toBe(MAX_WORLDS)
    expect(WORLDS_CAPACITY).toBe(10_000)
  })

  it('names the leaders, the selected and hovered world, then the voters: each once, at most NAMED_MAX', () => {
    expect(namedWorlds([7], 3, -1, [0, 3, 7, 9])).toEqual([7, 3, 0, 9])
    expect(namedWorlds([], -1, 4, [])).toEqual([4])
    const voters = Array.from({ length: 2000 }, (_, i) => i)
    const named = namedWorlds([1999, 5], 42, 42, voters)
    expect(named).toHaveLength(NAMED_MAX)
    expect(named.slice(0, 4)).toEqual([1999, 5, 42, 0])
    expect(new Set(named).size).toBe(named.length)
  })

  it('counts worlds per screen cell, fullest first, at their mean position, never more than CLUSTERS_MAX', () => {
    // 10,000 worlds on a 1000 × 600 px screen, a quarter of them off screen or behind the camera.
    const n = 10_000
    const xy = new Float32Array(n * 2)
    for (let i = 0; i < n; i++) {
      xy[i * 2] = i % 4 === 0 ? NaN : (i * 37) % 1300
      xy[i * 2 + 1] = (i * 53) % 600
    }
    const cells = clusterCounts(xy, n, 1000, 600)
    expect(cells.length).toBe(CLUSTERS_MAX)
    for (let k = 1; k < cells.length; k++) expect(cells[k]!.count).toBeLessThanOrEqual(cells[k - 1]!.count)
    for (const c of cells) {
      expect(c.x).toBeGreaterThanOrEqual(0)
      expect(c.x).toBeLessThan(1000)
      expect(c.y).toBeLessThan(600)
    }
    // Two groups: the counts and the centroids are exact.
    const two = new Float32Array([10, 10, 20, 30, 30, 20, 500, 500, 502, 504])
    expect(clusterCounts(two, 5, 1000, 600, 110, 24, 2)).toEqual([
      { x: 20, y: 20, count: 3 },
      { x: 501, y: 502, count: 2 },
    ])
    expect(clusterCounts(two, 5, 1000, 600, 110, 24, 3)).toHaveLength(1)
  })

  it('tells how many packets are in flight from the network counters, and the share drawn', () => {
    const t = (sent: number, delivered: number, dropped = 0, duplicated = 0) => ({ sent, delivered, dropped, duplicated })
    expect(inFlightCount(undefined)).toBe(0)
    // Only the layers drawn as particles count (pandemoniOS heartbeats are not drawn).
    expect(inFlightCount({ mythOS: t(10_000, 4_000, 100, 50), karmOS: t(30, 28), pandemoniOS: t(900, 0) })).toBe(5_952)
    expect(samplingNote(5_952, 200)).toBe('≈ 5,952 packets in flight · 1 in 30 drawn')
    expect(samplingNote(210, 200)).toBe('')
    expect(samplingNote(100, 0)).toBe('')
  })
})
