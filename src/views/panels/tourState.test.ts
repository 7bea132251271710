import { describe, expect, it } from 'vitest'
import { markTourSeen, readFlag, shouldAutoStartTour, tourSeen, writeFlag } from './tourState'

const memory = () => {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) }
}
const refusing = { getItem: (): string | null => { throw new Error('SecurityError') }, setItem: (): void => { throw new Error('QuotaExceededError') } }

describe('the first-visit tour', () => {
  it('opens by itself on a first visit, not under automation unless ?tour=1 asks, never once seen', () => {
    expect(shouldAutoStartTour({ search: '', webdriver: false, seen: false })).toBe(true)
    expect(shouldAutoStartTour({ search: '', webdriver: true, seen: false })).toBe(false)
    expect(shouldAutoStartTour({ search: '?tour=1', webdriver: true, seen: false })).toBe(true)
    expect(shouldAutoStartTour({ search: '?workers=2&tour=1', webdriver: true, seen: false })).toBe(true)
    expect(shouldAutoStartTour({ search: '?tour=1', webdriver: true, seen: true })).toBe(false)
    expect(shouldAutoStartTour({ search: '?tour=0', webdriver: false, seen: false })).toBe(false)
  })

  it('is remembered as seen, and a storage that refuses is no error', () => {
    const store = memory()
    expect(tourSeen(store)).toBe(false)
    markTourSeen(store)
    expect(tourSeen(store)).toBe(true)
    expect(() => markTourSeen(refusing)).not.toThrow()
    expect(tourSeen(refusing)).toBe(false)
    expect(readFlag('x', null)).toBeNull()
    expect(() => writeFlag('x', 'y', null)).not.toThrow()
  })
})
