/**
 * daemOS in the whole run: a crash-looping ntp-client climbs the backoff ladder, fails its
 * supervisor twice and so the root, and its world is rebooted through atmOS (and nomOS's admission
 * when it runs); while the ntp-client is down the world's NTP client polls no more; a workload that
 * finished normally (transient) is not restarted and its world proposes nothing.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'

const S = 1_000_000
const RUN = ['atmOS', 'chaOS', 'mythOS', 'chronOS', 'karmOS', 'daemOS']
/** A compressed ladder (1 s doubling to 8 s) and a loop 0.5 s after each start, so the story fits in a minute. */
const FAST = { backoffInitialMs: 1_000, backoffMaxMs: 8_000, crashLoopAfterMs: 500 }

async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ seed: 3, run: RUN, ...input, layers: { chaOS: { entropy: 0 }, daemOS: FAST, ...input.layers } })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario), validate: true })
}
type Run = Awaited<ReturnType<typeof run>>
const of = (r: Run, type: string, node?: number) => r.events.filter((e) => e.type === type && (node === undefined || e.node === node))

describe('daemOS in the run', () => {
  it('a crash loop shows growing backoffs, then its supervisor gives up, twice, and the world is rebooted; healed, it runs again', async () => {
    // World 1 is an NTP client (worlds 0 and 2 are stratum 1).
    const r = await run({ interventions: [
      { kind: 'daemon_fault', atUs: 5 * S, node: 1, daemon: 'ntp-client', mode: 'crashloop' },
      { kind: 'daemon_fault', atUs: 41_200_000, node: 1, daemon: 'ntp-client', mode: 'heal' },
    ] }, 50)
    expect(r.violations).toEqual([])
    const backoffs = of(r, 'daemon_backoff', 1).filter((e) => e.data['daemon'] === 'ntp-client').map((e) => (e.data['backoffUs'] as number) / S)
    expect(backoffs).toEqual([0, 1, 2, 4, 8, 0, 1, 2, 4, 8])
    const esc = of(r, 'supervisor_escalated', 1)
    expect(esc.map((e) => e.data['supervisor'])).toEqual(['net', 'net', 'world'])
    expect(esc[0]!.data).toMatchObject({ restarts: 6, intensity: 5, periodUs: 600 * S })
    expect(of(r, 'world_reboot_requested', 1)).toHaveLength(1)
    // atmOS crashed and restarted world 1 at daemOS's request.
    const reboot = r.events.filter((e) => e.layer === 'atmOS' && e.node === 1 && e.t >= esc[2]!.t)
    expect(reboot.map((e) => `${e.type}:${String(e.data['requester'])}`)).toEqual(['node_crashed:daemOS', 'node_restarting:daemOS', 'node_restarted:atmOS'])
    // Healed before its first crash after the boot: no crash after the reboot, and the daemons all run.
    const up = reboot[2]!.t
    expect(of(r, 'daemon_crashed', 1).filter((e) => e.t > up)).toEqual([])
    const running = r.metrics.filter((m) => m.layer === 'daemOS').at(-1)!.values['daemonsRunning'] as number[]
    // Four daemons (no heartbeater: pandemoniOS does not run here), on every world.
    expect(running).toEqual([4, 4, 4, 4, 4])
    expect(of(r, 'clock_sample', 1).some((e) => e.t > up + S)).toBe(true)
  }, 120_000)

  it('while its ntp-client is down a world\'s NTP client polls no more; other worlds poll on', async () => {
    const r = await run({ layers: { daemOS: { ...FAST, backoffInitialMs: 10_000, backoffMaxMs: 10_000 } }, interventions: [
      { kind: 'daemon_fault', atUs: 5 * S, node: 3, daemon: 'ntp-client', mode: 'crash' },
      { kind: 'daemon_fault', atUs: 5_100_000, node: 3, daemon: 'ntp-client', mode: 'crash' },
    ] }, 25)
    expect(r.violations).toEqual([])
    const stopped = of(r, 'ntp_client_stopped', 3)
    const started = of(r, 'ntp_client_started', 3)
    expect(stopped.map((e) => e.t)).toEqual([5 * S + 10_000, 5_100_000 + 10_000])
    // Down from the second crash (5.1 s) to its restart 10 s later: no sample there, then sampling again.
    const downFrom = stopped[1]!.t
    const downTo = started.at(-1)!.t
    expect(downTo - downFrom).toBeGreaterThanOrEqual(10 * S - 10_000)
    expect(of(r, 'clock_sample', 3).filter((e) => e.t > downFrom && e.t < downTo)).toEqual([])
    expect(of(r, 'clock_sample', 3).some((e) => e.t > downTo)).toBe(true)
    expect(of(r, 'clock_sample', 4).filter((e) => e.t > downFrom && e.t < downTo).length).toBeGreaterThan(0)
  }, 120_000)

  it('a transient workload that finishes normally is not restarted: its world proposes nothing more', async () => {
    const r = await run({ layers: { atmOS: { happeningsPerSec: 4 } }, interventions: [{ kind: 'daemon_fault', atUs: 5 * S, node: 4, daemon: 'workload', mode: 'exit' }] }, 20)
    expect(r.violations).toEqual([])
    expect(of(r, 'daemon_exited', 4).map((e) => e.data['daemon'])).toEqual(['workload'])
    expect(of(r, 'daemon_restarted', 4)).toEqual([])
    const samples = r.metrics.filter((m) => m.layer === 'atmOS')
    const at6 = samples.find((m) => m.t >= 6 * S)!.values['proposed'] as number[]
    const last = samples.at(-1)!.values['proposed'] as number[]
    expect(samples.at(-1)!.t).toBeGreaterThan(15 * S)
    expect(last[4]).toBe(at6[4])
    expect(last[3]!).toBeGreaterThan(at6[3]!)
  }, 120_000)

  it('chaOS crashes daemons at random only while daemOS runs (its own stream: nothing drawn without it)', async () => {
    const layers = { chaOS: { entropy: 1, crashRatePerMin: 0, partitionRatePerMin: 0, daemonCrashRatePerMin: 6 } }
    const on = await run({ layers }, 30)
    expect(on.violations).toEqual([])
    const injected = of(on, 'daemon_crash_injected')
    expect(injected.length).toBeGreaterThan(5)
    expect(of(on, 'daemon_crashed').length).toBeGreaterThan(0)
    const off = await run({ run: RUN.filter((l) => l !== 'daemOS'), layers }, 30)
    expect(of(off, 'daemon_crash_injected')).toEqual([])
    expect(off.events.filter((e) => e.layer === 'daemOS')).toEqual([])
  }, 120_000)

  it('under nomOS the reboot is judged: a rule that denies it leaves the world up and starts the tree again in place', async () => {
    const rule = { name: 'no-daemos-reboots', expression: 'request.requester != "daemOS"', message: 'daemOS may not reboot worlds', effect: 'deny' as const }
    const r = await run({ run: [...RUN, 'nomOS'], interventions: [
      { kind: 'rule', atUs: 1 * S, op: 'add', rule },
      { kind: 'daemon_fault', atUs: 5 * S, node: 1, daemon: 'ntp-client', mode: 'crashloop' },
      { kind: 'daemon_fault', atUs: 41_200_000, node: 1, daemon: 'ntp-client', mode: 'heal' },
    ] }, 45)
    expect(r.violations).toEqual([])
    expect(of(r, 'world_reboot_denied', 1)).toHaveLength(1)
    expect(r.events.filter((e) => e.layer === 'atmOS' && e.node === 1 && e.type === 'node_crashed')).toEqual([])
    const running = r.metrics.filter((m) => m.layer === 'daemOS').at(-1)!.values['daemonsRunning'] as number[]
    expect(running[1]).toBe(4)
  }, 120_000)
})
