/**
 * etymOS — the schema registry (Confluent Schema Registry). Every message type of every layer is a
 * subject of a registry built from the layers' own zod schemas (catalogue.ts, registry.ts,
 * compat.ts: versions, content-addressed immutable ids, compatibility modes checked when a version
 * is added). While etymOS runs, boundary validation is on (validatesBoundaries): the kernel checks
 * every cross-layer delivery against the consumer's schema, and each layer every node-to-node
 * message at its receiver against its wire schema; a message that fails is dropped and reported
 * as a kernel `schema_rejected` message, which etymOS consumes, counts per subject and per layer,
 * and logs.
 *
 * Events (node = the receiving world, null for a cross-layer delivery about no world):
 *   schema_rejected {layer, type, path, reason, from, boundary: 'layer' | 'wire', subject}
 * Metrics: rejections (per metrics interval), rejectionsTotal.
 * The catalogue itself is static (built from the code, on the main thread by the inspector): this
 * layer's state holds only what the run adds to it, the rejections.
 */
import { z } from 'zod'
import { SCHEMA_REJECTED_TYPE, SchemaRejectedMsg } from '../../kernel/boundary'
import { defineLayer } from '../define'
import { subjectOf } from './subject'
import { EtymosSettings } from './settings'
import type { EtymosView, RejectionView } from './view'
import { etymOSManifest } from './manifest'


export type { EtymosView } from './view'

export interface EtymosState {
  total: number
  /** `total` at the last metrics sample (rejections per interval = the difference). */
  sampledTotal: number
  bySubject: Record<string, number>
  byLayer: Record<string, number>
  byBoundary: { layer: number; wire: number }
  /** The latest rejections, newest last (at most settings.recentRejectionsMax). */
  recent: RejectionView[]
  recentMax: number
  defaultCompatibility: EtymosSettings['defaultCompatibility']
  compatibility: EtymosSettings['compatibility']
}

const bump = (r: Record<string, number>, k: string): void => {
  r[k] = (r[k] ?? 0) + 1
}

export const etymOS = defineLayer({
  ...etymOSManifest,
  consumes: { [SCHEMA_REJECTED_TYPE]: SchemaRejectedMsg },
  events: { schema_rejected: SchemaRejectedMsg.omit({ node: true }).extend({ subject: z.string() }) },
  sends: {},
  validatesBoundaries: true,
  sample(s: EtymosState) {
    const rejections = s.total - s.sampledTotal
    s.sampledTotal = s.total
    return { rejections, rejectionsTotal: s.total }
  },
  init(ctx): EtymosState {
    return {
      total: 0,
      sampledTotal: 0,
      bySubject: {},
      byLayer: {},
      byBoundary: { layer: 0, wire: 0 },
      recent: [],
      recentMax: ctx.settings.recentRejectionsMax,
      defaultCompatibility: ctx.settings.defaultCompatibility,
      compatibility: { ...ctx.settings.compatibility },
    }
  },
  onMessage(s: EtymosState, msg, ctx) {
    if (msg.type !== SCHEMA_REJECTED_TYPE) return
    const r = msg.data
    const subject = subjectOf(r)
    s.total++
    bump(s.bySubject, subject)
    bump(s.byLayer, r.layer)
    s.byBoundary[r.boundary]++
    if (s.recentMax > 0) {
      s.recent.push({ t: ctx.now, subject, layer: r.layer, type: r.type, path: r.path, reason: r.reason, from: r.from, node: r.node, boundary: r.boundary })
      if (s.recent.length > s.recentMax) s.recent.splice(0, s.recent.length - s.recentMax)
    }
    ctx.emit('schema_rejected', r.node, { layer: r.layer, type: r.type, path: r.path, reason: r.reason, from: r.from, boundary: r.boundary, subject })
  },
  onTimer() {},
  view: (s: EtymosState): EtymosView => ({
    total: s.total,
    bySubject: { ...s.bySubject },
    byLayer: { ...s.byLayer },
    byBoundary: { ...s.byBoundary },
    recent: s.recent.map((r) => ({ ...r })),
    defaultCompatibility: s.defaultCompatibility,
    compatibility: { ...s.compatibility },
  }),
  summary: (s: EtymosState) => ({ rejected: s.total, bySubject: { ...s.bySubject }, byLayer: { ...s.byLayer } }),
})
