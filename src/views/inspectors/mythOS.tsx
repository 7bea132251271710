/** mythOS's inspector: every Raft node's membership (voter or learner), role, term and log positions, the logs entry by entry (RaftLog), and the committed story. */
import { mythosView } from '../../store/frameBuffer'
import { Facts } from '../panels/inspectorParts'
import { Table, Waiting } from './parts'
import { logRange, snapshotShort } from '../panels/format'
import { RaftLog } from '../timelines/RaftLog'

export function MythosInspector() {
  const v = mythosView()
  if (!v) return <Waiting />
  let voters = 0
  for (const n of v.nodes) if (n.voter) voters++
  return (
    <>
      <Facts items={[['term', v.term], ['leader', v.leader ?? 'none'], ['voters', voters === v.nodes.length ? `all ${voters} worlds` : `${voters} of ${v.nodes.length} worlds (the others learners)`], ['commit index', v.commitIndex], ['packets in flight', v.inFlight.length]]} />
      <h3>Nodes</h3>
      <Table
        testId="mythos-nodes"
        head={['world', 'member', 'up', 'role', 'term', 'voted for', 'leader', 'last', 'commit', 'applied', 'log', 'snapshot', 'snapshot to']}
        rows={v.nodes.map((n) => [
          n.id,
          n.voter ? 'voter' : 'learner',
          n.up ? 'up' : 'down',
          <span key="r" className={`role role--${n.role}`}>
            {n.role}
          </span>,
          n.term,
          n.votedFor ?? '—',
          n.leader ?? '—',
          n.lastIndex,
          n.commitIndex,
          n.appliedIndex,
          logRange(n),
          snapshotShort(n),
          n.snapshotTo.length === 0 ? '—' : n.snapshotTo.join(', '),
        ])}
      />
      <h3>Logs, entry by entry (coloured by term)</h3>
      <RaftLog title="" compact />
      <h3>The story so far</h3>
      {v.story.length === 0 ? (
        <p className="muted">Nothing committed yet.</p>
      ) : (
        <ol className="story">
          {v.story.map((e) => (
            <li key={e.index}>
              <span className="mono muted">
                #{e.index} t{e.term}
              </span>{' '}
              {e.text}
            </li>
          ))}
        </ol>
      )}
    </>
  )
}

