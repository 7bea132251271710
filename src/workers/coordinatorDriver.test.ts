import { describe, expect, it } from 'vitest'
import { runInProcessWith } from '../cosmos/run'
import { inProcessEndpoint } from '../kernel/host'
import type { Endpoint, HostReply } from '../kernel/protocol'
import type { LoggedEvent } from '../kernel/types'
import { registry } from '../layers/index'
import { ScenarioSchema, activeLayers, type Intervention, type Scenario } from '../scenario/schema'
import { decodeScenario, encodeScenario } from '../scenario/url'
import { CoordinatorDriver, type DriverEnv } from './coordinatorDriver'
import type { CoordinatorCommand, CoordinatorMessage, Frame } from './coordinatorProtocol'

type Command = CoordinatorCommand extends infer C ? (C extends { seq: number } ? Omit<C, 'seq'> : never) : never

/** A driver with a fake page: it records every message and acknowledges frames as the store does. */
function page(env: Partial<DriverEnv> = {}) {
  const messages: CoordinatorMessage[] = []
  let seq = 0
  const driver: CoordinatorDriver = new CoordinatorDriver({
    post: (m) => {
      messages.push(m)
      if (m.kind === 'frame') queueMicrotask(() => driver.handle({ kind: 'frameAck', token: m.token, frame: m.frame }))
    },
    now: () => performance.now(),
    spawnWorker: null,
    inProcessKind: 'coordinator',
    cores: 2,
    ...env,
  })
  const frames = () => messages.filter((m): m is Frame => m.kind === 'frame')
  return {
    messages,
    frames,
    lastFrame: () => frames().at(-1)!,
    send(cmd: Command): number {
      driver.handle({ ...cmd, seq: ++seq } as CoordinatorCommand)
      return seq
    },
    load(scenario: Scenario, o: { token?: number; play?: boolean; workers?: number | null; logRetention?: number; speed?: number; fast?: boolean } = {}) {
      return this.send({ kind: 'load', token: o.token ?? 1, scenario, workers: o.workers ?? null, validate: true, play: o.play ?? false, speed: o.speed ?? Number.POSITIVE_INFINITY, pauseAtUs: scenario.stopUs ?? null, fast: o.fast ?? false, logRetention: o.logRetention ?? 50_000 })
    },
    /** Wait until a message satisfies `pred` (looking at every message so far). */
    async until<M extends CoordinatorMessage>(pred: (m: CoordinatorMessage) => m is M, timeoutMs = 30_000): Promise<M> {
      const t0 = performance.now()
      for (;;) {
        const hit = messages.find(pred)
        if (hit) return hit
        if (performance.now() - t0 > timeoutMs) throw new Error(`timed out; ${frames().length} frames, last ${JSON.stringify({ status: frames().at(-1)?.status, t: frames().at(-1)?.simTimeUs })}; messages ${JSON.stringify(messages.filter((m) => m.kind !== "frame"))}`)
        await new Promise((r) => setTimeout(r, 2))
      }
    },
    sent: () => seq,
    driver,
  }
}

const pausedAt = (us: number) => (m: CoordinatorMessage): m is Frame => m.kind === 'frame' && m.status === 'paused' && m.simTimeUs === us

