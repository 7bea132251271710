import { describe, expect, it } from 'vitest'
import {
  ARC_LIFT,
  JOLT_SHOW_US,
  CLOCK_LEAD_STEPS,
  SCENE_RADIUS,
  WORLD_RADIUS_MAX,
  WORLD_RADIUS_MIN,
  advanceSimClock,
  arcPoint,
  cutLinks,
  describeWorld,
  fitCameraDistance,
  joltRing,
  fitLayout,
  isDimmed,
  worldScale,
  LEARNER_SCALE,
  DIMMED_SCALE,
  HOVERED_SCALE,
  lcg,
  newSimClock,
  packetColor,
  packetFraction,
  partitionCutLinks,
  riftWall,
  ringCutLinks,
  scenePositions,
  starField,
  worldColor,
  worldRadius,
} from './cosmos.math'
import { PACKET_COLORS, PACKET_FALLBACK_COLOR, ROLE_COLORS, STATUS_COLORS } from './palette'

const ring = (n: number, r: number) =>
  Array.from({ length: n }, (_, i) => ({ x: r * Math.cos((2 * Math.PI * i) / n), y: 0, z: r * Math.sin((2 * Math.PI * i) / n) }))

const norm = (p: ArrayLike<number>, i: number) => Math.hypot(p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!)

describe('fitting the km layout into the scene', () => {
  it('puts the farthest world at the scene radius, whatever the spread', () => {
    for (const km of [1, 6_000, 40_000]) {
      const pos = scenePositions(ring(12, km), fitLayout(ring(12, km)))
      const maxR = Math.max(...Array.from({ length: 12 }, (_, i) => norm(pos, i)))
      expect(maxR).toBeCloseTo(SCENE_RADIUS, 4)
    }
  })

  it('centres an off-centre layout on the origin', () => {
    const worlds = [{ x: 1000, y: 500, z: -200 }, { x: 3000, y: 500, z: -200 }]
    const pos = scenePositions(worlds, fitLayout(worlds))
    expect(pos[0]).toBeCloseTo(-SCENE_RADIUS)
    expect(pos[3]).toBeCloseTo(SCENE_RADIUS)
    expect(pos[1]).toBeCloseTo(0)
  })

  it('keeps a lone world at the origin with a finite scale', () => {
    const fit = fitLayout([{ x: 5, y: 6, z: 7 }])
    expect(fit.scale).toBe(1)
    expect(Array.from(scenePositions([{ x: 5, y: 6, z: 7 }], fit))).toEqual([0, 0, 0])
    expect(fitLayout([]).scale).toBe(1)
  })
})

describe('world sphere radius', () => {
  it('shrinks as worlds crowd, within its bounds', () => {
    const few = scenePositions(ring(5, 1), fitLayout(ring(5, 1)))
    const many = scenePositions(ring(2000, 1), fitLayout(ring(2000, 1)))
    const rFew = worldRadius(few, 5)
    const rMany = worldRadius(many, 2000)
    expect(rFew).toBeLessThanOrEqual(WORLD_RADIUS_MAX)
    expect(rMany).toBeGreaterThanOrEqual(WORLD_RADIUS_MIN)
    expect(rMany).toBeLessThan(rFew)
  })

  it('leaves room between neighbours (no overlap when there is room)', () => {
    const pos = scenePositions(ring(40, 1), fitLayout(ring(40, 1)))
    const neighbour = Math.hypot(pos[0]! - pos[3]!, pos[2]! - pos[5]!)
    expect(2 * worldRadius(pos, 40)).toBeLessThan(neighbour)
  })
})

