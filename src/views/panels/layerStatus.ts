/** What the Pantheon panel says about a layer: built or not, in this run or not, healthy, where. */
import type { Violation } from '../../checkers/types'
import type { LayerName } from '../../kernel/types'
import { BUILT_LAYERS, KERNEL_LAYERS } from '../../layers/manifests'
import { activeLayers, type Scenario } from '../../scenario/schema'
import type { HostInfo } from '../../store/types'

export const isBuilt = (name: LayerName): boolean => BUILT_LAYERS.includes(name)

/** Built, but not part of this run (the network that was not chosen, a layer `run` leaves out). */
export function isIdle(name: LayerName, s: Scenario): boolean {
  if ((KERNEL_LAYERS as readonly string[]).includes(name)) return false
  return !activeLayers(s).includes(name)
}

export function hostOf(name: LayerName, placement: readonly HostInfo[]): HostInfo | undefined {
  return placement.find((h) => h.layers.includes(name))
}

export { KERNEL_LAYERS }

/** Where a layer runs; cosmOS and logOS run with the coordinator (its own worker, or the main thread). */
export function whereLabel(name: LayerName, placement: readonly HostInfo[], coordinator: 'worker' | 'main' = 'main'): string {
  if ((KERNEL_LAYERS as readonly string[]).includes(name)) return coordinator === 'worker' ? 'coordinator worker' : 'main thread'
  return hostLabel(hostOf(name, placement))
}

export function hostLabel(host: HostInfo | undefined): string {
  if (host === undefined) return '—'
  if (host.kind === 'coordinator') return 'coordinator worker'
  return host.kind === 'main' ? 'main thread' : `worker ${host.host}`
}

export type Health = { kind: 'ok' | 'dead' | 'violations' | 'idle' | 'unbuilt'; text: string }

export function layerHealth(name: LayerName, s: Scenario, placement: readonly HostInfo[], violations: readonly Violation[]): Health {
  if (!isBuilt(name)) return { kind: 'unbuilt', text: 'not yet built' }
  if (isIdle(name, s)) return { kind: 'idle', text: 'not in this run' }
  const host = hostOf(name, placement)
  if (host !== undefined && !host.alive) return { kind: 'dead', text: 'host dead' }
  const broken = violations.filter((v) => v.layer === name).length
  if (broken > 0) return { kind: 'violations', text: `${broken} violation${broken === 1 ? '' : 's'}` }
  return { kind: 'ok', text: 'ok' }
}
