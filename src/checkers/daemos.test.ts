/** daemOS's checker on crafted histories: each rule is made to fail once, and stays quiet on a lawful history. */
import { describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { supervisionChecker } from './daemos'

const S = 1_000_000
const scenario = ScenarioSchema.parse({ seed: 9, run: ['atmOS', 'chaOS', 'mythOS', 'chronOS', 'karmOS', 'daemOS'] })
let offset = 0
const ev = (t: number, layer: LayerName, node: number, type: string, data: JsonObject): LoggedEvent => ({ offset: offset++, t: simUs(t), layer, node, type, data })
const SUP: Record<string, string> = { 'ntp-client': 'net', repairer: 'storage', workload: 'storage', scrubber: 'world', net: 'world', storage: 'world' }
const RESTART: Record<string, string> = { 'ntp-client': 'permanent', repairer: 'permanent', workload: 'transient', scrubber: 'temporary', net: 'permanent', storage: 'permanent' }
const crashed = (t: number, daemon: string, w = 0) => ev(t, 'daemOS', w, 'daemon_crashed', { daemon, supervisor: SUP[daemon]!, reason: 'test', restart: RESTART[daemon]! })
const exited = (t: number, daemon: string, w = 0) => ev(t, 'daemOS', w, 'daemon_exited', { daemon, supervisor: SUP[daemon]!, reason: 'test', restart: RESTART[daemon]! })
const restarted = (t: number, daemon: string, attempt: number, backoffUs: number, waitedUs: number, w = 0) => ev(t, 'daemOS', w, 'daemon_restarted', { daemon, supervisor: SUP[daemon]!, attempt, backoffUs, waitedUs })
const started = (t: number, daemon: string, w = 0) => ev(t, 'daemOS', w, 'daemon_started', { daemon, supervisor: SUP[daemon]!, reason: 'test' })
const escalated = (t: number, supervisor: string, restarts: number, w = 0) => ev(t, 'daemOS', w, 'supervisor_escalated', { supervisor, restarts, intensity: supervisor === 'world' ? 1 : 5, periodUs: 600 * S })
const run = (events: LoggedEvent[]) => {
  const c = supervisionChecker(scenario)
  for (const e of events) c.onEvent(e)
  c.finish!(simUs(10_000 * S))
  return c.violations()
}

/** A crash loop of the ntp-client: exits at 0, 2, 14, 36, 78 s restarted after 0, 10, 20, 40 s; the sixth exit at 160 s fails net. */
const loop = (): LoggedEvent[] => [
  crashed(0, 'ntp-client'), restarted(0, 'ntp-client', 1, 0, 0),
  crashed(2 * S, 'ntp-client'), restarted(12 * S, 'ntp-client', 2, 10 * S, 10 * S),
  crashed(14 * S, 'ntp-client'), restarted(34 * S, 'ntp-client', 3, 20 * S, 20 * S),
  crashed(36 * S, 'ntp-client'), restarted(76 * S, 'ntp-client', 4, 40 * S, 40 * S),
  crashed(78 * S, 'ntp-client'), restarted(158 * S, 'ntp-client', 5, 80 * S, 80 * S),
  crashed(160 * S, 'ntp-client'),
]

describe('supervision checker', () => {
  it('accepts a lawful crash loop: growing backoffs, an escalation at the sixth exit, net restarted by the root, the ladder fresh again', () => {
    expect(run([
      ...loop(), escalated(160 * S, 'net', 6), crashed(160 * S, 'net'), restarted(160 * S, 'net', 1, 0, 0), started(160 * S, 'storage'),
      crashed(162 * S, 'ntp-client'), restarted(162 * S, 'ntp-client', 1, 0, 0),
      // A one_for_all group restart, the ladder starting over after 10 minutes of running fine, a world reboot.
      crashed(200 * S, 'repairer'), restarted(200 * S, 'repairer', 1, 0, 0), started(200 * S, 'workload'),
      crashed(201 * S, 'repairer'), restarted(211 * S, 'repairer', 2, 10 * S, 10 * S), started(211 * S, 'workload'),
      crashed(900 * S, 'repairer'), restarted(900 * S, 'repairer', 1, 0, 0),
      crashed(901 * S, 'scrubber'),
      ev(950 * S, 'atmOS', 0, 'node_crashed', { from: 'up', to: 'crashed', reason: 'r', requester: 'chaOS' }),
      ev(953 * S, 'atmOS', 0, 'node_restarted', { from: 'restarting', to: 'up', reason: 'booted', requester: 'atmOS' }),
      crashed(954 * S, 'scrubber'),
      crashed(955 * S, 'repairer'), restarted(955 * S, 'repairer', 1, 0, 0),
    ])).toEqual([])
  })

  it('finds a restart earlier than its backoff', () => {
    const h = loop().slice(0, 3)
    const v = run([...h, restarted(5 * S, 'ntp-client', 2, 10 * S, 3 * S)])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/ntp-client was restarted 3000000 µs after its exit at 2000000 µs: its backoff was 10000000 µs/)
  })

  it('finds more restarts in a period than the intensity allows, without an escalation', () => {
    const v = run([...loop(), restarted(460 * S, 'ntp-client', 6, 300 * S, 300 * S)])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/supervisor net counted 6 restarts within 600000000 µs \(intensity 5\) at 160000000 µs but did not give up/),
      expect.stringMatching(/ntp-client was restarted at 460000000 µs with no exit of its own calling for it/),
    ])
  })

  it('finds an escalation the intensity did not call for, and a child restarted by a supervisor that gave up', () => {
    const v = run([crashed(0, 'repairer'), restarted(0, 'repairer', 1, 0, 0), escalated(1 * S, 'storage', 1), crashed(2 * S, 'workload'), restarted(3 * S, 'workload', 1, 0, 1 * S)])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/storage gave up at 1000000 µs with 1 restarts within 600000000 µs: its intensity 5 allows them/),
      expect.stringMatching(/workload was restarted at 3000000 µs by storage, which had given up/),
    ])
  })

  it('finds a temporary child restarted, and a transient one restarted after a normal exit', () => {
    const v = run([crashed(0, 'scrubber'), restarted(1 * S, 'scrubber', 1, 0, 1 * S), exited(2 * S, 'workload'), started(3 * S, 'workload')])
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/scrubber \(temporary\) was restarted at 1000000 µs after it ended at 0 µs/),
      expect.stringMatching(/workload \(transient\) was started again at 3000000 µs after it ended at 2000000 µs/),
    ])
  })

  it('judges nothing when daemOS does not run', () => {
    const c = supervisionChecker(ScenarioSchema.parse({ seed: 9, run: ['atmOS', 'chaOS'] }))
    c.onEvent(restarted(0, 'scrubber', 1, 0, 0))
    expect(c.violations()).toEqual([])
  })
})
