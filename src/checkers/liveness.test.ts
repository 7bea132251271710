import { describe, expect, it } from 'vitest'
import { livenessBoundUs, livenessChecker } from './liveness'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema, type ScenarioInput } from '../scenario/schema'

const S = 1_000_000

/** A crafted history of chaOS / atmOS / mythOS events, in time order. */
class History {
  readonly checker
  private offset = 0
  private index = 0

  constructor(input: ScenarioInput = {}) {
    this.checker = livenessChecker(ScenarioSchema.parse(input))
  }

  event(t: number, layer: LayerName, node: number | null, type: string, data: JsonObject = {}): this {
    const e: LoggedEvent = { t: simUs(t), layer, node, type, data, offset: this.offset++ }
    this.checker.onEvent(e)
    return this
  }

  elected(t: number, node: number, term: number): this {
    return this.event(t, 'mythOS', node, 'leader_elected', { term })
  }

  stepDown(t: number, node: number, term: number): this {
    return this.event(t, 'mythOS', node, 'role_changed', { term, role: 'follower', reason: 'check quorum' })
  }

  /** Every node of 3 applies the next happening. */
  applied(t: number): this {
    this.index++
    for (const node of [0, 1, 2]) this.event(t, 'mythOS', node, 'entry_applied', { index: this.index, term: 1, kind: 'happening', id: `h${this.index}` })
    return this
  }

  crash(t: number, node: number): this {
    return this.event(t, 'chaOS', null, 'fault_injected', { kind: 'crash', targets: [node], untilUs: t + S }).event(t, 'atmOS', node, 'node_crashed')
  }

  restart(t: number, node: number): this {
    return this.event(t, 'chaOS', null, 'fault_healed', { kind: 'crash', targets: [node] }).event(t, 'atmOS', node, 'node_restarted')
  }

  messages(endUs: number): string[] {
    this.checker.finish?.(simUs(endUs))
    return this.checker.violations().map((v) => v.message)
  }
}

describe('liveness checker', () => {
  it('bounds recovery at 10 election timeouts + 2 s', () => {
    expect(livenessBoundUs(ScenarioSchema.parse({}))).toBe(22 * S)
  })

  it('passes a run that elects and makes progress', () => {
    const h = new History().elected(1.4 * S, 3, 1)
    for (let t = 2; t < 40; t++) h.applied(t * S)
    expect(h.messages(40 * S)).toEqual([])
  })

  it('fails when no leader emerges after the faults heal', () => {
    const h = new History().elected(1 * S, 0, 1).applied(2 * S)
    h.crash(5 * S, 0).event(5 * S, 'mythOS', 0, 'node_stopped', { term: 1, role: 'leader' }).restart(6 * S, 0)
    expect(h.messages(40 * S)).toEqual([
      'liveness: no leader 22.0 s after the faults healed at 6.000 s',
      'liveness: no new happening applied within 22.0 s after the faults healed at 6.000 s (last index before: 1)',
    ])
    expect(h.checker.violations()[0]).toMatchObject({ checker: 'liveness', seed: 1 })
  })

  it('fails when a leader exists but nothing new is applied (workload on)', () => {
    const h = new History().elected(1 * S, 0, 1).applied(2 * S)
    h.event(5 * S, 'chaOS', null, 'fault_injected', { kind: 'partition', targets: [0], untilUs: 8 * S }).event(8 * S, 'chaOS', null, 'fault_healed', { kind: 'partition', targets: [0] })
    expect(h.messages(31 * S)).toEqual(['liveness: no new happening applied within 22.0 s after the faults healed at 8.000 s (last index before: 1)'])
  })

  it('does not ask for progress when there is no workload', () => {
    const h = new History({ layers: { atmOS: { happeningsPerSec: 0 } } }).elected(1 * S, 0, 1)
    expect(h.messages(40 * S)).toEqual([])
  })

  it('counts a leader that is changing hands at the deadline', () => {
    const h = new History().elected(1 * S, 0, 1).applied(2 * S).crash(3 * S, 2).restart(4 * S, 2).applied(5 * S)
    h.stepDown(26 * S - 3_000, 0, 1).elected(26 * S + 40_000, 1, 2) // the deadline is 26 s
    expect(h.messages(40 * S)).toEqual([])
  })

  it('does not judge a run that ended too soon after the heal, or with a fault still active', () => {
    const short = new History().elected(1 * S, 0, 1).crash(5 * S, 0).restart(6 * S, 0)
    expect(short.messages(27 * S)).toEqual([])
    const active = new History().elected(1 * S, 0, 1).event(5 * S, 'chaOS', null, 'fault_injected', { kind: 'partition', targets: [0], untilUs: null })
    expect(active.messages(60 * S)).toEqual([])
    const crashedForGood = new History().elected(1 * S, 0, 1).event(5 * S, 'atmOS', 0, 'node_crashed')
    expect(crashedForGood.messages(60 * S)).toEqual([])
  })

  it('starts the clock at the last heal: a later fault restarts it', () => {
    const h = new History().elected(1 * S, 0, 1).applied(2 * S).crash(5 * S, 1).restart(6 * S, 1)
    h.crash(20 * S, 0).event(20 * S, 'mythOS', 0, 'node_stopped', { term: 1, role: 'leader' }).restart(21 * S, 0)
    h.elected(22 * S, 1, 2).applied(23 * S)
    expect(h.messages(50 * S)).toEqual([])
  })
})
