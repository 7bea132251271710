/** The status bar: where the run is, how fast it goes, whether an invariant broke, its fingerprint. */
import { useRef, useState } from 'react'
import { useTheos } from '../../store/theos'
import { formatAchieved, formatCount, formatRate, formatSimTime, formatUs } from './format'
import { useDismiss } from './useDismiss'

const STATUS_TEXT = { loading: 'loading…', running: 'running', paused: 'paused', error: 'error' } as const

export function StatusBar() {
  const status = useTheos((s) => s.status)
  const simTimeUs = useTheos((s) => s.simTimeUs)
  const achieved = useTheos((s) => s.achievedSpeed)
  const eventsPerSec = useTheos((s) => s.eventsPerSec)
  const eventCount = useTheos((s) => s.eventCount)
  const pauseAtUs = useTheos((s) => s.pauseAtUs)
  const fingerprint = useTheos((s) => s.fingerprint)

  return (
    <footer className="statusbar" aria-label="Run status">
      <span className={`status-pill status-pill--${status}`} data-testid="run-status" data-status={status}>
        {STATUS_TEXT[status]}
      </span>
      <span className="stat">
        <span className="stat-label">sim</span>
        <span className="stat-value mono" data-testid="sim-time">
          {formatSimTime(simTimeUs)}
        </span>
        {pauseAtUs !== null && <span className="muted small"> → {formatUs(pauseAtUs)}</span>}
      </span>
      <span className="stat">
        <span className="stat-value mono" data-testid="speed-achieved">
          {status === 'running' ? formatAchieved(achieved) : formatAchieved(0)}
        </span>
      </span>
      <span className="stat">
        <span className="stat-value mono" data-testid="events-per-sec">
          {formatRate(status === 'running' ? eventsPerSec : 0)}
        </span>
        <span className="stat-label"> events · {formatCount(eventCount)} total</span>
      </span>
      <Violations />
      <span className="stat stat--fingerprint" title={fingerprint ? `fingerprint ${fingerprint}: equal fingerprints = identical runs` : undefined}>
        <span className="stat-label">fingerprint</span>
        <span className="fingerprint mono" data-testid="fingerprint">
          {fingerprint}
        </span>
      </span>
    </footer>
  )
}

function Violations() {
  const violations = useTheos((s) => s.violations)
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLSpanElement>(null)
  const count = violations.length

  useDismiss(rootRef, open, () => setOpen(false))

  return (
    <span className="stat violations" ref={rootRef}>
      <button
        type="button"
        className={count > 0 ? 'violations-button violations-button--bad' : 'violations-button'}
        data-testid="violations"
        data-count={count}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
      >
        {count} {count === 1 ? 'violation' : 'violations'}
      </button>
      {open && (
        <div className="popover violations-popover" role="dialog" aria-label="Invariant violations" data-testid="violations-list">
          {count === 0 ? (
            <p className="muted">No invariant has been violated in this run.</p>
          ) : (
            <ol>
              {violations.map((v, i) => (
                <li key={i}>
                  <span className="mono">{formatSimTime(v.t)}</span> <strong>{v.checker}</strong>: {v.message}{' '}
                  <span className="muted">(seed {v.seed})</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </span>
  )
}
