/** oneirOS's state and view model. */
import type { NetState } from '../net/transport'
import type { PacketView } from '../views'
import { inFlightAt } from '../net/packetViews'

/** A transfer a leader is sending (key: from · n + to). */
export interface Transfer {
  id: number
  from: number
  to: number
  term: number
  index: number
  snapTerm: number
  chain: string
  bytes: number
  /** The snapshot's configuration (etcd ConfState): the voter set at its index. */
  voters: number[]
  chunks: number
  /** Next chunk to send; chunks before `acked` are acknowledged. */
  sent: number
  acked: number
  /** Timeouts in a row without progress. */
  retries: number
  /** Chunks sent again; times the receiver asked to start over. */
  resends: number
  restarts: number
  /** Bumped at each send: the retransmission timer of an older send is stale. */
  ver: number
  /** When each chunk was last sent, µs, and whether it was ever resent (Karn: no RTT sample from it). */
  sentAt: number[]
  resent: boolean[]
  /** Duplicate acknowledgements in a row (the third triggers a fast retransmit). */
  dupAcks: number
  /** The receiver's life its acknowledgements carried (−1: none yet). */
  rlife: number
  /** RFC 6298 estimators, µs (srtt 0: no sample yet), and the current timeout. */
  srttUs: number
  rttvarUs: number
  rtoUs: number
  startedUs: number
}

/** What a world holds of a transfer it receives. */
export interface Receiving {
  id: number
  from: number
  /** Chunks before it are held. */
  next: number
  /** Chunks held, by seq (some past `next` may have overtaken others). */
  have: boolean[]
  total: number
  bytes: number
  index: number
  startedUs: number
}

export interface OneirosState {
  n: number
  nowUs: number
  net: NetState
  up: boolean[]
  /** Crashes of each world so far (its acknowledgements carry it). */
  life: number[]
  seq: number
  sending: Record<number, Transfer>
  /** By (receiving world, sender): receiver · n + sender. */
  receiving: Record<number, Receiving>
  /** By (receiving world, sender): the last transfer it completed (a late chunk of it is acknowledged again). */
  completed: Record<number, number>
  packets: PacketView[]
  stats: { started: number; sent: number; aborted: number; chunkBytes: number }
}

export interface TransferView {
  from: number
  to: number
  index: number
  bytes: number
  chunks: number
  acked: number
  resends: number
  startedUs: number
}

export interface OneirosView {
  transfers: TransferView[]
  /** Chunks and acknowledgements in flight now (most recent first). */
  inFlight: PacketView[]
  stats: OneirosState['stats']
}

export function oneirosView(s: OneirosState): OneirosView {
  const transfers = Object.values(s.sending).map((t) => ({ from: t.from, to: t.to, index: t.index, bytes: t.bytes, chunks: t.chunks, acked: t.acked, resends: t.resends, startedUs: t.startedUs }))
  return { transfers, inFlight: inFlightAt(s.packets, s.nowUs), stats: { ...s.stats } }
}
