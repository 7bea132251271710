/**
 * The supervisors' logic (Erlang/OTP supervision with Kubernetes' CrashLoopBackOff), pure: it acts
 * on one world's tree through an Env (events, timers, daemon_state, the root giving up), so it is
 * tested without a run.
 *
 * A child exits (crash: abnormal; exit: normal). Its supervisor restarts it if its type says so
 * (permanent: always; transient: after an abnormal exit; temporary: never). A restart is counted
 * against the supervisor's intensity at the instant of the exit (OTP's restart history): more than
 * `intensity` within `periodUs` and the supervisor gives up — it terminates its children, logs
 * supervisor_escalated and exits abnormally to its own supervisor, which handles it as any child's
 * exit; the root giving up reboots the world (index.ts). Otherwise the restart waits the child's
 * backoff: immediate the first time after a fresh start, then backoffInitial doubling to
 * backoffMax; a child that ran backoffResetAfter since its last start starts the ladder over.
 * The strategy says who restarts with it: one_for_one the child alone; one_for_all every sibling;
 * rest_for_one the siblings started after it. Siblings still running are terminated at once and
 * restarted with it (a sibling already waiting its own backoff joins the group, which then waits
 * for the longest of their waits: nobody restarts before its own backoff); a temporary sibling
 * terminated so is not restarted, nor is one already terminated. A supervisor started (again)
 * starts fresh: an empty restart history and every child started with a fresh ladder.
 */
import type { JsonObject } from '../../kernel/types'
import type { SupervisedDaemon } from './messages'
import { backoffDelayUs, subtree, type TreeNode } from './tree'

/**
 * One world's tree. Whether the world is live is not kept here: the kernel's mirror (ctx.worlds)
 * holds it, and the Env passes it on; the tree itself is all `down` while its world is (treeDown).
 */
export interface DaemonWorld {
  id: number
  /** Its root gave up: daemOS asked atmOS to reboot it. */
  rebooting: boolean
  nodes: TreeNode[]
  /** Daemons under a crashloop fault (they survive reboots until healed). */
  loops: string[]
  restarts: number
  escalations: number
}

export interface SupervisorTimings {
  backoffInitialUs: number
  backoffMaxUs: number
  backoffResetUs: number
  crashLoopAfterUs: number
}

export type DaemonTimer = { k: 'restart' | 'loop'; w: number; i: number; inc: number }

export interface Env {
  readonly now: number
  /** Its world is live now (daemons run only there): the kernel's mirror of atmOS's world_status. */
  readonly live: boolean
  readonly timings: SupervisorTimings
  emit(type: string, data: JsonObject): void
  schedule(atUs: number, t: DaemonTimer): void
  /** A worker started or stopped (daemon_state for the daemons other layers work through). */
  changed(daemon: SupervisedDaemon, running: boolean): void
  /** The root gave up. */
  rootFailed(): void
}

const supName = (w: DaemonWorld, n: TreeNode): string => (n.parent >= 0 ? w.nodes[n.parent]!.name : 'daemOS')

export const indexOf = (w: DaemonWorld, name: string): number => w.nodes.findIndex((n) => n.name === name)

/**
 * The tree is down with its world: worldDown put it all down and only boot starts it again (the
 * root is `down` exactly then; a root that gave up is `terminated`). What world_status compares the
 * new status with (the mirror already holds the new one), and what view and samples show (they have
 * no ctx.worlds).
 */
export const treeDown = (w: DaemonWorld): boolean => w.nodes[0]!.state === 'down'

export const runningWorkers = (w: DaemonWorld): number => w.nodes.reduce((k, n) => k + (n.kind === 'worker' && n.state === 'running' ? 1 : 0), 0)

/** Start node i fresh (a supervisor starts all its children, in order, with fresh ladders). */
function start(w: DaemonWorld, i: number, env: Env, fresh: boolean): void {
  const n = w.nodes[i]!
  n.state = 'running'
  n.inc++
  n.startedUs = env.now
  n.untilUs = null
  n.cause = null
  if (fresh) n.attempt = 0
  if (n.kind === 'supervisor') {
    n.history = []
    for (const c of n.children) start(w, c, env, true)
    return
  }
  env.changed(n.name, true)
  if (w.loops.includes(n.name)) env.schedule(env.now + env.timings.crashLoopAfterUs, { k: 'loop', w: w.id, i, inc: n.inc })
}

/** Stop node i and everything under it (state `to`); logs daemon_terminated for what was running or waiting. */
function stop(w: DaemonWorld, i: number, env: Env, to: 'terminated' | 'down', reason: string | null): void {
  for (const j of subtree(w.nodes, i)) {
    const n = w.nodes[j]!
    const was = n.state
    n.inc++
    n.state = to
    n.untilUs = null
    n.cause = null
    if (n.kind === 'worker' && was === 'running') env.changed(n.name, false)
    if (reason !== null && (was === 'running' || was === 'backoff')) env.emit('daemon_terminated', { daemon: n.name, supervisor: supName(w, n), reason })
  }
}

/** The world booted: the whole tree starts fresh (no events: atmOS logs the boot). */
export function boot(w: DaemonWorld, env: Env): void {
  w.rebooting = false
  start(w, 0, env, true)
}

