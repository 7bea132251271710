/**
 * anomOS in the whole run: a partition makes an alert fire (pending → firing) and it resolves
 * after the heal; each fault kind is detected within seconds at entropy 0; a quiet run raises no
 * alert; alerts added, replaced, removed and refused by intervention; an alert whose layer is not
 * built (phi) is listed as unavailable.
 */
import { describe, expect, it } from 'vitest'
import { allCheckers } from '../../checkers'
import { runInProcessWith } from '../../cosmos/run'
import { registry } from '../index'
import { ScenarioSchema, activeLayers, type ScenarioInput } from '../../scenario/schema'
import { FAULT_KINDS, QUIET, RUN, detect, falseAlerts } from './__tests__/measure'

const S = 1_000_000
async function run(input: ScenarioInput, untilS: number) {
  const scenario = ScenarioSchema.parse({ run: RUN, seed: 2, ...input, layers: { chaOS: QUIET, ...input.layers } })
  return runInProcessWith(scenario, { untilUs: untilS * S, registry, layers: activeLayers(scenario), checkers: allCheckers(scenario) })
}
type Run = Awaited<ReturnType<typeof run>>
const of = (r: Run, type: string) => r.events.filter((e) => e.type === type)

describe('anomOS in the run', () => {
  it('a partition fires MessageLoss (pending, then firing after its for), resolved after the heal', async () => {
    const r = await run({ interventions: [{ kind: 'fault', atUs: 60 * S, fault: 'partition', target: 'minority' }, { kind: 'fault', atUs: 75 * S, fault: 'heal', target: 'one' }] }, 100)
    expect(r.violations).toEqual([])
    const pending = of(r, 'alert_pending').find((e) => e.data['alert'] === 'MessageLoss')!
    const firing = of(r, 'alert_firing').find((e) => e.data['alert'] === 'MessageLoss')!
    const resolved = of(r, 'alert_resolved').find((e) => e.data['alert'] === 'MessageLoss')!
    expect(pending.t).toBeGreaterThanOrEqual(60 * S)
    expect(firing.t - pending.t).toBe(1 * S) // for: 1 s
    expect(firing.data['pendingUs']).toBe(1 * S)
    expect(resolved.t).toBeGreaterThan(75 * S)
    expect(resolved.t).toBeLessThan(80 * S)
    expect((r.summaries.anomOS as { firing: number }).firing).toBe(0)
  })

  it('each fault kind fires an alert within 5 s at entropy 0', async () => {
    for (const kind of FAULT_KINDS) {
      const d = await detect(2, kind)
      expect(d.violations, kind).toBe(0)
      expect(d.delayUs, kind).not.toBeNull()
      expect(d.delayUs!, kind).toBeLessThanOrEqual(5 * S)
    }
  })

  it('a quiet run raises no alert', async () => {
    expect(await falseAlerts(3, 300)).toEqual({ fired: 0, alerts: [] })
  })

  it('alerts are added, replaced, removed and refused by intervention; PhiHigh watches pandemoniOS while it runs', async () => {
    const r = await run({ interventions: [
      { kind: 'alert', atUs: 1 * S, op: 'add', alert: { name: 'Proposals', layer: 'atmOS', metric: 'proposed', source: 'rate' } },
      { kind: 'alert', atUs: 2 * S, op: 'add', alert: { name: 'Proposals', layer: 'atmOS', metric: 'proposed', source: 'rate', threshold: 4 } },
      { kind: 'alert', atUs: 3 * S, op: 'add', alert: { name: 'Nope', layer: 'atmOS', metric: 'nosuch' } },
      { kind: 'alert', atUs: 3 * S, op: 'add', alert: { name: 'Later', layer: 'aetherOS', metric: 'sent' } },
      { kind: 'alert', atUs: 4 * S, op: 'remove', name: 'WorldsDown' },
      { kind: 'alert', atUs: 4 * S, op: 'remove', name: 'Ghost' },
    ] }, 6)
    expect(of(r, 'alert_added').map((e) => [e.data['name'], e.data['replaced']])).toEqual([['Proposals', false], ['Proposals', true]])
    expect(of(r, 'alert_rejected').map((e) => e.data['name'])).toEqual(['Nope', 'Later', 'Ghost'])
    expect(String(of(r, 'alert_rejected')[0]!.data['error'])).toMatch(/atmOS has no metric "nosuch"/)
    expect(String(of(r, 'alert_rejected')[1]!.data['error'])).toMatch(/aetherOS does not run in this scenario/)
    expect(of(r, 'alert_removed').map((e) => e.data['name'])).toEqual(['WorldsDown'])
    const byAlert = (r.summaries.anomOS as { byAlert: Record<string, unknown> }).byAlert
    expect(typeof byAlert['PhiHigh']).not.toBe('string') // available: pandemoniOS runs
    expect(Object.keys(byAlert)).toContain('Proposals')
    expect(Object.keys(byAlert)).not.toContain('WorldsDown')
  })

  it('a MAD alert with a window shorter than its warm-up still scores; a series that vanishes resolves its alert', async () => {
    const r = await run({ interventions: [
      { kind: 'alert', atUs: 1 * S, op: 'add', alert: { name: 'Jumpy', layer: 'hypnOS', metric: 'load', detector: 'mad', window: 5, direction: 'both', threshold: 0.5, minDeviation: 0.001 } },
      { kind: 'lifecycle', atUs: 40 * S, node: 2, action: 'crash' },
    ] }, 45)
    const fired = of(r, 'alert_firing').filter((e) => e.data['alert'] === 'Jumpy')
    expect(fired.length).toBeGreaterThan(0)
    // World 2's load is no value once it is down: a firing instance on it resolves at the next sample.
    const w2 = r.events.filter((e) => e.data['alert'] === 'Jumpy' && e.node === 2 && (e.type === 'alert_firing' || e.type === 'alert_resolved'))
    const last = w2[w2.length - 1]
    if (last && last.t >= 40 * S) expect(last.type).toBe('alert_resolved')
    expect(w2.filter((e) => e.t > 41.1 * S && e.type === 'alert_firing')).toHaveLength(0)
    expect(r.violations).toEqual([])
  })
})
