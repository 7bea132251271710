/**
 * karmOS's invariants, judged from outside the layer:
 *
 * 1. causality — happened-before from vector clocks is the real one. The checker derives causality
 *    itself from the sends and receives it observes (packet_sent {id, from, vc} / packet_delivered
 *    {id, to, vc}, matched by (layer, id); process order per (layer, world)), by running its own
 *    Fidge/Mattern clocks over that graph, and demands that every stamped vector equals its own.
 *    Equal vectors on every event give VC(a) < VC(b) ⇔ a → b (Mattern 1989), so a receive that
 *    forgets to merge, a send that does not tick, or a stamp from another process is caught.
 * 2. repair — a corrupted entry (ledger_corrupted {index} at world w) is repaired (ledger_repaired
 *    at w, index) within REPAIR_BOUND = 5 × antiEntropyIntervalMs + 2 s, demanded only while, for
 *    the whole bound, w was live, no partition was active, the network failed at most
 *    REPAIR_FAILURE_MAX of the messages (loss + corruption), and a healthy majority of the live
 *    worlds held the entry (applied it, per mythOS's entry_applied, and not corrupted there; a world
 *    that jumped past it by installing a snapshot is not counted: its ledger has a hole there until
 *    anti-entropy fetches the entries, which the checker does not see).
 *    Derivation: w leads a round every interval; a round takes one round trip per tree level plus
 *    the vote and the fetch (well under an interval at the default network), a round that lost a
 *    message is abandoned after two intervals, and a peer whose prefix is too short shows nothing:
 *    five intervals cover a lost round and an unlucky peer draw; 2 s the disk and network tails.
 * 3. no healthy overwrite — ledger_repaired only at a (world, index) that is corrupted.
 */
import type { LoggedEvent, Observation } from '../kernel/types'
import type { Scenario } from '../scenario/schema'
import { Found } from './found'
import { PerProcess, SentPackets } from './sentPackets'
import type { CheckerFactory } from './types'

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)
const vecOf = (v: unknown): number[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null)


/** Sends remembered for their receives, µs (as chronOS's HLC checker: far beyond any delivery delay). */
const SENT_KEPT_US = 120_000_000

export const causalityChecker: CheckerFactory = (scenario) => {
  const n = scenario.nodes.count
  const found = new Found('causality', scenario.seed, 1_000)
  /** The checker's own vector clock per process (layer, world). */
  const clocks = new PerProcess<number[]>(n)
  /** The checker's own vector of each send, by (layer, id). */
  const sent = new SentPackets<number[]>(SENT_KEPT_US)
  const clock = (layer: string, w: number): number[] => {
    const a = clocks.of(layer)
    return a[w] ?? (a[w] = new Array<number>(n).fill(0))
  }
  const differs = (a: readonly number[], b: readonly number[]): boolean => {
    if (a.length !== b.length) return true
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true
    return false
  }
  const show = (v: readonly number[]): string => `[${v.join(',')}]`

  return {
    name: 'causality',
    layer: 'karmOS',
    onEvent() {},
    onObservation(o: Observation) {
      if (sent.observeHeld(o)) return
      if (o.type !== 'packet_sent' && o.type !== 'packet_delivered') return
      const vc = vecOf(o.data['vc'])
      const id = num(o.data['id'])
      if (vc === null || id === null) return // vector clocks off (no karmOS, or more than 64 worlds)
      if (o.type === 'packet_sent') {
        const from = num(o.data['from'])
        if (from === null || from < 0 || from >= n) return
        const own = clock(o.layer, from)
        own[from]!++ // a send is an event of its process
        if (differs(vc, own)) found.add(o.t, `${o.layer} packet #${id} sent by world ${from}: stamped ${show(vc)}, but its causal past gives ${show(own)} (a send must tick its own entry and carry the sender's clock)`)
        sent.add(o.layer, id, o.t, own.slice())
        return
      }
      const to = num(o.data['to'])
      if (to === null || to < 0 || to >= n) return
      const m = sent.get(o.layer, id)
      if (m === undefined) {
        found.add(o.t, `${o.layer} packet #${id} received by world ${to} was never sent (no packet_sent with that id)`)
        return
      }
      const own = clock(o.layer, to)
      for (let i = 0; i < n; i++) if (m[i]! > own[i]!) own[i] = m[i]!
      own[to]!++
      if (differs(vc, own)) found.add(o.t, `${o.layer} packet #${id} received by world ${to}: stamped ${show(vc)}, but send → receive and process order give ${show(own)} (a receive must merge the message's clock and tick its own entry)`)
      // Whatever the stamp said, continue from the true causal past.
    },
    violations: () => found.list,
  }
}

