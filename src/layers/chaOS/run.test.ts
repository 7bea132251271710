/**
 * Integration: atmOS + the network layer + chaOS under the real kernel (in-process), with a small
 * probe layer that sends node-to-node traffic through transport.ts the way mythOS does, and the
 * network and lifecycle checkers watching.
 */
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { runInProcessWith } from '../../cosmos/run'
import { LayerRegistry } from '../../kernel/registry'
import { simUs } from '../../kernel/time'
import type { LayerName, LoggedEvent } from '../../kernel/types'
import { isLive, WorldStatusMsg } from '../../kernel/worlds'
import { lifecycleChecker } from '../../checkers/lifecycle'
import { networkChecker } from '../../checkers/network'
import { ScenarioSchema, type Scenario, type ScenarioInput } from '../../scenario/schema'
import { aetherOS } from '../aetherOS'
import { atmOS } from '../atmOS'
import { defineLayer } from '../define'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { applyNetAnnouncement, createNetState, deliverable, flushNetStats, NET_STATS_INTERVAL_US, transmit, type NetState } from '../net/transport'
import { pneumOS } from '../pneumOS'
import { chaOS } from './index'

type Probe = { k: 'send' } | { k: 'arrive'; from: number; to: number; sentUs: number } | { k: 'flush' }

/** Every 50 ms each live world sends one packet to a random other world, through the network channel. */
const probe = (honest: boolean) => defineLayer({
  name: 'probeOS',
  role: 'test: a user of the network channel',
  reference: 'none',
  settings: z.strictObject({}),
  consumes: { ...NET_ANNOUNCEMENTS, world_status: WorldStatusMsg },
  sends: { net_stats: NetStatsMsg },
  interventions: {},
  init(ctx): { net: NetState } {
    ctx.schedule(simUs(50_000), { k: 'send' })
    ctx.schedule(simUs(NET_STATS_INTERVAL_US), { k: 'flush' })
    return { net: createNetState(ctx.scenario) }
  },
  onMessage(s, msg) {
    applyNetAnnouncement(s.net, msg)
  },
  onTimer(s, payload, ctx) {
    const p = payload as Probe
    if (p.k === 'send') {
      for (let from = 0; from < s.net.n; from++) {
        if (!isLive(ctx.worlds[from]!)) continue
        const to = (from + ctx.rng(`dest:${from}`).int(1, s.net.n - 1)) % s.net.n
        for (const t of transmit(s.net, ctx, from, to, 100)) ctx.schedule(t, { k: 'arrive', from, to, sentUs: ctx.now })
      }
      ctx.schedule(simUs(ctx.now + 50_000), { k: 'send' })
    } else if (p.k === 'arrive') {
      // A dishonest network delivers whatever is in flight, partition or not.
      if (honest) deliverable(s.net, ctx, p.from, p.to, p.sentUs)
      else ctx.observe('packet_delivered', { from: p.from, to: p.to, sentUs: p.sentUs })
    } else {
      flushNetStats(s.net, ctx)
      ctx.schedule(simUs(ctx.now + NET_STATS_INTERVAL_US), { k: 'flush' })
    }
  },
  view: () => ({}),
})

const registry = (honest = true) => new LayerRegistry([atmOS, pneumOS, aetherOS, chaOS, probe(honest)])
const scenario = (over: ScenarioInput = {}): Scenario =>
  ScenarioSchema.parse({
    seed: 17,
    layers: { chaOS: { entropy: 1, crashRatePerMin: 3, restartDelayMs: 2_000, partitionRatePerMin: 6, partitionDurationMs: 3_000, lossRate: 0.05 } },
    interventions: [
      { kind: 'fault', atUs: 10_000_000, fault: 'partition', target: 'minority' },
      { kind: 'fault', atUs: 15_000_000, fault: 'heal', target: 'one' },
      { kind: 'fault', atUs: 20_000_000, fault: 'crash', target: 'leader' },
      { kind: 'slider', atUs: 25_000_000, name: 'lossRate', value: 0.3 },
    ],
    ...over,
  })

const s0 = scenario()

async function run(s: Scenario, untilUs: number, o: { honest?: boolean; hosts?: number } = {}) {
  const layers: LayerName[] = ['atmOS', s.network, 'chaOS', 'probeOS']
  return runInProcessWith(s, { untilUs, registry: registry(o.honest), layers, checkers: [networkChecker(s), lifecycleChecker(s)], hosts: o.hosts ?? 0 })
}
const find = (events: LoggedEvent[], layer: string, type: string) => events.filter((e) => e.layer === layer && e.type === type)

