/** oneirOS's inspector: snapshot transfers in flight (chunks acknowledged of all, resends) and the totals. */
import { frameBuffer } from '../../store/frameBuffer'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

export function OneirosInspector() {
  useTick(250)
  const v = frameBuffer.views.oneirOS
  if (!v) return <Waiting />
  return (
    <>
      <p className="muted">
        A world whose next entry the leader compacted away gets the leader's snapshot instead (Raft InstallSnapshot), in chunks over the network with a sliding window, cumulative acknowledgements and TCP's retransmission timeout; a crash of the receiver restarts the transfer from its first chunk.
      </p>
      <Facts items={[['transfers started', v.stats.started], ['delivered whole', v.stats.sent], ['given up', v.stats.aborted], ['chunk bytes sent', v.stats.chunkBytes.toLocaleString('en-US')]]} />
      <h3>In flight</h3>
      {v.transfers.length === 0 ? (
        <p className="muted" data-testid="oneiros-idle">No snapshot on its way.</p>
      ) : (
        <Table
          testId="oneiros-transfers"
          head={['from → to', 'snapshot index', 'bytes', 'chunks acked', 'resends']}
          rows={v.transfers.map((t) => [
            `${t.from} → ${t.to}`,
            t.index,
            t.bytes.toLocaleString('en-US'),
            <span key="p">
              <progress max={t.chunks} value={t.acked} /> {t.acked} / {t.chunks}
            </span>,
            t.resends,
          ])}
        />
      )}
    </>
  )
}
