/**
 * pandemoniOS's panel: every world's verdict (ok, suspected, convicted, fenced, on probation),
 * its median phi and the observers suspecting it; for the selected world, phi over time as each of
 * its observers computes it, with the threshold; the latest convictions, fencings and
 * rehabilitations.
 */
import { useMemo, useState } from 'react'
import type { Verdict } from '../../layers/pandemoniOS/state'
import type { PhiSeries } from '../../layers/pandemoniOS/view'
import { frameBuffer } from '../../store/frameBuffer'
import { formatUs } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { formatValue as fmtPhi } from '../panels/metricsChart.math'
import { useTick } from '../panels/useTick'
import { TYPE_PALETTE } from '../timelines/palette'
import { Table, Waiting } from './parts'
import { phiChart } from './pandemoniOSChart.math'

const WIDTH = 480
const HEIGHT = 180
const ROWS = 64

/** A verdict's look in the table. */
const VERDICT_CLASS: Record<Verdict, string> = {
  ok: 'verdict verdict--allowed',
  suspected: 'alert-state alert-state--pending',
  probation: 'alert-state alert-state--pending',
  convicted: 'verdict verdict--denied',
  fenced: 'verdict verdict--denied',
  gone: 'muted',
}

export function PandemoniosInspector() {
  useTick(500)
  const [selected, setSelected] = useState(0)
  const v = frameBuffer.views.pandemoniOS
  const all = v?.series
  const series = useMemo(() => all?.filter((s) => s.observed === selected) ?? [], [all, selected])
  if (!v) return <Waiting />
  const n = v.verdict.length
  // Large clusters: the worlds that are not ok first, then the others, at most ROWS rows.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Number(v.verdict[a] === 'ok') - Number(v.verdict[b] === 'ok') || a - b).slice(0, ROWS)
  return (
    <>
      <p className="muted">
        Every world heartbeats its observers each {v.heartbeatIntervalMs} ms; each observer computes phi (Akka&apos;s phi accrual) every {v.evalIntervalMs} ms and suspects the world at phi ≥ {v.thresholdPhi}. A quorum of up observers convicts it; pandemoniOS then asks atmOS to quarantine (fence) it, and rehabilitates it after {v.probationMs / 1000} s of probation.
      </p>
      <Facts items={[['convictions', v.convictions], ['fenced', v.fenced], ['rehabilitated', v.rehabilitated], ['observers per world', v.observersPerWorld]]} />
      <h3>World {selected}: phi per observer</h3>
      {series.length === 0 ? <p className="muted">No phi history for world {selected} (charted for the first worlds only, once evaluated).</p> : <PhiPlot series={series} threshold={v.thresholdPhi} evalIntervalMs={v.evalIntervalMs} />}
      <Table
        testId="pandemonios-worlds"
        head={['world', 'state', 'median phi', 'suspecting', 'note']}
        rows={order.map((id) => [
          <button key="w" type="button" className={`btn btn--small${id === selected ? ' btn--primary' : ''}`} onClick={() => setSelected(id)}>
            w{id}
          </button>,
          <span key="s" className={VERDICT_CLASS[v.verdict[id]!]}>{v.verdict[id]}</span>,
          fmtPhi(v.phi[id] ?? null),
          v.suspecting[id] ?? 0,
          v.notes[id] ?? '',
        ])}
      />
      {n > ROWS && <p className="muted small">{n - ROWS} more worlds not listed (all ok).</p>}
      <h3>Latest</h3>
      {v.marks.length === 0 ? (
        <p className="muted">No world convicted.</p>
      ) : (
        <Table testId="pandemonios-marks" head={['at', 'world', 'what', 'phi']} rows={v.marks.slice(-12).reverse().map((m) => [formatUs(m.atUs), m.node, m.kind, m.kind === 'convicted' ? fmtPhi(m.phi) : ''])} />
      )}
    </>
  )
}

function PhiPlot({ series, threshold, evalIntervalMs }: { series: readonly PhiSeries[]; threshold: number; evalIntervalMs: number }) {
  const c = useMemo(() => phiChart(series, threshold, evalIntervalMs, WIDTH, HEIGHT), [series, threshold, evalIntervalMs])
  return (
    <svg data-testid="pandemonios-phi" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label="phi over time per observer, with the threshold" style={{ background: 'var(--bg)', border: '1px solid var(--border)', borderRadius: 'var(--radius)' }}>
      {c.yTicks.map((t) => (
        <g key={t.label}>
          <line x1={28} x2={WIDTH - 6} y1={t.y} y2={t.y} stroke="var(--border)" strokeWidth={0.5} />
          <text x={24} y={t.y + 3} textAnchor="end" fontSize="9" fill="var(--text-muted)">{t.label}</text>
        </g>
      ))}
      {c.xTicks.map((t) => (
        <text key={t.label + t.x} x={t.x} y={HEIGHT - 4} textAnchor="middle" fontSize="9" fill="var(--text-muted)">{t.label}</text>
      ))}
      <line x1={28} x2={WIDTH - 6} y1={c.thresholdY} y2={c.thresholdY} stroke="var(--warn)" strokeDasharray="4 3" strokeWidth={1.2}>
        <title>{`threshold phi = ${threshold}`}</title>
      </line>
      {c.paths.map((p, i) => (
        <path key={p.observer} d={p.d} fill="none" stroke={TYPE_PALETTE[i % TYPE_PALETTE.length]} strokeWidth={1.4}>
          <title>{`observer w${p.observer}: phi ${fmtPhi(p.last)} now`}</title>
        </path>
      ))}
    </svg>
  )
}