describe('fitting the camera', () => {
  const inView = (pos: Float32Array, n: number, dir: [number, number, number], d: number, vfov: number, aspect: number) => {
    // Project with the same camera frame: right = up × dir, up' = dir × right.
    const len = Math.hypot(dir[2], dir[0])
    const r = [dir[2] / len, 0, -dir[0] / len]
    const u = [dir[1] * r[2]!, dir[2] * r[0]! - dir[0] * r[2]!, -dir[1] * r[0]!]
    const t = Math.tan((vfov * Math.PI) / 360)
    for (let i = 0; i < n; i++) {
      const p = [pos[i * 3]!, pos[i * 3 + 1]!, pos[i * 3 + 2]!]
      const depth = d - (p[0]! * dir[0] + p[1]! * dir[1] + p[2]! * dir[2])
      const x = (p[0]! * r[0]! + p[2]! * r[2]!) / (depth * t * aspect)
      const y = (p[0]! * u[0]! + p[1]! * u[1]! + p[2]! * u[2]!) / (depth * t)
      if (depth <= 0 || Math.abs(x) > 1 || Math.abs(y) > 1) return false
    }
    return true
  }
  const dir: [number, number, number] = [0, 9 / Math.hypot(9, 20), 20 / Math.hypot(9, 20)]

  it('keeps every world of a ring in view, in wide and tall panels', () => {
    const pos = scenePositions(ring(40, 1), fitLayout(ring(40, 1)))
    for (const aspect of [2.5, 1, 0.5]) {
      const d = fitCameraDistance(pos, 40, dir, 50, aspect, 0.5)
      expect(inView(pos, 40, dir, d, 50, aspect)).toBe(true)
      expect(inView(pos, 40, dir, d * 0.8, 50, aspect)).toBe(false) // and not needlessly far
    }
  })

  it('stands closer to a flat ring than to a ball of the same radius', () => {
    const flat = scenePositions(ring(40, 1), fitLayout(ring(40, 1)))
    const ball = new Float32Array([0, 10, 0, 0, -10, 0, 10, 0, 0, -10, 0, 0, 0, 0, 10, 0, 0, -10])
    expect(fitCameraDistance(flat, 40, dir, 50, 2, 0.5)).toBeLessThan(fitCameraDistance(ball, 6, dir, 50, 2, 0.5))
  })
})

describe('arcs of packets in flight', () => {
  const pos = new Float32Array([-5, 0, 0, 5, 0, 0])
  const at = (a: number, b: number, t: number) => {
    const out = [0, 0, 0]
    arcPoint(pos, a, b, t, out)
    return out
  }

  it('starts at the sender and ends at the receiver', () => {
    expect(at(0, 1, 0)).toEqual([-5, 0, 0])
    expect(at(0, 1, 1)).toEqual([5, 0, 0])
  })

  it('rises above the chord at mid-flight', () => {
    const [, y] = at(0, 1, 0.5)
    // A quadratic Bézier reaches half its control point's lift at t = 0.5.
    expect(y).toBeCloseTo((10 * ARC_LIFT) / 2)
  })

  it('sends replies on a different lane than requests', () => {
    const there = at(0, 1, 0.5)
    const back = at(1, 0, 0.5)
    expect(there[2]).not.toBeCloseTo(back[2]!)
    expect(there[2]).toBeCloseTo(-back[2]!)
  })

  it('handles a vertical chord without NaN', () => {
    const vertical = new Float32Array([0, -3, 0, 0, 3, 0])
    const out = [0, 0, 0]
    arcPoint(vertical, 0, 1, 0.3, out)
    expect(out.every(Number.isFinite)).toBe(true)
  })
})

describe('packet fraction', () => {
  it('is the share of the flight time elapsed, clamped to [0, 1]', () => {
    expect(packetFraction(150, 100, 200)).toBe(0.5)
    expect(packetFraction(50, 100, 200)).toBe(0)
    expect(packetFraction(900, 100, 200)).toBe(1)
  })

  it('treats an instant delivery as arrived', () => {
    expect(packetFraction(100, 100, 100)).toBe(1)
  })
})

