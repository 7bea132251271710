/**
 * harmoniOS's panel: whether the universe is in harmony (and since when), or every reason it is
 * not; the parts it cannot judge in this run; the stable Raft software; the rollout in progress
 * with its steps (the current one marked, the canary worlds named); past rollouts; and the
 * release action: a new version (its heartbeat interval) and its canary steps, sent as a
 * `release` intervention (in the link).
 */
import { useState } from 'react'
import { DEFAULT_STEPS, SoftwareVersion } from '../../layers/harmoniOS/settings'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatUs } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'
import { parseSteps, stepsText } from './rolloutSteps'

export function HarmoniosInspector() {
  useTick(500)
  const v = frameBuffer.views.harmoniOS
  if (!v) return <Waiting />
  const r = v.rollout
  return (
    <>
      <p className={`harmony-state ${v.harmony ? 'harmony-state--calm' : 'harmony-state--disturbed'}`} data-testid="harmony-state">
        {v.harmony ? `In harmony since ${v.sinceUs === null ? '—' : formatUs(v.sinceUs)}` : `Not in harmony${v.sinceUs === null ? '' : ` since ${formatUs(v.sinceUs)}`}`}
      </p>
      {!v.harmony && (
        <ul className="harmony-reasons" data-testid="harmony-reasons">
          {v.reasons.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
      {v.unjudged.length > 0 && <p className="muted small">Not judged in this run: {v.unjudged.join('; ')}.</p>}
      <Facts items={[['harmony reached', v.reached], ['harmony lost', v.lost], ['last time to harmony', v.lastRecovery === null ? '—' : <span data-testid="harmony-recovery" title={`lost for: ${v.lastRecovery.lostFor}; regained at ${formatUs(v.lastRecovery.atUs)}`}>{(v.lastRecovery.afterUs / 1e6).toFixed(1)} s ({v.lastRecovery.lostFor})</span>], ['stable software', v.stable.heartbeatMs === null ? `${v.stable.version} (the scenario's heartbeat)` : `${v.stable.version} (heartbeat ${v.stable.heartbeatMs} ms)`]]} />
      <h3>Rollout</h3>
      {r === null ? (
        <p className="muted">No rollout in progress.</p>
      ) : (
        <div data-testid="rollout-progress">
          <p>
            <b>{r.version}</b> (heartbeat {r.heartbeatMs} ms) at weight <b>{r.weight}%</b> on worlds {r.canaries.join(', ') || 'none'} — started {formatUs(r.startedUs)}
          </p>
          <ol className="rollout-steps">
            {r.steps.map((s, i) => (
              <li key={i} className={i < r.index ? 'step--done' : i === r.index ? 'step--current' : undefined} aria-current={i === r.index ? 'step' : undefined}>
                {s}
              </li>
            ))}
          </ol>
        </div>
      )}
      <ReleaseForm busy={r !== null} />
      {v.history.length > 0 && (
        <>
          <h3>Past rollouts</h3>
          <Table
            testId="rollout-history"
            head={['at', 'version', 'outcome', 'reached step', 'why']}
            rows={v.history
              .slice()
              .reverse()
              .map((h) => [formatUs(h.atUs), h.version, <span key="o" className={`verdict verdict--${h.outcome === 'completed' ? 'allowed' : 'denied'}`}>{h.outcome}</span>, `${Math.min(h.reachedStep + 1, h.steps.length)} of ${h.steps.length}${h.steps[h.reachedStep] ? ` (${h.steps[h.reachedStep]})` : ''}`, h.reason ?? '—'])}
          />
        </>
      )}
    </>
  )
}

function ReleaseForm({ busy }: { busy: boolean }) {
  const intervene = useTheos((s) => s.intervene)
  const [name, setName] = useState('v2')
  const [heartbeat, setHeartbeat] = useState('50')
  const [stepsSource, setSteps] = useState(stepsText(DEFAULT_STEPS))
  const version = SoftwareVersion.safeParse({ name, heartbeatMs: Number(heartbeat) })
  const steps = parseSteps(stepsSource)
  const error = !version.success ? version.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : !steps.ok ? steps.error : null
  return (
    <form
      className="rule-form"
      data-testid="release-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (version.success && steps.ok) intervene({ kind: 'release', version: version.data, steps: steps.steps })
      }}
    >
      <h3>Release a version</h3>
      <label className="form-row">
        <span>version</span>
        <input data-testid="release-version" value={name} maxLength={40} spellCheck={false} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="form-row">
        <span>heartbeat (ms)</span>
        <input data-testid="release-heartbeat" type="number" min={1} max={60_000} value={heartbeat} onChange={(e) => setHeartbeat(e.target.value)} />
      </label>
      <label className="form-row form-row--wide">
        <span>canary steps</span>
        <input data-testid="release-steps" value={stepsSource} spellCheck={false} onChange={(e) => setSteps(e.target.value)} />
      </label>
      {error && <p className="form-error" data-testid="release-error">{error}</p>}
      <p className="muted small">A heartbeat near or above the election timeout makes followers of a canary leader call elections: anomOS's ElectionStorm fires and the rollout aborts.</p>
      <button type="submit" className="btn btn--primary" data-testid="release-apply" disabled={error !== null || busy} title={busy ? 'a rollout is in progress' : undefined}>
        Release now
      </button>
    </form>
  )
}
