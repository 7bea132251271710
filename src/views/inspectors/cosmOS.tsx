/** cosmOS's inspector: the fingerprint, the window grid, and theOS's placement of layers on hosts. */
import { useTheos } from '../../store/theos'
import { formatCount, formatSimTime } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { hostLabel } from '../panels/layerStatus'
import { Table } from './parts'

export function CosmosInspector() {
  const fingerprint = useTheos((s) => s.fingerprint)
  const simTimeUs = useTheos((s) => s.simTimeUs)
  const scenario = useTheos((s) => s.scenario)
  const placement = useTheos((s) => s.placement)
  const windows = Math.floor(simTimeUs / scenario.quantumUs)
  return (
    <>
      <Facts
        items={[
          ['fingerprint', <span key="f" className="break-all">{fingerprint || '—'}</span>],
          ['sim time', formatSimTime(simTimeUs)],
          ['window (quantum)', `${scenario.quantumUs / 1000} ms`],
          ['window grid position', `${formatCount(windows)} windows`],
          ['seed', scenario.seed],
          ['interventions', scenario.interventions.length],
        ]}
      />
      <h3>Placement (theOS)</h3>
      {placement.length === 0 ? (
        <p className="muted">No hosts yet.</p>
      ) : (
        <Table
          testId="cosmos-placement"
          head={['host', 'layers', 'state']}
          rows={placement.map((h) => [hostLabel(h), h.layers.join(', '), h.alive ? 'alive' : 'dead (restoring from snapshot)'])}
        />
      )}
    </>
  )
}

