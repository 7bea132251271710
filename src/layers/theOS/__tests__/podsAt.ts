/** Read from theOS's events where each pod ran at time t (its tests and bench/theos.mts share it). */
import type { LoggedEvent } from '../../../kernel/types'

/** Pod ("service#replica") → the world it ran on at time t, from pod_scheduled / pod_deleted / pod_evicted (lost). */
export function podsAt(events: readonly LoggedEvent[], t: number): Map<string, number> {
  const where = new Map<string, number>()
  for (const e of events) {
    if (e.t > t || e.layer !== 'theOS') continue
    const key = `${String(e.data['service'])}#${String(e.data['replica'])}`
    if (e.type === 'pod_scheduled') where.set(key, e.node!)
    else if (e.type === 'pod_deleted' || (e.type === 'pod_evicted' && e.data['kind'] === 'lost')) where.delete(key)
  }
  return where
}
