/**
 * A binary min-heap over plain objects ordered by a comparator. The backing array is plain data,
 * so a snapshot is a copy of `items` (any order) and a restore re-heapifies.
 */
export class Heap<T> {
  readonly items: T[]
  constructor(private readonly less: (a: T, b: T) => boolean, items: T[] = []) {
    this.items = items
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.down(i)
  }
  get size(): number { return this.items.length }
  peek(): T | undefined { return this.items[0] }
  push(x: T): void {
    // Sift up with a hole: each parent moves down once, x is written once (no swap temporaries).
    const a = this.items
    let i = a.length
    a.push(x)
    while (i > 0) {
      const p = (i - 1) >> 1
      const parent = a[p]!
      if (!this.less(x, parent)) break
      a[i] = parent
      i = p
    }
    a[i] = x
  }
  pop(): T | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last !== undefined) {
      a[0] = last
      this.down(0)
    }
    return top
  }
  private down(i: number): void {
    // Sift down with a hole, as push sifts up.
    const a = this.items
    const n = a.length
    const x = a[i]!
    for (;;) {
      const l = 2 * i + 1, r = l + 1
      let m = -1
      let best = x
      if (l < n && this.less(a[l]!, best)) { m = l; best = a[l]! }
      if (r < n && this.less(a[r]!, best)) { m = r; best = a[r]! }
      if (m === -1) break
      a[i] = best
      i = m
    }
    a[i] = x
  }
}
