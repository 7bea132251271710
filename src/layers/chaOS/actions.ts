/**
 * chaOS's actions on the run: crash, restart, partition, heal.
 * Crashes and restarts are requests to atmOS, the one owner of every world's life (it announces
 * the change one quantum ahead and logs it); chaOS logs `fault_injected` when it decides a crash
 * and `fault_healed` when the restarted world is up again (it reads the lifecycle mirror,
 * ctx.worlds, and the world_status announcements). Partitions are the network's, not a world's:
 * chaOS announces them itself to every layer one quantum ahead (DESIGN §3) and logs them at that
 * instant (a timer).
 */
import { simUs } from '../../kernel/time'
import type { Json } from '../../kernel/types'
import type { Partition } from '../net/partition'
import type { ChaosCtx } from './contract'
import type { PartitionDraw } from './faults'
import { outcomeReason, type LifecycleOutcomeMsg } from '../atmOS/messages'
import type { AdmissionResponseMsg } from '../nomOS/messages'
import type { ChaosSliders } from './settings'

export interface ChaosWorld {
  /** The timer that will request this world's automatic restart, or null. */
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
  /** A crash awaiting nomOS's admission (atmOS's review; while nomOS runs): not injected yet. */
  awaiting?: boolean
  /** A random crash awaiting admission: its automatic restart is scheduled this long after it is admitted, µs. */
  restartAfterUs?: number
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
  /** Partitions awaiting nomOS's admission (while it runs), by review id. */
  reviews: Record<number, { draw: PartitionDraw; durationUs: number | null; partitionId: number; random: boolean }>
  nextReview: number
}

/** Timer payloads. */
export type ChaosTimer =
  | { k: 'tick' }
  | { k: 'injected'; kind: 'crash' | 'partition'; targets: number[]; untilUs: number | null; review?: string }
  | { k: 'restart_send'; node: number }
  | { k: 'heal_send'; fault: number }
  | { k: 'healed'; faults: number[] }

const schedule = (ctx: ChaosCtx, at: number, t: ChaosTimer): number => ctx.schedule(simUs(at), t as unknown as Json)

export function skip(s: ChaosState, ctx: ChaosCtx, kind: string, reason: string): void {
  s.skipped++
  ctx.emit('fault_skipped', null, { kind, reason })
}

/**
 * Ask atmOS to crash worlds now. `auto`: a random crash that asks for its own restart
 * restartDelayMs later; otherwise a manual crash, down until a manual restart (Jepsen's kill/start
 * are separate operations).
 */
export function crashWorlds(s: ChaosState, ctx: ChaosCtx, nodes: readonly number[], auto: boolean, timedUs?: number): void {
  // A manual crash with a duration restarts by itself too (a random crash written down: shrinking).
  const delayUs = timedUs ?? Math.max(s.sliders.restartDelayMs * 1_000, ctx.quantumUs)
  const restartAt = auto || timedUs !== undefined ? ctx.now + delayUs : null
  const awaiting = reviewed(ctx)
  for (const node of nodes) {
    const w = s.worlds[node]!
    ctx.send('lifecycle_request', auto ? { node, action: 'crash', reason: 'random crash', requester: 'chaOS', random: true } : { node, action: 'crash', reason: 'manual crash', requester: 'chaOS' })
    if (w.restartTimer !== null) ctx.cancel(w.restartTimer)
    // Under review, the automatic restart is scheduled once the crash is admitted (it must not overtake it).
    w.restartTimer = restartAt !== null && !awaiting ? schedule(ctx, restartAt, { k: 'restart_send', node }) : null
    const fault: ActiveFault = { id: s.nextFaultId++, kind: 'crash', targets: [node], untilUs: awaiting ? null : restartAt, partitionId: null, healTimer: null, ending: false }
    if (awaiting) {
      fault.awaiting = true
      if (restartAt !== null) fault.restartAfterUs = delayUs
    }
    s.faults.push(fault)
  }
  if (awaiting) return // injected (or skipped) when atmOS says what nomOS decided: lifecycleOutcome
  s.injected++
  ctx.emit('fault_injected', null, { kind: 'crash', targets: nodes.slice(), untilUs: restartAt })
}

