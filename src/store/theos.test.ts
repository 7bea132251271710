import { describe, expect, it, vi } from 'vitest'
import { runInProcessWith } from '../cosmos/run'
import { registry } from '../layers/index'
import { ScenarioSchema, activeLayers } from '../scenario/schema'
import { decodeScenario } from '../scenario/url'
import { frameBuffer } from './frameBuffer'
import { useTheos } from './theos'

// Node has no Web Worker: the store runs the same coordinator on this thread (the fallback), so
// these tests drive the whole store ↔ coordinator protocol without a browser.
vi.stubGlobal('location', { origin: 'http://127.0.0.1:5173', pathname: '/', search: '', hash: '' })
const st = () => useTheos.getState()
const settle = () => vi.waitFor(() => expect(st().status).not.toBe('loading'), { timeout: 30_000 })

describe('theOS store with its coordinator', () => {
  it('falls back to the main thread with a notice, runs to the stop time, and ends on the in-process fingerprint', async () => {
    const s = ScenarioSchema.parse({ seed: 9, stopUs: 2_000_000 })
    await st().load(s, { autoplay: true })
    await vi.waitFor(() => expect(st().simTimeUs).toBe(2_000_000), { timeout: 30_000 })
    await vi.waitFor(() => expect(st().status).toBe('paused'))
    const reference = await runInProcessWith(s, { untilUs: 2_000_000, registry, layers: activeLayers(s) })
    expect(st().fingerprint).toBe(reference.fingerprint)
    expect(st().eventCount).toBe(reference.events.length)
    expect(st().pauseAtUs).toBeNull()
    expect(st().coordinator).toBe('main')
    expect(st().notices.map((n) => n.text).join('\n')).toMatch(/cosmOS runs on the main thread/)
    expect(st().placement).toEqual([{ host: 0, layers: activeLayers(s), alive: true, kind: 'main' }])
    expect(st().placementNote).toMatch(/all layers in the coordinator/)
    // The page's copy of logOS holds the whole run, with the coordinator's offsets and totals.
    expect(frameBuffer.log.nextOffset).toBe(reference.events.length)
    expect([...frameBuffer.log.all()].map((e) => e.type)).toEqual(reference.events.map((e) => e.type))
    expect([...frameBuffer.log.countsByLayer().values()].reduce((a, b) => a + b, 0)).toBe(reference.events.length)
    expect(frameBuffer.views.atmOS?.worlds).toHaveLength(s.nodes.count)
  })

  it('seeks back and forth: paused at the moment on the CLI’s fingerprint for it, with the page’s log cut there', async () => {
    const s = ScenarioSchema.parse({ seed: 12, interventions: [{ kind: 'fault', fault: 'crash', target: 'leader', atUs: 3_000_000 }] })
    await st().load(s)
    await settle()
    st().setSpeed(1)
    await st().seek(6_000_000)
    expect(st().status).toBe('paused')
    expect(st().simTimeUs).toBe(6_000_000)
    expect(st().seeking).toBeNull()
    const at = async (us: number) => runInProcessWith(s, { untilUs: us, registry, layers: activeLayers(s) })
    expect(st().fingerprint).toBe((await at(6_000_000)).fingerprint)
    // Backwards: the same run replayed to 2 s (the crash at 3 s not yet happened), fast although the speed is 1×.
    const t0 = performance.now()
    await st().seek(2_000_000)
    expect(performance.now() - t0).toBeLessThan(1_500)
    expect(st().status).toBe('paused')
    expect(st().simTimeUs).toBe(2_000_000)
    const ref2 = await at(2_000_000)
    expect(st().fingerprint).toBe(ref2.fingerprint)
    expect(frameBuffer.log.nextOffset).toBe(ref2.events.length)
    expect(frameBuffer.views.atmOS?.worlds).toHaveLength(s.nodes.count)
    // The scenario (and its crash at 3 s) is unchanged: playing on gives the original run.
    expect(st().scenario.interventions).toHaveLength(1)
    await st().seek(6_000_000)
    expect(st().fingerprint).toBe((await at(6_000_000)).fingerprint)
    // Run to an earlier time is a seek too.
    st().runTo(1_000_000)
    await vi.waitFor(() => expect(st().simTimeUs).toBe(1_000_000), { timeout: 30_000 })
    await vi.waitFor(() => expect(st().status).toBe('paused'))
  })

  it('forks at a moment, records the branch’s own change, and compares it with its parent: the first divergent event is at or after the fork', async () => {
    const s = ScenarioSchema.parse({ seed: 3, interventions: [{ kind: 'fault', fault: 'crash', target: 'leader', atUs: 8_000_000 }] })
    await st().load(s)
    await settle()
    await st().seek(5_000_000)
    const id = await st().fork()
    expect(id).not.toBeNull()
    expect(st().branchId).toBe(id)
    expect(st().branches.map((b) => b.id)).toEqual(['main', id])
    // The branch keeps the parent's past (nothing: the crash at 8 s is the parent's future) and stays at the moment.
    expect(st().scenario.interventions).toEqual([])
    expect(st().simTimeUs).toBe(5_000_000)
    expect(st().fingerprint).toBe((await runInProcessWith(s, { untilUs: 5_000_000, registry, layers: activeLayers(s) })).fingerprint)
    st().setSlider('lossRate', 0.4)
    await vi.waitFor(() => expect(st().scenario.interventions).toHaveLength(1))
    expect(st().branches.find((b) => b.id === id)!.scenario.interventions).toHaveLength(1)
    expect(st().branches[0]!.scenario.interventions).toHaveLength(1) // main keeps its crash
    expect(decodeScenario(new URL(st().branchUrl(id!)).hash).scenario.interventions[0]).toMatchObject({ kind: 'slider', name: 'lossRate', atUs: 5_000_000 })
    await st().compare('main', id!)
    const d = st().diff!
    expect(d.result.first).not.toBeNull()
    expect(d.result.first!.atUs).toBeGreaterThanOrEqual(5_000_000)
    expect(d.result.untilUs).toBeGreaterThanOrEqual(15_000_000)
    // Back to main at the same moment.
    await st().openBranch('main')
    expect(st().branchId).toBe('main')
    expect(st().simTimeUs).toBe(5_000_000)
    expect(st().scenario.interventions).toHaveLength(1)
  })

  it('shows a pause at once, and stays paused once the coordinator confirms', async () => {
    await st().load(ScenarioSchema.parse({ seed: 4 }), { autoplay: true })
    await settle()
    st().setSpeed(Number.POSITIVE_INFINITY)
    await vi.waitFor(() => expect(st().simTimeUs).toBeGreaterThan(1_000_000), { timeout: 30_000 })
    st().pause()
    expect(st().status).toBe('paused') // before the coordinator has even seen the command
    await new Promise((r) => setTimeout(r, 300))
    const t = st().simTimeUs
    await new Promise((r) => setTimeout(r, 300))
    expect(st().status).toBe('paused')
    expect(st().simTimeUs).toBe(t)
    expect(st().achievedSpeed).toBe(0)
    await st().step()
    expect(st().simTimeUs).toBeGreaterThan(t)
    expect(st().status).toBe('paused')
  })

  it('records a slider move and a fault as interventions at the coordinator’s frontier, and the link replays the run', async () => {
    const s = ScenarioSchema.parse({ seed: 6, nodes: { count: 5 } })
    await st().load(s)
    await settle()
    st().runTo(700_000)
    await vi.waitFor(() => expect(st().status).toBe('paused'), { timeout: 30_000 })
    st().setSlider('lossRate', 0.3)
    st().fault('partition', 'minority')
    await vi.waitFor(() => expect(st().scenario.interventions).toHaveLength(2))
    expect(st().scenario.interventions.map((iv) => iv.atUs)).toEqual([700_000, 700_000])
    st().runTo(2_000_000)
    await vi.waitFor(() => expect(st().simTimeUs).toBe(2_000_000), { timeout: 30_000 })
    await vi.waitFor(() => expect(st().status).toBe('paused'))
    // The share URL, as the receiver decodes it, replays the same run.
    const link = decodeScenario(st().shareUrl({ withStopTime: true }))
    expect(link.ok && link.scenario.stopUs).toBe(2_000_000)
    const replay = await runInProcessWith(link.scenario, { untilUs: 2_000_000, registry, layers: activeLayers(s) })
    expect(st().fingerprint).toBe(replay.fingerprint)
  })
})
