/** logOS's inspector: what the browser holds of the event log, by layer and type. */
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatCount } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { Table } from './parts'

export function LogosInspector() {
  const retention = useTheos((s) => s.logRetention)
  const total = useTheos((s) => s.eventCount)
  const log = frameBuffer.log
  const byLayer = [...log.countsByLayer()].sort((a, b) => b[1] - a[1])
  const byType = [...log.countsByType()].sort((a, b) => b[1] - a[1])
  return (
    <>
      <Facts
        items={[
          ['events (total)', formatCount(total)],
          ['held in the browser', `${formatCount(log.size)} (offsets ${log.firstOffset} … ${Math.max(log.firstOffset, log.nextOffset - 1)})`],
          ['retention', `newest ${formatCount(retention)}; older whole segments are dropped (the CLI keeps all)`],
        ]}
      />
      <h3>By layer</h3>
      <Table head={['layer', 'events']} rows={byLayer.map(([k, n]) => [k, formatCount(n)])} />
      <h3>By type</h3>
      <Table testId="logos-types" head={['type', 'events']} rows={byType.map(([k, n]) => [k, formatCount(n)])} />
    </>
  )
}

