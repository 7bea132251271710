/**
 * The supervision tree every world runs (Erlang/OTP), as a spec derived from the scenario, and its
 * state: one flat array of nodes in start order (pre-order), plain data for snapshots.
 *
 *   world     rest_for_one   rootIntensity / rootPeriodMs (the root: when it gives up, the world reboots)
 *   ├─ net       one_for_one   supervisorIntensity / supervisorPeriodMs
 *   │  ├─ ntp-client   permanent   (chronOS)
 *   │  └─ heartbeater  permanent   (pandemoniOS)
 *   ├─ storage   one_for_all   supervisorIntensity / supervisorPeriodMs
 *   │  ├─ repairer     permanent   (karmOS: it repairs what the workload writes)
 *   │  └─ workload     transient   (atmOS: restarted only after an abnormal exit)
 *   └─ scrubber  temporary       (daemOS's own: never restarted until its supervisor restarts)
 *
 * rest_for_one at the root because what comes later depends on what comes earlier (storage needs
 * the network and synchronised clocks; the scrub needs storage); one_for_all in storage because the
 * repairer and the workload share the ledger on disk (one restarted alone would see the other's
 * half-written state); one_for_one in net because its daemons are independent. Only daemons whose
 * layer runs are in the tree (supervisedIn); a supervisor left without children is left out.
 */
import { supervisedIn, type SupervisedDaemon } from './messages'
import type { DaemosSettings } from './settings'

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one'
export type RestartType = 'permanent' | 'transient' | 'temporary'

export interface WorkerSpec {
  kind: 'worker'
  name: SupervisedDaemon
  restart: RestartType
}
export interface SupervisorSpec {
  kind: 'supervisor'
  name: string
  restart: RestartType
  strategy: Strategy
  intensity: number
  periodUs: number
  children: ChildSpec[]
}
export type ChildSpec = WorkerSpec | SupervisorSpec

const MS = 1_000

/** The tree of a run (the same for every world). */
export function worldTreeSpec(settings: DaemosSettings, run: readonly string[]): SupervisorSpec {
  const present = new Set<string>(supervisedIn(run))
  const worker = (name: SupervisedDaemon, restart: RestartType): WorkerSpec[] => (present.has(name) ? [{ kind: 'worker', name, restart }] : [])
  const sub = (name: string, strategy: Strategy, children: ChildSpec[]): SupervisorSpec[] =>
    children.length === 0 ? [] : [{ kind: 'supervisor', name, restart: 'permanent', strategy, intensity: settings.supervisorIntensity, periodUs: settings.supervisorPeriodMs * MS, children }]
  return {
    kind: 'supervisor',
    name: 'world',
    restart: 'permanent',
    strategy: 'rest_for_one',
    intensity: settings.rootIntensity,
    periodUs: settings.rootPeriodMs * MS,
    children: [
      ...sub('net', 'one_for_one', [...worker('ntp-client', 'permanent'), ...worker('heartbeater', 'permanent')]),
      ...sub('storage', 'one_for_all', [...worker('repairer', 'permanent'), ...worker('workload', 'transient')]),
      ...worker('scrubber', 'temporary'),
    ],
  }
}

/** Where a child is: running; waiting to restart (CrashLoopBackOff until untilUs); terminated (not to be restarted); its world is down. */
export type NodeState = 'running' | 'backoff' | 'terminated' | 'down'

/** What every node of the tree holds, worker or supervisor. */
interface NodeCommon {
  restart: RestartType
  /** Index of its supervisor, −1 for the root. */
  parent: number
  children: number[]
  depth: number
  strategy: Strategy | null
  intensity: number
  periodUs: number
  state: NodeState
  /** Bumped at every start and stop: a timer of an older incarnation is void. */
  inc: number
  startedUs: number
  /** Restarts on its backoff ladder since it was started fresh (or ran fine for backoffResetAfterMs). */
  attempt: number
  /** The wait before its last restart, µs. */
  backoffUs: number
  /** In backoff: when it restarts. */
  untilUs: number | null
  /** In backoff: the child whose exit put it there (itself: its own restart; a sibling: a group restart). */
  cause: string | null
  lastExitUs: number | null
  /** Its own restarts so far (each after its own exit). */
  restarts: number
  /** Supervisors: the times of the restarts it counted within its period (OTP's restart history). */
  history: number[]
  escalations: number
}

/** A node: a worker is one of the supervised daemons (by name), a supervisor any name the spec gives it. */
export type TreeNode = NodeCommon & ({ kind: 'worker'; name: SupervisedDaemon } | { kind: 'supervisor'; name: string })

/** The nodes of a spec in start order (pre-order), all running since nowUs. */
export function createNodes(spec: SupervisorSpec, nowUs: number): TreeNode[] {
  const out: TreeNode[] = []
  const visit = (c: ChildSpec, parent: number, depth: number): void => {
    const i = out.length
    const sup = c.kind === 'supervisor'
    const common: NodeCommon = {
      restart: c.restart, parent, children: [], depth,
      strategy: sup ? c.strategy : null, intensity: sup ? c.intensity : 0, periodUs: sup ? c.periodUs : 0,
      state: 'running', inc: 0, startedUs: nowUs, attempt: 0, backoffUs: 0, untilUs: null, cause: null, lastExitUs: null, restarts: 0, history: [], escalations: 0,
    }
    out.push(sup ? { name: c.name, kind: c.kind, ...common } : { name: c.name, kind: c.kind, ...common })
    if (parent >= 0) out[parent]!.children.push(i)
    if (sup) for (const k of c.children) visit(k, i, depth + 1)
  }
  visit(spec, -1, 0)
  return out
}

/** Node i and every node under it, in start order. */
export function subtree(nodes: readonly TreeNode[], i: number): number[] {
  const out = [i]
  for (const c of nodes[i]!.children) out.push(...subtree(nodes, c))
  return out
}

/** The CrashLoopBackOff delay of the attempt-th restart on the ladder: 0, initial, 2×initial, … capped. */
export function backoffDelayUs(attempt: number, initialUs: number, maxUs: number): number {
  if (attempt <= 0) return 0
  let d = initialUs
  for (let k = 1; k < attempt && d < maxUs; k++) d *= 2
  return Math.min(d, maxUs)
}
