import { describe, expect, it } from 'vitest'
import { useTheos } from './theos'

describe('notify', () => {
  it('shows control and bidi characters in a notice as visible escapes, never raw', () => {
    useTheos.getState().notify('error', 'The run stopped: world \u202Eevil\u2066 crashed\u0007')
    const text = useTheos.getState().notices.at(-1)!.text
    expect(text).toBe('The run stopped: world \\u{202E}evil\\u{2066} crashed\\u{0007}')
    expect(text).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u)
  })
})
