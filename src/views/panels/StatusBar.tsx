/** The status bar: where the run is, how fast it goes, whether an invariant broke, its fingerprint. */
import { useTheos } from '../../store/theos'
import { formatAchieved, formatCount, formatRate, formatSimTime, formatUs } from './format'
import { RaftBrokenBadge, Violations } from './ViolationsPanel'

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
      <RaftBrokenBadge />
      <span className="stat stat--fingerprint" title={fingerprint ? `fingerprint ${fingerprint}: equal fingerprints = identical runs` : undefined}>
        <span className="stat-label">fingerprint</span>
        <span className="fingerprint mono" data-testid="fingerprint">
          {fingerprint}
        </span>
      </span>
    </footer>
  )
}
