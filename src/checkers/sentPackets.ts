/**
 * What a checker remembers of each packet's send until its receives: per sending layer, by packet
 * id (the network channel numbers a layer's packets), forgotten keepUs after the send. Numeric keys
 * and one map per layer, so the per-packet path builds no strings. A send is kept at least keepUs
 * and forgotten by 1.25 keepUs (pruning runs every keepUs / 4).
 */
export class SentPackets<T> {
  private readonly layers = new Map<string, Map<number, { t: number; v: T }>>()
  private prunedAt = 0

  /** keepUs: far beyond any delivery delay the network can give (a packet is delivered at most twice, soon after its send). */
  constructor(private readonly keepUs: number) {}

  add(layer: string, id: number, t: number, v: T): void {
    let m = this.layers.get(layer)
    if (m === undefined) this.layers.set(layer, (m = new Map()))
    m.set(id, { t, v })
    if (t - this.prunedAt >= this.keepUs / 4) this.prune(t)
  }

  get(layer: string, id: number): T | undefined {
    return this.layers.get(layer)?.get(id)?.v
  }

  /** Forget sends older than keepUs (a map keeps insertion order, which is send order). */
  private prune(now: number): void {
    this.prunedAt = now
    for (const m of this.layers.values()) {
      for (const [id, e] of m) {
        if (e.t >= now - this.keepUs) break
        m.delete(id)
      }
    }
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