/**
 * The repair bound is demanded only while the network fails at most this share of messages (loss
 * plus corruption in flight, chaOS's sliders × entropy): beyond, a round's 2·levels round trips
 * fail too often for any fixed bound (at entropy 1 with the default sliders: 6 %).
 */
export const REPAIR_FAILURE_MAX = 0.2

/** How long a corrupted entry may stay unrepaired while a healthy majority holds it, µs. */
export const repairBoundUs = (s: Scenario): number => (5 * s.layers.karmOS.antiEntropyIntervalMs + 2_000) * 1_000

const LIVE = new Set(['up', 'draining', 'quarantined'])

export const ledgerRepairChecker: CheckerFactory = (scenario) => {
  const n = scenario.nodes.count
  const boundUs = repairBoundUs(scenario)
  const found = new Found('ledger-repair', scenario.seed, 1_000)
  const live = new Array<boolean>(n).fill(true)
  const applied = new Array<number>(n).fill(0)
  /**
   * Per world, ranges [lo, hi] of indices it skipped by installing a snapshot (oneirOS): its ledger
   * has a hole there until anti-entropy fetches the entries, so it is not counted as holding them
   * (the last few only; an older hole is long filled).
   */
  const gaps: [number, number][][] = Array.from({ length: n }, () => [])
  const inGap = (v: number, i: number): boolean => gaps[v]!.some(([lo, hi]) => lo <= i && i <= hi)
  let partitions = 0
  // The network's per-message failure probability (loss + corruption in flight), kept from the
  // scenario and chaOS's slider_changed events: the bound is demanded only on a network that
  // delivers most messages (failure ≤ REPAIR_FAILURE_MAX), as Raft's liveness only after a heal.
  const sliders: Record<string, number> = { ...(scenario.layers.chaOS as unknown as Record<string, number>) }
  const chaosRuns = scenario.run.includes('chaOS')
  const baseLoss = scenario.network === 'pneumOS' ? scenario.layers.pneumOS.lossRate : 0
  const failure = (): number => {
    if (!chaosRuns) return baseLoss
    const e = sliders['entropy'] ?? 0
    const loss = scenario.network === 'pneumOS' ? Math.min(1, baseLoss + (sliders['lossRate'] ?? 0) * e) : 0
    return loss + (sliders['messageCorruptionRate'] ?? 0) * e
  }
  /**
   * Open corruptions: `${world}/${index}` → [world, index, corrupted at, the condition holds since
   * (null: not now), healthy]: healthy counts the live worlds holding the index healthily (applied
   * it, not corrupted there, not in a snapshot gap). It is kept up to date as worlds apply, come and
   * go, and corruptions open and close — O(open corruptions) per event, where counting afresh was
   * O(open × worlds) per event, hours of CPU at thousands of worlds.
   */
  const open = new Map<string, [number, number, number, number | null, number]>()
  let liveN = n
  const corruptedAt = (w: number, i: number): boolean => open.has(`${w}/${i}`)
  const healthyAt = (v: number, i: number): boolean => live[v]! && applied[v]! >= i && !corruptedAt(v, i) && !inGap(v, i)
  const countHealthy = (i: number): number => {
    let healthy = 0
    for (let v = 0; v < n; v++) if (healthyAt(v, i)) healthy++
    return healthy
  }
  const recountAll = (): void => { for (const c of open.values()) c[4] = countHealthy(c[1]) }
  /** World v's healthy copy of index i appeared (+1) or went (−1): every open corruption at i counts it. */
  const shift = (i: number, delta: number): void => { for (const c of open.values()) if (c[1] === i) c[4] += delta }
  const holds = (c: [number, number, number, number | null, number]): boolean => {
    if (!live[c[0]] || partitions > 0 || failure() > REPAIR_FAILURE_MAX) return false
    return 2 * c[4] > liveN
  }
  const close = (w: number, i: number): void => {
    if (!open.delete(`${w}/${i}`)) return
    if (healthyAt(w, i)) shift(i, +1) // no longer corrupted there: a healthy copy again
  }
  const check = (t: number): void => {
    for (const c of open.values()) {
      if (!holds(c)) c[3] = null
      else if (c[3] === null) c[3] = t
      else if (t - c[3] > boundUs) {
        found.add(t, `world ${c[0]}'s ledger entry ${c[1]}, corrupted at ${c[2]} µs, not repaired within the bound 5 × antiEntropyIntervalMs + 2 s = ${boundUs / 1000} ms although a healthy majority of live worlds held it (no crash of the world, no partition, messages failing ≤ ${REPAIR_FAILURE_MAX * 100} %) since ${c[3]} µs`)
        close(c[0], c[1])
      }
    }
  }
  return {
    name: 'ledger-repair',
    layer: 'karmOS',
    onEvent(e: LoggedEvent) {
      if (e.layer === 'atmOS' && e.node !== null && typeof e.data['to'] === 'string') {
        const v = e.node
        const now = LIVE.has(e.data['to'])
        if (now !== live[v]) {
          // Count v's copies as of its old liveness out, flip it, count them in again.
          for (const c of open.values()) if (healthyAt(v, c[1])) c[4]--
          live[v] = now
          liveN += now ? 1 : -1
          for (const c of open.values()) if (healthyAt(v, c[1])) c[4]++
        }
      }
      else if (e.layer === 'chaOS' && (e.type === 'fault_injected' || e.type === 'fault_healed') && e.data['kind'] === 'partition') partitions = Math.max(0, partitions + (e.type === 'fault_injected' ? 1 : -1))
      else if (e.layer === 'chaOS' && e.type === 'slider_changed' && typeof e.data['name'] === 'string' && typeof e.data['value'] === 'number') sliders[e.data['name']] = e.data['value']
      else if (e.layer === 'mythOS' && e.type === 'entry_applied' && e.node !== null) {
        const v = e.node
        const was = applied[v]!
        const x = Math.max(was, num(e.data['index']) ?? 0)
        if (x > was) {
          // Indices (was, x] now applied at v: a healthy copy for each open corruption among them.
          applied[v] = x
          for (const c of open.values()) if (c[1] > was && c[1] <= x && healthyAt(v, c[1])) c[4]++
        }
      }
      else if (e.layer === 'mythOS' && e.type === 'snapshot_installed' && e.node !== null) {
        const x = num(e.data['index']) ?? 0
        if (x > applied[e.node]!) {
          const g = gaps[e.node]!
          g.push([applied[e.node]! + 1, x])
          if (g.length > 4) g.shift()
          applied[e.node] = x
          recountAll() // a snapshot moves a gap (rare): count afresh
        }
      }
      else if (e.layer === 'karmOS' && e.node !== null) {
        const i = num(e.data['index'])
        if (i === null) return
        const k = `${e.node}/${i}`
        if (e.type === 'ledger_corrupted') {
          // A healthy copy at (node, i) stops being one; a corruption already open there is reset.
          if (!open.has(k) && healthyAt(e.node, i)) shift(i, -1)
          // Counted once the key is open: the corrupted copy itself no longer counts as healthy.
          const c: [number, number, number, number | null, number] = [e.node, i, e.t, null, 0]
          open.set(k, c)
          c[4] = countHealthy(i)
        } else if (e.type === 'ledger_repaired') close(e.node, i)
      }
      check(e.t)
    },
    onTime(t) {
      check(t)
    },
    violations: () => found.list,
  }
}

export const ledgerOverwriteChecker: CheckerFactory = (scenario) => {
  const found = new Found('ledger-no-healthy-overwrite', scenario.seed, 1_000)
  const corrupted = new Set<string>()
  return {
    name: 'ledger-no-healthy-overwrite',
    layer: 'karmOS',
    onEvent(e: LoggedEvent) {
      if (e.layer !== 'karmOS' || e.node === null) return
      const i = num(e.data['index'])
      if (i === null) return
      const k = `${e.node}/${i}`
      if (e.type === 'ledger_corrupted') corrupted.add(k)
      else if (e.type === 'ledger_repaired') {
        if (!corrupted.delete(k)) found.add(e.t, `world ${e.node}'s ledger entry ${i} was overwritten (ledger_repaired from world ${String(e.data['from'])}) but it was healthy: only a corrupted copy may be repaired`)
      }
    },
    violations: () => found.list,
  }
}
