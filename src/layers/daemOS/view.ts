/** daemOS's state and view model. */
import type { DaemonWorld } from './supervisor'
import type { NodeState, RestartType, Strategy } from './tree'

export interface DaemosStats {
  restarts: number
  escalations: number
  /** Worlds rebooted because their root gave up. */
  reboots: number
  rebootsDenied: number
  /** Random crashes chaOS aimed at a daemon that was not running (nothing happened). */
  crashesIgnored: number
}

export interface DaemosState {
  nowUs: number
  worlds: DaemonWorld[]
  stats: DaemosStats
}

export interface DaemosNodeView {
  name: string
  depth: number
  kind: 'worker' | 'supervisor'
  restart: RestartType
  strategy: Strategy | null
  intensity: number
  periodUs: number
  state: NodeState
  /** In backoff: when it restarts. */
  untilUs: number | null
  /** Its wait before the last restart, µs, and its place on the backoff ladder. */
  backoffUs: number
  attempt: number
  restarts: number
  /** Supervisors: restarts counted within the period now. */
  recent: number
  escalations: number
  /** Under a crashloop fault. */
  crashloop: boolean
}

export interface DaemosWorldView {
  id: number
  up: boolean
  rebooting: boolean
  running: number
  restarts: number
  escalations: number
  nodes: DaemosNodeView[]
}

export interface DaemosView {
  nowUs: number
  worlds: DaemosWorldView[]
  stats: DaemosStats
}

export function daemosView(s: DaemosState): DaemosView {
  return {
    nowUs: s.nowUs,
    worlds: s.worlds.map((w) => ({
      id: w.id,
      up: w.up,
      rebooting: w.rebooting,
      running: w.nodes.filter((n) => n.kind === 'worker' && n.state === 'running').length,
      restarts: w.restarts,
      escalations: w.escalations,
      nodes: w.nodes.map((n) => ({
        name: n.name, depth: n.depth, kind: n.kind, restart: n.restart, strategy: n.strategy, intensity: n.intensity, periodUs: n.periodUs,
        state: n.state, untilUs: n.untilUs, backoffUs: n.backoffUs, attempt: n.attempt, restarts: n.restarts,
        recent: n.history.filter((t) => s.nowUs - t < n.periodUs).length, escalations: n.escalations, crashloop: w.loops.includes(n.name),
      })),
    })),
    stats: { ...s.stats },
  }
}
