import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { causalityChecker, ledgerOverwriteChecker, ledgerRepairChecker, repairBoundUs } from './karmos'
import { simUs } from '../kernel/time'
import type { JsonObject, LayerName, LoggedEvent, Observation } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import type { Checker } from './types'

const scenario = ScenarioSchema.parse({ nodes: { count: 3 }, run: ['atmOS', 'chaOS', 'mythOS', 'karmOS'] })

/** A crafted history of stamped sends and receives on three worlds, with honest vector clocks unless told. */
class Net {
  readonly checker = causalityChecker(scenario)
  private vc = [0, 1, 2].map(() => [0, 0, 0])
  private sent = new Map<number, number[]>()
  private id = 1
  private t = 0
  private obs(type: string, data: JsonObject, layer: LayerName = 'mythOS'): void {
    const o: Observation = { t: simUs((this.t += 1_000)), layer, type, data }
    this.checker.onObservation!(o)
  }
  /** from sends to `to`; returns the packet id. `noTick`: the stamp forgets to tick. */
  send(from: number, to: number, f: { noTick?: boolean } = {}): number {
    const v = this.vc[from]!
    if (!f.noTick) v[from]!++
    const id = this.id++
    this.sent.set(id, v.slice())
    this.obs('packet_sent', { id, from, to, vc: v.slice() })
    return id
  }
  /** `to` receives packet id. `noMerge`: the receive forgets to merge the message's clock. */
  receive(id: number, from: number, to: number, f: { noMerge?: boolean } = {}): this {
    const v = this.vc[to]!
    if (!f.noMerge) this.sent.get(id)?.forEach((x, i) => (v[i] = Math.max(v[i]!, x)))
    v[to]!++
    this.obs('packet_delivered', { id, from, to, sentUs: 0, vc: v.slice() })
    return this
  }
  messages(): string[] {
    return this.checker.violations().map((v) => v.message)
  }
}

describe('causality checker', () => {
  it('finds nothing when stamps follow Fidge/Mattern (duplicates and chains included)', () => {
    const h = new Net()
    const a = h.send(0, 1)
    h.receive(a, 0, 1).receive(a, 0, 1) // duplicated delivery: two receive events
    const b = h.send(1, 2)
    h.send(2, 0)
    h.receive(b, 1, 2)
    expect(h.messages()).toEqual([])
  })

  it('a receive that forgets to merge the message clock is caught', () => {
    const h = new Net()
    const a = h.send(0, 1)
    h.send(0, 2)
    h.receive(a, 0, 1, { noMerge: true })
    expect(h.messages()).toHaveLength(1)
    expect(h.messages()[0]).toMatch(/received by world 1: stamped \[0,1,0\], but .* give \[1,1,0\]/)
  })

  it('a send that does not tick is caught', () => {
    const h = new Net()
    h.send(0, 1)
    h.send(0, 1, { noTick: true })
    expect(h.messages()[0]).toMatch(/sent by world 0: stamped \[1,0,0\], but its causal past gives \[2,0,0\]/)
  })

  it('a receive of a packet never sent is caught; other layers are separate processes', () => {
    const h = new Net()
    h.receive(99, 0, 1)
    expect(h.messages()[0]).toMatch(/never sent/)
  })
})

const ev = (t: number, layer: LayerName, node: number | null, type: string, data: JsonObject): LoggedEvent => ({ t: simUs(t), layer, node, type, data, offset: 0 })

function feed(c: Checker, es: LoggedEvent[], endUs: number): string[] {
  for (const e of es) {
    c.onEvent(e)
    c.onTime?.(e.t)
  }
  c.onTime?.(simUs(endUs))
  c.finish?.(simUs(endUs))
  return c.violations().map((v) => v.message)
}

const applied = (t: number, index: number) => [0, 1, 2].map((n) => ev(t, 'mythOS', n, 'entry_applied', { index, term: 1, digest: 'x', chain: 'y', appliedInTerm: 1, kind: 'happening', id: null }))