describe('atmOS + pneumOS + chaOS under the kernel', () => {
  it('injects faults that every layer applies at the same instant, with no network or lifecycle violation', async () => {
    const s = scenario()
    const r = await run(s, 60_000_000)
    expect(r.violations).toEqual([])
    const injected = find(r.events, 'chaOS', 'fault_injected')
    const crashes = injected.filter((e) => e.data['kind'] === 'crash')
    const partitions = injected.filter((e) => e.data['kind'] === 'partition')
    expect(crashes.length).toBeGreaterThan(3)
    expect(partitions.length).toBeGreaterThan(3)
    const started = find(r.events, 'pneumOS', 'partition_started')
    // A groups partition's targets are its isolated side; a majorities-ring's, every world in ring order.
    const targetsOf = (d: LoggedEvent['data']) => (d['kind'] === 'ring' ? d['order'] : (d['groups'] as number[][])[0])
    expect(started.map((e) => [e.t, targetsOf(e.data)])).toEqual(partitions.map((e) => [e.t, e.data['targets']]))
    const healed = find(r.events, 'chaOS', 'fault_healed').filter((e) => e.data['kind'] === 'partition')
    expect(find(r.events, 'pneumOS', 'partition_healed').map((e) => e.t)).toEqual(healed.map((e) => e.t))
    // chaOS asks; atmOS, the owner, applies each crash within two quanta (the request's window, then one quantum ahead).
    const applied = find(r.events, 'atmOS', 'node_crashed')
    expect(applied.map((e) => e.data['requester'])).toEqual(applied.map(() => 'chaOS'))
    for (const c of crashes)
      for (const n of c.data['targets'] as number[])
        expect(applied.some((e) => e.node === n && e.t > c.t && e.t <= c.t + 2 * s.quantumUs), `world ${n} crashed after ${c.t}`).toBe(true)
    expect(find(r.events, 'chaOS', 'fault_skipped').map((e) => e.data['kind'])).toContain('crash') // 'leader' with no mythOS
    const net = r.summaries.pneumOS!
    console.info(`probe traffic over 60 s: ${JSON.stringify(net)}`)
    expect(net['sent']).toBeGreaterThan(5_000)
    expect(net['dropped']).toBeGreaterThan(0)
  })

  it('gives the same fingerprint for the same seed, on one host or spread over several', async () => {
    const s = scenario()
    const a = await run(s, 20_000_000)
    const b = await run(scenario(), 20_000_000, { hosts: 3 })
    expect(b.fingerprint).toBe(a.fingerprint)
    const c = await run(scenario({ seed: 18 }), 20_000_000)
    expect(c.fingerprint).not.toBe(a.fingerprint)
  })

  it('is quiet at entropy 0: no fault, no partition, no crash over 10 minutes', async () => {
    const s = scenario({ layers: { chaOS: { entropy: 0, crashRatePerMin: 60, partitionRatePerMin: 60 } }, interventions: [] })
    const r = await run(s, 600_000_000)
    expect(r.events.filter((e) => e.layer === 'chaOS' || e.type.startsWith('partition_') || e.type.startsWith('node_'))).toEqual([])
    expect(r.violations).toEqual([])
  })

  it('runs the same on aetherOS, where partitions are refused and nothing is lost', async () => {
    const r = await run(scenario({ network: 'aetherOS' }), 30_000_000)
    expect(r.violations).toEqual([])
    expect(find(r.events, 'chaOS', 'fault_injected').every((e) => e.data['kind'] === 'crash')).toBe(true)
    expect(find(r.events, 'chaOS', 'fault_skipped').map((e) => e.data['kind'])).toContain('partition')
    expect(r.summaries.aetherOS!['sent']).toBeGreaterThan(0)
  })

  it('applies a manual majorities-ring in every layer: no delivery across it, and a dishonest network is caught', async () => {
    const ringOnly = (honest: boolean) =>
      run(
        scenario({
          layers: { chaOS: { entropy: 1, crashRatePerMin: 0, partitionRatePerMin: 0, lossRate: 0 } },
          interventions: [
            { kind: 'fault', atUs: 2_000_000, fault: 'partition', target: 'majorities-ring' },
            { kind: 'fault', atUs: 8_000_000, fault: 'heal', target: 'one' },
          ],
        }),
        10_000_000,
        { honest },
      )
    const r = await ringOnly(true)
    expect(r.violations).toEqual([])
    const started = find(r.events, 'pneumOS', 'partition_started')
    expect(started.map((e) => [e.t, e.data['kind'], e.data['reach']])).toEqual([[2_000_000 + s0.quantumUs, 'ring', 1]])
    expect(find(r.events, 'pneumOS', 'partition_healed').map((e) => e.t)).toEqual([8_000_000 + s0.quantumUs])
    const cheat = await ringOnly(false)
    const cut = cheat.violations.filter((v) => /crossed partition #1 \(majorities-ring/.test(v.message))
    expect(cut.length).toBeGreaterThan(0)
  })

  it('catches a network that delivers across a partition', async () => {
    const r = await run(scenario(), 30_000_000, { honest: false })
    const cut = r.violations.filter((v) => v.checker === 'network' && /crossed partition/.test(v.message))
    expect(cut.length).toBeGreaterThan(0)
    expect(cut[0]!.seed).toBe(17)
  })
})
