/**
 * hypnOS — each world's background jobs, run in its quiet windows. The job it runs is Raft log
 * compaction, as etcdserver's snapshot trigger does: once a world has applied snapshotCount
 * entries since its last snapshot, mythOS is asked to write a snapshot of its state and cut its
 * log, keeping catchUpEntries before it (snapshot.ts in mythOS). Like RocksDB's background
 * compaction it gives way to foreground work: a due job starts only when the world's load — the
 * Raft messages delivered to it per second, read as a rate from mythOS's `received` metric on the
 * metrics channel — is below loadThreshold; otherwise it waits (job_deferred) and is tried again
 * at the next metrics sample — unless stopFactor × snapshotCount entries have piled up since its
 * last snapshot: then it runs however busy the world is (RocksDB's stop trigger; `forced`), so a
 * leader that is never quiet still has a bounded log. One job per world at a time. The job takes disk time on the world's
 * disk (atmOS: the write queues behind Raft's and costs its bytes at the disk's throughput); a
 * crash during it loses the write and nothing else — the old log is intact — and the job is given
 * up when the world is back (compaction_aborted) and done again later.
 *
 * Events (node = the world): compaction_started {job, appliedIndex, snapshotIndex, entries, load,
 * threshold, forced}, compaction_done {job, snapshotIndex, chain, entriesBefore, entriesAfter,
 * bytesBefore, bytesAfter, tookUs}, job_deferred {load, threshold, entries}, compaction_aborted
 * {job, reason}. Cross-layer: consumes metrics (mythOS's), world_status and compacted; sends compact.
 */
import { isLive } from '../../kernel/worlds'
import { perWorld, type MetricSampleMsg } from '../../kernel/metrics'
import { defineLayer } from '../define'
import { HYPNOS_CONSUMES, HYPNOS_SENDS, type HypnosCtx } from './contract'
import { HYPNOS_EVENTS } from './events'
import { hypnOSManifest } from './manifest'
import { hypnosView, type HypnosState, type HypnosView, type SleeperWorld } from './view'

export type { HypnosState, HypnosView } from './view'

/** A waiting job is noted at most this often per world (it is checked at every metrics sample). */
export const DEFER_NOTICE_US = 10_000_000

const newWorld = (id: number): SleeperWorld => ({
  id,
  up: true,
  load: 0,
  loadKnown: false,
  received: null,
  sampledUs: 0,
  appliedIndex: 0,
  snapshotIndex: 0,
  logEntries: 0,
  job: null,
  deferredSinceUs: null,
  lastNoticeUs: -DEFER_NOTICE_US,
  jobs: 0,
  deferrals: 0,
  last: null,
})

/** A metrics sample of mythOS: each world's load (a rate), and whether its job is due and may start. */
function onMythosSample(s: HypnosState, ctx: HypnosCtx, m: MetricSampleMsg): void {
  const { snapshotCount, loadThreshold } = ctx.settings
  const t = m.t
  for (const w of s.worlds) {
    const received = perWorld(m, 'received', w.id)
    if (received !== null) {
      // The rate over the last metrics interval (the first sample only sets the baseline).
      w.loadKnown = w.received !== null && t > w.sampledUs
      if (w.loadKnown) w.load = ((received - w.received!) * 1e6) / (t - w.sampledUs)
      w.received = received
      w.sampledUs = t
    }
    w.appliedIndex = perWorld(m, 'appliedIndex', w.id) ?? w.appliedIndex
    w.snapshotIndex = perWorld(m, 'snapshotIndex', w.id) ?? w.snapshotIndex
    w.logEntries = perWorld(m, 'logEntries', w.id) ?? w.logEntries
    if (!w.up || !w.loadKnown || w.job !== null || w.appliedIndex - w.snapshotIndex < snapshotCount) {
      w.deferredSinceUs = null
      continue
    }
    const forced = w.appliedIndex - w.snapshotIndex >= ctx.settings.stopFactor * snapshotCount
    if (w.load >= loadThreshold && !forced) {
      s.stats.deferrals++
      w.deferrals++
      if (w.deferredSinceUs === null) w.deferredSinceUs = ctx.now
      if (ctx.now - w.lastNoticeUs >= DEFER_NOTICE_US) {
        w.lastNoticeUs = ctx.now
        ctx.emit('job_deferred', w.id, { load: w.load, threshold: loadThreshold, entries: w.logEntries })
      }
      continue
    }
    w.deferredSinceUs = null
    const job = ++s.jobSeq
    w.job = { id: job, startedUs: ctx.now }
    w.jobs++
    ctx.emit('compaction_started', w.id, { job, appliedIndex: w.appliedIndex, snapshotIndex: w.snapshotIndex, entries: w.logEntries, load: w.load, threshold: loadThreshold, forced: w.load >= loadThreshold })
    ctx.send('compact', { node: w.id, job, keep: ctx.settings.catchUpEntries })
  }
}

