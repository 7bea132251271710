/**
 * Clocks that ride on every node-to-node message of the network channel (DESIGN §3.2):
 *
 * - Hybrid logical clocks (Kulkarni et al. 2014), while chronOS runs: each process (a layer on a
 *   world) keeps (l, c); a send or local event sets l = max(l, pt), c = c + 1 if l did not move
 *   else 0; a receive of (lm, cm) sets l = max(l, lm, pt) and c by which of them won. pt is the
 *   world's own disciplined clock (ctx.localUs, chronOS's clock mirror). (l, c) never goes back
 *   and a receive is always after its send; l − pt stays bounded by the clock offsets.
 * - Vector clocks (Fidge/Mattern), while karmOS runs and the cluster has at most
 *   VECTOR_CLOCK_MAX_WORLDS worlds: each process keeps one counter per world; a send ticks its
 *   own entry and ships a copy, a receive takes the element-wise max and ticks its own entry.
 *
 * Each layer keeps the clocks of its own processes (its NetState): layers run in separate
 * windows, possibly on separate workers, so a world's processes of different layers are different
 * processes, as a Raft server and an NTP daemon on one host are. Stamps travel inside the
 * layer's own packet timers; nothing here draws random numbers, so stamping never changes a run.
 */
import type { LayerContext, NodeId } from '../../kernel/types'
import type { LayerScenario } from '../../scenario/base'

/** Beyond this many worlds karmOS's vector clocks are off: n integers per message, n² per layer. */
export const VECTOR_CLOCK_MAX_WORLDS = 64

/** What a packet carries besides its payload. */
export interface WireStamp {
  /** The packet's id within its layer (observations link a send to its receives). */
  id: number
  /** HLC (l, c) at the send, when chronOS runs. */
  l?: number
  c?: number
  /** The sender's vector clock at the send, when karmOS runs. */
  vc?: number[]
}

export interface StampState {
  hlc: boolean
  /** Flat (l, c) per world. */
  hl: number[]
  hc: number[]
  /** One vector per world, or null when vector clocks are off. */
  vc: number[][] | null
  nextId: number
}

export function createStampState(s: LayerScenario): StampState | null {
  const hlc = s.run.includes('chronOS')
  const vcOn = s.run.includes('karmOS') && s.nodes.count <= VECTOR_CLOCK_MAX_WORLDS
  if (!hlc && !vcOn) return null
  const n = s.nodes.count
  return {
    hlc,
    hl: new Array<number>(hlc ? n : 0).fill(0),
    hc: new Array<number>(hlc ? n : 0).fill(0),
    vc: vcOn ? Array.from({ length: n }, () => new Array<number>(n).fill(0)) : null,
    nextId: 1,
  }
}

/** HLC send (or local) event on world j: advances (l, c) and returns it. */
export function hlcSend(st: StampState, j: NodeId, pt: number): [number, number] {
  const lOld = st.hl[j]!
  const l = Math.max(lOld, pt)
  const c = l === lOld ? st.hc[j]! + 1 : 0
  st.hl[j] = l
  st.hc[j] = c
  return [l, c]
}

/** HLC receive event on world j of a message stamped (lm, cm). */
export function hlcReceive(st: StampState, j: NodeId, pt: number, lm: number, cm: number): [number, number] {
  const lOld = st.hl[j]!
  const cOld = st.hc[j]!
  const l = Math.max(lOld, lm, pt)
  let c: number
  if (l === lOld && l === lm) c = Math.max(cOld, cm) + 1
  else if (l === lOld) c = cOld + 1
  else if (l === lm) c = cm + 1
  else c = 0
  st.hl[j] = l
  st.hc[j] = c
  return [l, c]
}

/** Stamp a packet world `from` sends now: ticks its clocks (observed by the checkers as `packet_sent`). */
export function stampSend(st: StampState | null, ctx: LayerContext, from: NodeId, to: NodeId): WireStamp | null {
  if (st === null) return null
  const stamp: WireStamp = { id: st.nextId++ }
  if (st.hlc) [stamp.l, stamp.c] = hlcSend(st, from, ctx.localUs(from))
  if (st.vc) {
    const v = st.vc[from]!
    v[from]!++
    stamp.vc = v.slice()
  }
  if (ctx.observing) ctx.observe('packet_sent', stampData(stamp, { id: stamp.id, from, to }))
  return stamp
}

/** A packet's receive on world `to`: merges its stamps; returns the receive's own stamps (observed). */
export function stampReceive(st: StampState | null, ctx: LayerContext, to: NodeId, m: WireStamp | undefined): WireStamp | null {
  if (st === null || m === undefined) return null
  const r: WireStamp = { id: m.id }
  if (st.hlc && m.l !== undefined && m.c !== undefined) [r.l, r.c] = hlcReceive(st, to, ctx.localUs(to), m.l, m.c)
  if (st.vc && m.vc) {
    const v = st.vc[to]!
    for (let i = 0; i < v.length; i++) if (m.vc[i]! > v[i]!) v[i] = m.vc[i]!
    v[to]!++
    r.vc = v.slice()
  }
  return r
}

/** A stamp's clocks added to observation data `d` (after its other fields: the order is the event's). */
export function stampData<D extends object>(s: WireStamp, d: D): D & { l?: number; c?: number; vc?: number[] } {
  const o = d as D & { l?: number; c?: number; vc?: number[] }
  if (s.l !== undefined) {
    o.l = s.l
    o.c = s.c!
  }
  if (s.vc) o.vc = s.vc
  return o
}

/** The HLC of world j as a layer's processes last set it (for views), or null when HLC is off. */
export function hlcOf(st: StampState | null, j: NodeId): { l: number; c: number } | null {
  if (st === null || !st.hlc) return null
  return { l: st.hl[j]!, c: st.hc[j]! }
}
