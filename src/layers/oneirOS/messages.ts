/** oneirOS's messages: what it consumes and sends, its wire protocol (snapshot chunks and acknowledgements) and its typed context. */
import { z } from 'zod'
import type { Ctx } from '../../kernel/layer'
import { WorldStatusMsg } from '../../kernel/worlds'
import type { LayerScenario } from '../../scenario/base'
import { InstallSnapshotMsg, SendSnapshotMsg, SnapshotStatusMsg } from '../mythOS/messages'
import { NET_ANNOUNCEMENTS, NetStatsMsg } from '../net/messages'
import { OneirosSettings } from './settings'

export const ONEIROS_CONSUMES = { ...NET_ANNOUNCEMENTS, world_status: WorldStatusMsg, send_snapshot: SendSnapshotMsg }
export const ONEIROS_SENDS = { install_snapshot: InstallSnapshotMsg, snapshot_status: SnapshotStatusMsg, net_stats: NetStatsMsg }

export type OneirosCtx = Ctx<LayerScenario, typeof ONEIROS_SENDS, typeof OneirosSettings>

const world = z.number().int().min(0)
const n = z.number().int().min(0)

export const SNAPSHOT_WIRE = {
  /**
   * Chunk `seq` of `total` of transfer `id`: `size` bytes of the snapshot at `index` (its term and
   * chain: the state it holds), from the leader of `term`; `bytes` is the snapshot's whole size.
   */
  chunk: z.strictObject({ t: z.literal('chunk'), from: world, to: world, id: n, seq: n, total: n, size: n, term: n, index: n, snapTerm: n, chain: z.string().max(128), bytes: n, voters: z.array(world).max(100_000) }),
  /**
   * Cumulative acknowledgement: the receiver holds every chunk before `next`. `life` counts the
   * receiver's crashes: an acknowledgement from a later life means it lost what it held.
   */
  ack: z.strictObject({ t: z.literal('ack'), from: world, to: world, id: n, next: n, life: n }),
}
export const SnapshotWireSchema = z.discriminatedUnion('t', [SNAPSHOT_WIRE.chunk, SNAPSHOT_WIRE.ack])
export type ChunkMsg = z.infer<typeof SNAPSHOT_WIRE.chunk>
export type AckMsg = z.infer<typeof SNAPSHOT_WIRE.ack>
export type SnapshotPacket = ChunkMsg | AckMsg

/** Header bytes of a chunk or an acknowledgement (the chunk adds its payload). */
export const HEADER_BYTES = 64
