/**
 * daemOS's checker `supervision`, from outside, on the events alone (and the tree the scenario
 * declares: worldTreeSpec). Per world, following daemOS's events and atmOS's crashes and boots:
 *
 * - backoff: a child restarted after its own exit (daemon_restarted) waited at least its
 *   CrashLoopBackOff delay — immediate the first time after a fresh start, then backoffInitialMs
 *   doubling to backoffMaxMs; the ladder starts over when the child had run backoffResetAfterMs, or
 *   when its supervisor (or the world) started fresh;
 * - intensity: every exit whose restart type calls for a restart counts for its supervisor at that
 *   instant; when more than `intensity` fall within `periodUs` the supervisor escalates at that very
 *   instant (supervisor_escalated), and it escalates at no other time; no child of a supervisor that
 *   gave up is restarted until the supervisor itself is started again;
 * - restart types: a temporary child, and a transient one that exited normally, is never
 *   restarted (nor started again) until its supervisor starts again or the world reboots.
 *
 * The backoff ladder is written here again, not imported from daemOS: a checker must not share the
 * code it checks (lifecycle.ts). The tree's shape is imported (worldTreeSpec): it is configuration —
 * which supervisors, strategies, restart types and intensities the scenario declares — not the
 * supervision mechanism under test, and writing it twice would only let the two drift apart.
 */
import type { LoggedEvent } from '../kernel/types'
import { isLive } from '../kernel/worlds'
import { type ChildSpec, type SupervisorSpec, worldTreeSpec } from '../layers/daemOS/tree'
import type { Scenario } from '../scenario/schema'
import { Found } from './found'
import { STATUS_AFTER } from './lifecycle'
import type { Checker, CheckerFactory } from './types'

/**
 * Kubernetes' CrashLoopBackOff: the restart after a fresh start is immediate, the next waits
 * `initialUs`, and each one after doubles the wait, up to `maxUs`.
 */
const ladderUs = (attempt: number, initialUs: number, maxUs: number): number => (attempt <= 0 ? 0 : Math.min(initialUs * 2 ** (attempt - 1), maxUs))

interface Child {
  startedUs: number
  attempt: number
  exitUs: number | null
  /** Its own restart is due, no earlier than exitUs + this. */
  pendingBackoffUs: number | null
  /** Not to be restarted (temporary, or transient after a normal exit) until its supervisor starts again. */
  gone: boolean
  // supervisors only
  history: number[]
  /** The instant an exit took it over its intensity (it must escalate then). */
  mustEscalateUs: number | null
  escalated: boolean
}

/** A supervisor that must escalate at `c.mustEscalateUs` (the Child it was then: a fresh start replaces it). */
interface Pending {
  w: number
  name: string
  /** Its place in the tree's start order (overdue ones are reported in world, then tree order). */
  order: number
  c: Child
}