export const hypnOS = defineLayer({
  ...hypnOSManifest,
  consumes: HYPNOS_CONSUMES,
  metricsFrom: ['mythOS'],
  sends: HYPNOS_SENDS,
  events: HYPNOS_EVENTS,
  init(ctx): HypnosState {
    const n = ctx.scenario.nodes.count
    return { nowUs: 0, worlds: Array.from({ length: n }, (_, id) => newWorld(id)), jobSeq: 0, recent: [], stats: { compactions: 0, deferrals: 0, aborted: 0, entriesCompacted: 0, bytesCompacted: 0 } }
  },

  onMessage(s, msg, ctx) {
    s.nowUs = ctx.now
    switch (msg.type) {
      case 'metrics': {
        const m = msg.data
        if (m.layer !== 'mythOS') return
        onMythosSample(s, ctx, m)
        return
      }
      case 'world_status': {
        const w = s.worlds[msg.data.node]
        if (!w) return
        const live = isLive(msg.data.status)
        // A job whose world went down is given up once it is back: by then mythOS's answer, had its
        // snapshot been written before the crash, has arrived (and completed the job).
        if (!w.up && live && w.job !== null) {
          ctx.emit('compaction_aborted', w.id, { job: w.job.id, reason: 'its world crashed during the snapshot write: the write was lost, the log is intact' })
          s.stats.aborted++
          w.job = null
        }
        w.up = live
        return
      }
      case 'compacted': {
        const m = msg.data
        const w = s.worlds[m.node]
        if (!w || w.job === null || w.job.id !== m.job) return // a job already given up
        const tookUs = ctx.now - w.job.startedUs
        w.job = null
        w.snapshotIndex = m.snapshotIndex
        w.logEntries = m.entriesAfter
        if (!m.ok) {
          s.stats.aborted++
          ctx.emit('compaction_aborted', w.id, { job: m.job, reason: m.reason })
          return
        }
        s.stats.compactions++
        s.stats.entriesCompacted += m.entriesBefore - m.entriesAfter
        s.stats.bytesCompacted += m.bytesBefore - m.bytesAfter
        const done = { job: m.job, snapshotIndex: m.snapshotIndex, chain: m.chain, entriesBefore: m.entriesBefore, entriesAfter: m.entriesAfter, bytesBefore: m.bytesBefore, bytesAfter: m.bytesAfter, tookUs }
        w.last = { ...done, atUs: ctx.now }
        s.recent.push({ node: w.id, atUs: ctx.now, entriesBefore: m.entriesBefore, entriesAfter: m.entriesAfter })
        if (s.recent.length > 64) s.recent.splice(0, s.recent.length - 64)
        ctx.emit('compaction_done', w.id, done)
        return
      }
    }
  },

  onTimer() {
    // hypnOS acts on what it hears (metrics samples, replies); it sets no timers.
  },

  sample(s) {
    return {
      load: s.worlds.map((w) => (w.up ? Math.round(w.load * 10) / 10 : null)),
      compactions: s.stats.compactions,
      deferrals: s.stats.deferrals,
    }
  },

  view(s): HypnosView {
    return hypnosView(s)
  },

  summary(s) {
    return { ...s.stats, jobsPerWorld: s.worlds.map((w) => w.jobs), snapshotIndex: s.worlds.map((w) => w.snapshotIndex) }
  },
})

