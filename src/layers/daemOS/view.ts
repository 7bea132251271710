/** daemOS's state and view model. */
import type { SupervisedDaemon } from './messages'
import { runningWorkers, treeDown, type DaemonWorld } from './supervisor'
import type { NodeState, RestartType, Strategy, TreeNode } from './tree'

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

interface NodeViewCommon {
  depth: number
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

/** A node of the tree: a worker is one of the supervised daemons, by name. */
export type DaemosNodeView = NodeViewCommon & ({ kind: 'worker'; name: SupervisedDaemon } | { kind: 'supervisor'; name: string })

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

/** The restarts a supervisor counted within its period now (its history, counted in place). */
function recentRestarts(n: TreeNode, nowUs: number): number {
  let k = 0
  for (const t of n.history) if (nowUs - t < n.periodUs) k++
  return k
}

function nodeView(w: DaemonWorld, n: TreeNode, nowUs: number): DaemosNodeView {
  const common: NodeViewCommon = {
    depth: n.depth, restart: n.restart, strategy: n.strategy, intensity: n.intensity, periodUs: n.periodUs,
    state: n.state, untilUs: n.untilUs, backoffUs: n.backoffUs, attempt: n.attempt, restarts: n.restarts,
    recent: recentRestarts(n, nowUs), escalations: n.escalations, crashloop: w.loops.includes(n.name),
  }
  return n.kind === 'worker' ? { name: n.name, kind: n.kind, ...common } : { name: n.name, kind: n.kind, ...common }
}

export function daemosView(s: DaemosState): DaemosView {
  return {
    nowUs: s.nowUs,
    worlds: s.worlds.map((w) => ({
      id: w.id,
      up: !treeDown(w),
      rebooting: w.rebooting,
      running: runningWorkers(w),
      restarts: w.restarts,
      escalations: w.escalations,
      nodes: w.nodes.map((n) => nodeView(w, n, s.nowUs)),
    })),
    stats: { ...s.stats },
  }
}