describe('the smooth sim clock', () => {
  it('runs on by real time × achieved speed between view updates', () => {
    const c = newSimClock()
    advanceSimClock(c, 0, 1, 0, 1, true)
    advanceSimClock(c, 50_000, 2, 50, 1, true) // one view step: 50 ms of sim time
    expect(advanceSimClock(c, 50_000, 2, 70, 1, true)).toBe(70_000)
  })

  it('runs no more than a view step (and a little) ahead of the last view', () => {
    const c = newSimClock()
    advanceSimClock(c, 0, 1, 0, 1, true)
    advanceSimClock(c, 50_000, 2, 50, 1, true)
    expect(advanceSimClock(c, 50_000, 2, 10_000, 1, true)).toBe(50_000 + 50_000 * CLOCK_LEAD_STEPS)
  })

  it('never goes backwards while the run plays', () => {
    const c = newSimClock()
    advanceSimClock(c, 0, 1, 0, 2, true)
    advanceSimClock(c, 100_000, 2, 50, 2, true)
    const ahead = advanceSimClock(c, 100_000, 2, 100, 2, true) // 200 ms of sim time, capped at 225 ms
    const next = advanceSimClock(c, 180_000, 3, 101, 2, true) // a view behind what is shown
    expect(next).toBeGreaterThanOrEqual(ahead)
  })

  it('snaps to the view when paused, and after a reset', () => {
    const c = newSimClock()
    advanceSimClock(c, 0, 1, 0, 1, true)
    advanceSimClock(c, 50_000, 2, 50, 1, true)
    advanceSimClock(c, 50_000, 2, 90, 1, true)
    expect(advanceSimClock(c, 50_000, 2, 95, 1, false)).toBe(50_000)
    expect(advanceSimClock(c, 0, 3, 100, 1, true)).toBe(0)
  })

  it('does not run on at infinite or zero speed', () => {
    const c = newSimClock()
    advanceSimClock(c, 0, 1, 0, 1, true)
    advanceSimClock(c, 10_000, 2, 10, 1, true)
    expect(advanceSimClock(c, 10_000, 2, 20, Infinity, true)).toBe(10_000)
    expect(advanceSimClock(c, 10_000, 2, 20, 0, true)).toBe(10_000)
  })
})

