import { beforeEach, describe, expect, it } from 'vitest'
import { simUs } from '../kernel/time'
import type { LayerName, LoggedEvent } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { lifecycleChecker } from './lifecycle'

const s = ScenarioSchema.parse({ seed: 8, nodes: { count: 3 } })
let offset = 0
const TO: Record<string, string> = { node_crashed: 'crashed', node_restarting: 'restarting', node_restarted: 'up', node_draining: 'draining', node_quarantined: 'quarantined', node_released: 'up', node_decommissioned: 'decommissioned' }
/** An atmOS transition event that tells the truth about where the world was (tracked here as atmOS would). */
const truth = new Map<number, string>()
const ev = (t: number, type: string, node: number | null, layer: LayerName = 'atmOS', data?: Record<string, string>): LoggedEvent => {
  const from = node === null ? 'up' : (truth.get(node) ?? 'up')
  if (node !== null && layer === 'atmOS' && TO[type]) truth.set(node, TO[type]!)
  return { t: simUs(t), layer, node, type, data: data ?? { from, to: TO[type] ?? '', reason: 'test', requester: 'chaOS' }, offset: offset++ }
}
const check = (events: LoggedEvent[]) => {
  const c = lifecycleChecker(s)
  for (const e of events) c.onEvent(e)
  return c.violations()
}

describe('lifecycle checker', () => {
  beforeEach(() => truth.clear())

  it('accepts crash → restarting → restarted, repeatedly, on any world', () => {
    expect(check([ev(1, 'node_crashed', 0), ev(2, 'node_crashed', 1), ev(3, 'node_restarting', 0), ev(4, 'node_restarted', 0), ev(5, 'node_crashed', 0), ev(6, 'node_restarting', 1), ev(7, 'node_crashed', 1)])).toEqual([])
  })

  it('reports node_restarted for an up world, naming the world and the transition', () => {
    const v = check([ev(1_000, 'node_restarted', 2)])
    expect(v.length).toBe(1)
    expect(v[0]).toMatchObject({ checker: 'lifecycle', t: 1_000, seed: 8 })
    expect(v[0]!.message).toMatch(/world 2: node_restarted .* while it is up: up → up is not a legal transition/)
  })

  it('reports a crash of a crashed world, and a restart that skips restarting, once each', () => {
    const v = check([ev(1, 'node_crashed', 1), ev(2, 'node_crashed', 1), ev(3, 'node_restarted', 1)])
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/crashed → crashed/), expect.stringMatching(/crashed → up/)])
  })

  it('follows drain, quarantine, release and decommission, and nothing may follow a decommission', () => {
    expect(check([ev(1, 'node_draining', 0), ev(2, 'node_quarantined', 0), ev(3, 'node_released', 0), ev(4, 'node_draining', 1), ev(5, 'node_decommissioned', 1)])).toEqual([])
    truth.clear()
    const v = check([ev(1, 'node_decommissioned', 2), ev(2, 'node_restarting', 2)])
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/decommissioned → restarting is not a legal transition/)])
  })

  it('reports an event that lies about where the world came from, or names no reason and requester', () => {
    const lie = check([ev(1, 'node_crashed', 0), ev(2, 'node_restarting', 0, 'atmOS', { from: 'up', to: 'restarting', reason: 'x', requester: 'chaOS' })])
    expect(lie.map((x) => x.message)).toEqual([expect.stringMatching(/says up → restarting, but the world was crashed/)])
    truth.clear()
    const anonymous = check([ev(1, 'node_crashed', 0, 'atmOS', { from: 'up', to: 'crashed', reason: 'x', requester: '' })])
    expect(anonymous.map((x) => x.message)).toEqual([expect.stringMatching(/does not name its reason and requester/)])
  })

  it('reports an event for a world that does not exist, and ignores other layers and types', () => {
    expect(check([ev(1, 'node_crashed', 5)])[0]!.message).toMatch(/does not exist/)
    expect(check([ev(1, 'node_restarted', 0, 'mythOS'), ev(2, 'transition_ignored', 0)])).toEqual([])
  })
})
