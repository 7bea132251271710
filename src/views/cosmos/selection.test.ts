import { describe, expect, it } from 'vitest'
import { stepSelection } from './selection'

describe('stepSelection', () => {
  it('] and [ walk the worlds by id, wrapping; other keys are not its', () => {
    expect(stepSelection([2, 0, 1], null, ']')).toBe(0)
    expect(stepSelection([2, 0, 1], null, '[')).toBe(2)
    expect(stepSelection([0, 1, 2], 2, ']')).toBe(0)
    expect(stepSelection([0, 1, 2], 0, '[')).toBe(2)
    expect(stepSelection([0, 2], 1, ']')).toBe(0) // a world no longer there: start over
    expect(stepSelection([], null, ']')).toBeNull()
    expect(stepSelection([0, 1], 0, 'x')).toBeUndefined()
  })
})
