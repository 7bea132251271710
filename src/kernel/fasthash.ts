/**
 * A fast 64-bit hash of JavaScript strings, for where cryptographic strength buys nothing: per-entry
 * digests (mythOS's log chain, karmOS's Merkle leaves) and the fingerprint's per-window bodies (the
 * fingerprint chain itself stays SHA-256, once per sim-second group: fingerprint.ts).
 *
 * Two independent 32-bit lanes, each MurmurHash3's x86_32 body (multiply–rotate–multiply per input
 * word, then its fmix32 finaliser), fed the string's UTF-16 code units two at a time, with the
 * length mixed in. It reads the string where it lies: no UTF-8 encoding, no allocation. Written here
 * rather than taken from a package because the packages for JavaScript either encode every string
 * to UTF-8 first (js-xxhash: the encoding costs more than the hash), keep 64-bit state in objects
 * (xxhashjs), or need an asynchronous WebAssembly start (xxhash-wasm), which a synchronous,
 * deterministic kernel cannot await per call. Not for adversarial input: a collision takes ~2³²
 * chosen strings; accidental ones need ~2³² distinct values in one run.
 */

const C1 = 0xcc9e2d51, C2 = 0x1b873593
const D1 = 0x85ebca6b, D2 = 0xc2b2ae35

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r))

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, D1)
  h ^= h >>> 13
  h = Math.imul(h, D2)
  return (h ^ (h >>> 16)) >>> 0
}

/** Incremental state: two lanes and the count of code units absorbed. Plain numbers: snapshots copy it. */
export interface Hash64State { a: number; b: number; n: number }

export const hash64Start = (seed = 0): Hash64State => ({ a: seed | 0, b: (seed ^ 0x9e3779b9) | 0, n: 0 })

/**
 * Absorb a string into the state. Each string is self-delimiting (its length is absorbed first),
 * so absorbing "ab","c" differs from "a","bc".
 */
export function hash64Update(st: Hash64State, s: string): void {
  let a = st.a, b = st.b
  const len = s.length
  a = mixA(a, len)
  b = mixB(b, len)
  let i = 0
  for (; i + 1 < len; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)
    a = mixA(a, k)
    b = mixB(b, k)
  }
  if (i < len) {
    const k = s.charCodeAt(i)
    a = mixA(a, k)
    b = mixB(b, k)
  }
  st.a = a
  st.b = b
  st.n += len + 1
}

function mixA(h: number, k: number): number {
  k = Math.imul(k, C1)
  k = rotl(k, 15)
  k = Math.imul(k, C2)
  h ^= k
  h = rotl(h, 13)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function mixB(h: number, k: number): number {
  k = Math.imul(k, C2)
  k = rotl(k, 17)
  k = Math.imul(k, C1)
  h ^= k
  h = rotl(h, 11)
  return (Math.imul(h, 9) + 0x52dce729) | 0
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const hex8 = (x: number): string => HEX2[(x >>> 24) & 255]! + HEX2[(x >>> 16) & 255]! + HEX2[(x >>> 8) & 255]! + HEX2[x & 255]!

/** The state's 64-bit value as 16 hex characters (the state is not changed). */
export function hash64Hex(st: Hash64State): string {
  const n = st.n | 0
  let a = st.a ^ n, b = st.b ^ n
  a = (a + b) | 0
  b = (b + a) | 0
  return hex8(fmix(a)) + hex8(fmix(b))
}

/** 16 hex characters: the 64-bit hash of one string. */
export function hash64(s: string, seed = 0): string {
  const st = hash64Start(seed)
  hash64Update(st, s)
  return hash64Hex(st)
}