describe('ledger repair checker', () => {
  const bound = repairBoundUs(scenario)

  it('is quiet when the corruption is repaired within the bound', () => {
    const es = [...applied(1_000, 1), ...applied(2_000, 2), ev(10_000, 'karmOS', 1, 'ledger_corrupted', { index: 2 }), ev(10_000 + bound - 1, 'karmOS', 1, 'ledger_repaired', { index: 2, from: 0 })]
    expect(feed(ledgerRepairChecker(scenario), es, 10_000 + 3 * bound)).toEqual([])
  })

  it('fails when a corruption a healthy majority holds stays unrepaired past the bound', () => {
    const es = [...applied(1_000, 1), ...applied(2_000, 2), ev(10_000, 'karmOS', 1, 'ledger_corrupted', { index: 2 })]
    const m = feed(ledgerRepairChecker(scenario), es, 10_000 + bound + 10)
    expect(m).toHaveLength(1)
    expect(m[0]).toMatch(/world 1's ledger entry 2, .* not repaired within the bound 5 × antiEntropyIntervalMs \+ 2 s = 12000 ms/)
  })

  it('demands nothing while the world is down or no healthy majority holds the entry, and counts the bound again from then', () => {
    const crash = [ev(10_000, 'karmOS', 1, 'ledger_corrupted', { index: 2 }), ev(20_000, 'atmOS', 1, 'node_crashed', { from: 'up', to: 'crashed' }), ev(20_000 + bound, 'atmOS', 1, 'node_restarted', { from: 'restarting', to: 'up' })]
    const c1 = ledgerRepairChecker(scenario)
    expect(feed(c1, [...applied(1_000, 1), ...applied(2_000, 2), ...crash], 20_000 + bound + bound / 2)).toEqual([])
    // Two of three copies damaged: no healthy majority, nothing to demand.
    const two = [ev(10_000, 'karmOS', 1, 'ledger_corrupted', { index: 2 }), ev(10_000, 'karmOS', 2, 'ledger_corrupted', { index: 2 })]
    expect(feed(ledgerRepairChecker(scenario), [...applied(1_000, 1), ...applied(2_000, 2), ...two], 10_000 + 3 * bound)).toEqual([])
    // After the restart, the bound runs again: past it, a violation.
    const c3 = ledgerRepairChecker(scenario)
    expect(feed(c3, [...applied(1_000, 1), ...applied(2_000, 2), ...crash], 20_000 + 2 * bound + 10)).toHaveLength(1)
  })

  it('demands nothing while the network fails more than REPAIR_FAILURE_MAX of the messages, and again once it does not', () => {
    const corrupt = ev(10_000, 'karmOS', 1, 'ledger_corrupted', { index: 2 })
    const lossy = ev(5_000, 'chaOS', null, 'slider_changed', { name: 'messageCorruptionRate', value: 0.5 })
    const entropy = ev(5_000, 'chaOS', null, 'slider_changed', { name: 'entropy', value: 1 })
    expect(feed(ledgerRepairChecker(scenario), [...applied(1_000, 1), ...applied(2_000, 2), lossy, entropy, corrupt], 10_000 + 3 * bound)).toEqual([])
    const healed = ev(20_000, 'chaOS', null, 'slider_changed', { name: 'messageCorruptionRate', value: 0.01 })
    const m = feed(ledgerRepairChecker(scenario), [...applied(1_000, 1), ...applied(2_000, 2), lossy, entropy, corrupt, healed], 20_000 + bound + 10)
    expect(m).toHaveLength(1)
    expect(m[0]).toMatch(/messages failing ≤ 20 %\) since 20000 µs/)
  })
})

