import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'

/** The four 32-bit words of a xoroshiro128+ state: plain data, structured-cloneable, snapshot-able. */
export type RngState = readonly [number, number, number, number]

const TWO_32 = 4294967296

/**
 * A seeded stream. Every draw the simulation makes goes through one of these.
 * Only exact operations are used (integer ops, multiplication by powers of two), so a
 * stream yields the same numbers in V8, SpiderMonkey and JavaScriptCore.
 */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>

  constructor(state: RngState) {
    this.gen = xoroshiro128plusFromState(state)
  }

  state(): RngState {
    const s = this.gen.getState()
    return [s[0]!, s[1]!, s[2]!, s[3]!]
  }

  /** Uniform integer in [0, 2^32). */
  u32(): number {
    return this.gen.next() >>> 0
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max)
  }

  /** Uniform float in [0, 1) with 32 bits of resolution (exact: u32 / 2^32). */
  unit(): number {
    return this.u32() / TWO_32
  }

  /**
   * True with probability p (0..1). p is turned into a 32-bit threshold by an exact
   * multiplication by 2^32 and a floor, so the comparison is identical in every engine.
   */
  chance(p: number): boolean {
    if (!(p > 0)) return false
    if (p >= 1) return true
    return this.u32() < Math.floor(p * TWO_32)
  }

  /** True with probability numerator/denominator (integers), exactly. */
  ratio(numerator: number, denominator: number): boolean {
    if (numerator <= 0) return false
    if (numerator >= denominator) return true
    return this.int(0, denominator - 1) < numerator
  }

  /**
   * Approximately normal N(0,1) by Irwin–Hall (sum of 12 uniforms − 6): exact arithmetic only,
   * bounded to ±6, which is what a simulator wants for jitter (no unbounded tails).
   */
  normal(): number {
    let sum = 0
    for (let i = 0; i < 12; i++) sum += this.unit()
    return sum - 6
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[this.int(0, items.length - 1)]!
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      const tmp = out[i]!
      out[i] = out[j]!
      out[j] = tmp
    }
    return out
  }
}

/**
 * Derive the initial state of a named stream from the scenario seed, TigerBeetle-style: one seed
 * split into independent per-subsystem seeds, so extra draws in one place never shift another.
 * The 128-bit state is the first 16 bytes of SHA-256("simulation/v1", seed, path…).
 */
export function deriveRngState(seed: number, ...path: string[]): RngState {
  const digest = sha256(utf8ToBytes(['simulation/v1', String(seed >>> 0), ...path].join('\u0000')))
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength)
  const s: [number, number, number, number] = [view.getInt32(0), view.getInt32(4), view.getInt32(8), view.getInt32(12)]
  // xoroshiro128+ must not start from the all-zero state.
  if ((s[0] | s[1] | s[2] | s[3]) === 0) return xoroshiro128plus(seed | 0).getState() as unknown as RngState
  return s
}

export function deriveRng(seed: number, ...path: string[]): Rng {
  return new Rng(deriveRngState(seed, ...path))
}