export const supervisionChecker: CheckerFactory = (scenario: Scenario): Checker => {
  const found = new Found('supervision', scenario.seed)
  const settings = scenario.layers.daemOS
  const active = scenario.run.includes('daemOS')
  const spec = worldTreeSpec(settings, scenario.run)
  const init = settings.backoffInitialMs * 1_000
  const max = settings.backoffMaxMs * 1_000
  const reset = settings.backoffResetAfterMs * 1_000
  const specOf = new Map<string, ChildSpec>()
  const parentOf = new Map<string, SupervisorSpec>()
  const below = new Map<string, string[]>()
  const walk = (c: ChildSpec, parent: SupervisorSpec | null): string[] => {
    specOf.set(c.name, c)
    if (parent) parentOf.set(c.name, parent)
    const names = [c.name, ...(c.kind === 'supervisor' ? c.children.flatMap((k) => walk(k, c)) : [])]
    below.set(c.name, names)
    return names
  }
  walk(spec, null)
  const order = new Map([...specOf.keys()].map((k, i) => [k, i]))
  const n = scenario.nodes.count
  const fresh = (t: number): Child => ({ startedUs: t, attempt: 0, exitUs: null, pendingBackoffUs: null, gone: false, history: [], mustEscalateUs: null, escalated: false })
  const worlds: (Map<string, Child> | null)[] = Array.from({ length: n }, () => new Map([...specOf.keys()].map((k) => [k, fresh(0)])))
  /** Supervisor `name` of world w started (again): it and everything under it start fresh. */
  const startFresh = (m: Map<string, Child>, name: string, t: number): void => {
    for (const k of below.get(name) ?? []) m.set(k, fresh(t))
  }
  /**
   * The escalations due and not yet seen. An entry is void once its supervisor escalated
   * (mustEscalateUs cleared) or was replaced by a fresh start (its world crashed or rebooted, or it
   * was started again): only its current Child counts.
   */
  let pending: Pending[] = []
  const current = (p: Pending): boolean => p.c.mustEscalateUs !== null && worlds[p.w]?.get(p.name) === p.c
  /** An instant passed: an escalation due earlier that did not happen is a violation. */
  let lastUs = 0
  const overdue = (t: number): void => {
    if (t <= lastUs) return
    lastUs = t
    if (pending.length === 0) return
    pending = pending.filter(current)
    const due = pending.filter((p) => p.c.mustEscalateUs! < t)
    if (due.length === 0) return
    due.sort((a, b) => a.w - b.w || a.order - b.order)
    for (const { w, name, c } of due) {
      const s = specOf.get(name) as SupervisorSpec
      found.add(c.mustEscalateUs!, `world ${w}: supervisor ${name} counted ${c.history.length} restarts within ${s.periodUs} µs (intensity ${s.intensity}) at ${c.mustEscalateUs} µs but did not give up`)
      c.mustEscalateUs = null
    }
    pending = pending.filter((p) => p.c.mustEscalateUs !== null)
  }

  const onDaemos = (e: LoggedEvent, w: number, m: Map<string, Child>): void => {
    const name = String(e.data['daemon'] ?? e.data['supervisor'])
    const c = m.get(name)
    const s = specOf.get(name)
    const where = `world ${w}: ${name}`
    switch (e.type) {
      case 'daemon_crashed':
      case 'daemon_exited': {
        if (!c || !s) return
        c.exitUs = e.t
        c.pendingBackoffUs = null
        const abnormal = e.type === 'daemon_crashed'
        if (!(s.restart === 'permanent' || (s.restart === 'transient' && abnormal))) {
          c.gone = true
          return
        }
        const p = parentOf.get(name)
        if (!p) return
        const pc = m.get(p.name)!
        pc.history = pc.history.filter((h) => e.t - h < p.periodUs)
        pc.history.push(e.t)
        if (pc.history.length > p.intensity) {
          if (pc.mustEscalateUs === null) pending.push({ w, name: p.name, order: order.get(p.name)!, c: pc })
          pc.mustEscalateUs = e.t
          return
        }
        if (e.t - c.startedUs >= reset) c.attempt = 0
        c.pendingBackoffUs = ladderUs(c.attempt, init, max)
        c.attempt++
        return
      }
      case 'supervisor_escalated': {
        if (!c || !s || s.kind !== 'supervisor') return
        if (c.mustEscalateUs !== e.t) found.add(e.t, `${where} gave up at ${e.t} µs with ${c.history.filter((h) => e.t - h < s.periodUs).length} restarts within ${s.periodUs} µs: its intensity ${s.intensity} allows them`)
        c.mustEscalateUs = null
        c.escalated = true
        for (const k of below.get(name) ?? []) if (k !== name) m.get(k)!.pendingBackoffUs = null
        return
      }
      case 'daemon_restarted':
      case 'daemon_started': {
        if (!c || !s) return
        const p = parentOf.get(name)
        if (c.gone) found.add(e.t, `${where} (${s.restart}) was ${e.type === 'daemon_restarted' ? 'restarted' : 'started again'} at ${e.t} µs after it ended at ${c.exitUs ?? '?'} µs: its restart type forbids it until its supervisor starts again`)
        if (p && m.get(p.name)!.escalated) found.add(e.t, `${where} was ${e.type === 'daemon_restarted' ? 'restarted' : 'started'} at ${e.t} µs by ${p.name}, which had given up`)
        if (e.type === 'daemon_restarted') {
          if (c.pendingBackoffUs === null && !c.gone) found.add(e.t, `${where} was restarted at ${e.t} µs with no exit of its own calling for it`)
          else if (c.pendingBackoffUs !== null && c.exitUs !== null && e.t - c.exitUs < c.pendingBackoffUs)
            found.add(e.t, `${where} was restarted ${e.t - c.exitUs} µs after its exit at ${c.exitUs} µs: its backoff was ${c.pendingBackoffUs} µs`)
        }
        c.pendingBackoffUs = null
        if (s.kind === 'supervisor') startFresh(m, name, e.t)
        else c.startedUs = e.t
        return
      }
      case 'world_reboot_denied':
        if (e.data['action'] === 'crash') startFresh(m, spec.name, e.t)
        return
    }
  }

  return {
    name: 'supervision',
    layer: 'daemOS',
    onEvent(e) {
      if (!active) return
      overdue(e.t)
      if (e.node === null || e.node < 0 || e.node >= n) return
      if (e.layer === 'atmOS') {
        // Daemons run on live worlds only: a world leaving them loses its tree; one coming back (a
        // boot: restarting → up) starts a fresh one.
        const to = STATUS_AFTER[e.type]
        if (to === undefined) return
        if (!isLive(to)) worlds[e.node] = null
        else if (worlds[e.node] === null) {
          const m = new Map<string, Child>()
          startFresh(m, spec.name, e.t)
          worlds[e.node] = m
        }
        return
      }
      if (e.layer !== 'daemOS') return
      const m = worlds[e.node]
      if (m) onDaemos(e, e.node, m)
    },
    onTime(nowUs) {
      if (active) overdue(nowUs)
    },
    finish(endUs) {
      if (active) overdue(endUs + 1)
    },
    violations: () => found.list,
  }
}
