/**
 * The universe fingerprint: a SHA-256 chain over every window's delivered cross-layer messages and
 * emitted events, in their deterministic order. Equal fingerprints = identical runs. The state is
 * one hex string, so it snapshots trivially; one hash per window keeps it cheap.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Delivery, SimEvent } from './types'

export const GENESIS_FINGERPRINT = bytesToHex(sha256(utf8ToBytes('simulation fingerprint v1')))

export function absorbWindow(prev: string, windowStartUs: number, deliveries: readonly Delivery[], events: readonly SimEvent[]): string {
  if (deliveries.length === 0 && events.length === 0) return prev
  const body = JSON.stringify([
    windowStartUs,
    deliveries.map((d) => [d.deliverAt, d.from, d.recipient, d.seq, d.type, d.data]),
    events.map((e) => [e.t, e.layer, e.node, e.type, e.data]),
  ])
  return bytesToHex(sha256(utf8ToBytes(prev + body)))
}