describe('ledger repair checker, kept counts against counting afresh', () => {
  /**
   * The rule as first written (and as the class comment states it): at every event, each open
   * corruption holds when its world is live, no partition is open, the network fails ≤ 20 % and a
   * healthy majority of the live worlds holds the index — counted afresh over all worlds. The
   * checker keeps those counts up to date instead; both must report the same, at the same times.
   */
  function byRecount(s: typeof scenario5, es: LoggedEvent[], endUs: number): string[] {
    const n = s.nodes.count, bound = repairBoundUs(s), out: string[] = []
    const live = new Array<boolean>(n).fill(true), applied = new Array<number>(n).fill(0)
    const gaps: [number, number][][] = Array.from({ length: n }, () => [])
    const open = new Map<string, [number, number, number, number | null]>()
    let partitions = 0
    const healthyMajority = (i: number) => {
      let liveN = 0, healthy = 0
      for (let v = 0; v < n; v++) if (live[v]) { liveN++; if (applied[v]! >= i && !open.has(`${v}/${i}`) && !gaps[v]!.some(([lo, hi]) => lo <= i && i <= hi)) healthy++ }
      return 2 * healthy > liveN
    }
    const check = (t: number) => {
      for (const c of open.values()) {
        if (!live[c[0]] || partitions > 0 || !healthyMajority(c[1])) c[3] = null
        else if (c[3] === null) c[3] = t
        else if (t - c[3] > bound) { out.push(`${c[0]}/${c[1]} at ${t} since ${c[3]}`); open.delete(`${c[0]}/${c[1]}`) }
      }
    }
    for (const e of es) {
      const i = e.data['index'] as number
      if (e.layer === 'atmOS') live[e.node!] = e.data['to'] === 'up'
      else if (e.layer === 'chaOS') partitions = Math.max(0, partitions + (e.type === 'fault_injected' ? 1 : -1))
      else if (e.type === 'entry_applied') applied[e.node!] = Math.max(applied[e.node!]!, i)
      else if (e.type === 'snapshot_installed' && i > applied[e.node!]!) { const g = gaps[e.node!]!; g.push([applied[e.node!]! + 1, i]); if (g.length > 4) g.shift(); applied[e.node!] = i }
      else if (e.type === 'ledger_corrupted') open.set(`${e.node}/${i}`, [e.node!, i, e.t, null])
      else if (e.type === 'ledger_repaired') open.delete(`${e.node}/${i}`)
      check(e.t)
      check(e.t) // onTime at the same instant, as feed() does
    }
    check(endUs)
    return out
  }
  const scenario5 = ScenarioSchema.parse({ nodes: { count: 5 }, run: ['atmOS', 'chaOS', 'mythOS', 'karmOS'], layers: { karmOS: { antiEntropyIntervalMs: 100 } } })

  it('reports the same violations at the same times on random histories of 5 worlds (property test)', () => {
    const step = fc.record({
      dt: fc.integer({ min: 0, max: 1_500_000 }),
      kind: fc.constantFrom('apply', 'apply', 'apply', 'apply', 'apply', 'apply', 'snapshot', 'corrupt', 'corrupt', 'repair', 'crash', 'restart', 'restart', 'partition', 'heal', 'heal', 'heal', 'heal'),
      node: fc.integer({ min: 0, max: 4 }),
      index: fc.integer({ min: 1, max: 4 }),
    })
    let failing = 0
    fc.assert(fc.property(fc.array(step, { minLength: 30, maxLength: 120 }), (steps) => {
      let t = 1_000
      const es: LoggedEvent[] = steps.map((x) => {
        t += x.dt
        switch (x.kind) {
          case 'apply': return ev(t, 'mythOS', x.node, 'entry_applied', { index: x.index })
          case 'snapshot': return ev(t, 'mythOS', x.node, 'snapshot_installed', { index: x.index })
          case 'corrupt': return ev(t, 'karmOS', x.node, 'ledger_corrupted', { index: x.index })
          case 'repair': return ev(t, 'karmOS', x.node, 'ledger_repaired', { index: x.index, from: 0 })
          case 'crash': return ev(t, 'atmOS', x.node, 'node_crashed', { from: 'up', to: 'crashed' })
          case 'restart': return ev(t, 'atmOS', x.node, 'node_restarted', { from: 'restarting', to: 'up' })
          case 'partition': return ev(t, 'chaOS', null, 'fault_injected', { kind: 'partition' })
          default: return ev(t, 'chaOS', null, 'fault_healed', { kind: 'partition' })
        }
      })
      const endUs = t + 3 * repairBoundUs(scenario5)
      const c = ledgerRepairChecker(scenario5)
      for (const e of es) { c.onEvent(e); c.onTime!(e.t) }
      c.onTime!(simUs(endUs))
      const got = c.violations().map((v) => { const m = /world (\d+)'s ledger entry (\d+), .* since (\d+) µs/.exec(v.message)!; return `${m[1]}/${m[2]} at ${v.t} since ${m[3]}` })
      expect(got).toEqual(byRecount(scenario5, es, endUs))
      if (got.length > 0) failing++
    }), { seed: 11, numRuns: 400 })
    expect(failing).toBeGreaterThan(40) // the histories do break the bound, often
  })
})

describe('no healthy overwrite checker', () => {
  it('allows a repair of a corrupted entry, once', () => {
    const c = ledgerOverwriteChecker(scenario)
    expect(feed(c, [ev(1, 'karmOS', 0, 'ledger_corrupted', { index: 3 }), ev(2, 'karmOS', 0, 'ledger_repaired', { index: 3, from: 1 })], 10)).toEqual([])
  })

  it('fails when a healthy entry is overwritten (never corrupted, or already repaired, or on another world)', () => {
    const c = ledgerOverwriteChecker(scenario)
    const m = feed(c, [ev(1, 'karmOS', 0, 'ledger_corrupted', { index: 3 }), ev(2, 'karmOS', 1, 'ledger_repaired', { index: 3, from: 2 }), ev(3, 'karmOS', 0, 'ledger_repaired', { index: 3, from: 1 }), ev(4, 'karmOS', 0, 'ledger_repaired', { index: 3, from: 1 })], 10)
    expect(m).toHaveLength(2)
    expect(m[0]).toMatch(/world 1's ledger entry 3 was overwritten .* but it was healthy/)
  })
})