/** Whether chaOS's actions go through admission (nomOS runs). */
export const reviewed = (ctx: ChaosCtx): boolean => ctx.scenario.run.includes('nomOS')

/**
 * What became of a crash or restart chaOS asked for, under review (atmOS's lifecycle_outcome): an
 * admitted crash is injected (and its automatic restart scheduled from now); a denied or refused
 * one is dropped; a denied automatic restart is tried again a restart delay later, a manual one
 * may be asked again.
 */
export function lifecycleOutcome(s: ChaosState, ctx: ChaosCtx, o: LifecycleOutcomeMsg): void {
  if (o.requester !== 'chaOS') return
  const w = s.worlds[o.node]
  if (o.action === 'restart') {
    if (o.allowed) return
    const f = s.faults.find((x) => x.kind === 'crash' && x.targets[0] === o.node && x.ending)
    if (!f) return
    f.ending = false
    if (f.untilUs !== null && w && w.restartTimer === null) {
      f.untilUs = ctx.now + Math.max(s.sliders.restartDelayMs * 1_000, ctx.quantumUs)
      w.restartTimer = schedule(ctx, f.untilUs, { k: 'restart_send', node: o.node })
    }
    return skip(s, ctx, 'restart', `world ${o.node}: ${outcomeReason(o)}${f.untilUs !== null ? '; tried again later' : ''}`)
  }
  if (o.action !== 'crash') return
  const f = s.faults.find((x) => x.kind === 'crash' && x.awaiting === true && x.targets[0] === o.node)
  if (!f) return
  if (o.allowed) {
    delete f.awaiting
    if (f.restartAfterUs !== undefined && w) {
      f.untilUs = ctx.now + f.restartAfterUs
      if (w.restartTimer !== null) ctx.cancel(w.restartTimer)
      w.restartTimer = schedule(ctx, f.untilUs, { k: 'restart_send', node: o.node })
      delete f.restartAfterUs
    }
    s.injected++
    ctx.emit('fault_injected', null, { kind: 'crash', targets: [o.node], untilUs: f.untilUs, review: o.review })
    return
  }
  s.faults = s.faults.filter((x) => x !== f)
  if (w && w.restartTimer !== null) {
    ctx.cancel(w.restartTimer)
    w.restartTimer = null
  }
  skip(s, ctx, 'crash', `world ${o.node}: ${outcomeReason(o)}`)
}

/** Ask atmOS to restart down worlds (it boots them for one quantum, then they are up). */
export function restartWorlds(s: ChaosState, ctx: ChaosCtx, nodes: readonly number[], reason: string, random = false): void {
  for (const node of nodes) {
    const w = s.worlds[node]!
    if (w.restartTimer !== null) ctx.cancel(w.restartTimer)
    w.restartTimer = null
    // An automatic restart is part of a random fault: under chaos above the law it is not judged either.
    ctx.send('lifecycle_request', random && reviewed(ctx) ? { node, action: 'restart', reason, requester: 'chaOS', random: true } : { node, action: 'restart', reason, requester: 'chaOS' })
    for (const f of s.faults) if (f.kind === 'crash' && f.targets[0] === node) f.ending = true
  }
}

/** A world chaOS crashed is up again (atmOS announced it): its fault is over. */
export function restarted(s: ChaosState, ctx: ChaosCtx, node: number): void {
  // Up again (whoever restarted it): an automatic restart still pending for it is stale.
  const w = s.worlds[node]
  if (w && w.restartTimer !== null) {
    ctx.cancel(w.restartTimer)
    w.restartTimer = null
  }
  const before = s.faults.length
  s.faults = s.faults.filter((f) => !(f.kind === 'crash' && f.targets[0] === node))
  if (s.faults.length !== before) ctx.emit('fault_healed', null, { kind: 'crash', targets: [node] })
}

/**
 * Start a partition at now + q, for durationUs (null: until a manual heal): cut the isolated group
 * from the rest, or cut the links a majorities-ring does not keep. Its targets (fault_injected, the
 * view) are the isolated worlds, or for a ring every world in ring order.
 */
