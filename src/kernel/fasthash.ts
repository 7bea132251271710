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

// While absorbing, the lanes live in an Int32Array and the count in a number: an int32 that is not
// a small integer would be boxed on every write to an object's field or a module variable. The
// state object is read once before and written once after (open/close); values are the same.
const LANES = new Int32Array(2)
let count = 0

function open(st: Hash64State): void { LANES[0] = st.a; LANES[1] = st.b; count = st.n }
function close(st: Hash64State): void { st.a = LANES[0]!; st.b = LANES[1]!; st.n = count }

// One 32-bit word into both lanes, written out in full where it is used (the hot loops): lane A is
// MurmurHash3's x86_32 body (c1, c2, rotations 15 and 13, ×5 + 0xe6546b64), lane B the same with
// the constants swapped and rotations 17 and 11 (×9 + 0x52dce729).

/**
 * The half of a lane update that depends only on the word (lane A: ×c1, rotate 15, ×c2; lane B:
 * ×c2, rotate 17, ×c1), for a string's words: [kA, kB] per word (its length, then its code units
 * two to a word). Cached per name (absorbName: names of MIX_MIN_LENGTH to MIX_MAX_LENGTH units; the
 * cache starts afresh when it holds MIX_CACHE_SIZE): the layer names, event and message types and
 * object keys a run absorbs over and over then cost the state-dependent half only. String values
 * (one-off data, log entries) are not cached. The values are the same whether cached or not.
 */
const MIXED = new Map<string, Int32Array>()
const MIX_MIN_LENGTH = 4, MIX_MAX_LENGTH = 64, MIX_CACHE_SIZE = 4_096

function mixString(s: string): Int32Array {
  const len = s.length
  const m = new Int32Array(2 * (1 + ((len + 1) >> 1)))
  // The first word is the length; then code units two to a word (the last one alone if odd).
  for (let w = 0, i = 0; 2 * w < m.length; w++) {
    let k: number
    if (w === 0) k = len
    else { k = i + 1 < len ? s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16) : s.charCodeAt(i); i += 2 }
    const [ka, kb] = mixWord(k)
    m[2 * w] = ka
    m[2 * w + 1] = kb
  }
  return m
}

/** The word-only half of a lane update, for one word: [kA, kB] (mixString's per word; a type tag's, once). */
function mixWord(k: number): [number, number] {
  let ka = Math.imul(k, C1); ka = (ka << 15) | (ka >>> 17)
  let kb = Math.imul(k, C2); kb = (kb << 17) | (kb >>> 15)
  return [Math.imul(ka, C2), Math.imul(kb, C1)]
}

/**
 * Absorb a name — a layer name, an event or message type, an object key: strings a run absorbs
 * over and over — through the cache of mixed words. The same values as absorbString.
 */
function absorbName(s: string): void {
  const len = s.length
  if (len < MIX_MIN_LENGTH || len > MIX_MAX_LENGTH) return absorbString(s)
  let m = MIXED.get(s)
  if (m === undefined) {
    if (MIXED.size >= MIX_CACHE_SIZE) MIXED.clear() // (names that no longer recur must not keep out those that do)
    MIXED.set(s, (m = mixString(s)))
  }
  let a = LANES[0]!, b = LANES[1]!
  for (let j = 0; j < m.length; j += 2) {
    a ^= m[j]!; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
    b ^= m[j + 1]!; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  }
  LANES[0] = a
  LANES[1] = b
  count += len + 1
}

/** Absorb a string: its length, then its code units two to a word. Self-delimiting ("ab","c" ≠ "a","bc"). */
function absorbString(s: string): void {
  const len = s.length
  let a = LANES[0]!, b = LANES[1]!
  let k = len
  let ka = Math.imul(k, C1); ka = (ka << 15) | (ka >>> 17); ka = Math.imul(ka, C2); a ^= ka; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
  let kb = Math.imul(k, C2); kb = (kb << 17) | (kb >>> 15); kb = Math.imul(kb, C1); b ^= kb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  let i = 0
  for (; i + 1 < len; i += 2) {
    k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)
    ka = Math.imul(k, C1); ka = (ka << 15) | (ka >>> 17); ka = Math.imul(ka, C2); a ^= ka; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
    kb = Math.imul(k, C2); kb = (kb << 17) | (kb >>> 15); kb = Math.imul(kb, C1); b ^= kb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  }
  if (i < len) {
    k = s.charCodeAt(i)
    ka = Math.imul(k, C1); ka = (ka << 15) | (ka >>> 17); ka = Math.imul(ka, C2); a ^= ka; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
    kb = Math.imul(k, C2); kb = (kb << 17) | (kb >>> 15); kb = Math.imul(kb, C1); b ^= kb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  }
  LANES[0] = a
  LANES[1] = b
  count += len + 1
}