describe('world colours', () => {
  it('shows the Raft role of a world that is up', () => {
    expect(worldColor('leader', 'up')).toBe(ROLE_COLORS.leader)
    expect(worldColor('follower', 'up')).toBe(ROLE_COLORS.follower)
    expect(worldColor('candidate', 'up')).toBe(ROLE_COLORS.candidate)
  })

  it('lets a lifecycle status override the role', () => {
    expect(worldColor('leader', 'crashed')).toBe(STATUS_COLORS.crashed)
    expect(worldColor('follower', 'quarantined')).toBe(STATUS_COLORS.quarantined)
    expect(worldColor('follower', 'restarting')).toBe(STATUS_COLORS.restarting)
  })

  it('draws a world whose Raft node is down as crashed, and an unknown role neutrally', () => {
    expect(worldColor('leader', 'up', false)).toBe(STATUS_COLORS.crashed)
    expect(worldColor(undefined, 'up')).toBe(STATUS_COLORS.up)
    expect(worldColor(undefined, undefined)).toBe(STATUS_COLORS.up)
  })

  it('dims crashed and restarting worlds only', () => {
    expect(isDimmed('crashed')).toBe(true)
    expect(isDimmed('restarting')).toBe(true)
    expect(isDimmed('up')).toBe(false)
    expect(isDimmed('quarantined')).toBe(false)
  })

  it('draws learners smaller than voters, dimmed worlds smaller, the hovered one larger', () => {
    expect(worldScale('up', true, false)).toBe(1)
    expect(worldScale('up', undefined, false)).toBe(1) // no mythOS view: drawn as a voter
    expect(worldScale('up', false, false)).toBe(LEARNER_SCALE)
    expect(LEARNER_SCALE).toBeLessThan(DIMMED_SCALE) // a learner is told from a crashed voter by size too
    expect(worldScale('crashed', true, false)).toBe(DIMMED_SCALE)
    expect(worldScale('crashed', false, true)).toBeCloseTo(LEARNER_SCALE * DIMMED_SCALE * HOVERED_SCALE)
    expect(worldScale('up', false, true)).toBeLessThan(worldScale('up', true, false))
  })

  it('gives every palette entry a CSS hex colour', () => {
    for (const hex of [...Object.values(ROLE_COLORS), ...Object.values(STATUS_COLORS), ...Object.values(PACKET_COLORS)])
      expect(hex).toMatch(/^#[0-9a-f]{6}$/i)
  })

  it('colours packets by kind, with a fallback', () => {
    expect(packetColor('vote')).toBe(PACKET_COLORS.vote)
    expect(packetColor('heartbeat')).toBe(PACKET_COLORS.heartbeat)
    expect(packetColor('gossip')).toBe(PACKET_FALLBACK_COLOR)
  })
})

describe('tooltip', () => {
  it('names the world and gives its role, term and status', () => {
    const lines = describeWorld({ id: 3, name: 'Gaia', status: 'up' }, { role: 'leader', term: 7, up: true })
    expect(lines).toEqual(['Gaia · #3', 'role leader · term 7', 'status up'])
  })

  it('adds the world\'s local and cosmic time and its offset while chronOS runs', () => {
    const clock = { localUs: 12_000_450, offsetUs: 450, synced: true, reference: false, stratum: 2 }
    expect(describeWorld({ id: 3, name: 'Gaia', status: 'up' }, undefined, clock).slice(3)).toEqual(['local 12.000450 s · cosmic 12.000000 s', 'offset +0.450 ms · NTP stratum 2'])
    expect(describeWorld({ id: 0, name: 'Sol', status: 'up' }, undefined, { ...clock, offsetUs: -2_000, localUs: 11_998_000, synced: false })[4]).toBe('offset −2.000 ms · not synchronised')
    expect(describeWorld({ id: 0, name: 'Sol', status: 'up' }, undefined, { ...clock, reference: true, offsetUs: 0 })[4]).toBe('offset +0.000 ms · reference clock (stratum 1)')
  })

  it('says whether the world is a Raft voter or a learner', () => {
    expect(describeWorld({ id: 3, name: 'Gaia', status: 'up' }, { role: 'leader', term: 7, up: true, voter: true })[1]).toBe('role leader (voter) · term 7')
    expect(describeWorld({ id: 4, name: 'Rhea', status: 'up' }, { role: 'follower', term: 7, up: true, voter: false })[1]).toBe('role follower (learner) · term 7')
  })

  it('says when the role is not known yet', () => {
    expect(describeWorld({ id: 0, name: 'A', status: 'crashed' }, undefined)[1]).toBe('role — · term —')
    expect(describeWorld(undefined, undefined)).toEqual([])
  })
})

describe('rifts', () => {
  const pos = scenePositions(ring(5, 1), fitLayout(ring(5, 1)))
  const id = (i: number) => i

  it('draws every cut link of a small partition', () => {
    const links = cutLinks([[0], [1, 2, 3, 4]], pos, id)
    expect(links.length).toBe(2 * 4)
    for (let k = 0; k < links.length; k += 2) expect(links[k]).toBe(0)
  })

  it('caps the links of a large partition, each crossing between groups', () => {
    const big = scenePositions(ring(2000, 1), fitLayout(ring(2000, 1)))
    const a = Array.from({ length: 1000 }, (_, i) => i)
    const b = Array.from({ length: 1000 }, (_, i) => i + 1000)
    const links = cutLinks([a, b], big, id, 100)
    expect(links.length).toBeGreaterThan(0)
    expect(links.length).toBeLessThanOrEqual(200)
    for (let k = 0; k < links.length; k += 2) expect(links[k]! < 1000).not.toBe(links[k + 1]! < 1000)
  })

  it('skips unknown world ids', () => {
    expect(cutLinks([[0, 99], [1]], pos, (i) => (i < 5 ? i : -1))).toEqual([0, 1])
  })

  it('draws every cut pair of a small majorities-ring, and only those', () => {
    const ring = { id: 1, kind: 'ring' as const, order: [3, 0, 4, 1, 2], reach: 1 }
    const links = ringCutLinks(ring, id)
    const pairs = []
    for (let k = 0; k < links.length; k += 2) pairs.push([links[k]!, links[k + 1]!].sort((a, b) => a - b).join('-'))
    expect(pairs.sort()).toEqual(['0-1', '0-2', '1-3', '2-4', '3-4'])
    expect(partitionCutLinks(ring, pos, id)).toEqual(links)
    expect(partitionCutLinks({ id: 2, kind: 'groups', groups: [[0], [1, 2, 3, 4]] }, pos, id)).toEqual(cutLinks([[0], [1, 2, 3, 4]], pos, id))
    expect(ringCutLinks({ id: 3, kind: 'ring', order: [0, 1, 2], reach: 1 }, id)).toEqual([]) // a ring of 3 cuts nothing
  })

  it('caps the links of a large majorities-ring, each one cut', () => {
    const order = Array.from({ length: 2000 }, (_, i) => (i * 7) % 2000)
    const ring = { id: 1, kind: 'ring' as const, order, reach: 500 }
    const links = ringCutLinks(ring, id, 100)
    expect(links.length).toBeGreaterThan(0)
    expect(links.length).toBeLessThanOrEqual(200)
    const at = new Map(order.map((w, p) => [w, p]))
    for (let k = 0; k < links.length; k += 2) {
      const d = Math.abs(at.get(links[k]!)! - at.get(links[k + 1]!)!)
      expect(Math.min(d, 2000 - d)).toBeGreaterThan(500)
    }
  })

  it('places the wall between an isolated world and the rest, not through the majority', () => {
    const wall = riftWall([1, 2, 3, 4], [0], pos)!
    expect(wall.separates).toBe(true)
    const side = (i: number) =>
      (pos[i * 3]! - wall.center[0]) * wall.normal[0] + (pos[i * 3 + 1]! - wall.center[1]) * wall.normal[1] + (pos[i * 3 + 2]! - wall.center[2]) * wall.normal[2]
    expect(side(0)).toBeGreaterThan(0)
    for (const i of [1, 2, 3, 4]) expect(side(i)).toBeLessThan(0)
  })

  it('has no wall for an empty group', () => {
    expect(riftWall([], [0], pos)).toBeNull()
  })
})

describe('decoration', () => {
  it('draws the same star field every time, on the shell', () => {
    const a = starField(300, 42)
    const b = starField(300, 42)
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions))
    for (let i = 0; i < 300; i++) {
      const r = norm(a.positions, i)
      expect(r).toBeGreaterThanOrEqual(80 - 1e-3)
      expect(r).toBeLessThanOrEqual(160 + 1e-3)
      expect(a.brightness[i]).toBeGreaterThanOrEqual(0.25)
    }
  })

  it('has an LCG in [0, 1) that depends on its seed', () => {
    const r = lcg(1)
    const xs = Array.from({ length: 1000 }, r)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(lcg(2)()).not.toBe(lcg(1)())
  })
})

describe('joltRing', () => {
  it('widens from 2.4 to 6 radii over JOLT_SHOW_US and is gone before and after', () => {
    expect(joltRing(-1, 0.5)).toBeNull()
    expect(joltRing(0, 0.5)).toBeCloseTo(1.2)
    expect(joltRing(JOLT_SHOW_US / 2, 0.5)).toBeCloseTo(2.1)
    expect(joltRing(JOLT_SHOW_US - 1, 0.5)).toBeCloseTo(3, 3)
    expect(joltRing(JOLT_SHOW_US, 0.5)).toBeNull()
    expect(joltRing(Number.NaN, 0.5)).toBeNull()
  })
})
