/**
 * The metrics channel as CSV: `t_us,layer,metric,unit,world,value`, one row per value (a per-world
 * metric gives one row per world; a cluster-wide one has an empty world). Units come from the
 * publishing layer's declaration.
 */
import type { MetricSample } from '../kernel/types'
import { registry } from '../layers/index'

export const metricsCsvHeader = (): string => 't_us,layer,metric,unit,world,value\n'

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

export function metricsCsvLines(samples: readonly MetricSample[]): string {
  let out = ''
  for (const s of samples) {
    const defs = registry.get(s.layer)?.metrics ?? {}
    for (const [name, value] of Object.entries(s.values)) {
      const unit = csvField(defs[name]?.unit ?? '')
      if (typeof value === 'number') out += `${s.t},${s.layer},${name},${unit},,${value}\n`
      else value.forEach((v, w) => { if (v !== null) out += `${s.t},${s.layer},${name},${unit},${w},${v}\n` })
    }
  }
  return out
}
