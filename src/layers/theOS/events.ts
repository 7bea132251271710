/** theOS's logOS events (node = the world the pod is on or goes to; null when none). */
import { z } from 'zod'

const count = z.number().int().min(0)
const score = z.number().int().min(0).max(100)
const name = z.string().max(24)
const pod = { service: name, replica: count }

export const EVICTION_KINDS = ['lost', 'drain', 'scale_down', 'removed'] as const

export const THEOS_EVENTS = {
  /** The worlds' capacities, once they are known (atmOS's world_capacity): what pods are scheduled against. */
  capacity_known: z.strictObject({ cpuMilli: z.array(count), memMb: z.array(count) }),
  /** A service's desired state: from the settings at the start, or an intervention (scale, service). */
  service_set: z.strictObject({ name, replicas: count, cpuMilli: count, memMb: count, minAvailable: count, cause: z.enum(['settings', 'scale', 'service']) }),
  service_removed: z.strictObject({ name, pods: count }),
  /** An intervention that could not be applied (a scale of an unknown service …). */
  intervention_rejected: z.strictObject({ kind: z.string(), reason: z.string().max(200) }),
  /** pandemoniOS's verdict on a world, as the orchestrator heard it (convicted worlds are failed for it). */
  conviction_heard: z.strictObject({ convicted: z.boolean(), phi: z.number().min(0) }),
  /** A pod was bound to the world (node) with its score (fit and spread parts) among `feasible` worlds. */
  pod_scheduled: z.strictObject({ ...pod, score, fit: score, spread: score, feasible: count, cpuMilli: count, memMb: count }),
  /** No world fits a pod (FailedScheduling); noted once per pod, it stays pending and is tried at every pass. */
  pod_pending: z.strictObject({ ...pod, reason: z.string().max(200) }),
  /** A pod passed its startup and readiness (afterUs since it was bound). */
  pod_ready: z.strictObject({ ...pod, afterUs: count }),
  /**
   * A pod leaves: lost with its world (crashed, quarantined, decommissioned, convicted, rebooted:
   * gone at once), evicted from a draining world within the disruption budget, deleted by a
   * scale-down or a service's removal (these terminate for the grace period). `ready` is the
   * service's ready pods after it, `minAvailable` its budget.
   */
  pod_evicted: z.strictObject({ ...pod, kind: z.enum(EVICTION_KINDS), reason: z.string().max(200), wasReady: z.boolean(), ready: count, minAvailable: count }),
  /** A drain eviction refused by the disruption budget (HTTP 429): noted once per pod and drain. */
  eviction_blocked: z.strictObject({ ...pod, ready: count, minAvailable: count }),
  /** A terminating pod is gone (its grace ended, or its world went first): its resources are free. */
  pod_deleted: z.strictObject({ ...pod, reason: z.string().max(200) }),
  /** A service reached desired = actual (every desired pod ready, none pending or starting). */
  reconciled: z.strictObject({ service: name, desired: count, actual: count }),
  /** Every service reached desired = actual; afterUs: since the last change (a world's status, a conviction, an intervention). */
  cluster_reconciled: z.strictObject({ desired: count, actual: count, afterUs: count.nullable() }),
}
