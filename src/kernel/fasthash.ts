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
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)

/** Absorb one 32-bit word into both lanes. */
function word(st: Hash64State, k: number): void {
  st.a = mixA(st.a, k)
  st.b = mixB(st.b, k)
  st.n++
}

// Type tags keep values of different types apart (1 ≠ "1" ≠ [1]; {a:1} ≠ ["a",1]).
const T_NULL = 0x6e, T_FALSE = 0x66, T_TRUE = 0x74, T_INT = 0x69, T_FLOAT = 0x64, T_STRING = 0x73, T_ARRAY = 0x61, T_OBJECT = 0x6f

/**
 * Absorb a JSON-like value by its structure, with no text made of it: integers as one word,
 * other numbers by their 64 bits, strings by their code units, arrays and objects element by
 * element (object keys in insertion order — the order a deterministic layer built them in — and,
 * as in JSON, properties whose value is undefined left out; undefined elsewhere is null).
 */
export function hash64Value(st: Hash64State, v: unknown): void {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && !Object.is(v, -0)) { word(st, T_INT); word(st, v) }
      else { f64[0] = v; word(st, T_FLOAT); word(st, u32[0]!); word(st, u32[1]!) }
      return
    case 'string':
      word(st, T_STRING)
      hash64Update(st, v)
      return
    case 'boolean':
      word(st, v ? T_TRUE : T_FALSE)
      return
    case 'object':
      if (v === null) { word(st, T_NULL); return }
      if (Array.isArray(v)) {
        word(st, T_ARRAY)
        word(st, v.length)
        for (let i = 0; i < v.length; i++) hash64Value(st, v[i])
        return
      }
      word(st, T_OBJECT)
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k]
        if (x === undefined) continue
        hash64Update(st, k)
        hash64Value(st, x)
      }
      word(st, T_OBJECT)
      return
    default:
      word(st, T_NULL)
  }
}

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
