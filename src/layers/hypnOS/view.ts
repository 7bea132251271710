/** hypnOS's state and view model. */

export interface SleeperWorld {
  id: number
  up: boolean
  /** Raft messages delivered per second over the last metrics interval. */
  load: number
  /** The load was measured over the last interval of this life (a job may start only then). */
  loadKnown: boolean
  /** mythOS's cumulative `received` at the last sample (null: no baseline yet). */
  received: number | null
  sampledUs: number
  appliedIndex: number
  snapshotIndex: number
  /** Entries its log holds (mythOS logEntries). */
  logEntries: number
  job: { id: number; startedUs: number } | null
  /** Since when a due job has been waiting for a quieter moment (null: not waiting). */
  deferredSinceUs: number | null
  lastNoticeUs: number
  jobs: number
  deferrals: number
  last: { job: number; atUs: number; snapshotIndex: number; entriesBefore: number; entriesAfter: number; bytesBefore: number; bytesAfter: number; tookUs: number } | null
}

export interface HypnosState {
  nowUs: number
  worlds: SleeperWorld[]
  jobSeq: number
  /** The last compactions, oldest first (the view's marks). */
  recent: { node: number; atUs: number; entriesBefore: number; entriesAfter: number }[]
  stats: { compactions: number; deferrals: number; aborted: number; entriesCompacted: number; bytesCompacted: number }
}

export interface SleeperView {
  id: number
  up: boolean
  load: number
  appliedIndex: number
  snapshotIndex: number
  logEntries: number
  /** 'compacting': a job runs; 'waiting': a due job waits for a quieter moment; 'idle'. */
  state: 'compacting' | 'waiting' | 'idle'
  jobs: number
  deferrals: number
  last: SleeperWorld['last']
}

export interface HypnosView {
  nowUs: number
  worlds: SleeperView[]
  recent: HypnosState['recent']
  stats: HypnosState['stats']
}

export function hypnosView(s: HypnosState): HypnosView {
  return {
    nowUs: s.nowUs,
    worlds: s.worlds.map((w) => ({
      id: w.id,
      up: w.up,
      load: w.load,
      appliedIndex: w.appliedIndex,
      snapshotIndex: w.snapshotIndex,
      logEntries: w.logEntries,
      state: w.job !== null ? 'compacting' : w.deferredSinceUs !== null ? 'waiting' : 'idle',
      jobs: w.jobs,
      deferrals: w.deferrals,
      last: w.last,
    })),
    recent: s.recent.map((r) => ({ ...r })),
    stats: { ...s.stats },
  }
}