describe('the coordinator driver', () => {
  it('seeks: a fast load goes to the moment at full speed whatever the speed asked for, with no views on the way, and pauses on the CLI’s fingerprint', async () => {
    const s = ScenarioSchema.parse({ seed: 5, stopUs: 4_000_000, interventions: [{ kind: 'fault', fault: 'crash', target: 'leader', atUs: 2_000_000 }, { kind: 'slider', name: 'lossRate', value: 0.2, atUs: 6_000_000 }] })
    const p = page()
    // Speed 1 would take 4 s of real time; the seek takes a fraction of it.
    p.load(s, { play: true, speed: 1, fast: true })
    const end = await p.until(pausedAt(4_000_000), 3_000)
    const reference = await runInProcessWith(s, { untilUs: 4_000_000, registry, layers: activeLayers(s) })
    expect(end.fingerprint).toBe(reference.fingerprint)
    expect(end.fast).toBe(false)
    expect(end.views?.mythOS).toBeDefined()
    // The big bang's frame shows the worlds; the ones on the way only where the run is.
    const onTheWay = p.frames().filter((f) => f.fast && f.status === 'running' && f.simTimeUs > 0)
    expect(onTheWay.every((f) => f.views === undefined)).toBe(true)
    // Forwards too: a fast runTo, then the requested speed again.
    p.send({ kind: 'runTo', pauseAtUs: 7_000_000, fast: true })
    const later = await p.until(pausedAt(7_000_000), 3_000)
    const reference7 = await runInProcessWith(s, { untilUs: 7_000_000, registry, layers: activeLayers(s) })
    expect(later.fingerprint).toBe(reference7.fingerprint)
    p.driver.dispose()
  })

  it('seeks back from a saved moment (not the big bang), queues again an intervention recorded after that moment, and lands on the CLI’s fingerprints', async () => {
    const s = ScenarioSchema.parse({ seed: 7 })
    const p = page()
    p.load(s, { speed: 1 })
    await p.until((m): m is Frame => m.kind === 'frame' && m.status === 'paused')
    p.send({ kind: 'seek', toUs: 25_000_000 })
    await p.until(pausedAt(25_000_000), 20_000)
    p.send({ kind: 'intervene', request: { kind: 'slider', name: 'lossRate', value: 0.3 } })
    const rec = await p.until((m): m is Extract<CoordinatorMessage, { kind: 'recorded' }> => m.kind === 'recorded')
    expect(rec.intervention.atUs).toBe(25_000_000)
    p.send({ kind: 'seek', toUs: 40_000_000 })
    await p.until(pausedAt(40_000_000), 20_000)
    const withSlider = { ...s, interventions: [rec.intervention] }
    const ref = async (us: number) => (await runInProcessWith(withSlider, { untilUs: us, registry, layers: activeLayers(s) }))
    const before = p.messages.length
    // Back to 22 s: from the moment saved near 20 s, before the slider was moved; the move is queued again.
    p.send({ kind: 'seek', toUs: 22_000_000 })
    const at22 = await p.until((m): m is Frame => p.messages.indexOf(m) >= before && pausedAt(22_000_000)(m), 20_000)
    const rewind = p.messages.slice(before).find((m): m is Frame => m.kind === 'frame' && m.rewound !== undefined)!
    expect(rewind.rewound!.atUs).toBeGreaterThanOrEqual(10_000_000)
    expect(rewind.rewound!.atUs).toBeLessThanOrEqual(22_000_000)
    expect(rewind.rewound!.offset).toBeGreaterThan(0)
    const r22 = await ref(22_000_000)
    expect(at22.fingerprint).toBe(r22.fingerprint)
    expect(at22.eventCount).toBe(r22.events.length)
    // The frames after the rewind carry the events from its offset on, exactly the reference's.
    const after = p.messages.slice(p.messages.indexOf(rewind)).filter((m): m is Frame => m.kind === 'frame').flatMap((f) => f.events)
    expect(after.map((e) => e.offset)).toEqual(r22.events.slice(rewind.rewound!.offset).map((e) => e.offset))
    p.send({ kind: 'seek', toUs: 40_000_000 })
    const at40 = await p.until((m): m is Frame => p.messages.indexOf(m) > p.messages.indexOf(at22) && pausedAt(40_000_000)(m), 20_000)
    expect(at40.fingerprint).toBe((await ref(40_000_000)).fingerprint)
    expect(at40.violations ?? p.frames().filter((f) => f.violations).at(-1)!.violations).toEqual([])
    p.driver.dispose()
  })

  it('a seek back while playing confirms no pause before it arrives; an action during a seek belongs to its target moment', async () => {
    const s = ScenarioSchema.parse({ seed: 13 })
    const p = page()
    p.load(s, { play: true })
    await p.until((m): m is Frame => m.kind === 'frame' && m.simTimeUs > 12_000_000)
    const seq = p.send({ kind: 'seek', toUs: 5_000_000 })
    await p.until((m): m is Frame => m.kind === 'frame' && m.ack >= seq && pausedAt(5_000_000)(m), 20_000)
    const stops = p.frames().filter((f) => f.ack >= seq && f.status !== 'running')
    expect(stops.map((f) => f.simTimeUs)).toEqual([5_000_000])
    // Forwards at full speed: a slider moved on the way is recorded at the target, where the run pauses.
    const seq2 = p.send({ kind: 'seek', toUs: 30_000_000 })
    p.send({ kind: 'intervene', request: { kind: 'slider', name: 'lossRate', value: 0.2 } })
    const rec = await p.until((m): m is Extract<CoordinatorMessage, { kind: 'recorded' }> => m.kind === 'recorded')
    expect(rec.intervention.atUs).toBe(30_000_000)
    await p.until((m): m is Frame => m.kind === 'frame' && m.ack >= seq2 && pausedAt(30_000_000)(m), 20_000)
    p.driver.dispose()
  })

  it('diffs two runs: identical scenarios never diverge; a fork with another slider value diverges at or after the fork', async () => {
    const base = ScenarioSchema.parse({ seed: 9 })
    const fork = ScenarioSchema.parse({ seed: 9, interventions: [{ kind: 'slider', name: 'lossRate', value: 0.5, atUs: 3_000_000 }] })
    const p = page()
    p.load(base)
    await p.until((m): m is Frame => m.kind === 'frame' && m.status === 'paused')
    const same = p.send({ kind: 'diff', a: base, b: base, untilUs: 6_000_000 })
    const other = p.send({ kind: 'diff', a: base, b: fork, untilUs: 6_000_000 })
    type DiffMsg = Extract<CoordinatorMessage, { kind: 'diff' }>
    const r1 = await p.until((m): m is DiffMsg => m.kind === 'diff' && m.seq === same)
    expect(r1.error).toBeUndefined()
    expect(r1.diff!.first).toBeNull()
    expect(r1.diff!.fingerprints[0]).toBe(r1.diff!.fingerprints[1])
    const r2 = await p.until((m): m is DiffMsg => m.kind === 'diff' && m.seq === other)
    const d = r2.diff!
    expect(d.first).not.toBeNull()
    expect(d.first!.atUs).toBeGreaterThanOrEqual(3_000_000)
    expect(d.fingerprints[0]).not.toBe(d.fingerprints[1])
    // Everything before the divergence is the same run.
    const a = await runInProcessWith(base, { untilUs: 6_000_000, registry, layers: activeLayers(base) })
    expect(a.events.slice(0, d.first!.index).every((e) => e.t <= d.first!.atUs)).toBe(true)
    expect(d.lanes.length).toBeGreaterThan(0)
    expect(d.lanes.reduce((n, l) => n + l.a.reduce((x, y) => x + y, 0), 0)).toBe(d.eventCounts[0])
    p.driver.dispose()
  })

  it('runs to the stop time, pushing frames whose events make up the whole log, and ends on the CLI’s fingerprint', async () => {
    const s = ScenarioSchema.parse({ seed: 11, stopUs: 3_000_000 })
    const p = page()
    p.load(s, { play: true })
    const end = await p.until(pausedAt(3_000_000))
    const reference = await runInProcessWith(s, { untilUs: 3_000_000, registry, layers: activeLayers(s) })
    expect(end.fingerprint).toBe(reference.fingerprint)
    expect(end.eventCount).toBe(reference.events.length)
    expect(end.pauseAtUs).toBeNull()
    expect(end.views?.atmOS).toBeDefined()
    const events: LoggedEvent[] = p.frames().flatMap((f) => f.events)
    expect(events.map((e) => e.offset)).toEqual(reference.events.map((_, i) => i))
    expect(events.map((e) => e.type)).toEqual(reference.events.map((e) => e.type))
    expect(p.frames().flatMap((f) => f.metrics).length).toBe(reference.metrics.length)
    const placement = p.frames().find((f) => f.placement)!
    expect(placement.placement).toEqual([{ host: 0, layers: activeLayers(s), alive: true, kind: 'coordinator' }])
    expect(placement.placementNote).toMatch(/all layers in the coordinator/)
    // Frames report only what changed: the placement once.
    expect(p.frames().filter((f) => f.placement)).toHaveLength(1)
    p.driver.dispose()
  })

  it('confirms a pause with the last command acknowledged, and stays put', async () => {
    const p = page()
    p.load(ScenarioSchema.parse({ seed: 2 }), { play: true })
    await p.until((m): m is Frame => m.kind === 'frame' && m.simTimeUs > 500_000)
    const seq = p.send({ kind: 'pause' })
    const confirmed = await p.until((m): m is Frame => m.kind === 'frame' && m.ack === seq && m.status === 'paused')
    expect(confirmed.views).toBeDefined()
    await new Promise((r) => setTimeout(r, 100))
    expect(p.lastFrame().simTimeUs).toBe(confirmed.simTimeUs)
    // A step advances one window and answers.
    const stepSeq = p.send({ kind: 'step' })
    await p.until((m): m is Extract<CoordinatorMessage, { kind: 'done' }> => m.kind === 'done' && m.seq === stepSeq)
    const stepped = p.lastFrame()
    expect(stepped.simTimeUs).toBeGreaterThan(confirmed.simTimeUs)
    expect(stepped.status).toBe('paused')
    expect(stepped.ack).toBe(stepSeq)
    p.driver.dispose()
  })

  it('stamps interventions at the frontier while windows are in flight, and the recorded scenario replays to the same run', async () => {
    const s = ScenarioSchema.parse({ seed: 5, nodes: { count: 7 } })
    // Layer hosts that answer in a later task, as workers do: a window is in flight when a command lands.
    let inFlight = 0
    /** The next intervention, sent from inside a window request (while that window is in flight). */
    let armed: (() => void) | null = null
    const workerLike = (): Endpoint => {
      const inner = inProcessEndpoint(registry)
      let reply: (m: HostReply) => void = () => undefined
      return {
        canDie: false,
        postMessage: (req) => {
          const r = inner.handleSync!(req)
          inFlight++
          setTimeout(() => { inFlight--; reply(r) }, 0)
          if (req.kind === 'window' && armed) {
            const act = armed
            armed = null
            act()
          }
        },
        onMessage: (h) => { reply = h },
        onFailure: () => undefined,
        terminate: () => inner.terminate(),
      }
    }
    const p = page({ spawnWorker: workerLike })
    let sentInFlight = 0
    // 20× real time: the test acts at the sim times it means to.
    p.load(s, { play: true, workers: 3, speed: 20 })
    const recorded: Intervention[] = []
    for (let i = 0; i < 6; i++) {
      await p.until((m): m is Frame => m.kind === 'frame' && m.simTimeUs > (i + 1) * 600_000)
      const seenUs = p.lastFrame().simTimeUs
      armed = () => {
        if (inFlight > 0) sentInFlight++
        p.send({ kind: 'intervene', request: { kind: 'fault', fault: i % 2 ? 'heal' : 'partition', target: 'minority' } })
      }
      const r = await p.until((m): m is Extract<CoordinatorMessage, { kind: 'recorded' }> => m.kind === 'recorded' && !recorded.includes(m.intervention))
      expect(r.intervention.atUs).toBeGreaterThanOrEqual(seenUs)
      expect(r.intervention.atUs % s.quantumUs).toBe(0)
      recorded.push(r.intervention)
    }
    expect(sentInFlight, 'interventions sent while a window was in flight').toBe(6)
    const stopUs = recorded.at(-1)!.atUs + 1_000_000
    p.send({ kind: 'runTo', pauseAtUs: stopUs })
    const end = await p.until(pausedAt(stopUs))
    expect(p.messages.filter((m) => m.kind === 'notice')).toEqual([])
    const placement = p.frames().find((f) => f.placement)!.placement!
    expect(placement.map((h) => h.kind)).toEqual(['worker', 'worker', 'worker'])
    // What the share URL carries, as the receiver decodes it.
    const link = decodeScenario(`#${encodeScenario({ ...s, interventions: recorded })}`)
    expect(link.ok).toBe(true)
    const replay = await runInProcessWith(link.scenario, { untilUs: stopUs, registry, layers: activeLayers(s) })
    expect(end.fingerprint).toBe(replay.fingerprint)
    expect(replay.events.filter((e) => e.type === 'partition_started').length).toBeGreaterThan(0)
    p.driver.dispose()
  })

  it('refuses an intervention the scenario schema refuses, with a notice, and records nothing', async () => {
    const p = page()
    p.load(ScenarioSchema.parse({ seed: 3, run: ['atmOS'] }))
    await p.until((m): m is Frame => m.kind === 'frame' && m.status === 'paused')
    p.send({ kind: 'intervene', request: { kind: 'transfer_leadership' } as never })
    const notice = await p.until((m): m is Extract<CoordinatorMessage, { kind: 'notice' }> => m.kind === 'notice')
    expect(notice.text).toMatch(/^Not recorded/)
    expect(p.messages.some((m) => m.kind === 'recorded')).toBe(false)
    p.driver.dispose()
  })

  it('runs the same run in-process, with a notice, when layer workers cannot start', async () => {
    const s = ScenarioSchema.parse({ seed: 4, stopUs: 1_000_000 })
    const reference = await runInProcessWith(s, { untilUs: 1_000_000, registry, layers: activeLayers(s) })
    // A worker that dies before it answers (a script that cannot load), and one that cannot be made at all.
    const dying = (): Endpoint => {
      let fail: (r: string) => void = () => undefined
      return { canDie: true, postMessage: () => queueMicrotask(() => fail('could not load')), onMessage: () => undefined, onFailure: (h) => { fail = h }, terminate: () => undefined }
    }
    const refusing = (): Endpoint => { throw new Error('no nested workers') }
    for (const spawnWorker of [dying, refusing]) {
      const p = page({ spawnWorker })
      p.load(s, { play: true, workers: 2 })
      const end = await p.until(pausedAt(1_000_000))
      expect(end.fingerprint).toBe(reference.fingerprint)
      expect(p.messages.some((m) => m.kind === 'notice' && /worker/.test(m.text))).toBe(true)
      expect([...p.frames()].reverse().find((f) => f.placement)!.placement!.map((h) => h.kind)).toEqual(['coordinator', 'coordinator'])
      p.driver.dispose()
    }
  })

  it('drops a run superseded by a later load: everything after carries the new token', async () => {
    const p = page()
    p.load(ScenarioSchema.parse({ seed: 1 }), { token: 1, play: true })
    p.load(ScenarioSchema.parse({ seed: 2, stopUs: 500_000 }), { token: 2, play: true })
    await p.until((m): m is Frame => m.kind === 'frame' && m.token === 2 && m.status === 'paused' && m.simTimeUs === 500_000)
    const firstOfTwo = p.messages.findIndex((m) => m.token === 2)
    expect(p.messages.slice(firstOfTwo).every((m) => m.token === 2)).toBe(true)
    p.driver.dispose()
  })

  it('runs a new run loaded while the old one is running, though the old loop is still winding down', async () => {
    const p = page()
    // At 5× real time the old run's loop sleeps between slices: the new load lands during a sleep.
    p.load(ScenarioSchema.parse({ seed: 1 }), { token: 1, play: true, speed: 5 })
    await p.until((m): m is Frame => m.kind === 'frame' && m.token === 1 && m.simTimeUs > 200_000)
    p.load(ScenarioSchema.parse({ seed: 2 }), { token: 2, play: true, speed: 5 })
    const later = await p.until((m): m is Frame => m.kind === 'frame' && m.token === 2 && m.simTimeUs > 300_000, 5_000)
    expect(later.status).toBe('running')
    p.driver.dispose()
  })

  it('sends the views at most once per 12× what collecting and posting them took; events and the clock in every frame', async () => {
    // Posting a frame with views costs 40 ms of (this test's) clock: views must then wait ≥ 12 × 40 ms.
    let extraMs = 0
    const messages: Frame[] = []
    const driver: CoordinatorDriver = new CoordinatorDriver({
      post: (m) => {
        if (m.kind !== 'frame') return
        if (m.views !== undefined) extraMs += 40
        messages.push({ ...m, realMs: performance.now() + extraMs })
        queueMicrotask(() => driver.handle({ kind: 'frameAck', token: m.token, frame: m.frame }))
      },
      now: () => performance.now() + extraMs,
      spawnWorker: null,
      inProcessKind: 'coordinator',
      cores: 2,
    })
    const s = ScenarioSchema.parse({ seed: 2, nodes: { count: 5 } })
    driver.handle({ kind: 'load', seq: 1, token: 1, scenario: s, workers: null, validate: false, play: true, speed: 50, pauseAtUs: null, fast: false, logRetention: 50_000 })
    await new Promise((r) => setTimeout(r, 1_500))
    driver.handle({ kind: 'pause', seq: 2 })
    await new Promise((r) => setTimeout(r, 200))
    const running = messages.filter((f) => f.status === 'running')
    const withViews = running.filter((f) => f.views !== undefined)
    expect(running.length).toBeGreaterThan(10)
    expect(withViews.length).toBeGreaterThan(0)
    expect(withViews.length).toBeLessThan(running.length / 3)
    for (let i = 1; i < withViews.length; i++) expect(withViews[i]!.realMs - withViews[i - 1]!.realMs).toBeGreaterThanOrEqual(12 * 40)
    // Frames without views still move the clock on.
    expect(new Set(running.map((f) => f.simTimeUs)).size).toBeGreaterThan(withViews.length + 5)
    // Paused, the page gets the views of where it stopped.
    expect(messages.at(-1)!.status).toBe('paused')
    expect(messages.filter((f) => f.status === 'paused').some((f) => f.views !== undefined)).toBe(true)
  })

  it('sends only the newest events of a burst bigger than the page keeps', async () => {
    const p = page()
    p.load(ScenarioSchema.parse({ seed: 6, nodes: { count: 20 }, stopUs: 3_000_000 }), { play: true, logRetention: 50 })
    const end = await p.until(pausedAt(3_000_000))
    for (const f of p.frames()) {
      expect(f.events.length).toBeLessThanOrEqual(50)
      f.events.forEach((e, i) => { if (i > 0) expect(e.offset).toBe(f.events[i - 1]!.offset + 1) })
    }
    expect(p.frames().flatMap((f) => f.events).at(-1)!.offset).toBe(end.eventCount - 1)
    expect(end.eventsByLayer.reduce((n, [, k]) => n + k, 0)).toBe(end.eventCount)
    p.driver.dispose()
  })
})
