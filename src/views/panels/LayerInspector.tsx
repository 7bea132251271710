/**
 * The inspector of one layer: its live view from the frame buffer as structured text and tables,
 * refreshed at 4 Hz (useTick), never per frame.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { PANTHEON } from '../../layers/pantheon'
import { US_PER_MS } from '../../kernel/time'
import type { LayerName } from '../../kernel/types'
import type { NetworkView, PartitionView } from '../../layers/views'
import { atmosView, chaosView, frameBuffer, mythosView, networkView } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { DETAIL_SLIDERS, ENTROPY, sliderMeta, type SliderName } from './chaosSliders'
import { formatCount, formatSimTime } from './format'
import { ActiveFaultList, Facts } from './inspectorParts'
import { hostLabel, isBuilt, isIdle } from './layerStatus'
import { useTick } from './useTick'
import { useUi } from './uiState'

export function LayerInspector() {
  const name = useUi((s) => s.inspectedLayer)
  const inspectLayer = useUi((s) => s.inspectLayer)
  const closeRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (name === null) return
    closeRef.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useUi.getState().inspectLayer(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [name])

  if (name === null) return null
  const entry = PANTHEON.find((p) => p.name === name)
  return (
    <section className="inspector layer-inspector" role="dialog" aria-labelledby="layer-inspector-title" data-testid="layer-inspector" data-layer={name}>
      <header className="inspector-header">
        <div>
          <h2 id="layer-inspector-title">{name}</h2>
          {entry && (
            <p className="muted small">
              {entry.role} · {entry.reference}
            </p>
          )}
        </div>
        <button ref={closeRef} type="button" className="icon-button" aria-label="Close inspector" onClick={() => inspectLayer(null)}>
          ×
        </button>
      </header>
      <div className="inspector-body">
        <LayerBody name={name} />
      </div>
    </section>
  )
}

function LayerBody({ name }: { name: LayerName }) {
  useTick(250)
  const scenario = useTheos((s) => s.scenario)
  if (!isBuilt(name)) return <p className="muted">Not yet built: this layer has no mechanism in this version, so there is nothing to show.</p>
  if (isIdle(name, scenario)) return <p className="muted">Not in this run: the scenario uses {scenario.network}. Choose {name} under Network to run it.</p>
  switch (name) {
    case 'mythOS':
      return <MythosBody />
    case 'chaOS':
      return <ChaosBody />
    case 'pneumOS':
    case 'aetherOS':
      return <NetworkBody />
    case 'atmOS':
      return <AtmosBody />
    case 'logOS':
      return <LogosBody />
    case 'cosmOS':
      return <CosmosBody />
    default:
      return <RawView name={name} />
  }
}

const Waiting = () => <p className="muted">Waiting for the first view from the run…</p>

function Table({ head, rows, testId }: { head: string[]; rows: ReactNode[][]; testId?: string }) {
  return (
    <table className="data-table" data-testid={testId}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function MythosBody() {
  const v = mythosView()
  if (!v) return <Waiting />
  return (
    <>
      <Facts items={[['term', v.term], ['leader', v.leader ?? 'none'], ['commit index', v.commitIndex], ['packets in flight', v.inFlight.length]]} />
      <h3>Nodes</h3>
      <Table
        testId="mythos-nodes"
        head={['world', 'up', 'role', 'term', 'voted for', 'leader', 'last', 'commit', 'applied']}
        rows={v.nodes.map((n) => [
          n.id,
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
        ])}
      />
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

function ChaosBody() {
  const v = chaosView()
  if (!v) return <Waiting />
  return (
    <>
      <Facts items={[['entropy', ENTROPY.format(v.sliders.entropy)], ['faults injected', v.injected], ['active faults', v.activeFaults.length]]} />
      <h3>Sliders in effect</h3>
      <Table
        head={['slider', 'set', 'effective']}
        rows={DETAIL_SLIDERS.map((m) => {
          const value = v.sliders[m.name]
          const eff = m.effective(value, v.sliders.entropy)
          return [m.label, m.format(value), eff === null ? 'as set' : m.format(eff)]
        })}
      />
      <h3>Active faults</h3>
      {v.activeFaults.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ActiveFaultList faults={v.activeFaults} />
      )}
    </>
  )
}

/** The network parameters chaOS hands the network, written as the chaOS panel writes its sliders. */
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

function NetworkBody() {
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

function AtmosBody() {
  const v = atmosView()
  if (!v) return <Waiting />
  return (
    <Table
      testId="atmos-worlds"
      head={['id', 'name', 'status', 'x km', 'y km', 'z km', 'drift ppm', 'proposed']}
      rows={v.worlds.map((w) => [
        w.id,
        w.name,
        <span key="s" className={`world-status world-status--${w.status}`}>
          {w.status}
        </span>,
        Math.round(w.x),
        Math.round(w.y),
        Math.round(w.z),
        w.driftPpm.toFixed(1),
        w.proposed,
      ])}
    />
  )
}

function LogosBody() {
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

function CosmosBody() {
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

function RawView({ name }: { name: LayerName }) {
  const view = (frameBuffer.views as Partial<Record<string, unknown>>)[name]
  if (view === undefined) return <Waiting />
  return <pre className="raw-view">{JSON.stringify(view, null, 2)}</pre>
}
