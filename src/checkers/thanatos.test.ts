/** The decommission checker on crafted histories: honest ones pass, each rule broken once fails. */
import { describe, expect, it } from 'vitest'
import type { LoggedEvent, SimTime } from '../kernel/types'
import { ScenarioSchema } from '../scenario/schema'
import { decommissionChecker } from './thanatos'

const scenario = ScenarioSchema.parse({ seed: 9, run: ['atmOS', 'chaOS', 'mythOS', 'thanatOS'] }) // 5 worlds, voters 0..4
let offset = 0
const ev = (t: number, layer: string, node: number | null, type: string, data: Record<string, unknown> = {}): LoggedEvent =>
  ({ t: t as SimTime, layer, node, type, data, offset: offset++ }) as LoggedEvent
const judge = (events: LoggedEvent[]) => {
  const c = decommissionChecker(scenario)
  for (const e of events) c.onEvent(e)
  return c.violations()
}
const status = (t: number, node: number, type: string, requester = 'chaOS') => ev(t, 'atmOS', node, type, { requester })

describe('decommission checker', () => {
  it('passes a graceful decommission after the removal committed', () => {
    expect(judge([
      ev(1, 'mythOS', 0, 'config_committed', { term: 1, index: 9, voters: [0, 1, 2, 3] }),
      status(2, 4, 'node_decommissioned', 'thanatOS'),
      ev(2, 'thanatOS', 4, 'decommission_completed', { termination: 1, tookUs: 5, graceful: true }),
    ])).toEqual([])
  })

  it('fails a decommission of a voter that leaves fewer than a quorum live', () => {
    const v = judge([
      status(1, 0, 'node_crashed'),
      status(1, 1, 'node_crashed'),
      status(2, 2, 'node_decommissioned', 'thanatOS'),
    ])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/world 2, a voter, leaving 2 of the other voters .* fewer than a quorum of 3/)
  })

  it('passes a forced decommission of a voter when the others keep a quorum', () => {
    expect(judge([status(1, 0, 'node_crashed'), status(2, 2, 'node_decommissioned', 'thanatOS')])).toEqual([])
  })

  it('fails a graceful decommission of a world still in the voter set', () => {
    const v = judge([status(2, 3, 'node_decommissioned', 'thanatOS'), ev(2, 'thanatOS', 3, 'decommission_completed', { termination: 1, tookUs: 5, graceful: true })])
    expect(v).toHaveLength(1)
    expect(v[0]!.message).toMatch(/graceful, but it is still a voter/)
  })
})
