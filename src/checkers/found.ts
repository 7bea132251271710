import type { SimTime } from '../kernel/types'
import type { Violation } from './types'

/** The violations one checker found, the first `max` kept (one bug repeats a lot). */
export class Found {
  readonly list: Violation[] = []
  constructor(private readonly checker: string, private readonly seed: number, private readonly max = 100) {}
  add(t: number, message: string): void {
    if (this.list.length < this.max) this.list.push({ checker: this.checker, t: t as SimTime, message, seed: this.seed })
  }
}
