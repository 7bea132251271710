/**
 * nomOS's panel: the law in force and its record. Each rule with its effect, the actions it judges,
 * its CEL expression and what it did (violations, would-have-denied for dryrun, failed
 * evaluations); the latest admission decisions; and a form to add (or replace, by name) a rule.
 * The expression is parsed and type-checked as you type, by the same CEL checker the run uses
 * (src/layers/nomOS/cel.ts): its error is shown where it points, and nothing is sent until the
 * rule is valid. A sent rule is an intervention — in the link, applied at the frontier — and the
 * run still says rule_added or rule_rejected.
 */
import { useMemo, useState } from 'react'
import { checkExpression, CEL_VARIABLES } from '../../layers/nomOS/cel'
import { ADMISSION_ACTIONS, RULE_EFFECTS, RuleSpec, type AdmissionAction, type RuleEffect } from '../../layers/nomOS/settings'
import { frameBuffer } from '../../store/frameBuffer'
import { useTheos } from '../../store/theos'
import { formatUs } from '../panels/format'
import { Facts } from '../panels/inspectorParts'
import { useTick } from '../panels/useTick'
import { Table, Waiting } from './parts'

const EXAMPLE = 'request.action != "crash" || !target.leader'

export function NomosInspector() {
  useTick(500)
  const v = frameBuffer.views.nomOS
  if (!v) return <Waiting />
  return (
    <>
      <p className="muted">
        Every action on a world's life (atmOS asks) and every partition (chaOS asks) is judged before it happens. A rule is a CEL expression that must hold for the request to be admitted; a
        violated <b>deny</b> rule refuses it, <b>warn</b> and <b>audit</b> admit it and say so, <b>dryrun</b> only counts. A rule that cannot be evaluated denies (fail closed).
      </p>
      <Facts items={[['reviews', v.stats.reviews], ['denied', v.stats.denied], ['warned', v.stats.warned], ['audited', v.stats.audited], ['rules refused', v.stats.rejected], ['Raft voters', v.voters.join(', ') || 'none']]} />
      <h3>Rules in force</h3>
      <ul className="rule-list" data-testid="nomos-rules">
        {v.rules.map((r) => (
          <li key={r.name} className="rule-card">
            <div className="rule-head">
              <span className="mono rule-name">{r.name}</span>
              <span className={`effect effect--${r.effect}`}>{r.effect}</span>
              <span className="muted small">{r.actions.length === 0 ? 'every action' : r.actions.join(', ')}</span>
              <span className="muted small rule-counts" title="requests that violated it · dryrun: would have denied · evaluations that failed (denied: fail closed)">
                violated {r.violations}
                {r.effect === 'dryrun' ? ` · would deny ${r.wouldDeny}` : ''}
                {r.errors > 0 ? ` · failed ${r.errors}` : ''}
              </span>
              <RemoveRule name={r.name} />
            </div>
            <code className="cel">{r.expression}</code>
            {r.message && <div className="muted small">“{r.message}”</div>}
          </li>
        ))}
      </ul>
      <RuleForm />
      <h3>Latest decisions</h3>
      {v.recent.length === 0 ? (
        <p className="muted">No request yet.</p>
      ) : (
        <Table
          testId="nomos-decisions"
          head={['at', 'review', 'action', 'world', 'asked by', 'verdict']}
          rows={v.recent
            .slice()
            .reverse()
            .map((d) => [formatUs(d.atUs), <span key="r" className="mono">{d.review}</span>, d.action, d.target ?? '—', d.requester, d.allowed ? <span key="v" className="verdict verdict--allowed">admitted</span> : <span key="v" className="verdict verdict--denied">denied by {d.rule}</span>])}
        />
      )}
    </>
  )
}

function RemoveRule({ name }: { name: string }) {
  const intervene = useTheos((s) => s.intervene)
  return (
    <button type="button" className="btn btn--small" data-testid={`nomos-remove-${name}`} title={`Remove ${name} now (recorded in the link)`} onClick={() => intervene({ kind: 'rule', op: 'remove', name })}>
      remove
    </button>
  )
}

function RuleForm() {
  const intervene = useTheos((s) => s.intervene)
  const [name, setName] = useState('spare-the-leader')
  const [expression, setExpression] = useState(EXAMPLE)
  const [message, setMessage] = useState('the leader may not be crashed')
  const [effect, setEffect] = useState<RuleEffect>('deny')
  const [actions, setActions] = useState<AdmissionAction[]>([])
  const checked = useMemo(() => checkExpression(expression), [expression])
  const spec = RuleSpec.safeParse({ name, expression, message, effect, actions })
  const nameError = spec.success ? null : spec.error.issues.find((i) => i.path[0] === 'name')?.message ?? null
  const valid = checked.ok && spec.success
  const toggle = (a: AdmissionAction) => setActions((cur) => (cur.includes(a) ? cur.filter((x) => x !== a) : [...cur, a]))
  return (
    <form
      className="rule-form"
      data-testid="nomos-rule-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) intervene({ kind: 'rule', op: 'add', rule: spec.data })
      }}
    >
      <h3>Add a rule</h3>
      <label className="form-row">
        <span>name</span>
        <input data-testid="nomos-rule-name" value={name} maxLength={40} spellCheck={false} onChange={(e) => setName(e.target.value)} aria-invalid={nameError !== null} />
      </label>
      {nameError && <p className="form-error" data-testid="nomos-rule-name-error">{nameError}</p>}
      <label className="form-row form-row--wide">
        <span>must hold (CEL)</span>
        <textarea data-testid="nomos-rule-expression" value={expression} rows={3} maxLength={2_000} spellCheck={false} onChange={(e) => setExpression(e.target.value)} aria-invalid={!checked.ok} />
      </label>
      {checked.ok ? <p className="form-ok" data-testid="nomos-rule-check">valid: a bool over the request and the cluster</p> : <pre className="form-error cel-error" data-testid="nomos-rule-error">{checked.error}</pre>}
      <label className="form-row">
        <span>says</span>
        <input data-testid="nomos-rule-message" value={message} maxLength={300} onChange={(e) => setMessage(e.target.value)} />
      </label>
      <div className="form-row">
        <span>effect</span>
        <select data-testid="nomos-rule-effect" value={effect} onChange={(e) => setEffect(e.target.value as RuleEffect)}>
          {RULE_EFFECTS.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="form-row form-actions">
        <legend>judges (none ticked: every action)</legend>
        {ADMISSION_ACTIONS.map((a) => (
          <label key={a} className="check">
            <input type="checkbox" checked={actions.includes(a)} onChange={() => toggle(a)} /> {a}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn btn--primary" data-testid="nomos-rule-apply" disabled={!valid}>
        Apply rule now
      </button>
      <details className="cel-help">
        <summary>What a rule can read</summary>
        <ul>
          {CEL_VARIABLES.map((x) => (
            <li key={x.name}>
              <code>{x.name}</code> <span className="mono muted">{x.type}</span>: {x.description}
            </li>
          ))}
        </ul>
      </details>
    </form>
  )
}
