/**
 * anomOS's panel: the alerts and their instances — inactive, pending (waiting out its `for`) or
 * firing, with the last value and score — the latest firing and resolved transitions, and a form to
 * add (or replace, by name) an alert on any metric of a running layer. The form is checked against
 * the alert schema before anything is sent; the run answers alert_added or alert_rejected.
 */
import { useState } from 'react'
import { AlertSpec, DETECTORS, DIRECTIONS, SOURCES } from '../../layers/anomOS/settings'
import { MANIFESTS } from '../../layers/manifests'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatUs } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

const fmt = (x: number | null): string => (x === null ? '—' : Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2))

export function AnomosInspector() {
  useTick(500)
  const v = frameBuffer.views.anomOS
  if (!v) return <Waiting />
  return (
    <>
      <p className="muted">
        Each alert scores a metric with a streaming detector (EWMA z-score, or MAD's modified z) and goes pending past its threshold, firing once it stayed there for its <code>for</code>, resolved when it is back
        (Prometheus alerting).
      </p>
      <Facts items={[['firing now', v.firing], ['fired so far', v.fired], ['worlds with an alert', v.firingWorlds.join(', ') || 'none']]} />
      <Table
        testId="anomos-alerts"
        head={['alert', 'metric', 'detector · for', 'state', 'fired', '']}
        rows={v.alerts.filter((a) => a.unavailable === null).map((a) => {
          const firing = a.instances.filter((i) => i.state === 'firing')
          const pending = a.instances.filter((i) => i.state === 'pending')
          const where = (xs: typeof firing) => xs.map((i) => (i.world === null ? 'cluster' : `w${i.world}`)).join(' ')
          const last = a.instances.find((i) => i.world === null) ?? a.instances[0]
          return [
            <span key="n" className="mono">{a.name}</span>,
            <span key="m" className="mono" title={a.source}>{`${a.layer}.${a.metric}`}{a.source === 'rate' ? ' /s' : ''}</span>,
            `${a.detector} > ${a.threshold} · ${a.forMs / 1000} s`,
            firing.length > 0 ? (
              <span key="s" className="alert-state alert-state--firing" data-testid={`alert-firing-${a.name}`}>firing {where(firing)}</span>
            ) : pending.length > 0 ? (
              <span key="s" className="alert-state alert-state--pending">pending {where(pending)}</span>
            ) : (
              <span key="s" className="alert-state alert-state--ok" title={last ? `last value ${fmt(last.value)}, score ${fmt(last.score)}` : undefined}>ok</span>
            ),
            a.fired,
            <RemoveAlert key="r" name={a.name} />,
          ]
        })}
      />
      {v.alerts.some((a) => a.unavailable !== null) && (
        <ul className="muted small" data-testid="anomos-unavailable">
          {v.alerts
            .filter((a) => a.unavailable !== null)
            .map((a) => (
              <li key={a.name}>
                <span className="mono">{a.name}</span> ({a.layer}.{a.metric}) is not evaluated: {a.unavailable}
              </li>
            ))}
        </ul>
      )}
      <AlertForm />
      <h3>Latest transitions</h3>
      {v.marks.length === 0 ? (
        <p className="muted">No alert has fired.</p>
      ) : (
        <Table
          testId="anomos-marks"
          head={['at', 'alert', 'world', 'now', 'value', 'score']}
          rows={v.marks
            .slice(-12)
            .reverse()
            .map((m) => [formatUs(m.atUs), m.alert, m.world ?? 'cluster', <span key="s" className={`alert-state alert-state--${m.state}`}>{m.state}</span>, fmt(m.value), fmt(m.score)])}
        />
      )}
    </>
  )
}

function RemoveAlert({ name }: { name: string }) {
  const intervene = useTheos((s) => s.intervene)
  return (
    <button type="button" className="btn btn--small" title={`Remove ${name} now (recorded in the link)`} onClick={() => intervene({ kind: 'alert', op: 'remove', name })}>
      remove
    </button>
  )
}

function AlertForm() {
  const intervene = useTheos((s) => s.intervene)
  const scenario = useTheos((s) => s.scenario)
  const layers = MANIFESTS.filter((m) => Object.keys(m.metrics).length > 0 && (m.name === scenario.network || scenario.run.includes(m.name)))
  const [name, setName] = useState('MyAlert')
  const [layer, setLayer] = useState('mythOS')
  const metrics = Object.keys(MANIFESTS.find((m) => m.name === layer)?.metrics ?? {})
  const [metric, setMetric] = useState('term')
  const [source, setSource] = useState<(typeof SOURCES)[number]>('gauge')
  const [over, setOver] = useState('')
  const [detector, setDetector] = useState<(typeof DETECTORS)[number]>('ewma')
  const [direction, setDirection] = useState<(typeof DIRECTIONS)[number]>('up')
  const [threshold, setThreshold] = useState('3')
  const [minDeviation, setMinDeviation] = useState('1')
  const [forS, setForS] = useState('0')
  const parsed = AlertSpec.safeParse({
    name,
    layer,
    metric: metrics.includes(metric) ? metric : metrics[0],
    source,
    ...(source === 'ratio' ? { over: over || metrics[0] } : {}),
    detector,
    direction,
    threshold: Number(threshold),
    minDeviation: Number(minDeviation),
    forMs: Math.round(Number(forS) * 1000),
  })
  const error = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
  const sel = <T extends string>(label: string, value: T, options: readonly string[], set: (v: T) => void, testId?: string) => (
    <label className="form-row">
      <span>{label}</span>
      <select value={value} data-testid={testId} onChange={(e) => set(e.target.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <form
      className="rule-form"
      data-testid="anomos-alert-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (parsed.success) intervene({ kind: 'alert', op: 'add', alert: parsed.data })
      }}
    >
      <h3>Add an alert</h3>
      <label className="form-row">
        <span>name</span>
        <input value={name} maxLength={40} spellCheck={false} onChange={(e) => setName(e.target.value)} />
      </label>
      {sel('layer', layer, layers.map((m) => m.name), (v) => setLayer(v))}
      {sel('metric', metrics.includes(metric) ? metric : (metrics[0] ?? ''), metrics, setMetric)}
      {sel('as', source, SOURCES, setSource)}
      {source === 'ratio' && sel('over', over || (metrics[0] ?? ''), metrics, setOver)}
      {sel('detector', detector, DETECTORS, setDetector)}
      {sel('direction', direction, DIRECTIONS, setDirection)}
      <label className="form-row">
        <span>threshold</span>
        <input type="number" step="0.5" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
      </label>
      <label className="form-row">
        <span>deviation floor</span>
        <input type="number" value={minDeviation} onChange={(e) => setMinDeviation(e.target.value)} />
      </label>
      <label className="form-row">
        <span>for (s)</span>
        <input type="number" min={0} value={forS} onChange={(e) => setForS(e.target.value)} />
      </label>
      {error && <p className="form-error">{error}</p>}
      <button type="submit" className="btn btn--primary" disabled={!parsed.success}>
        Add alert now
      </button>
    </form>
  )
}
