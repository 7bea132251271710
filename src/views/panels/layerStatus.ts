/** What the Pantheon panel says about a layer: built or not, in this run or not, healthy, where. */
import type { Violation } from '../../checkers/types'
import type { LayerName } from '../../kernel/types'
import { BUILT_LAYERS } from '../../layers/registry'
import type { Scenario } from '../../scenario/schema'
import type { HostInfo } from '../../store/types'

export const isBuilt = (name: LayerName): boolean => BUILT_LAYERS.includes(name)

/** Built, but not part of this run (the network that was not chosen). */
export function isIdle(name: LayerName, s: Scenario): boolean {
  return (name === 'pneumOS' || name === 'aetherOS') && s.network !== name
}

/** Which layer a checker watches (checkers live outside the layers they check). */
export function checkerLayer(checker: string, s: Scenario): LayerName {
  const c = checker.toLowerCase()
  if (c.includes('raft') || c.includes('election') || c.includes('liveness') || c.includes('leader')) return 'mythOS'
  if (c.includes('network') || c.includes('partition') || c.includes('loss')) return s.network
  if (c.includes('lifecycle') || c.includes('world')) return 'atmOS'
  if (c.includes('chaos') || c.includes('fault')) return 'chaOS'
  return 'cosmOS'
}

export function hostOf(name: LayerName, placement: readonly HostInfo[]): HostInfo | undefined {
  return placement.find((h) => h.layers.includes(name))
}

/**
 * cosmOS (the coordinator) and logOS (its event sink) are not placed on workers: theOS drives them
 * from the main thread, while the other layers run wherever placement put them.
 */
export const KERNEL_LAYERS: readonly LayerName[] = ['cosmOS', 'logOS']

export function whereLabel(name: LayerName, placement: readonly HostInfo[]): string {
  if (KERNEL_LAYERS.includes(name)) return 'main thread'
  return hostLabel(hostOf(name, placement))
}

export function hostLabel(host: HostInfo | undefined): string {
  if (host === undefined) return '—'
  return host.kind === 'main' ? 'main thread' : `worker ${host.host}`
}

export type Health = { kind: 'ok' | 'dead' | 'violations' | 'idle' | 'unbuilt'; text: string }

export function layerHealth(name: LayerName, s: Scenario, placement: readonly HostInfo[], violations: readonly Violation[]): Health {
  if (!isBuilt(name)) return { kind: 'unbuilt', text: 'not yet built' }
  if (isIdle(name, s)) return { kind: 'idle', text: 'not in this run' }
  const host = hostOf(name, placement)
  if (host !== undefined && !host.alive) return { kind: 'dead', text: 'host dead' }
  const broken = violations.filter((v) => checkerLayer(v.checker, s) === name).length
  if (broken > 0) return { kind: 'violations', text: `${broken} violation${broken === 1 ? '' : 's'}` }
  return { kind: 'ok', text: 'ok' }
}
