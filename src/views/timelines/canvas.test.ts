import { describe, expect, it } from 'vitest'
import { TextWidths } from './canvas'

/** A context that measures 6 px a character at 10px, 7 at 12px, and counts its measurements. */
const fakeCtx = () => {
  const ctx = {
    font: '10px sans-serif',
    measured: 0,
    measureText(text: string) {
      ctx.measured++
      return { width: text.length * (ctx.font.startsWith('12px') ? 7 : 6) } as TextMetrics
    },
  }
  return ctx
}

describe('TextWidths', () => {
  it('measures each text once per font', () => {
    const ctx = fakeCtx()
    const widths = new TextWidths()
    for (let frame = 0; frame < 5; frame++) {
      expect(widths.width(ctx, 'term 3')).toBe(36)
      expect(widths.width(ctx, 'term 12')).toBe(42)
    }
    expect(ctx.measured).toBe(2)
    ctx.font = '12px sans-serif'
    expect(widths.width(ctx, 'term 3')).toBe(42)
    expect(ctx.measured).toBe(3)
  })

  it('forgets everything past its size limit, and measures again', () => {
    const ctx = fakeCtx()
    const widths = new TextWidths(2)
    widths.width(ctx, 'a')
    widths.width(ctx, 'bb')
    widths.width(ctx, 'ccc') // the third: the first two are forgotten
    expect(ctx.measured).toBe(3)
    expect(widths.width(ctx, 'ccc')).toBe(18)
    expect(widths.width(ctx, 'a')).toBe(6)
    expect(ctx.measured).toBe(4)
  })
})
