/**
 * What a checker remembers of each packet's send until its receives: per sending layer, by packet
 * id (the network channel numbers a layer's packets 0, 1, 2 … in send order), forgotten keepUs
 * after the send. A send is kept at least keepUs and forgotten by 1.25 keepUs (pruning runs every
 * keepUs / 4), in send order; one the network holds back (hold: a user's delay, up to 10 minutes)
 * is kept until keepUs after it is due.
 *
 * Ids arrive consecutively, so a layer's sends are kept in arrays indexed by id − base: an add is a
 * push, a look-up an index, pruning moves a start index (no hashing, no entry object, no string).
 * An id out of that order (a crafted history, a resend of an id, an id far ahead) is kept in a map
 * beside them, in time order, with the same lifetime.
 */
import type { Observation } from '../kernel/types'

const MAX_GAP = 64
const COMPACT_AT = 1_024

class LayerSends<T> {
  /** Id of ts[0] / vs[0]; live entries are [start, ts.length). */
  base = 0
  start = 0
  ts: number[] = []
  vs: (T | undefined)[] = []
  /** Sends whose ids came out of order: insertion order is send order. */
  others: Map<number, { t: number; v: T }> | null = null

  /** Sends the network holds back (a user's delay): id → until when it is kept, and its value. */
  held: Map<number, { until: number; v: T }> | null = null

  add(id: number, t: number, v: T): void {
    if (!Number.isSafeInteger(id)) return this.other(id, t, v) // (not a channel id: a crafted history)
    const i = id - this.base
    if (this.start === this.ts.length && (i < 0 || i > this.ts.length + MAX_GAP)) {
      // Nothing kept in the arrays: start them afresh at this id.
      this.base = id
      this.start = 0
      this.ts.length = 0
      this.vs.length = 0
      this.ts.push(t)
      this.vs.push(v)
      return
    }
    if (i >= this.start && i < this.ts.length) {
      // The same id again (or a gap's id, late): kept beside, from its own time.
      this.vs[i] = undefined
      return this.other(id, t, v)
    }
    if (i >= this.ts.length && i <= this.ts.length + MAX_GAP) {
      while (this.ts.length < i) {
        // A gap (ids never seen): forgotten with the sends around it.
        this.ts.push(t)
        this.vs.push(undefined)
      }
      this.ts.push(t)
      this.vs.push(v)
      return
    }
    this.other(id, t, v)
  }

  /** Kept in the map, at its end: the map's order stays time order. */
  private other(id: number, t: number, v: T): void {
    const m = (this.others ??= new Map())
    m.delete(id)
    m.set(id, { t, v })
  }

  get(id: number): T | undefined {
    const i = id - this.base
    if (i >= this.start && i < this.ts.length) {
      const v = this.vs[i]
      if (v !== undefined) return v
    }
    return this.others?.get(id)?.v ?? this.held?.get(id)?.v
  }

  hold(id: number, until: number): void {
    const v = this.get(id)
    if (v !== undefined) (this.held ??= new Map()).set(id, { until, v })
  }

  prune(cutoff: number): void {
    const ts = this.ts, vs = this.vs
    let s = this.start
    while (s < ts.length && ts[s]! < cutoff) vs[s++] = undefined
    this.start = s
    if (s >= COMPACT_AT && 2 * s >= ts.length) {
      this.ts = ts.slice(s)
      this.vs = vs.slice(s)
      this.base += s
      this.start = 0
    }
    if (this.others !== null) {
      for (const [id, e] of this.others) {
        if (e.t >= cutoff) break
        this.others.delete(id)
      }
    }
    if (this.held !== null) for (const [id, e] of this.held) if (e.until < cutoff) this.held.delete(id)
  }
}

export class SentPackets<T> {
  private readonly layers = new Map<string, LayerSends<T>>()
  private prunedAt = 0

  /** keepUs: far beyond any delivery delay the network can give (a packet is delivered at most twice, soon after its send). */
  constructor(private readonly keepUs: number) {}

  add(layer: string, id: number, t: number, v: T): void {
    let m = this.layers.get(layer)
    if (m === undefined) this.layers.set(layer, (m = new LayerSends()))
    m.add(id, t, v)
    if (t - this.prunedAt >= this.keepUs / 4) this.prune(t)
  }

  get(layer: string, id: number): T | undefined {
    return this.layers.get(layer)?.get(id)
  }

  /**
   * The network holds this packet back until `untilUs` (a user's delay, observed as
   * `packet_held`): its send is remembered until keepUs after that, however long ago it was sent.
   */
  hold(layer: string, id: number, untilUs: number): void {
    this.layers.get(layer)?.hold(id, untilUs)
  }

  /** If `o` is the network's `packet_held` {id, untilUs}, hold that send (true); else false. */
  observeHeld(o: Observation): boolean {
    if (o.type !== 'packet_held') return false
    const { id, untilUs } = o.data
    if (typeof id === 'number' && typeof untilUs === 'number') this.hold(o.layer, id, untilUs)
    return true
  }

  /** Forget sends older than keepUs. */
  private prune(now: number): void {
    this.prunedAt = now
    for (const m of this.layers.values()) m.prune(now - this.keepUs)
  }
}

/** Per layer, one value per world (a process is a layer on a world). */
export class PerProcess<T> {
  private readonly layers = new Map<string, (T | undefined)[]>()
  constructor(private readonly worlds: number) {}

  of(layer: string): (T | undefined)[] {
    let a = this.layers.get(layer)
    if (a === undefined) this.layers.set(layer, (a = new Array<T | undefined>(this.worlds)))
    return a
  }
}
