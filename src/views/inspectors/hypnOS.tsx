/**
 * hypnOS's inspector: when each world may run its background job (its load against the threshold)
 * and what compaction did — the log it holds, its last snapshot, the last job's entries and bytes
 * before and after and how long its snapshot write took.
 */
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

const kb = (b: number): string => (b >= 1_024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`)

export function HypnosInspector() {
  useTick(500)
  const settings = useTheos((s) => s.scenario.layers.hypnOS)
  const v = frameBuffer.views.hypnOS
  if (!v) return <Waiting />
  return (
    <>
      <p className="muted">
        Each world compacts its Raft log once it has applied {settings.snapshotCount} entries since its last snapshot (etcd's snapshot count), keeping {settings.catchUpEntries} for followers a little behind — but only while its load is below {settings.loadThreshold} Raft messages/s; otherwise the job waits for a quieter moment, unless {settings.stopFactor * settings.snapshotCount} entries have piled up: then it runs anyway (RocksDB's stop trigger).
      </p>
      <Facts
        items={[
          ['compactions', v.stats.compactions],
          ['entries folded into snapshots', v.stats.entriesCompacted],
          ['bytes freed', kb(v.stats.bytesCompacted)],
          ['times a due job waited', v.stats.deferrals],
          ['jobs cut by a crash', v.stats.aborted],
        ]}
      />
      <Table
        testId="hypnos-table"
        head={['world', 'load msg/s', 'job', 'applied', 'snapshot', 'held', 'jobs', 'waited', 'last job (entries · bytes)']}
        rows={v.worlds.map((w) => [
          w.id,
          <span key="l" className={w.load >= settings.loadThreshold ? 'load--busy' : undefined}>{w.up ? w.load.toFixed(0) : 'down'}</span>,
          <span key="s" data-state={w.state}>{w.state}</span>,
          w.appliedIndex,
          w.snapshotIndex || '—',
          w.logEntries,
          w.jobs,
          w.deferrals,
          w.last ? (
            <span key="j" className="nowrap" title={`snapshot at ${w.last.snapshotIndex}; from the request to the snapshot durable: ${(w.last.tookUs / 1000).toFixed(1)} ms`}>
              {w.last.entriesBefore} → {w.last.entriesAfter} · {kb(w.last.bytesBefore)} → {kb(w.last.bytesAfter)}
            </span>
          ) : '—',
        ])}
      />
    </>
  )
}
