import type { ChaosSliders, Scenario } from '../../scenario/schema'

/**
 * A slider's setting at sim time `nowUs`: the latest slider intervention for it that has happened
 * (or is due within the next window, so a move made while paused shows at once), else the
 * scenario's starting value. After a reset to the big bang this reads the starting value again,
 * and moves forward with the replayed interventions.
 */
export function sliderAt(s: Scenario, name: keyof ChaosSliders, nowUs: number): number {
  const horizon = nowUs + s.quantumUs
  let value = s.layers.chaOS[name]
  let at = -1
  for (const iv of s.interventions) {
    if (iv.kind === 'slider' && iv.name === name && iv.atUs <= horizon && iv.atUs >= at) {
      value = iv.value
      at = iv.atUs
    }
  }
  return value
}
