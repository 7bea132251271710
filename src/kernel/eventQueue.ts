/**
 * A layer runtime's event queue: a binary min-heap on (time, sequence number) kept in typed arrays
 * (DESIGN §3: an allocation-free event queue). An entry is a delivered message, a timer or a point
 * of the metrics grid; its fields live in parallel arrays, so queuing and taking an event allocate
 * nothing and the comparisons read two contiguous Float64Arrays, not two objects. Sequence numbers
 * are unique within a runtime, so (time, seq) is a total order: any heap pops the same sequence,
 * whatever its layout (a restored queue is the same run).
 */
import type { Delivery, Json } from './types'

/** What an entry is: a delivered message, a timer, a point of the metrics grid. */
export const DELIVERY = 0, TIMER = 1, METRICS = 2
export type EntryKind = typeof DELIVERY | typeof TIMER | typeof METRICS

/** One entry as plain data: what a snapshot holds (the layout of the object heap this replaced). */
export interface QueueEntry {
  t: number
  seq: number
  /** A delivered cross-layer message, or a timer. */
  msg?: Delivery
  timerId?: number
  payload?: Json
  /** A point of the metrics grid (the runtime's own, not the layer's). */
  metrics?: true
}

export class EventQueue {
  private t = new Float64Array(64)
  private seq = new Float64Array(64)
  private timer = new Float64Array(64)
  private kind = new Uint8Array(64)
  /** The delivery (Delivery entries) or the payload (Timer entries); undefined for Metrics. */
  private ref: unknown[] = []
  size = 0

  /** Time of the earliest entry (the queue must not be empty). */
  get topT(): number { return this.t[0]! }
  get topKind(): EntryKind { return this.kind[0]! as EntryKind }
  /** The earliest entry's timer id (Timer entries). */
  get topTimer(): number { return this.timer[0]! }
  /** The earliest entry's delivery (Delivery entries) or payload (Timer entries). */
  get topRef(): unknown { return this.ref[0] }

  push(t: number, seq: number, kind: EntryKind, timerId: number, ref: unknown): void {
    if (this.size === this.t.length) this.grow()
    const T = this.t, S = this.seq
    // Sift up with a hole: each parent moves down once, the entry is written once.
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      const pt = T[p]!
      if (t > pt || (t === pt && seq > S[p]!)) break
      this.move(p, i)
      i = p
    }
    this.put(i, t, seq, timerId, kind, ref)
  }

  /** Drop the earliest entry (read it first through the top getters); nothing on an empty queue. */
  pop(): void {
    if (this.size === 0) return
    const n = --this.size
    const T = this.t, S = this.seq
    if (n === 0) { this.ref[0] = undefined; return }
    // The last entry goes down from the root, with a hole.
    const t = T[n]!, seq = S[n]!, timerId = this.timer[n]!, kind = this.kind[n]!, ref = this.ref[n]
    this.ref[n] = undefined
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      let m = l
      const r = l + 1
      if (r < n && (T[r]! < T[l]! || (T[r] === T[l] && S[r]! < S[l]!))) m = r
      const mt = T[m]!
      if (t < mt || (t === mt && seq < S[m]!)) break
      this.move(m, i)
      i = m
    }
    this.put(i, t, seq, timerId, kind, ref)
  }

  /** The entries as plain objects, in the heap's own order (a snapshot; pushing them back in this order rebuilds the same layout). */
  entries(): QueueEntry[] {
    const out: QueueEntry[] = []
    for (let i = 0; i < this.size; i++) {
      const k = this.kind[i]! as EntryKind
      out.push({
        t: this.t[i]!,
        seq: this.seq[i]!,
        msg: k === DELIVERY ? (this.ref[i] as Delivery) : undefined,
        timerId: k === TIMER ? this.timer[i]! : undefined,
        payload: k === TIMER ? (this.ref[i] as Json) : undefined,
        metrics: k === METRICS ? true : undefined,
      })
    }
    return out
  }

  /** Queue a snapshot's entry. */
  pushEntry(e: QueueEntry): void {
    if (e.msg !== undefined) this.push(e.t, e.seq, DELIVERY, 0, e.msg)
    else if (e.metrics === true) this.push(e.t, e.seq, METRICS, 0, undefined)
    else this.push(e.t, e.seq, TIMER, e.timerId!, e.payload)
  }

  private put(i: number, t: number, seq: number, timerId: number, kind: number, ref: unknown): void {
    this.t[i] = t
    this.seq[i] = seq
    this.timer[i] = timerId
    this.kind[i] = kind
    this.ref[i] = ref
  }

  private move(from: number, to: number): void {
    this.t[to] = this.t[from]!
    this.seq[to] = this.seq[from]!
    this.timer[to] = this.timer[from]!
    this.kind[to] = this.kind[from]!
    this.ref[to] = this.ref[from]
  }

  private grow(): void {
    const n = this.t.length * 2
    const t = new Float64Array(n); t.set(this.t); this.t = t
    const s = new Float64Array(n); s.set(this.seq); this.seq = s
    const m = new Float64Array(n); m.set(this.timer); this.timer = m
    const k = new Uint8Array(n); k.set(this.kind); this.kind = k
  }
}
