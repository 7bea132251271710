/**
 * World lifecycle legality, seen through atmOS's events: every world starts up; a
 * `node_crashed` needs a live world (up, draining, quarantined, or one still booting),
 * `node_restarting` a crashed one, `node_restarted` a restarting one; `node_draining` an up one;
 * `node_quarantined` an up or draining one; `node_released` a draining or quarantined one;
 * `node_decommissioned` any world not already gone, and nothing may follow it. Each transition
 * event must also say where it came from (`from`) truthfully, and name its reason and requester.
 * The table is written here again, not imported from atmOS: a checker must not share the code it
 * checks.
 */
import type { LoggedEvent, SimTime } from '../kernel/types'
import type { Checker, CheckerFactory, Violation } from './types'

type Status = 'up' | 'crashed' | 'restarting' | 'draining' | 'quarantined' | 'decommissioned'

/** event type → [the statuses it may follow, the status it leads to] */
const STEPS: Readonly<Record<string, readonly [readonly Status[], Status]>> = {
  node_crashed: [['up', 'draining', 'quarantined', 'restarting'], 'crashed'],
  node_restarting: [['crashed'], 'restarting'],
  node_restarted: [['restarting'], 'up'],
  node_draining: [['up'], 'draining'],
  node_quarantined: [['up', 'draining'], 'quarantined'],
  node_released: [['draining', 'quarantined'], 'up'],
  node_decommissioned: [['up', 'crashed', 'restarting', 'draining', 'quarantined'], 'decommissioned'],
}

/** The status each atmOS transition event leads to (for the other checkers that follow world statuses). */
export const STATUS_AFTER: Readonly<Record<string, Status>> = Object.fromEntries(Object.entries(STEPS).map(([type, [, to]]) => [type, to]))

const CHECKER = 'lifecycle'

export const lifecycleChecker: CheckerFactory = (scenario) => {
  const status: Status[] = new Array<Status>(scenario.nodes.count).fill('up')
  const found: Violation[] = []
  const violate = (t: number, message: string): void => {
    if (found.length < 1_000) found.push({ checker: CHECKER, t: t as SimTime, message, seed: scenario.seed })
  }

  const checker: Checker = {
    name: CHECKER,
    layer: 'atmOS',
    onEvent(e: LoggedEvent) {
      if (e.layer !== 'atmOS') return
      const step = STEPS[e.type]
      if (!step) return
      const node = e.node
      if (node === null || !Number.isInteger(node) || node < 0 || node >= status.length)
        return violate(e.t, `${e.type} at ${e.t} µs (offset ${e.offset}) names world ${String(node)}, which does not exist (there are ${status.length})`)
      const [from, to] = step
      const now = status[node]!
      if (!from.includes(now))
        violate(e.t, `world ${node}: ${e.type} at ${e.t} µs (offset ${e.offset}) while it is ${now}: ${now} → ${to} is not a legal transition (${e.type} needs ${from.join(' | ')})`)
      else if (e.data['from'] !== now || e.data['to'] !== to)
        violate(e.t, `world ${node}: ${e.type} at ${e.t} µs (offset ${e.offset}) says ${String(e.data['from'])} → ${String(e.data['to'])}, but the world was ${now} and goes ${to}`)
      else if (typeof e.data['reason'] !== 'string' || typeof e.data['requester'] !== 'string' || e.data['requester'] === '')
        violate(e.t, `world ${node}: ${e.type} at ${e.t} µs (offset ${e.offset}) does not name its reason and requester`)
      // Follow what atmOS says happened, so one bad step is reported once, not on every later event.
      status[node] = to
    },
    violations() {
      return found
    },
  }
  return checker
}
