import { deriveRng } from '../../kernel/rng'
import type { LayerScenario } from '../../scenario/base'

/** A world's position in km, in the cosmos frame (y is "up" in the 3D view). */
export interface Vec3 { readonly x: number; readonly y: number; readonly z: number }

const TAU = 6.283185307179586

/**
 * Sine and cosine by exact arithmetic (range reduction + Taylor series with + − × / only), so a
 * layout is bit-identical in every JavaScript engine (Math.sin/cos are not guaranteed to be).
 */
export function exactSinCos(angle: number): { sin: number; cos: number } {
  let a = angle % TAU
  if (a > TAU / 2) a -= TAU
  if (a < -TAU / 2) a += TAU
  let term = a
  let sin = a
  let cosTerm = 1
  let cos = 1
  const a2 = a * a
  for (let n = 1; n < 14; n++) {
    term = (-term * a2) / ((2 * n) * (2 * n + 1))
    sin += term
    cosTerm = (-cosTerm * a2) / ((2 * n - 1) * (2 * n))
    cos += cosTerm
  }
  return { sin, cos }
}

/**
 * Place the worlds. Deterministic in (seed, layout, count, spread): every layer calls this at init
 * and gets the same positions without a message. Draws come from the 'atmOS/layout' stream.
 */
export function layoutWorlds(s: Pick<LayerScenario, 'seed' | 'nodes'>): Vec3[] {
  const { count, layout, spreadKm: r } = s.nodes
  const rng = deriveRng(s.seed, 'atmOS', 'layout')
  const out: Vec3[] = []
  const inBall = (radius: number): Vec3 => {
    for (;;) {
      const x = rng.unit() * 2 - 1, y = rng.unit() * 2 - 1, z = rng.unit() * 2 - 1
      if (x * x + y * y + z * z <= 1) return { x: x * radius, y: y * radius, z: z * radius }
    }
  }
  switch (layout) {
    case 'ring':
      for (let i = 0; i < count; i++) {
        const { sin, cos } = exactSinCos((TAU * i) / count)
        out.push({ x: r * cos, y: (rng.unit() - 0.5) * r * 0.05, z: r * sin })
      }
      break
    case 'cluster': {
      const clusters = Math.max(1, Math.min(count, Math.round(Math.sqrt(count / 2)) + 1))
      const centres = Array.from({ length: clusters }, () => inBall(r * 0.8))
      for (let i = 0; i < count; i++) {
        const c = centres[i % clusters]!
        const d = inBall(r * 0.15)
        out.push({ x: c.x + d.x, y: c.y + d.y, z: c.z + d.z })
      }
      break
    }
    case 'galaxy': {
      const arms = 3
      for (let i = 0; i < count; i++) {
        const arm = i % arms
        const t = rng.unit()
        const { sin, cos } = exactSinCos((TAU * arm) / arms + t * 4.5)
        const rad = r * (0.1 + 0.9 * t)
        const fuzz = r * 0.06
        out.push({ x: rad * cos + rng.normal() * fuzz, y: rng.normal() * fuzz * 0.4, z: rad * sin + rng.normal() * fuzz })
      }
      break
    }
    case 'random':
      for (let i = 0; i < count; i++) out.push(inBall(r))
      break
  }
  return out
}

export const distanceKm = (a: Vec3, b: Vec3): number => {
  const dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z
  return Math.sqrt(dx * dx + dy * dy + dz * dz)
}
