/** A comparison of two branches: where they part, both events there, both histories overlaid. */
import { useMemo } from 'react'
import { area, curveStepAfter, line, scaleLinear } from 'd3'
import type { LoggedEvent } from '../../kernel/types'
import { queueSeek } from '../../store/seekQueue'
import type { BranchDiff } from '../../store/types'
import { DIFF_COLORS } from '../cosmos/palette'
import { formatSimTime } from '../panels/format'

const eventText = (e: LoggedEvent | null): string =>
  e === null ? '(no event: this run has ended its log here)' : `${formatSimTime(e.t)} · ${e.layer} · ${e.type}${e.node === null || e.node === undefined ? '' : ` · world ${e.node}`}\n${JSON.stringify(e.data)}`

export function DiffView({ diff, names }: { diff: BranchDiff; names: [string, string] }) {
  const r = diff.result
  return (
    <section className="diff" data-testid="diff" aria-label={`Comparison of ${names[0]} and ${names[1]}`}>
      <h3>
        <span style={{ color: DIFF_COLORS.a }}>{names[0]}</span> vs <span style={{ color: DIFF_COLORS.b }}>{names[1]}</span>, up to {formatSimTime(r.untilUs)}
      </h3>
      <p className="diff-summary">
        {r.eventCounts[0]} vs {r.eventCounts[1]} events · {r.violations[0]} vs {r.violations[1]} violations ·{' '}
        {r.fingerprints[0] === r.fingerprints[1] ? 'same fingerprint' : 'fingerprints differ'}
      </p>
      {r.first === null ? (
        <p data-testid="diff-first">The two runs are identical up to {formatSimTime(r.untilUs)}.</p>
      ) : (
        <>
          <p data-testid="diff-first">
            First divergent event: #{r.first.index} at <strong>{formatSimTime(r.first.atUs)}</strong>{' '}
            <button type="button" className="btn btn--small" onClick={() => { void queueSeek(r.first!.atUs) }}>Go there</button>
          </p>
          <div className="diff-events">
            <pre style={{ borderColor: DIFF_COLORS.a }}>{eventText(r.first.a)}</pre>
            <pre style={{ borderColor: DIFF_COLORS.b }}>{eventText(r.first.b)}</pre>
          </div>
        </>
      )}
      <DiffOverlay diff={diff} />
      {r.byType.length > 0 && (
        <table className="diff-types">
          <caption>After the divergence: event types whose counts differ</caption>
          <thead><tr><th>type</th><th style={{ color: DIFF_COLORS.a }}>{names[0]}</th><th style={{ color: DIFF_COLORS.b }}>{names[1]}</th></tr></thead>
          <tbody>
            {r.byType.map((t) => <tr key={t.type}><td>{t.type}</td><td>{t.a}</td><td>{t.b}</td></tr>)}
          </tbody>
        </table>
      )}
    </section>
  )
}

const LANE_H = 22
const LABEL_W = 84
const WIDTH = 560

/** Both runs' events per layer over time: a filled (a) and an outlined (b) step curve per lane. */
function DiffOverlay({ diff }: { diff: BranchDiff }) {
  const r = diff.result
  const lanes = useMemo(() => r.lanes.filter((l) => l.a.some((n) => n > 0) || l.b.some((n) => n > 0)), [r])
  const x = scaleLinear().domain([0, r.untilUs]).range([LABEL_W, WIDTH - 4])
  const height = lanes.length * LANE_H + 18
  const at = (i: number) => x(i * r.bucketUs)
  return (
    <svg className="diff-overlay" width={WIDTH} height={height} role="img" aria-label="Events per layer over time in both runs" data-testid="diff-overlay">
      {lanes.map((l, k) => {
        const max = Math.max(1, ...l.a, ...l.b)
        const y = scaleLinear().domain([0, max]).range([(k + 1) * LANE_H - 2, k * LANE_H + 4])
        const pts = l.a.map((_, i) => i)
        const fill = area<number>().x(at).y0(y(0)).y1((i) => y(l.a[i]!)).curve(curveStepAfter)(pts) ?? ''
        const stroke = line<number>().x(at).y((i) => y(l.b[i]!)).curve(curveStepAfter)(pts) ?? ''
        return (
          <g key={l.layer}>
            <text x={4} y={k * LANE_H + 15} className="diff-lane-label">{l.layer}</text>
            <path d={fill} fill={DIFF_COLORS.a} fillOpacity={0.45} />
            <path d={stroke} fill="none" stroke={DIFF_COLORS.b} strokeWidth={1.4} />
          </g>
        )
      })}
      {r.first !== null && (
        <line x1={x(r.first.atUs)} x2={x(r.first.atUs)} y1={0} y2={lanes.length * LANE_H} stroke={DIFF_COLORS.divergence} strokeDasharray="3 2" />
      )}
      <text x={LABEL_W} y={height - 4} className="diff-axis">0 s</text>
      <text x={WIDTH - 4} y={height - 4} textAnchor="end" className="diff-axis">{formatSimTime(r.untilUs, 1)}</text>
    </svg>
  )
}
