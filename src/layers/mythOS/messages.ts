import { z } from 'zod'
import { int } from '../../scenario/base'

/** atmOS → mythOS: a world proposes a happening to the story. */
export const ProposeMsg = z.strictObject({ node: z.number().int().min(0), id: z.string().max(64), text: z.string().max(500) })

/** mythOS → (chaOS …): who leads now (null: the leader of `term` stepped down or crashed). */
export const LeaderMsg = z.strictObject({ term: z.number().int().min(0), node: z.number().int().min(0).nullable() })

/**
 * The user asks the leader to hand over leadership (etcd MsgTransferLeader): to a world, or to the
 * most caught-up follower when `to` is null.
 */
export const TransferLeadershipIntervention = z.strictObject({
  kind: z.literal('transfer_leadership'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  to: z.number().int().min(0).nullable(),
})

/**
 * mythOS → karmOS: entries a world applied to its state machine, in index order (the replicated
 * part of its ledger). Sent only while karmOS runs.
 */
export const AppliedMsg = z.strictObject({
  node: z.number().int().min(0),
  entries: z.array(z.strictObject({ index: z.number().int().min(1), term: z.number().int().min(0), digest: z.string().max(128) })).max(100_000),
})

// ── The wire protocol: Raft's node-to-node messages (etcd raftpb), catalogued by etymOS and
// validated at the receiver while it runs. One schema per message kind (`t`).
const world = z.number().int().min(0)
const idx = z.number().int().min(0)
const base = { from: world, to: world, term: idx }
const WireEntrySchema = z.strictObject({ term: idx, kind: z.enum(['noop', 'happening', 'conf']), id: z.string().max(64).nullable(), text: z.string().max(500), digest: z.string().max(128) })

export const RAFT_WIRE = {
  prevote: z.strictObject({ ...base, t: z.literal('prevote'), lastIndex: idx, lastTerm: idx, transfer: z.boolean() }),
  vote: z.strictObject({ ...base, t: z.literal('vote'), lastIndex: idx, lastTerm: idx, transfer: z.boolean() }),
  prevote_resp: z.strictObject({ ...base, t: z.literal('prevote_resp'), reject: z.boolean() }),
  vote_resp: z.strictObject({ ...base, t: z.literal('vote_resp'), reject: z.boolean() }),
  app: z.strictObject({ ...base, t: z.literal('app'), prevIndex: idx, prevTerm: idx, entries: z.array(WireEntrySchema), commit: idx }),
  app_resp: z.strictObject({ ...base, t: z.literal('app_resp'), index: idx, reject: z.boolean(), hint: idx, hintTerm: idx }),
  hb: z.strictObject({ ...base, t: z.literal('hb'), commit: idx }),
  hb_resp: z.strictObject({ ...base, t: z.literal('hb_resp') }),
  timeout_now: z.strictObject({ ...base, t: z.literal('timeout_now') }),
  forward: z.strictObject({ ...base, t: z.literal('forward'), id: z.string().max(64), text: z.string().max(500), hops: idx }),
}

/** Any Raft message: a corrupted `t` fails here too. */
export const RaftWireSchema = z.discriminatedUnion('t', Object.values(RAFT_WIRE) as unknown as [typeof RAFT_WIRE.prevote, ...(typeof RAFT_WIRE.prevote)[]])

// ── Compaction and snapshots (etcd's raft library ↔ etcdserver's snapshot trigger and rafthttp's
// snapshot sender, here hypnOS and oneirOS).
const hexHash = z.string().max(128)
const count = z.number().int().min(0)

/** hypnOS → mythOS: take a snapshot of world `node`'s state and compact its log, keeping `keep` entries before it for followers to catch up from. */
export const CompactMsg = z.strictObject({ node: world, job: count, keep: count })

/** mythOS → hypnOS: how the compaction job went (ok false: nothing to do, or the world went down). */
export const CompactedMsg = z.strictObject({
  node: world,
  job: count,
  ok: z.boolean(),
  reason: z.string().max(200),
  snapshotIndex: count,
  /** The snapshot's state: the chain at snapshotIndex. */
  chain: hexHash,
  entriesBefore: count,
  entriesAfter: count,
  bytesBefore: count,
  bytesAfter: count,
})

/** A snapshot's metadata and size (the state it carries is the story's hash chain at `index`). */
const snapshot = { index: count, snapTerm: count, chain: hexHash, bytes: count, voters: z.array(world).max(100_000) }

/** mythOS (a leader) → oneirOS: send this snapshot from `from` to `to` (etcd MsgSnap, handed to the snapshot sender). */
export const SendSnapshotMsg = z.strictObject({ from: world, to: world, term: count, ...snapshot })

/** oneirOS → mythOS: the whole snapshot reached world `node` from the leader `from` of `term` (etcd: the receiver steps MsgSnap into raft). */
export const InstallSnapshotMsg = z.strictObject({ node: world, from: world, term: count, ...snapshot })

/** oneirOS → mythOS: the transfer from `from` to `to` ended (etcd ReportSnapshot: finished or failed). */
export const SnapshotStatusMsg = z.strictObject({ from: world, to: world, term: count, index: count, ok: z.boolean() })

/** The user adds a voter (a caught-up learner) or removes one: a single-server membership change. */
export const VotersIntervention = z.strictObject({
  kind: z.literal('voters'),
  atUs: int(0, Number.MAX_SAFE_INTEGER),
  node: z.number().int().min(0),
  action: z.enum(['add', 'remove']),
})

/** thanatOS (…) → mythOS: add a voter (a caught-up learner) or remove one (a single-server change). */
export const MembershipChangeMsg = z.strictObject({ node: world, action: z.enum(['add', 'remove']), requester: z.string().max(40) })
export type MembershipChangeMsg = z.infer<typeof MembershipChangeMsg>

/** thanatOS (…) → mythOS: if world `node` leads, hand leadership to the most caught-up voter (etcd MsgTransferLeader). */
export const LeadershipTransferMsg = z.strictObject({ node: world, requester: z.string().max(40) })

/**
 * mythOS → thanatOS, nomOS (…): the cluster's voter set. committed: a leader committed the conf
 * entry at `index` (change null) — or, with committed false, a requested change was appended at
 * `index` (refused null) or refused (refused says why; voters are then the committed set).
 */
export const MembershipMsg = z.strictObject({
  voters: z.array(world).max(100_000),
  index: count,
  term: count,
  committed: z.boolean(),
  change: z.strictObject({ node: world, action: z.enum(['add', 'remove']), requester: z.string().max(40) }).nullable(),
  refused: z.string().max(200).nullable(),
})

/**
 * harmoniOS → mythOS: install Raft software `version` on world `node` (a rollout's step or its
 * rollback); heartbeatMs null: the scenario's own (the stable version).
 */
export const SoftwareVersionMsg = z.strictObject({ node: world, version: z.string().max(40), heartbeatMs: z.number().int().min(1).max(60_000).nullable() })
