/** The supervisors on their own: strategies, restart types, intensity and escalation, the backoff ladder. */
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../kernel/types'
import { DaemosSettings } from './settings'
import { boot, exit, indexOf, loopDue, restartDue, worldDown, type DaemonTimer, type DaemonWorld, type Env } from './supervisor'
import { backoffDelayUs, createNodes, worldTreeSpec } from './tree'

const S = 1_000_000
const ALL = ['atmOS', 'chronOS', 'karmOS', 'pandemoniOS', 'daemOS']

/** One world's tree driven by hand: a clock, the timers due, what was emitted and sent. */
function harness(settings: Partial<DaemosSettings> = {}, run: readonly string[] = ALL) {
  const set = DaemosSettings.parse(settings)
  const w: DaemonWorld = { id: 0, rebooting: false, nodes: createNodes(worldTreeSpec(set, run), 0), loops: [], restarts: 0, escalations: 0 }
  const events: { t: number; type: string; data: JsonObject }[] = []
  const states: { t: number; daemon: string; running: boolean }[] = []
  let timers: { at: number; t: DaemonTimer }[] = []
  let rootFailures = 0
  let now = 0
  const env = (): Env => ({
    now,
    live: true, // the world stays live: the tests take its tree down and up by hand (worldDown, boot)
    timings: { backoffInitialUs: set.backoffInitialMs * 1_000, backoffMaxUs: set.backoffMaxMs * 1_000, backoffResetUs: set.backoffResetAfterMs * 1_000, crashLoopAfterUs: set.crashLoopAfterMs * 1_000 },
    emit: (type, data) => void events.push({ t: now, type, data }),
    schedule: (at, t) => void timers.push({ at, t }),
    changed: (daemon, running) => void states.push({ t: now, daemon, running }),
    rootFailed: () => void rootFailures++,
  })
  /** Advance to t, firing the timers due in time order (scheduling order at equal times). */
  const advance = (t: number): void => {
    for (;;) {
      const due = timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      timers = timers.filter((x) => x !== due)
      now = due.at
      if (due.t.k === 'restart') restartDue(w, due.t.i, due.t.inc, env())
      else loopDue(w, due.t.i, due.t.inc, env())
    }
    now = t
  }
  const crash = (name: string, abnormal = true) => exit(w, indexOf(w, name), env(), abnormal, 'test')
  const state = (name: string) => w.nodes[indexOf(w, name)]!.state
  const of = (type: string) => events.filter((e) => e.type === type)
  return { w, set, events, states, advance, crash, state, of, env, rootFailures: () => rootFailures, setNow: (t: number) => void (now = t) }
}

describe('the tree', () => {
  it('holds the three strategies and the three restart types, and only the daemons whose layer runs', () => {
    const full = createNodes(worldTreeSpec(DaemosSettings.parse({}), ALL), 0)
    expect(full.map((n) => `${'  '.repeat(n.depth)}${n.name} ${n.strategy ?? n.restart}`)).toEqual([
      'world rest_for_one', '  net one_for_one', '    ntp-client permanent', '    heartbeater permanent', '  storage one_for_all', '    repairer permanent', '    workload transient', '  scrubber temporary',
    ])
    const bare = createNodes(worldTreeSpec(DaemosSettings.parse({}), ['atmOS']), 0)
    expect(bare.map((n) => n.name)).toEqual(['world', 'storage', 'workload', 'scrubber'])
  })

  it('climbs the backoff ladder: immediate, then 10 s doubling, capped at 5 min', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelayUs(a, 10 * S, 300 * S) / S)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300])
  })
})

describe('strategies', () => {
  it('one_for_one restarts only the child that exited', () => {
    const h = harness()
    h.crash('heartbeater')
    expect(h.of('daemon_terminated')).toEqual([])
    expect(h.of('daemon_restarted').map((e) => e.data['daemon'])).toEqual(['heartbeater'])
    expect(h.states).toEqual([{ t: 0, daemon: 'heartbeater', running: false }, { t: 0, daemon: 'heartbeater', running: true }])
  })

  it('one_for_all terminates the siblings and restarts them with the child', () => {
    const h = harness()
    h.crash('repairer')
    expect(h.of('daemon_terminated').map((e) => e.data['daemon'])).toEqual(['workload'])
    expect(h.of('daemon_backoff')[0]!.data['group']).toEqual(['repairer', 'workload'])
    expect(h.of('daemon_started').map((e) => e.data['daemon'])).toEqual(['workload'])
    expect(h.state('workload')).toBe('running')
  })

  it('rest_for_one restarts the failed child and those started after it; a temporary one stays down', () => {
    const h = harness({ supervisorIntensity: 0 })
    h.crash('ntp-client') // net gives up at once (intensity 0): the root restarts net, storage after it, not the scrubber
    expect(h.of('supervisor_escalated').map((e) => e.data['supervisor'])).toEqual(['net'])
    expect(h.of('daemon_terminated').map((e) => e.data['daemon'])).toEqual(['heartbeater', 'storage', 'repairer', 'workload', 'scrubber'])
    expect(h.of('daemon_restarted').map((e) => e.data['daemon'])).toEqual(['net'])
    expect(h.of('daemon_started').map((e) => e.data['daemon'])).toEqual(['storage'])
    expect(['ntp-client', 'heartbeater', 'repairer', 'workload'].map(h.state)).toEqual(['running', 'running', 'running', 'running'])
    expect(h.state('scrubber')).toBe('terminated')
  })
})

