/** The network layer's inspector (pneumOS or aetherOS): traffic, by layer and link, chaOS's parameters, partitions. */
import { US_PER_MS } from '../../kernel/time'
import type { NetworkView, PartitionView } from '../../layers/views'
import { networkView } from '../../store/frameBuffer'
import { sliderMeta, type SliderName } from '../panels/chaosSliders'
import { formatCount } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { Table, Waiting } from './parts'

/** One active partition in words: its groups, or its majorities-ring (order and reach). */
function describePartition(p: PartitionView): string {
  if (p.kind === 'groups') return p.groups.map((g) => `{${g.join(', ')}}`).join('  ⟂  ')
  return `majorities-ring ${p.order.join(' → ')} → ${p.order[0] ?? ''} · each reaches ±${p.reach} on the ring`
}

const NET_PARAMS: readonly (readonly [SliderName, (c: NetworkView['chaos']) => number])[] = [
  ['lossRate', (c) => c.lossRate],
  ['duplicateRate', (c) => c.duplicateRate],
  ['reorderRate', (c) => c.reorderRate],
  ['latencyMultiplier', (c) => c.latencyMultiplier],
  ['jitterMs', (c) => c.jitterUs / US_PER_MS],
]

export function NetworkInspector() {
  const v = networkView()
  if (!v) return <Waiting />
  const t = v.totals
  const lossPct = t.sent > 0 ? ((t.dropped / t.sent) * 100).toFixed(2) : '0.00'
  return (
    <>
      <Facts
        items={[
          ['model', v.kind],
          ['sent', formatCount(t.sent)],
          ['delivered', formatCount(t.delivered)],
          ['dropped', `${formatCount(t.dropped)} (${lossPct} %)`],
          ['duplicated', formatCount(t.duplicated)],
        ]}
      />
      {Object.keys(v.byLayer).length > 0 && (
        <>
          <h3>By layer</h3>
          <Table
            head={['layer', 'sent', 'delivered', 'dropped', 'duplicated']}
            rows={Object.entries(v.byLayer).map(([layer, l]) => [layer, formatCount(l.sent), formatCount(l.delivered), formatCount(l.dropped), formatCount(l.duplicated)])}
          />
        </>
      )}
      <h3>chaOS network parameters</h3>
      <Facts items={NET_PARAMS.map(([name, read]) => [sliderMeta(name).label, sliderMeta(name).format(read(v.chaos))] as const)} />
      <h3>Partitions</h3>
      {v.partitions.length === 0 ? (
        <p className="muted">None: every live world can reach every other.</p>
      ) : (
        <ul data-testid="network-partitions">
          {v.partitions.map((p) => (
            <li key={p.id} className="mono">
              {describePartition(p)}
            </li>
          ))}
        </ul>
      )}
      <h3>Busiest links</h3>
      <Table
        head={['link', 'sent', 'delivered', 'dropped', 'duplicated']}
        rows={v.links.map((l) => [`${l.from} → ${l.to}`, formatCount(l.sent), formatCount(l.delivered), formatCount(l.dropped), formatCount(l.duplicated)])}
      />
    </>
  )
}

