/**
 * The status bar's violations: a list to jump from (each violation: its checker, time and message;
 * a click seeks the sandbox there, paused, and selects the world it names), Shrink (delta debugging
 * in a Web Worker down to a minimal failing link), and mythOS's switches that break Raft on purpose
 * (with the loud badge the status bar shows while any is on).
 */
import { useEffect, useRef, useState } from 'react'
import { useTheos } from '../../store/theos'
import { queueSeek } from '../../store/seekQueue'
import { useSelectedWorld } from '../cosmos/selection'
import { RAFT_BUGS, RAFT_BUG_LABELS, type RaftBug } from '../../layers/mythOS/settings'
import { bugsOn, worldOf } from './ViolationsPanel'
import type { Violation } from '../../checkers/types'
import type { Scenario } from '../../scenario/schema'
import { shareUrl } from '../../scenario/url'
import type { ShrinkProgress, ShrinkResult } from '../../shrink/shrink'
import type { ShrinkReply, ShrinkRequest } from '../../shrink/protocol'
import { formatSimTime } from './format'

type ShrinkState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ShrinkProgress | null }
  | { kind: 'done'; result: ShrinkResult; url: string }
  | { kind: 'error'; message: string }

/** The violations list's content: jump to one, shrink the run, the switches that break Raft. */
export function ViolationsPopover({ violations }: { violations: readonly Violation[] }) {
  const count = violations.length
  return (
    <>
      {count === 0 ? <p className="muted">No invariant has been violated in this run.</p> : <ViolationList violations={violations} />}
      {count > 0 && <Shrink first={violations[0]!} />}
      <BugSwitches />
    </>
  )
}

function ViolationList({ violations }: { violations: readonly Violation[] }) {
  const worlds = useTheos((s) => s.scenario.nodes.count)
  // Through the page's one queue of moves: a jump made while a seek is on its way (a timeline's,
  // another jump's) waits for it, and the latest wish wins.
  const jump = (v: Violation) => {
    const w = worldOf(v.message, worlds)
    if (w !== null) useSelectedWorld.getState().setSelected(w)
    void queueSeek(v.t)
  }
  return (
    <ol className="violations-items">
      {violations.map((v, i) => (
        <li key={i}>
          <button type="button" className="violation-jump" data-testid="violation-jump" data-t={v.t} title={`Go to this moment (paused) and select the world it names · seed ${v.seed}`} onClick={() => jump(v)}>
            <span className="mono">{formatSimTime(v.t)}</span> <strong>{v.checker}</strong>: {v.message}
          </button>
        </li>
      ))}
    </ol>
  )
}

/** Shrink the current run (from the big bang to just after its first violation) in a Web Worker. */
function Shrink({ first }: { first: Violation }) {
  const [state, setState] = useState<ShrinkState>({ kind: 'idle' })
  const workerRef = useRef<Worker | null>(null)
  const [copied, setCopied] = useState(false)
  useEffect(() => () => workerRef.current?.terminate(), [])

  const start = () => {
    const { scenario } = useTheos.getState()
    // Just after the first violation (the run may have gone on past the link's stop time).
    const untilUs = (Math.floor(first.t / scenario.quantumUs) + 2) * scenario.quantumUs
    workerRef.current?.terminate()
    let worker: Worker
    try {
      worker = new Worker(new URL('../../workers/shrink.worker.ts', import.meta.url), { type: 'module', name: 'shrink' })
    } catch (e) {
      setState({ kind: 'error', message: `no worker to shrink in (${e instanceof Error ? e.message : String(e)})` })
      return
    }
    workerRef.current = worker
    setCopied(false)
    setState({ kind: 'running', progress: null })
    worker.onmessage = (e: MessageEvent<ShrinkReply>) => {
      const m = e.data
      if (m.type === 'progress') setState({ kind: 'running', progress: m.progress })
      else {
        worker.terminate()
        workerRef.current = null
        if (m.type === 'done') setState({ kind: 'done', result: m.result, url: shareUrl(window.location.href, m.result.scenario) })
        else setState({ kind: 'error', message: m.message })
      }
    }
    worker.onerror = (e) => {
      worker.terminate()
      workerRef.current = null
      setState({ kind: 'error', message: e.message || 'the shrink worker failed' })
    }
    worker.postMessage({ scenario: { ...scenario, stopUs: untilUs }, untilUs } satisfies ShrinkRequest)
  }
  const cancel = () => {
    workerRef.current?.terminate()
    workerRef.current = null
    setState({ kind: 'idle' })
  }

  return (
    <section className="shrink" data-testid="shrink" data-state={state.kind} aria-label="Shrink the failing run">
      <div className="shrink-row">
        {state.kind === 'running' ? (
          <button type="button" onClick={cancel}>Stop shrinking</button>
        ) : (
          <button type="button" data-testid="shrink-start" onClick={start} title="Delta debugging over the run's interventions, with chaOS's random faults made explicit, in a background worker">
            Shrink to a minimal failing link
          </button>
        )}
        {state.kind === 'running' && (
          <span className="muted small" data-testid="shrink-progress" aria-live="polite">
            {state.progress ? `${state.progress.text} · ${state.progress.runs} runs` : 'starting…'}
          </span>
        )}
      </div>
      {state.kind === 'done' && (
        <div className="shrink-result" data-testid="shrink-result">
          <p className="small">
            {state.result.explicit} interventions (random faults made explicit{state.result.madeExplicit ? '' : ': not possible, kept random'}) → <strong>{state.result.interventions}</strong> in {state.result.runs} runs, {state.result.seconds.toFixed(1)} s; still fails: [{state.result.violation.checker}] at {formatSimTime(state.result.violation.t)}.
          </p>
          <div className="shrink-row">
            <input className="share-url mono" readOnly value={state.url} aria-label="Minimal failing link" data-testid="shrink-url" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => navigator.clipboard?.writeText(state.url).then(() => setCopied(true), () => setCopied(false))}>{copied ? 'Copied' : 'Copy'}</button>
            <a className="button-link" href={state.url} target="_blank" rel="noopener noreferrer">Open</a>
          </div>
        </div>
      )}
      {state.kind === 'error' && <p className="small danger" role="alert">Shrink: {state.message}</p>}
    </section>
  )
}

/** mythOS's switches that break Raft on purpose: a change starts a new run of the scenario. */
function BugSwitches() {
  const scenario = useTheos((s) => s.scenario)
  const status = useTheos((s) => s.status)
  const runs = scenario.run.includes('mythOS')
  const on = new Set(bugsOn(scenario))
  const toggle = (b: RaftBug, checked: boolean) => {
    const next = RAFT_BUGS.filter((x) => (x === b ? checked : on.has(x)))
    const { bugs: _, ...mythOS } = scenario.layers.mythOS
    const s: Scenario = { ...scenario, layers: { ...scenario.layers, mythOS: next.length > 0 ? { ...mythOS, bugs: next } : mythOS } }
    void useTheos.getState().load(s, { autoplay: status === 'running' })
  }
  return (
    <fieldset className="raft-bugs" data-testid="raft-bugs" disabled={!runs}>
      <legend>Break Raft on purpose (to teach; a change starts a new run)</legend>
      {!runs && <p className="muted small">mythOS does not run in this scenario.</p>}
      {RAFT_BUGS.map((b) => (
        <label key={b} className="small">
          <input type="checkbox" checked={on.has(b)} data-testid={`raft-bug-${b}`} onChange={(e) => toggle(b, e.currentTarget.checked)} /> <span className="mono">{b}</span>: {RAFT_BUG_LABELS[b]}
        </label>
      ))}
    </fieldset>
  )
}