export function startPartition(s: ChaosState, ctx: ChaosCtx, draw: PartitionDraw, durationUs: number | null, random: boolean): void {
  if (!reviewed(ctx)) return partitionNow(s, ctx, draw, durationUs, s.nextPartitionId++, undefined)
  // Admission first (nomOS): the partition, with its id, is what the rules judge.
  const partitionId = s.nextPartitionId++
  const id = s.nextReview++
  s.reviews[id] = { draw, durationUs, partitionId, random }
  ctx.send('admission_review', { asker: 'chaOS', id, action: 'partition', target: null, partition: partitionOf(draw, partitionId), requester: 'chaOS', reason: random ? 'random partition' : 'manual partition', random })
}

function partitionOf(draw: PartitionDraw, id: number): Partition {
  return draw.kind === 'groups' ? { id, kind: 'groups', groups: [draw.isolated, draw.rest] } : { id, kind: 'ring', order: draw.order, reach: draw.reach }
}

/** Drop the partitions still awaiting nomOS's answer (a heal came first): they never start. */
export function cancelPendingPartitions(s: ChaosState, ctx: ChaosCtx): number {
  const ids = Object.keys(s.reviews)
  for (const id of ids) delete s.reviews[Number(id)]
  if (ids.length > 0) skip(s, ctx, 'partition', `healed before nomOS answered: ${ids.length} partition${ids.length === 1 ? '' : 's'} awaiting admission never start`)
  return ids.length
}

/** nomOS's answer about a partition chaOS asked for. */
export function partitionAdmission(s: ChaosState, ctx: ChaosCtx, r: AdmissionResponseMsg): void {
  if (r.asker !== 'chaOS') return
  const pending = s.reviews[r.id]
  if (!pending) return
  delete s.reviews[r.id]
  if (r.allowed) return partitionNow(s, ctx, pending.draw, pending.durationUs, pending.partitionId, r.review)
  skip(s, ctx, 'partition', `denied by nomOS's rule ${r.rule ?? '?'} (${r.review}): ${r.message ?? ''}`)
}

function partitionNow(s: ChaosState, ctx: ChaosCtx, draw: PartitionDraw, durationUs: number | null, partitionId: number, review: string | undefined): void {
  const q = ctx.quantumUs
  const at = ctx.now + q
  const untilUs = durationUs === null ? null : at + durationUs
  const partition = partitionOf(draw, partitionId)
  const targets = draw.kind === 'groups' ? draw.isolated.slice() : draw.order.slice()
  const fault: ActiveFault = { id: s.nextFaultId++, kind: 'partition', targets, untilUs, partitionId, healTimer: null, ending: false }
  s.faults.push(fault)
  ctx.send('partition_start', partition, simUs(at))
  const injected: ChaosTimer = { k: 'injected', kind: 'partition', targets: targets.slice(), untilUs }
  if (review !== undefined) injected.review = review
  schedule(ctx, at, injected)
  if (untilUs !== null) fault.healTimer = schedule(ctx, untilUs - q, { k: 'heal_send', fault: fault.id })
}

/** Announce the heal of one partition (its own end) or of all (a manual heal), at now + q. */
export function healPartitions(s: ChaosState, ctx: ChaosCtx, faultId: number | null): void {
  const healing = s.faults.filter((f) => f.kind === 'partition' && !f.ending && (faultId === null || f.id === faultId))
  if (healing.length === 0) return
  for (const f of healing) {
    if (f.healTimer !== null) ctx.cancel(f.healTimer)
    f.healTimer = null
    f.ending = true
  }
  const id = faultId === null ? null : healing[0]!.partitionId
  ctx.send('partition_heal', { id }, simUs(ctx.now + ctx.quantumUs))
  schedule(ctx, ctx.now + ctx.quantumUs, { k: 'healed', faults: healing.map((f) => f.id) })
}

export function healed(s: ChaosState, ctx: ChaosCtx, faultIds: readonly number[]): void {
  for (const id of faultIds) {
    const f = s.faults.find((x) => x.id === id)
    if (!f) continue
    s.faults = s.faults.filter((x) => x !== f)
    ctx.emit('fault_healed', null, { kind: 'partition', targets: f.targets.slice() })
  }
}
