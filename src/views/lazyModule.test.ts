import { describe, expect, it } from 'vitest'
import { lazyModule } from './lazyModule'

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('lazyModule', () => {
  it('fetches once, and gives the module once it has arrived', async () => {
    let calls = 0
    const get = lazyModule(() => {
      calls++
      return Promise.resolve({ name: 'crowd' })
    })
    expect(get(0)).toBeUndefined()
    expect(get(1)).toBeUndefined() // in flight: no second fetch
    await settle()
    expect(get(2)).toEqual({ name: 'crowd' })
    expect(get(10_000)).toEqual({ name: 'crowd' })
    expect(calls).toBe(1)
  })

  it('tries again after a failed fetch, not before retryMs has passed', async () => {
    let calls = 0
    const get = lazyModule(() => (++calls === 1 ? Promise.reject(new Error('chunk lost')) : Promise.resolve('crowd')), 1_000)
    expect(get(0)).toBeUndefined()
    await settle()
    expect(get(500)).toBeUndefined()
    expect(calls).toBe(1)
    expect(get(1_000)).toBeUndefined() // the second try starts
    expect(calls).toBe(2)
    await settle()
    expect(get(1_016)).toBe('crowd')
    expect(calls).toBe(2)
  })
})
