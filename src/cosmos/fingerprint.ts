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

export function absorbWindow(prev: string, windowStartUs: number, deliveries: readonly Delivery[], events: readonly SimEvent[]): string {
  if (deliveries.length === 0 && events.length === 0) return prev
  const body = JSON.stringify([
    windowStartUs,
    deliveries.map((d) => [d.deliverAt, d.from, d.recipient, d.seq, d.type, d.data]),
    events.map((e) => [e.t, e.layer, e.node, e.type, e.data]),
  ])
  return bytesToHex(sha256(utf8ToBytes(prev + body)))
}
