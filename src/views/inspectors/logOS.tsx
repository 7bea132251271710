/** logOS's inspector: what the browser holds of the event log, by layer and type, and what its cleaner compacted. */
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
  const compacted = log.compacted()
  const c = log.cleaner
  return (
    <>
      <Facts
        items={[
          ['events (total)', formatCount(total)],
          ['held in the browser', `${formatCount(log.size)} (offsets ${log.firstOffset} … ${Math.max(log.firstOffset, log.nextOffset - 1)})`],
          ['retention', `newest ${formatCount(retention)}; older whole segments go to the cleaner (the CLI writes every event to its JSONL file)`],
          ['compacted before them', <span key="c" data-testid="logos-compacted">{`${formatCount(compacted.length)} events: the last of each (layer, type, world)`}</span>],
          ['cleaner', `${c.passes} passes · ${formatCount(c.eventsRead)} read · ${formatCount(c.eventsDropped)} superseded, dropped`],
        ]}
      />
      <p className="muted">A compacted topic, as Kafka's cleanup.policy=compact: the cleaner runs once the segments retention moved out are half of what is compacted (min.cleanable.dirty.ratio 0.5) and keeps only each key's latest event — so the timelines still know every world's last role, crash or restart from before the window.</p>
      <h3>By layer</h3>
      <Table head={['layer', 'events']} rows={byLayer.map(([k, n]) => [k, formatCount(n)])} />
      <h3>By type</h3>
      <Table testId="logos-types" head={['type', 'events']} rows={byType.map(([k, n]) => [k, formatCount(n)])} />
    </>
  )
}