describe('restart types', () => {
  it('temporary: never restarted', () => {
    const h = harness()
    h.crash('scrubber')
    h.advance(3600 * S)
    expect(h.state('scrubber')).toBe('terminated')
    expect(h.of('daemon_backoff')).toEqual([])
  })

  it('transient: restarted after an abnormal exit only; permanent after either', () => {
    const h = harness()
    h.crash('workload', true)
    expect(h.state('workload')).toBe('running')
    h.setNow(1 * S)
    h.crash('workload', false)
    expect(h.state('workload')).toBe('terminated')
    h.crash('heartbeater', false)
    expect(h.state('heartbeater')).toBe('running')
    // A sibling's group restart leaves a finished transient child alone.
    h.setNow(2 * S)
    h.crash('repairer')
    expect(h.state('workload')).toBe('terminated')
    expect(h.states.filter((s) => s.daemon === 'workload').at(-1)).toEqual({ t: 1 * S, daemon: 'workload', running: false })
  })
})

describe('backoff and intensity', () => {
  it('a crash loop waits 0, 10, 20, 40, 80 s between restarts, and its sixth exit in 10 minutes makes its supervisor give up', () => {
    const h = harness()
    h.w.loops.push('ntp-client')
    h.crash('ntp-client')
    h.advance(1_000 * S)
    const waits = h.of('daemon_restarted').filter((e) => e.data['daemon'] === 'ntp-client').map((e) => (e.data['waitedUs'] as number) / S)
    expect(waits.slice(0, 5)).toEqual([0, 10, 20, 40, 80])
    const esc = h.of('supervisor_escalated')
    expect(esc[0]!.data).toMatchObject({ supervisor: 'net', restarts: 6, intensity: 5, periodUs: 600 * S })
    // The first exit at 0, then 2 s after each start: 0, 2, 14, 36, 78, 160.
    expect(esc[0]!.t).toBe(160 * S)
    // The root restarted net at once; the loop (2 s after each start: 162, 164, 176, 198, 240, 322) took
    // it over its intensity again: a second restart within the root's period, and the root gives up.
    expect(esc.map((e) => e.data['supervisor'])).toEqual(['net', 'net', 'world'])
    expect(esc[2]!.t).toBe(322 * S)
    expect(h.rootFailures()).toBe(1)
    expect(h.w.nodes.every((n) => n.state === 'terminated')).toBe(true)
  })

  it('the ladder starts over after 10 minutes of running fine, and a world boot starts everything fresh', () => {
    const h = harness()
    h.crash('heartbeater')
    h.setNow(1 * S)
    h.crash('heartbeater')
    h.advance(11 * S)
    expect(h.state('heartbeater')).toBe('running')
    h.setNow(11 * S + 600 * S)
    h.crash('heartbeater')
    expect(h.of('daemon_backoff').map((e) => e.data['backoffUs'])).toEqual([0, 10 * S, 0])
    worldDown(h.w, h.env())
    expect(h.w.nodes.every((n) => n.state === 'down')).toBe(true)
    boot(h.w, h.env())
    expect(h.w.nodes.every((n) => n.state === 'running' && n.attempt === 0)).toBe(true)
    expect(h.states.filter((s) => s.t === 611 * S).map((s) => `${s.daemon}:${s.running}`)).toEqual(['heartbeater:false', 'heartbeater:true', 'ntp-client:false', 'heartbeater:false', 'repairer:false', 'workload:false', 'scrubber:false', 'ntp-client:true', 'heartbeater:true', 'repairer:true', 'workload:true', 'scrubber:true'])
  })

  it('a group waits for the longest backoff among its members: nobody restarts before its own', () => {
    const h = harness()
    h.crash('repairer')
    h.setNow(1 * S)
    h.crash('repairer') // 10 s: repairer and workload wait until 11 s
    h.setNow(2 * S)
    h.crash('heartbeater')
    expect(h.state('workload')).toBe('backoff')
    h.advance(10 * S)
    expect(h.state('repairer')).toBe('backoff')
    h.advance(11 * S)
    expect([h.state('repairer'), h.state('workload')]).toEqual(['running', 'running'])
  })
})
