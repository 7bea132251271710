import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { boundaryIssue } from './boundary'

describe('boundaryIssue', () => {
  const A = z.strictObject({ n: z.number().int(), s: z.string() })
  const B = z.strictObject({ n: z.number().int().max(3) })

  it('answers null for a conforming message, every time', () => {
    const m = { n: 5, s: 'x' }
    expect(boundaryIssue(A, m)).toBeNull()
    expect(boundaryIssue(A, m)).toBeNull()
  })

  it('names the first failing field, every time', () => {
    const bad = { n: 1.5, s: 'x' }
    for (let i = 0; i < 2; i++) expect(boundaryIssue(A, bad)).toMatchObject({ path: 'n' })
    expect(boundaryIssue(A, { n: 1, s: 2 })).toMatchObject({ path: 's' })
    expect(boundaryIssue(A, null)).toMatchObject({ path: '' })
  })

  it('an object that passed one schema is still judged by another', () => {
    const m = { n: 5 }
    expect(boundaryIssue(z.strictObject({ n: z.number() }), m)).toBeNull()
    expect(boundaryIssue(B, m)).toMatchObject({ path: 'n' })
  })

  it('judges primitives too', () => {
    expect(boundaryIssue(z.number().int(), 3)).toBeNull()
    expect(boundaryIssue(z.number().int(), 3.5)).toMatchObject({ path: '' })
  })
})
