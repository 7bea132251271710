/**
 * The universe fingerprint: a SHA-256 chain that starts from the scenario itself (everything that
 * determines the run, in canonical JSON: keys sorted; the timed interventions are not part of it,
 * they are hashed as the messages they become) and absorbs every window's delivered cross-layer
 * messages and emitted events, in their deterministic order. Equal fingerprints = identical runs
 * of identical scenarios. The state is a hex string and three numbers, so it snapshots trivially.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Delivery, SimEvent } from '../kernel/types'
import { absorb64Name, absorb64Value, hash64Close, hash64Hex, hash64Open, hash64Start, type Hash64State } from '../kernel/fasthash'

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

/**
 * The fingerprint before the first window: commits to the scenario. Left out: the format and the
 * engine (a migrated link is the same scenario), the stop time (where a run pauses, not what it
 * does) and the interventions (absorbed as delivered messages, so a live run and its link agree).
 */
export function genesisFingerprint(scenario: object): string {
  const { format: _f, engine: _e, stopUs: _s, interventions: _i, ...rest } = scenario as Record<string, unknown>
  return bytesToHex(sha256(utf8ToBytes(`simulation fingerprint v3\n${canonicalJson(rest)}`)))
}

/**
 * Absorb one window: its start, then each delivered cross-layer message (delivery time, sender,
 * recipient, sequence number, type, data) and each emitted event (time, layer, world, type, data),
 * in their deterministic order, by structure (fasthash.ts: no text is made of them).
 */
function absorbWindow(h: Hash64State, windowStartUs: number, deliveries: readonly Delivery[], events: readonly SimEvent[], e0: number, e1: number): void {
  hash64Open(h)
  absorb64Value(windowStartUs)
  absorb64Value(deliveries.length)
  for (let i = 0; i < deliveries.length; i++) {
    const d = deliveries[i]!
    absorb64Value(d.deliverAt)
    absorb64Name(d.from)
    absorb64Name(d.recipient)
    absorb64Value(d.seq)
    absorb64Name(d.type)
    absorb64Value(d.data)
  }
  absorb64Value(e1 - e0)
  for (let i = e0; i < e1; i++) {
    const e = events[i]!
    absorb64Value(e.t)
    absorb64Name(e.layer)
    absorb64Value(e.node)
    absorb64Name(e.type)
    absorb64Value(e.data)
  }
  hash64Close(h)
}

/** Windows are hashed in groups: one SHA-256 per group of windows starting in the same sim-second. */
export const FINGERPRINT_GROUP_US = 1_000_000

/** The fingerprint's state: plain numbers and strings (a snapshot copies it). */
export interface FingerprintState { chain: string; group: number; a: number; b: number; n: number }

/**
 * The chain: fp' = SHA-256(fp ‖ group ‖ H64(the group's windows)). Each window goes through a
 * fast 64-bit hash by structure as it is produced (absorbWindow: no text, no UTF-8 encoding, no
 * allocation); SHA-256 runs once per sim-second group, over the chain and that 64-bit value.
 * Grouping by the windows' start times (a property of the run, never of placement or of when the
 * fingerprint is read) keeps the value placement-independent; a reading mid-group hashes the
 * group so far without closing it (Fingerprint.value).
 */
export class Fingerprint {
  private group = -1
  /** The open group's running 64-bit hash (null: no body in the open group yet). */
  private h: Hash64State | null = null

  constructor(private chain: string) {}

  /** Absorb a window: its deliveries and its events [e0, e1) (all of them by default). */
  absorb(windowStartUs: number, deliveries: readonly Delivery[], events: readonly SimEvent[], e0 = 0, e1 = events.length): void {
    if (deliveries.length === 0 && e1 === e0) return
    const g = Math.floor(windowStartUs / FINGERPRINT_GROUP_US)
    if (g !== this.group) {
      this.close()
      this.group = g
    }
    absorbWindow(this.h ??= hash64Start(), windowStartUs, deliveries, events, e0, e1)
  }

  private link(): string {
    return bytesToHex(sha256(utf8ToBytes(`${this.chain}\n${this.group}\n${hash64Hex(this.h!)}`)))
  }

  private close(): void {
    if (this.h === null) return
    this.chain = this.link()
    this.h = null
  }

  /** The fingerprint now: the chain with the open group hashed in (the group stays open). */
  get value(): string {
    return this.h === null ? this.chain : this.link()
  }

  /** Plain data for a snapshot; `restore` continues exactly. */
  state(): FingerprintState {
    return { chain: this.chain, group: this.group, a: this.h?.a ?? 0, b: this.h?.b ?? 0, n: this.h?.n ?? -1 }
  }

  static restore(st: FingerprintState): Fingerprint {
    const f = new Fingerprint(st.chain)
    f.group = st.group
    if (st.n >= 0) f.h = { a: st.a, b: st.b, n: st.n }
    return f
  }
}