/** The world went down: every daemon with it. */
export function worldDown(w: DaemonWorld, env: Env): void {
  stop(w, 0, env, 'down', null)
}

/**
 * Node i exits by itself (abnormal: a crash). Returns false when it was not running (a crash of a
 * daemon already down is nothing). The root never exits so: it gives up (escalate), and is no daemon.
 */
export function exit(w: DaemonWorld, i: number, env: Env, abnormal: boolean, reason: string): boolean {
  const n = w.nodes[i]
  if (!env.live || !n || n.state !== 'running' || n.parent < 0) return false
  const now = env.now
  const ranUs = now - n.startedUs
  stop(w, i, env, 'terminated', null)
  n.lastExitUs = now
  env.emit(abnormal ? 'daemon_crashed' : 'daemon_exited', { daemon: n.name, supervisor: supName(w, n), reason, restart: n.restart })
  if (!(n.restart === 'permanent' || (n.restart === 'transient' && abnormal))) return true
  const p = w.nodes[n.parent]!
  // OTP's restart intensity: this restart counts now; more than `intensity` within the period and the supervisor gives up.
  p.history = p.history.filter((t) => now - t < p.periodUs)
  p.history.push(now)
  if (p.history.length > p.intensity) {
    escalate(w, n.parent, env)
    return true
  }
  // CrashLoopBackOff: the ladder starts over after a long enough run; the first restart is immediate.
  if (ranUs >= env.timings.backoffResetUs) n.attempt = 0
  const delay = backoffDelayUs(n.attempt, env.timings.backoffInitialUs, env.timings.backoffMaxUs)
  n.attempt++
  n.backoffUs = delay
  const siblings = p.children
  const from = siblings.indexOf(i)
  const group = p.strategy === 'one_for_one' ? [i] : p.strategy === 'one_for_all' ? siblings : siblings.slice(from)
  let at = now + delay
  const members: number[] = []
  for (const j of group) {
    const m = w.nodes[j]!
    if (j === i) members.push(j)
    else if (m.state === 'backoff') {
      at = Math.max(at, m.untilUs ?? now)
      members.push(j)
    } else if (m.state === 'running') {
      stop(w, j, env, 'terminated', `${p.strategy}: ${n.name} exited`)
      if (m.restart !== 'temporary') members.push(j)
    }
  }
  w.restarts++
  n.restarts++
  env.emit('daemon_backoff', { daemon: n.name, supervisor: p.name, attempt: n.attempt, backoffUs: delay, untilUs: at, group: members.map((j) => w.nodes[j]!.name) })
  for (const j of members) {
    const m = w.nodes[j]!
    // Its own exit, or terminated just now by this group restart: the cause is this exit. A sibling
    // already waiting for its own restart keeps its own cause (and its ladder).
    if (j === i || m.state === 'terminated') m.cause = n.name
    if (j !== i) m.inc++
    m.state = 'backoff'
    m.untilUs = at
  }
  if (at === now) for (const j of members) restartDue(w, j, w.nodes[j]!.inc, env)
  else for (const j of members) env.schedule(at, { k: 'restart', w: w.id, i: j, inc: w.nodes[j]!.inc })
  return true
}

/** Supervisor p gives up: its children are terminated, and it exits abnormally to its own supervisor. */
function escalate(w: DaemonWorld, p: number, env: Env): void {
  const s = w.nodes[p]!
  s.escalations++
  w.escalations++
  env.emit('supervisor_escalated', { supervisor: s.name, restarts: s.history.length, intensity: s.intensity, periodUs: s.periodUs })
  for (const c of s.children) stop(w, c, env, 'terminated', `${s.name} gave up (more than ${s.intensity} restarts in ${s.periodUs} µs)`)
  if (s.parent < 0) {
    stop(w, p, env, 'terminated', null)
    env.rootFailed()
    return
  }
  exit(w, p, env, true, `shutdown: reached max restart intensity (${s.history.length} restarts in ${s.periodUs} µs)`)
}

/** A restart is due (a timer, or at once): node i starts again, if still waiting in this incarnation. */
export function restartDue(w: DaemonWorld, i: number, inc: number, env: Env): void {
  const n = w.nodes[i]
  if (!env.live || !n || n.inc !== inc || n.state !== 'backoff') return
  if (n.cause === n.name) env.emit('daemon_restarted', { daemon: n.name, supervisor: supName(w, n), attempt: n.attempt, backoffUs: n.backoffUs, waitedUs: env.now - (n.lastExitUs ?? env.now) })
  else env.emit('daemon_started', { daemon: n.name, supervisor: supName(w, n), reason: `restarted with ${n.cause ?? 'its group'}` })
  start(w, i, env, false)
}

/** A crash-loop timer: the daemon crashes if it is still in this incarnation and still looping. */
export function loopDue(w: DaemonWorld, i: number, inc: number, env: Env): void {
  const n = w.nodes[i]
  if (!n || n.inc !== inc || !w.loops.includes(n.name)) return
  exit(w, i, env, true, `crash loop: crashed ${env.timings.crashLoopAfterUs} µs after its start`)
}
