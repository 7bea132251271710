/**
 * chaOS's actions on the run: crash, restart, partition, heal. Each one decides now and
 * announces to every layer one quantum ahead (DESIGN §3), so all layers apply it at the same
 * instant; chaOS logs `fault_injected` / `fault_healed` at that instant (a timer), not when it
 * decided. chaOS is not a recipient of its own broadcasts, so it keeps its own view of the worlds.
 */
import { simUs } from '../../kernel/time'
import type { JsonObject, LayerContext } from '../../kernel/types'
import type { ChaosSliders } from '../../scenario/schema'

export interface ChaosWorld {
  /** chaOS's view: false from the moment it decides a crash until the restart takes effect. */
  up: boolean
  /** node_restarting / node_restart are already announced. */
  restarting: boolean
  /** The timer that will announce this world's automatic restart, or null. */
  restartTimer: number | null
}

export interface ActiveFault {
  id: number
  kind: 'crash' | 'partition'
  targets: number[]
  /** When it is due to end, or null for a manual fault that lasts until restart / heal. */
  untilUs: number | null
  /** For partitions: the id announced in partition_start. */
  partitionId: number | null
  /** For partitions: the timer that will announce the heal, or null. */
  healTimer: number | null
  /** The end is already announced. */
  ending: boolean
}

export interface ChaosState {
  sliders: ChaosSliders
  worlds: ChaosWorld[]
  faults: ActiveFault[]
  nextFaultId: number
  nextPartitionId: number
  /** The latest leader mythOS announced (highest term wins). */
  leader: { term: number; node: number | null } | null
  /** fault_injected events so far. */
  injected: number
  skipped: number
  /** The random-fault tick is scheduled. */
  ticking: boolean
}

/** Timer payloads. */
export type ChaosTimer =
  | { k: 'tick' }
  | { k: 'injected'; kind: 'crash' | 'partition'; targets: number[]; untilUs: number | null }
  | { k: 'restart_send'; node: number }
  | { k: 'restarted'; nodes: number[] }
  | { k: 'heal_send'; fault: number }
  | { k: 'healed'; faults: number[] }

const schedule = (ctx: LayerContext, at: number, t: ChaosTimer): number => ctx.schedule(simUs(at), t as unknown as JsonObject)

export function skip(s: ChaosState, ctx: LayerContext, kind: string, reason: string): void {
  s.skipped++
  ctx.emit('fault_skipped', null, { kind, reason })
}

/**
 * Crash worlds now + quantum. `auto`: a random crash that restarts by itself restartDelayMs later
 * (node_restarting one quantum before node_restart); otherwise a manual crash, down until a
 * manual restart (Jepsen's kill/start are separate operations).
 */
export function crashWorlds(s: ChaosState, ctx: LayerContext, nodes: readonly number[], auto: boolean): void {
  const q = ctx.quantumUs
  const at = ctx.now + q
  const restartAt = auto ? at + Math.max(s.sliders.restartDelayMs * 1_000, q) : null
  for (const node of nodes) {
    const w = s.worlds[node]!
    w.up = false
    ctx.send('*', 'node_crash', { node }, simUs(at))
    // The restart is announced by a timer, two quanta ahead, so a manual restart can still replace it.
    if (restartAt !== null) w.restartTimer = schedule(ctx, restartAt - 2 * q, { k: 'restart_send', node })
    s.faults.push({ id: s.nextFaultId++, kind: 'crash', targets: [node], untilUs: restartAt, partitionId: null, healTimer: null, ending: false })
  }
  schedule(ctx, at, { k: 'injected', kind: 'crash', targets: nodes.slice(), untilUs: restartAt })
}

/** Announce the restart of down worlds: node_restarting at now + q, node_restart at now + 2q. */
export function restartWorlds(s: ChaosState, ctx: LayerContext, nodes: readonly number[]): void {
  const q = ctx.quantumUs
  for (const node of nodes) {
    const w = s.worlds[node]!
    if (w.restartTimer !== null) ctx.cancel(w.restartTimer)
    w.restartTimer = null
    w.restarting = true
    ctx.send('*', 'node_restarting', { node }, simUs(ctx.now + q))
    ctx.send('*', 'node_restart', { node }, simUs(ctx.now + 2 * q))
    for (const f of s.faults) if (f.kind === 'crash' && f.targets[0] === node) f.ending = true
  }
  schedule(ctx, ctx.now + 2 * q, { k: 'restarted', nodes: nodes.slice() })
}

/** The restart took effect: the worlds are up again in chaOS's view. */
export function restarted(s: ChaosState, ctx: LayerContext, nodes: readonly number[]): void {
  for (const node of nodes) {
    const w = s.worlds[node]!
    w.up = true
    w.restarting = false
    s.faults = s.faults.filter((f) => !(f.kind === 'crash' && f.targets[0] === node))
  }
  ctx.emit('fault_healed', null, { kind: 'crash', targets: nodes.slice() })
}

/** Cut `isolated` from `rest` at now + q, for durationUs (null: until a manual heal). */
export function startPartition(s: ChaosState, ctx: LayerContext, isolated: number[], rest: number[], durationUs: number | null): void {
  const q = ctx.quantumUs
  const at = ctx.now + q
  const partitionId = s.nextPartitionId++
  const untilUs = durationUs === null ? null : at + durationUs
  const fault: ActiveFault = { id: s.nextFaultId++, kind: 'partition', targets: isolated, untilUs, partitionId, healTimer: null, ending: false }
  s.faults.push(fault)
  ctx.send('*', 'partition_start', { id: partitionId, groups: [isolated, rest] }, simUs(at))
  schedule(ctx, at, { k: 'injected', kind: 'partition', targets: isolated.slice(), untilUs })
  if (untilUs !== null) fault.healTimer = schedule(ctx, untilUs - q, { k: 'heal_send', fault: fault.id })
}

/** Announce the heal of one partition (its own end) or of all (a manual heal), at now + q. */
export function healPartitions(s: ChaosState, ctx: LayerContext, faultId: number | null): void {
  const healing = s.faults.filter((f) => f.kind === 'partition' && !f.ending && (faultId === null || f.id === faultId))
  if (healing.length === 0) return
  for (const f of healing) {
    if (f.healTimer !== null) ctx.cancel(f.healTimer)
    f.healTimer = null
    f.ending = true
  }
  const id = faultId === null ? null : healing[0]!.partitionId
  ctx.send('*', 'partition_heal', { id }, simUs(ctx.now + ctx.quantumUs))
  schedule(ctx, ctx.now + ctx.quantumUs, { k: 'healed', faults: healing.map((f) => f.id) })
}

export function healed(s: ChaosState, ctx: LayerContext, faultIds: readonly number[]): void {
  for (const id of faultIds) {
    const f = s.faults.find((x) => x.id === id)
    if (!f) continue
    s.faults = s.faults.filter((x) => x !== f)
    ctx.emit('fault_healed', null, { kind: 'partition', targets: f.targets.slice() })
  }
}