/** Absorb one 32-bit word into both lanes. */
function word(k: number): void {
  let a = LANES[0]!, b = LANES[1]!
  let ka = Math.imul(k, C1); ka = (ka << 15) | (ka >>> 17); ka = Math.imul(ka, C2); a ^= ka; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
  let kb = Math.imul(k, C2); kb = (kb << 17) | (kb >>> 15); kb = Math.imul(kb, C1); b ^= kb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  LANES[0] = a
  LANES[1] = b
  count++
}

/** A type tag (its mixed halves, computed once), then an int32: the same as word(tag); word(v). */
function tagged(ma: number, mb: number, v: number): void {
  let a = LANES[0]!, b = LANES[1]!
  a ^= ma; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
  b ^= mb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  let ka = Math.imul(v, C1); ka = (ka << 15) | (ka >>> 17); ka = Math.imul(ka, C2); a ^= ka; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
  let kb = Math.imul(v, C2); kb = (kb << 17) | (kb >>> 15); kb = Math.imul(kb, C1); b ^= kb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  LANES[0] = a
  LANES[1] = b
  count += 2
}

/** A type tag alone (its mixed halves): the same as word(tag). */
function tag(ma: number, mb: number): void {
  let a = LANES[0]!, b = LANES[1]!
  a ^= ma; a = (a << 13) | (a >>> 19); a = (Math.imul(a, 5) + 0xe6546b64) | 0
  b ^= mb; b = (b << 11) | (b >>> 21); b = (Math.imul(b, 9) + 0x52dce729) | 0
  LANES[0] = a
  LANES[1] = b
  count++
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)

// Type tags keep values of different types apart (1 ≠ "1" ≠ [1]; {a:1} ≠ ["a",1]).
const T_NULL = 0x6e, T_FALSE = 0x66, T_TRUE = 0x74, T_INT = 0x69, T_FLOAT = 0x64, T_STRING = 0x73, T_ARRAY = 0x61, T_OBJECT = 0x6f
const [NULL_A, NULL_B] = mixWord(T_NULL), [INT_A, INT_B] = mixWord(T_INT), [STRING_A, STRING_B] = mixWord(T_STRING), [ARRAY_A, ARRAY_B] = mixWord(T_ARRAY), [OBJECT_A, OBJECT_B] = mixWord(T_OBJECT)

function absorbValue(v: unknown): void {
  switch (typeof v) {
    case 'number':
      // An int32 other than −0 (−0 | 0 is 0, and 1 / −0 is −Infinity) is one word.
      if ((v | 0) === v && (v !== 0 || 1 / v > 0)) tagged(INT_A, INT_B, v)
      else { f64[0] = v; word(T_FLOAT); word(u32[0]!); word(u32[1]!) }
      return
    case 'string':
      tag(STRING_A, STRING_B)
      absorbString(v)
      return
    case 'boolean':
      word(v ? T_TRUE : T_FALSE)
      return
    case 'object':
      if (v === null) { tag(NULL_A, NULL_B); return }
      if (Array.isArray(v)) {
        tagged(ARRAY_A, ARRAY_B, v.length)
        for (let i = 0; i < v.length; i++) absorbValue(v[i])
        return
      }
      tag(OBJECT_A, OBJECT_B)
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k]
        if (x === undefined) continue
        absorbName(k)
        absorbValue(x)
      }
      tag(OBJECT_A, OBJECT_B)
      return
    default:
      word(T_NULL)
  }
}

/**
 * Absorb a string into the state. Each string is self-delimiting (its length is absorbed first),
 * so absorbing "ab","c" differs from "a","bc".
 */
export function hash64Update(st: Hash64State, s: string): void {
  open(st)
  absorbString(s)
  close(st)
}

/**
 * Absorb a JSON-like value by its structure, with no text made of it: integers as one word,
 * other numbers by their 64 bits, strings by their code units, arrays and objects element by
 * element (object keys in insertion order — the order a deterministic layer built them in — and,
 * as in JSON, properties whose value is undefined left out; undefined elsewhere is null).
 */
export function hash64Value(st: Hash64State, v: unknown): void {
  open(st)
  absorbValue(v)
  close(st)
}

/**
 * Many absorptions in a row with the state opened once (the fingerprint's windows): hash64Open(st),
 * then absorb64String / absorb64Value any number of times, then hash64Close(st). The same values
 * as hash64Update / hash64Value; no other hash64 call may come in between.
 */
export const hash64Open = open
export const hash64Close = close
export const absorb64String = absorbString
/** A name (layer, type, key): the same values as absorb64String, through the cache of mixed words. */
export const absorb64Name = absorbName
export const absorb64Value = absorbValue

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
