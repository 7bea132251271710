/** The rule checker: what CEL accepts, what nomOS refuses on top (machine-dependent or unbounded functions, deep comprehensions), evaluation. */
import { describe, expect, it } from 'vitest'
import { checkExpression, evaluateRule, type CelContext } from './cel'

const counts = { worlds: 5, up: 5, serving: 5, voters: 5, votersUp: 5, votersAvailable: 5, quorum: 3, leader: 0, term: 1, quarantined: 0, partitions: 0, alertsFiring: 0 }
const ctx: CelContext = {
  request: { action: 'crash', target: 0, targets: [0], requester: 'chaOS', reason: 'manual crash', random: false },
  target: { id: 0, status: 'up', voter: true, leader: true, metrics: { 'chronOS.offsetUs': 120 } },
  cluster: counts,
  after: { ...counts, up: 4, serving: 4, votersUp: 4, votersAvailable: 4 },
  worlds: [0, 1, 2, 3, 4].map((id) => ({ id, status: 'up', voter: true, leader: id === 0 })),
  metrics: { 'mythOS.leaders': 1 },
}

describe('nomOS rule checker', () => {
  it('accepts a bool over the declared variables and evaluates it', () => {
    for (const e of ['request.action != "crash" || !target.leader', 'after.votersAvailable >= cluster.quorum', 'worlds.filter(w, w.voter && w.status == "up").size() >= 3', 'target.metrics["chronOS.offsetUs"] < 1000.0', 'worlds.all(a, worlds.exists(b, b.id == a.id))']) {
      expect(checkExpression(e), e).toEqual({ ok: true })
    }
    expect(evaluateRule('request.action != "crash" || !target.leader', ctx)).toEqual({ value: false })
    expect(evaluateRule('after.votersAvailable >= cluster.quorum', ctx)).toEqual({ value: true })
    expect(evaluateRule('metrics["nosuch"] > 1.0', ctx)).toMatchObject({ error: expect.stringMatching(/nosuch/) })
  })
  it('refuses syntax and type errors, naming the place, and a non-bool', () => {
    expect(checkExpression('request.action ==')).toMatchObject({ ok: false, error: expect.stringMatching(/Unexpected token/) })
    expect(checkExpression('request.actoin == "crash"')).toMatchObject({ ok: false, error: expect.stringMatching(/No such key: actoin/) })
    expect(checkExpression('cluster.worlds + 1')).toMatchObject({ ok: false, error: expect.stringMatching(/bool/) })
    expect(checkExpression('')).toMatchObject({ ok: false })
    expect(checkExpression('x'.repeat(2_001))).toMatchObject({ ok: false, error: expect.stringMatching(/2000/) })
  })
  it('refuses functions whose result depends on the machine or may not end (time zones, backtracking regexps)', () => {
    expect(checkExpression('timestamp(1720000000).getDayOfYear() == 184 || request.action != "crash"')).toMatchObject({ ok: false, error: expect.stringMatching(/getDayOfYear\(\) is not allowed|timestamp\(\) is not allowed/) })
    expect(checkExpression('request.reason.matches("(a+)+$")')).toMatchObject({ ok: false, error: expect.stringMatching(/matches\(\) is not allowed/) })
    expect(checkExpression('duration("1s") == duration("1s")')).toMatchObject({ ok: false })
  })
  it('refuses comprehensions nested deeper than two (worlds^depth work per review)', () => {
    const deep = 'worlds.all(a, worlds.all(b, worlds.all(c, a.id >= 0)))'
    expect(checkExpression(deep)).toMatchObject({ ok: false, error: expect.stringMatching(/nested at most 2 deep/) })
  })
})
