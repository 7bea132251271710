/**
 * The universe fingerprint: a SHA-256 chain that starts from the scenario itself (everything that
 * determines the run, in canonical JSON: keys sorted; the timed interventions are not part of it,
 * they are hashed as the messages they become) and absorbs every window's delivered cross-layer
 * messages and emitted events, in their deterministic order. Equal fingerprints = identical runs
 * of identical scenarios. The state is one hex string, so it snapshots trivially.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Delivery, SimEvent } from '../kernel/types'

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
  return bytesToHex(sha256(utf8ToBytes(`simulation fingerprint v2\n${canonicalJson(rest)}`)))
}

/** The JSON text one window adds to the fingerprint (empty when it delivered and emitted nothing). */
export function windowBody(windowStartUs: number, deliveries: readonly Delivery[], events: readonly SimEvent[]): string {
  if (deliveries.length === 0 && events.length === 0) return ''
  return JSON.stringify([
    windowStartUs,
    deliveries.map((d) => [d.deliverAt, d.from, d.recipient, d.seq, d.type, d.data]),
    events.map((e) => [e.t, e.layer, e.node, e.type, e.data]),
  ])
}

/** Windows are hashed in groups: one SHA-256 per group of windows starting in the same sim-second. */
export const FINGERPRINT_GROUP_US = 1_000_000

/**
 * The chain: fp' = SHA-256(fp ‖ bodies of one group of windows). Grouping by the windows' start
 * times (a property of the run, never of placement or of when the fingerprint is read) keeps the
 * value placement-independent while hashing once per sim-second instead of once per window; a
 * reading mid-group hashes the group so far without closing it (Fingerprint.value).
 */
export class Fingerprint {
  private group = -1
  /** The open group's bodies (kept for snapshots) and their running hash, chain first. */
  private bodies: string[] = []
  private hasher: ReturnType<typeof sha256.create> | null = null

  constructor(private chain: string) {}

  absorb(windowStartUs: number, deliveries: readonly Delivery[], events: readonly SimEvent[]): void {
    const body = windowBody(windowStartUs, deliveries, events)
    if (body === '') return
    const g = Math.floor(windowStartUs / FINGERPRINT_GROUP_US)
    if (g !== this.group) {
      this.close()
      this.group = g
    }
    this.bodies.push(body)
    ;(this.hasher ??= sha256.create().update(utf8ToBytes(this.chain))).update(utf8ToBytes(body))
  }

  private close(): void {
    if (this.hasher === null) return
    this.chain = bytesToHex(this.hasher.digest())
    this.hasher = null
    this.bodies = []
  }

  /**
   * The fingerprint now: the chain with the open group hashed in (the group stays open). The
   * group's hash is kept running, so a reading costs one digest of a copy, not a re-hash.
   */
  get value(): string {
    return this.hasher === null ? this.chain : bytesToHex(this.hasher.clone().digest())
  }

  /** Plain data for a snapshot; `restore` continues exactly. */
  state(): { chain: string; group: number; bodies: string[] } {
    return { chain: this.chain, group: this.group, bodies: this.bodies.slice() }
  }

  static restore(st: { chain: string; group: number; bodies: string[] }): Fingerprint {
    const f = new Fingerprint(st.chain)
    f.group = st.group
    for (const b of st.bodies) {
      f.bodies.push(b)
      ;(f.hasher ??= sha256.create().update(utf8ToBytes(f.chain))).update(utf8ToBytes(b))
    }
    return f
  }
}

