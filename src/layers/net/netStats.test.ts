import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LinkView } from '../views'
import { busiestLinks } from './netStats'
import type { LinkCounters } from './transport'

/** The definition busiestLinks must match: sort every link, keep the first `max`. */
function reference(links: Record<string, LinkCounters>, max: number): LinkView[] {
  const all = Object.entries(links).map(([key, c]) => {
    const [from, to] = key.split('>').map(Number) as [number, number]
    return { from, to, sent: c[0], delivered: c[1], dropped: c[2], duplicated: c[3] }
  })
  all.sort((a, b) => b.sent - a.sent || a.from - b.from || a.to - b.to)
  return all.slice(0, max)
}

describe('busiestLinks', () => {
  it('equals sorting every link and keeping the first max, ties broken by link (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })).map(([a, b]) => `${a}>${b}`),
          fc.tuple(fc.integer({ min: 0, max: 6 }), fc.nat(9), fc.nat(9), fc.nat(9)),
          { maxKeys: 200 },
        ),
        fc.integer({ min: 0, max: 70 }),
        (links, max) => {
          expect(busiestLinks(links, max)).toEqual(reference(links, max))
        },
      ),
      { numRuns: 300 },
    )
  })
})
