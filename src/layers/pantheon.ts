/**
 * The pantheon: every layer of the seed — built or not yet — its mythic name, and what it is in
 * the real world. The built layers' role and reference come from their modules (src/layers/index.ts,
 * whose order follows this one: a test checks it); the others are described here until built.
 * Never reorder existing names, only append.
 */
import { MANIFESTS as LAYERS } from './manifests'

export const LAYER_NAMES = [
  'cosmOS',
  'atmOS',
  'pneumOS',
  'aetherOS',
  'chaOS',
  'chronOS',
  'mythOS',
  'logOS',
  'etymOS',
  'karmOS',
  'theOS',
  'daemOS',
  'hypnOS',
  'oneirOS',
  'thanatOS',
  'nomOS',
  'pandemoniOS',
  'harmoniOS',
  'anomOS',
] as const

export type PantheonName = (typeof LAYER_NAMES)[number]

export const layerIndex = (name: PantheonName): number => LAYER_NAMES.indexOf(name)

export interface PantheonEntry {
  readonly name: PantheonName
  /** What the layer does in the run. */
  readonly role: string
  /** The real-world mechanism it is faithful to. */
  readonly reference: string
  /** More the pantheon says about the layer, under its description (none for most). */
  readonly note?: string
}

const DESCRIBED: readonly PantheonEntry[] = [
  { name: 'cosmOS', role: 'the universe: kernel, windows, routing, fingerprint', reference: 'deterministic simulation (FoundationDB, TigerBeetle)' },
  { name: 'atmOS', role: 'the worlds: nodes in 3D space, lifecycle, clock drift, workload', reference: 'a cluster of hosts' },
  { name: 'pneumOS', role: 'realistic network: distance latency, jitter, loss, partitions', reference: 'Jepsen nemesis, TigerBeetle packet simulator, netem' },
  { name: 'aetherOS', role: 'ideal network: constant minimal latency, no loss, no partitions', reference: 'an ideal network (baseline)' },
  { name: 'chaOS', role: 'entropy injector: crashes, partitions, loss, latency, drift', reference: 'Jepsen nemeses, Chaos Mesh, FoundationDB BUGGIFY' },
  { name: 'chronOS', role: 'clock sync and hybrid logical clocks', reference: 'NTP (RFC 5905), HLC (Kulkarni et al. 2014)' },
  { name: 'mythOS', role: 'narrative consensus: the replicated log is the agreed story', reference: 'Raft (Ongaro & Ousterhout), etcd/raft' },
  { name: 'logOS', role: 'append-only event log of every layer', reference: 'Kafka, EventStoreDB' },
  { name: 'etymOS', role: 'schema registry for every message and event', reference: 'Confluent Schema Registry' },
  { name: 'karmOS', role: 'causality: vector clocks, hash-chained ledgers, Merkle anti-entropy', reference: 'Dynamo/Cassandra anti-entropy, hash chains' },
  {
    name: 'theOS',
    role: 'orchestrator: schedules workloads onto nodes and layers onto workers',
    reference: 'Kubernetes scheduler + reconciliation loop',
    // theOS is two things: the control plane in the page (the store that runs cosmOS in its worker,
    // places the layers by cost, records your actions) and the orchestrator of workloads inside the
    // run (src/layers/theOS, a built layer like the others). The pantheon says both.
    note: "in the page: the control plane runs cosmOS in its own worker, places the layers by cost (above) and records your actions as timed interventions; in the run: the orchestrator schedules the services' pods onto the worlds",
  },
  { name: 'daemOS', role: 'supervisor of per-node daemons: restart policies, backoff', reference: 'Erlang/OTP supervisors, systemd' },
  { name: 'hypnOS', role: 'background jobs in low-activity windows: compaction, snapshots', reference: 'RocksDB compaction, etcd snapshot-count' },
  { name: 'oneirOS', role: 'installs state snapshots on lagging nodes', reference: 'Raft InstallSnapshot' },
  { name: 'thanatOS', role: 'graceful shutdown: drain, leadership transfer, grace period', reference: 'Kubernetes pod termination' },
  { name: 'nomOS', role: 'governance: declarative rules, admission control', reference: 'Open Policy Agent, PodDisruptionBudget' },
  { name: 'pandemoniOS', role: 'failure detection, quarantine, fencing, failover', reference: 'phi accrual (Cassandra/Akka), Pacemaker fencing' },
  { name: 'harmoniOS', role: 'convergence detection and gated staged rollouts', reference: 'quiescence detection, Argo Rollouts canary' },
  { name: 'anomOS', role: 'anomaly detection on metric streams, alerts', reference: 'Prometheus alerting, EWMA / MAD detectors' },
]

/** Every layer of the pantheon, in order; a built layer described by its own module. */
export const PANTHEON: readonly PantheonEntry[] = DESCRIBED.map((d) => {
  const m = LAYERS.find((x) => x.name === d.name)
  return m ? { ...d, role: m.role, reference: m.reference } : d
})
