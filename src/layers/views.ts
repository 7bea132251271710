/**
 * View models: the compact, plain-data shapes each layer's view() returns for the UI (frame
 * buffer, inspectors). This file is the contract between the layers and src/views.
 */
import type { ChaosNetParams } from './net/transport'
import type { ChaosSliders } from '../scenario/schema'

export type WorldStatus = 'up' | 'crashed' | 'restarting' | 'draining' | 'quarantined'

export interface WorldView {
  id: number
  name: string
  /** Position, km. */
  x: number
  y: number
  z: number
  status: WorldStatus
  /** Hardware clock drift, ppm. */
  driftPpm: number
  /** Happenings this world has proposed so far. */
  proposed: number
}

export interface AtmosView {
  worlds: WorldView[]
}

export type RaftRole = 'follower' | 'precandidate' | 'candidate' | 'leader'

export interface RaftNodeView {
  id: number
  up: boolean
  role: RaftRole
  term: number
  votedFor: number | null
  leader: number | null
  lastIndex: number
  commitIndex: number
  appliedIndex: number
}

export interface PacketView {
  from: number
  to: number
  sentUs: number
  deliverUs: number
  /** e.g. 'prevote', 'vote', 'append', 'heartbeat', 'reply', 'timeoutnow', 'forward' */
  kind: string
}

export interface MythosView {
  term: number
  leader: number | null
  commitIndex: number
  nodes: RaftNodeView[]
  /** Packets in flight now (capped, most recent first). */
  inFlight: PacketView[]
  /** The last few committed happenings, newest last: the agreed story. */
  story: { index: number; term: number; text: string }[]
}

export interface LinkView {
  from: number
  to: number
  sent: number
  delivered: number
  dropped: number
  duplicated: number
}

export interface NetworkView {
  kind: 'pneumOS' | 'aetherOS'
  /** Active partitions, each as its groups of world ids. */
  partitions: number[][][]
  totals: { sent: number; delivered: number; dropped: number; duplicated: number }
  /** Busiest links (capped). */
  links: LinkView[]
  chaos: ChaosNetParams
}

export interface ActiveFaultView {
  kind: string
  targets: number[]
  untilUs: number | null
}

export interface ChaosView {
  sliders: ChaosSliders
  activeFaults: ActiveFaultView[]
  injected: number
}
