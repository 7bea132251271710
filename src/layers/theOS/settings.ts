import { z } from 'zod'
import { int } from '../../scenario/base'

/**
 * theOS's settings: the desired workloads and how the orchestrator runs them. References
 * (../shared/REFERENCES.md): Kubernetes' reconciliation is level-triggered (the controller compares
 * desired with actual on every pass, not on edges); the scheduler filters then scores nodes 0–100;
 * a PodDisruptionBudget refuses an eviction (HTTP 429) that would leave fewer than minAvailable
 * healthy pods; the termination grace is 30 s. Times here are scaled down so a drain shows within
 * seconds in the default scenario.
 */

/** A service name: a DNS label, as Kubernetes names its objects (short here). */
export const ServiceName = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, 'a service name is 1–24 lower-case letters, digits and dashes, starting with a letter')

/** One workload: a Deployment's replicas, each pod's requests, and its PodDisruptionBudget. */
export const ServiceSpec = z.strictObject({
  name: ServiceName,
  replicas: int(0, 64),
  /** CPU each pod requests, millicores (1 capacity unit of a world = 1,000 m). */
  cpuMilli: int(1, 8_000).default(500),
  /** Memory each pod requests, MiB (1 capacity unit of a world = 1,024 MiB). */
  memMb: int(1, 8_192).default(512),
  /**
   * PodDisruptionBudget: a voluntary eviction (a drain) is refused while it would leave fewer than
   * this many ready pods. As in Kubernetes it is not clamped: minAvailable ≥ replicas blocks every
   * drain eviction of the service (its pods stay until the world goes).
   */
  minAvailable: int(0, 64).default(0),
})
export type ServiceSpec = z.infer<typeof ServiceSpec>
export type ServiceSpecInput = z.input<typeof ServiceSpec>

export const MAX_SERVICES = 16

/** Small enough for the default five worlds (each has 1–8 units): 2.75 units in all. */
export const DEFAULT_SERVICES: readonly ServiceSpec[] = [
  { name: 'api', replicas: 3, cpuMilli: 500, memMb: 512, minAvailable: 2 },
  { name: 'worker', replicas: 2, cpuMilli: 1_000, memMb: 1_024, minAvailable: 1 },
  { name: 'cache', replicas: 1, cpuMilli: 250, memMb: 256, minAvailable: 0 },
]

export const TheosSettings = z.strictObject({
  services: z
    .array(ServiceSpec)
    .max(MAX_SERVICES)
    .refine((ss) => new Set(ss.map((s) => s.name)).size === ss.length, 'two services have the same name')
    .default(DEFAULT_SERVICES.map((s) => ({ ...s }))),
  /** The level-triggered loop's period, ms (every pass compares desired with actual). */
  reconcileMs: int(10, 600_000).default(1_000),
  /** A sync this soon after a relevant change (a world's status, a conviction, a pod ready, an intervention), ms: the work queue. */
  syncDelayMs: int(0, 60_000).default(100),
  /** A scheduled pod becomes ready this long after it is bound (image pull, start, readiness probe), ms. */
  startupMs: int(0, 600_000).default(2_000),
  /** An evicted pod terminates for this long (SIGTERM → SIGKILL) and holds its world's resources meanwhile, ms. Kubernetes: 30 s. */
  terminationGraceMs: int(0, 600_000).default(1_000),
  /** Scheduler weights (kube-scheduler's score plugins): NodeResourcesFit LeastAllocated and spread of a service's replicas. */
  leastAllocatedWeight: int(0, 100).default(1),
  spreadWeight: int(0, 100).default(2),
})
export type TheosSettings = z.infer<typeof TheosSettings>

const atUs = int(0, Number.MAX_SAFE_INTEGER)

/** The user scales a service to `replicas` (kubectl scale). */
export const ScaleIntervention = z.strictObject({ kind: z.literal('scale'), atUs, service: ServiceName, replicas: int(0, 64) })
export type ScaleIntervention = z.infer<typeof ScaleIntervention>

/** The user adds a service or replaces one of that name (kubectl apply). */
export const ServiceIntervention = ServiceSpec.extend({ kind: z.literal('service'), atUs })
export type ServiceIntervention = z.infer<typeof ServiceIntervention>

/** The user removes a service: its pods terminate (kubectl delete). */
export const ServiceRemoveIntervention = z.strictObject({ kind: z.literal('service_remove'), atUs, name: ServiceName })
export type ServiceRemoveIntervention = z.infer<typeof ServiceRemoveIntervention>

export const THEOS_INTERVENTIONS = { scale: ScaleIntervention, service: ServiceIntervention, service_remove: ServiceRemoveIntervention }

/** What one capacity unit of a world (atmOS: 1..8) is worth. */
export const CPU_MILLI_PER_UNIT = 1_000
export const MEM_MB_PER_UNIT = 1_024
