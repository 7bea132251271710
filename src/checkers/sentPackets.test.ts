import { describe, expect, it } from 'vitest'
import { PerProcess, SentPackets } from './sentPackets'

describe('SentPackets', () => {
  it('finds a send by (layer, id) and forgets it keepUs after it was sent', () => {
    const s = new SentPackets<string>(1_000)
    s.add('mythOS', 1, 0, 'a')
    s.add('karmOS', 1, 100, 'b')
    expect(s.get('mythOS', 1)).toBe('a')
    expect(s.get('karmOS', 1)).toBe('b')
    expect(s.get('mythOS', 2)).toBeUndefined()
    // Pruning happens as later sends arrive: a send older than keepUs is gone, a younger one stays.
    s.add('mythOS', 2, 1_050, 'c')
    expect(s.get('mythOS', 1)).toBeUndefined()
    expect(s.get('karmOS', 1)).toBe('b')
    s.add('mythOS', 3, 1_400, 'd') // (pruned at most every keepUs / 4)
    expect(s.get('karmOS', 1)).toBeUndefined()
    expect(s.get('mythOS', 2)).toBe('c')
  })
})

describe('PerProcess', () => {
  it('keeps one slot per world for each layer', () => {
    const p = new PerProcess<number>(3)
    p.of('a')[2] = 7
    expect(p.of('a')).toEqual([undefined, undefined, 7])
    expect(p.of('b')).toHaveLength(3)
    expect(p.of('b')[2]).toBeUndefined()
  })
})
